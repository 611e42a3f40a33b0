"""No path of the machine that takes the screenshots may show in them.

The demo vault lives in a temporary folder and some screens show where a vault or a file is
(the unlock window, the seal dialog's output file…). `PathMask` replaces, in every text a
window shows, those real folders by the neutral ones a user would see
(`~/.local/share/scelle/vault`, `~/Documents`, `~`), just before the window is grabbed;
`leaks` then lists any text still holding a machine path, and `scripts/screenshots.py` fails
if one does. Texts only: an image shows no path.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

#: Folders that belong to a machine, never to the demo (home, temporary, build folders).
MACHINE_PATH = re.compile(r"(?<![\w~.])/(?:tmp|home|work|root|var/tmp|run/user|Users)/")

#: Rows of a list or table read by `visible_texts` (a screenshot shows fewer).
_ROWS = 200


class PathMask:
    """Replaces real folders by neutral ones in the texts of a window."""

    def __init__(self, replacements: dict[str, str]) -> None:
        # Longest first: the vault's folder before the demo folder that holds it.
        self._pairs = sorted(((real, shown) for real, shown in replacements.items() if real),
                             key=lambda pair: len(pair[0]), reverse=True)

    @property
    def real_paths(self) -> list[str]:
        return [real for real, _shown in self._pairs]

    def text(self, text: str) -> str:
        for real, shown in self._pairs:
            text = text.replace(real, shown)
        return text

    def apply(self, window: QWidget) -> None:
        """Rewrite every text field, label, button, title and combo item of `window`."""
        for widget in [window, *window.findChildren(QWidget)]:
            self._apply_one(widget)

    def _apply_one(self, widget: QWidget) -> None:
        if widget.isWindow():
            widget.setWindowTitle(self.text(widget.windowTitle()))
        widget.setToolTip(self.text(widget.toolTip()))
        if isinstance(widget, QLabel | QLineEdit | QAbstractButton):
            if self.text(widget.text()) != widget.text():
                widget.setText(self.text(widget.text()))
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            if self.text(widget.toPlainText()) != widget.toPlainText():
                widget.setPlainText(self.text(widget.toPlainText()))
        elif isinstance(widget, QGroupBox):
            widget.setTitle(self.text(widget.title()))
        elif isinstance(widget, QComboBox):
            for index in range(widget.count()):
                widget.setItemText(index, self.text(widget.itemText(index)))
            if widget.isEditable():
                widget.setEditText(self.text(widget.currentText()))

    def leaks(self, window: QWidget) -> list[str]:
        """The texts of `window` that still show a machine path (or one of the real folders)."""
        return [text for text in visible_texts(window)
                if MACHINE_PATH.search(text) or any(real in text for real in self.real_paths)]


def visible_texts(window: QWidget) -> Iterator[str]:
    """Every text `window` may show: titles, labels, fields, buttons, tabs, items, cells."""
    for widget in [window, *window.findChildren(QWidget)]:
        if widget.isWindow():
            yield widget.windowTitle()
        if isinstance(widget, QLabel | QLineEdit | QAbstractButton):
            yield widget.text()
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            yield widget.toPlainText()
        elif isinstance(widget, QGroupBox):
            yield widget.title()
        elif isinstance(widget, QComboBox):
            yield from (widget.itemText(i) for i in range(widget.count()))
        elif isinstance(widget, QTabWidget):
            yield from (widget.tabText(i) for i in range(widget.count()))
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            yield from _cells(widget)


def _cells(view: QAbstractItemView) -> Iterator[str]:
    model = view.model()
    root = QModelIndex()
    try:
        columns = model.columnCount(root)
    except TypeError:  # a list model: its columnCount is private in Qt
        columns = 1
    for row in range(min(model.rowCount(root), _ROWS)):
        for column in range(columns):
            value = model.index(row, column).data(Qt.ItemDataRole.DisplayRole)
            if isinstance(value, str):
                yield value
