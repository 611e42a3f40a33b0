"""The scrollable surface that shows one rendered page (or a message) in the viewer.

Search hits and the mouse selection are painted over the page image, from rectangles given as
fractions of the page (so they hold at every zoom); dragging the mouse over a page with text
emits the two ends of a selection, which the window turns into text on a worker.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPalette,
    QPixmap,
    QWheelEvent,
)
from PySide6.QtWidgets import QFrame, QLabel, QRubberBand, QScrollArea, QVBoxLayout, QWidget

MARGIN = 12
Box = tuple[float, float, float, float]  # x, y, width, height as fractions of the page
# Translucent, so that the text under a mark stays readable; the current hit stands out.
MARK_COLOURS = {"hit": QColor(255, 214, 0, 90), "current": QColor(255, 128, 0, 150),
                "selection": QColor(40, 110, 230, 90)}


class PageView(QScrollArea):
    """A page image centred on a grey desk; Ctrl+wheel zooms, the wheel past an edge turns
    the page (as in common PDF readers)."""

    zoomStep = Signal(int)  # +1 / -1
    turnPage = Signal(int)  # +1 / -1
    selectionDragged = Signal(object, object)  # start, end: (x, y) fractions of the page

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
        self._image: QImage | None = None
        self._ratio = 1.0
        self._marks: list[tuple[Box, str]] = []
        self._band = QRubberBand(QRubberBand.Shape.Rectangle, self.page)
        self._drag_from: QPoint | None = None
        self._selectable = False
        self.page.installEventFilter(self)

    def show_image(self, image: QImage, device_ratio: float,
                   marks: list[tuple[Box, str]] | None = None) -> None:
        self._image, self._ratio = image, device_ratio
        self._marks = list(marks or [])
        self._paint()
        self.note.hide()
        if self._button is not None:
            self._button.hide()
        self.page.show()

    def _paint(self) -> None:
        if self._image is None:
            return
        image = self._image
        if self._marks:
            image = image.copy()  # the cached render stays unmarked
            painter = QPainter(image)
            for box, kind in self._marks:
                painter.fillRect(_scaled(box, image.size()), MARK_COLOURS[kind])
            painter.end()
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self._ratio)
        self._pixmap = pixmap
        self.page.setPixmap(pixmap)

    def set_marks(self, marks: list[tuple[Box, str]]) -> None:
        """Paint these rectangles ("hit", "current", "selection") over the page shown."""
        if marks != self._marks:
            self._marks = list(marks)
            self._paint()

    def reveal(self, box: Box) -> None:
        """Scroll so that `box` of the page shown is in view."""
        if self._pixmap is None:
            return
        size = self._pixmap.deviceIndependentSize().toSize()
        area = _scaled(box, size).toRect().translated(self.page.pos())
        self.ensureVisible(area.center().x(), area.center().y(),
                           area.width() // 2 + 4 * MARGIN, area.height() // 2 + 4 * MARGIN)

    def set_selectable(self, selectable: bool) -> None:
        """Let the mouse select text on the page (a PDF with text), with the I-beam cursor."""
        self._selectable = selectable
        self.page.setCursor(Qt.CursorShape.IBeamCursor if selectable
                            else Qt.CursorShape.ArrowCursor)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.page and self._selectable and isinstance(event, QMouseEvent) \
                and self._pixmap is not None:
            return self._mouse(event)
        return super().eventFilter(watched, event)

    def _mouse(self, event: QMouseEvent) -> bool:
        point = event.position().toPoint()
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self._drag_from = point
            self._band.setGeometry(QRect(point, QSize()))
            self._band.show()
            return True
        if self._drag_from is None:
            return False
        if kind == QEvent.Type.MouseMove:
            self._band.setGeometry(QRect(self._drag_from, point).normalized())
            return True
        if kind == QEvent.Type.MouseButtonRelease:
            start, self._drag_from = self._drag_from, None
            self._band.hide()
            self.selectionDragged.emit(self._fraction(start), self._fraction(point))
            return True
        return False

    def _fraction(self, point: QPoint) -> tuple[float, float]:
        """A point of the page label as fractions of the page (clamped to the page)."""
        size = self._pixmap.deviceIndependentSize() if self._pixmap is not None else QSize(1, 1)
        inner = QPointF(point) - QPointF(self.page.frameWidth(), self.page.frameWidth())
        return (min(max(inner.x() / max(size.width(), 1.0), 0.0), 1.0),
                min(max(inner.y() / max(size.height(), 1.0), 0.0), 1.0))

    def show_message(self, text: str, button: QWidget | None = None) -> None:
        """A sentence instead of a page, with an optional button under it."""
        self._pixmap = self._image = None
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
        self._pixmap = self._image = None
        self._marks = []
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


def _scaled(box: Box, size: QSize) -> QRectF:
    x, y, width, height = box
    return QRectF(x * size.width(), y * size.height(), width * size.width(),
                  height * size.height())
