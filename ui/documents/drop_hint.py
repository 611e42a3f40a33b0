"""The hint shown over the main window while files are dragged over it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


class DropHint:
    """Made at the first drag rather than with the window: its style sheet costs the GUI
    thread a few milliseconds, which the main window's first show need not pay
    (docs/performance.md, "GUI responsiveness")."""

    def __init__(self, window: QWidget) -> None:
        self._window = window
        self._label: QLabel | None = None

    @property
    def label(self) -> QLabel:
        if self._label is None:
            label = QLabel(self._window)
            label.setObjectName("dropHint")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            label.setStyleSheet(
                "QLabel#dropHint { background: rgba(30, 60, 110, 200); color: white;"
                " font-size: 16pt; border: 3px dashed white; border-radius: 12px; }")
            self._label = label
        return self._label

    def show_over(self, area: QWidget, text: str) -> None:
        label = self.label
        label.setText(text)
        label.setGeometry(area.geometry().adjusted(24, 24, -24, -24))
        label.raise_()
        label.show()

    def hide(self) -> None:
        if self._label is not None:
            self._label.hide()
