"""Qt's own file dialog, with sizes and dates written as in the rest of the interface.

Qt's widget-based file dialog (the one used where the desktop offers no native dialog, as in
the packaged application) lists files through `QFileSystemModel`, which formats sizes and
dates with `QLocale::system()`: the environment's locale, not the interface's language, and
binary units ("1,18 Mio", or "1.18 MiB" under an English session) where every other window
says "1,2 Mo". `install_file_dialog_formats` watches the application for file dialogs being
shown and puts a proxy in front of their model that asks `format_size` and the interface's
locale instead. Native dialogs are drawn by the desktop and are left alone.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QIdentityProxyModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QFileDialog, QFileSystemModel

from ui.common.formatting import format_size

SIZE_COLUMN = 1
DATE_COLUMN = 3


class FileSizesProxy(QIdentityProxyModel):
    """The file system model as Qt's dialog shows it, but with our sizes and dates."""

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        source = self.sourceModel()
        if role == Qt.ItemDataRole.DisplayRole and isinstance(source, QFileSystemModel) \
                and index.column() in (SIZE_COLUMN, DATE_COLUMN):
            original = self.mapToSource(index)
            if index.column() == SIZE_COLUMN:
                # Folders have no size in the dialog: keep Qt's empty text for them.
                return "" if source.isDir(original) else format_size(source.size(original))
            return QLocale().toString(source.lastModified(original),
                                      QLocale.FormatType.ShortFormat)
        return super().data(index, role)


class _DialogWatcher(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QFileDialog) \
                and not isinstance(watched.proxyModel(), FileSizesProxy):
            watched.setProxyModel(FileSizesProxy(watched))
        return False


_watchers: dict[int, _DialogWatcher] = {}


def install_file_dialog_formats(app: QCoreApplication) -> None:
    """Give every Qt file dialog shown from now on the interface's sizes (once per app)."""
    if id(app) in _watchers:
        return
    watcher = _DialogWatcher(app)
    app.installEventFilter(watcher)
    _watchers[id(app)] = watcher
