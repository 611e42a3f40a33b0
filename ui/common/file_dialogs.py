"""Qt's own file dialog, with sizes and dates written as in the rest of the interface.

Qt's widget-based file dialog (the one used where the desktop offers no native dialog, as in
the packaged application) lists files through `QFileSystemModel`, which formats sizes and
dates with `QLocale::system()`: the environment's locale, not the interface's language, and
binary units ("1,18 Mio", or "1.18 MiB" under an English session) where every other window
says "1,2 Mo". `install_file_dialog_formats` watches for file dialogs taking the focus (as they
do when they open) and puts a proxy in front of their model that asks `format_size` and the interface's
locale instead. Native dialogs are drawn by the desktop and are left alone.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QIdentityProxyModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Slot,
)
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel

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
    """Gives each file dialog the proxy when its window takes the focus, as a dialog does when
    it opens. Not an event filter on the application: PySide would call it, in Python, for
    every event of every object (20 ms of the GUI thread to build the main window alone)."""

    @Slot(QWindow)
    def focused(self, window: QWindow | None) -> None:
        if window is None:
            return
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QFileDialog) and widget.windowHandle() == window \
                    and not isinstance(widget.proxyModel(), FileSizesProxy):
                widget.setProxyModel(FileSizesProxy(widget))


_watchers: dict[int, _DialogWatcher] = {}


def install_file_dialog_formats(app: QCoreApplication) -> None:
    """Give every Qt file dialog shown from now on the interface's sizes (once per app)."""
    if id(app) in _watchers or not isinstance(app, QGuiApplication):
        return
    watcher = _DialogWatcher(app)
    app.focusWindowChanged.connect(watcher.focused)
    _watchers[id(app)] = watcher
