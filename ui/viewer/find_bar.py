"""The viewer's find bar: a field, previous/next, "n of m" and a close button.

Keys, as in common readers: Enter (or F3, the window's action) goes to the next hit,
Shift+Enter (Shift+F3) to the previous one, Escape closes the bar. The field claims Escape and
Enter before the window's shortcuts see them (Escape otherwise closes the whole viewer).
The search itself is the window's business (ui/viewer/text_tools.py): the bar only asks.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QToolBar, QToolButton, QWidget

_TYPING_PAUSE_MS = 300  # search once the user pauses, not at every letter of a long document
_CLAIMED = (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter)


class FindField(QLineEdit):
    """The search field; Enter/Shift+Enter/Escape are its own, not the window's."""

    stepped = Signal(int)  # +1 next, -1 previous
    escaped = Signal()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and event.key() in _CLAIMED:
            event.accept()  # delivered to keyPressEvent instead of triggering a shortcut
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            backwards = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            self.stepped.emit(-1 if backwards else 1)
        else:
            super().keyPressEvent(event)


class FindBar(QToolBar):
    """Hidden until Ctrl+F; emits what the user asks for."""

    searched = Signal(str)  # the text to find, after a pause in typing or on Enter
    stepped = Signal(int)  # +1 / -1
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Find"), parent)
        self.setMovable(False)
        self.setObjectName("findBar")
        self.field = FindField(self)
        self.field.setPlaceholderText(self.tr("Find in the document"))
        self.field.setAccessibleName(self.tr("Text to find"))
        self.field.setClearButtonEnabled(True)
        self.field.setMaximumWidth(self.fontMetrics().averageCharWidth() * 40)
        self.addWidget(self.field)
        self.previous = self._button("▲", self.tr("Previous match (Shift+F3)"), -1)
        self.next = self._button("▼", self.tr("Next match (F3)"), 1)
        self.count = QLabel(self)
        self.count.setAccessibleName(self.tr("Matches"))
        self.count.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000 of 0000  "))
        self.addWidget(self.count)
        close = QToolButton(self)
        close.setText("✕")
        close.setToolTip(self.tr("Close the find bar (Escape)"))
        close.setAccessibleName(self.tr("Close the find bar"))
        close.clicked.connect(self.dismissed)
        self.addWidget(close)
        self._pause = QTimer(self, singleShot=True, interval=_TYPING_PAUSE_MS)
        self._pause.timeout.connect(lambda: self.searched.emit(self.field.text()))
        self.field.textChanged.connect(lambda _text: self._pause.start())
        self.field.stepped.connect(self._step)
        self.field.escaped.connect(self.dismissed)
        self.hide()

    def _button(self, symbol: str, tip: str, step: int) -> QToolButton:
        button = QToolButton(self)
        button.setText(symbol)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.clicked.connect(lambda: self._step(step))
        self.addWidget(button)
        return button

    def _step(self, step: int) -> None:
        if self._pause.isActive():  # Enter before the pause ended: search now, then step
            self._pause.stop()
            self.searched.emit(self.field.text())
            return
        self.stepped.emit(step)

    def open(self) -> None:
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def show_count(self, current: int | None, total: int | None) -> None:
        """"n of m"; "No results" for 0; nothing while there is no search; "Searching…"
        while `total` is None and a search runs (`current` -1)."""
        if current == -1:
            self.count.setText(self.tr("Searching…"))
        elif total is None:
            self.count.clear()
        elif total == 0:
            self.count.setText(self.tr("No results"))
        else:
            self.count.setText(self.tr("%1 of %2").replace("%1", str((current or 0) + 1))
                               .replace("%2", str(total)))
        self.previous.setEnabled(bool(total))
        self.next.setEnabled(bool(total))
