"""The scrollable surface that shows one rendered page (or a message) in the viewer."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QKeyEvent, QPalette, QPixmap, QWheelEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

MARGIN = 12


class PageView(QScrollArea):
    """A page image centred on a grey desk; Ctrl+wheel zooms, the wheel past an edge turns
    the page (as in common PDF readers)."""

    zoomStep = Signal(int)  # +1 / -1
    turnPage = Signal(int)  # +1 / -1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        desk = QWidget(self)
        desk.setBackgroundRole(QPalette.ColorRole.Mid)
        desk.setAutoFillBackground(True)
        self.page = QLabel(desk)
        self.page.setFrameShape(QFrame.Shape.Box)
        self.page.setLineWidth(1)
        self.page.hide()
        # Messages sit on a light card (readable), not on the grey desk pages lie on.
        self.note = QLabel(desk)
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.setBackgroundRole(QPalette.ColorRole.Base)
        self.note.setAutoFillBackground(True)
        self.note.setMargin(3 * MARGIN)
        # A fixed width lets the wrapped text get its full height inside the centred layout.
        self.note.setFixedWidth(self.fontMetrics().averageCharWidth() * 64)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note.hide()
        self._button: QWidget | None = None
        self._layout = layout = QVBoxLayout(desk)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        layout.addWidget(self.page, 0, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        layout.addStretch(1)
        layout.addWidget(self.note, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self.setWidget(desk)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._pixmap: QPixmap | None = None

    def show_image(self, image: QImage, device_ratio: float) -> None:
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(device_ratio)
        self._pixmap = pixmap
        self.page.setPixmap(pixmap)
        self.note.hide()
        if self._button is not None:
            self._button.hide()
        self.page.show()

    def show_message(self, text: str, button: QWidget | None = None) -> None:
        """A sentence instead of a page, with an optional button under it."""
        self._pixmap = None
        self.page.clear()
        self.page.hide()
        self.note.setText(text)
        # Layouts size a wrapped label from a guessed width: give it the height of its own.
        self.note.setFixedHeight(self.note.heightForWidth(self.note.width()))
        self.note.show()
        if button is not None and self._button is None:
            self._button = button
            self._layout.insertWidget(self._layout.indexOf(self.note) + 1, button, 0,
                                      Qt.AlignmentFlag.AlignHCenter)

    def has_page(self) -> bool:
        return self._pixmap is not None and not self._pixmap.isNull()

    def clear(self) -> None:
        self._pixmap = None
        self.page.clear()
        self.page.hide()
        self.note.clear()

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta().y()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and delta:
            self.zoomStep.emit(1 if delta > 0 else -1)
            event.accept()
            return
        bar = self.verticalScrollBar()
        if delta < 0 and bar.value() >= bar.maximum():
            self.turnPage.emit(1)
            bar.setValue(bar.minimum())
            event.accept()
            return
        if delta > 0 and bar.value() <= bar.minimum():
            self.turnPage.emit(-1)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Page Up/Down belong to the viewer's page actions, not to scrolling.
        if event.key() in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            event.ignore()
            return
        super().keyPressEvent(event)
