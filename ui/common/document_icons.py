"""Small icons for cases and document types, painted at several sizes so that they stay sharp
at 200 % scaling (no bitmap resource to ship, nothing themed that could be missing)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

_COLOURS = {
    "pdf": "#b03a2e",
    "image": "#1e8449",
    "text": "#566573",
    "other": "#2e4053",
}


# Sizes drawn in advance: 16 to 32 logical pixels at 100 % to 200 % (and beyond). Plain
# pixmaps rather than a Python QIconEngine, whose lifetime Qt would have to manage.
_SIZES = (16, 20, 24, 32, 40, 48, 64, 96)


def _render(kind: str, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / 16.0, size / 16.0)
    _PAINTERS[kind.split(":")[0]](painter, kind)
    painter.end()
    return pixmap


def _page(painter: QPainter, x: float, y: float, colour: str | None) -> None:
    path = QPainterPath()
    path.moveTo(x, y)
    path.lineTo(x + 7, y)
    path.lineTo(x + 10, y + 3)
    path.lineTo(x + 10, y + 13)
    path.lineTo(x, y + 13)
    path.closeSubpath()
    painter.setPen(QPen(QColor("#5f6a6a"), 0.8))
    painter.setBrush(QColor("#ffffff"))
    painter.drawPath(path)
    painter.drawLine(QPointF(x + 7, y), QPointF(x + 7, y + 3))
    painter.drawLine(QPointF(x + 7, y + 3), QPointF(x + 10, y + 3))
    if colour:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        painter.drawRect(QRectF(x + 0.4, y + 8, 9.2, 3.4))


def _document(painter: QPainter, kind: str) -> None:
    _page(painter, 3, 1.5, _COLOURS.get(kind.partition(":")[2], _COLOURS["other"]))


def _folder(painter: QPainter, kind: str) -> None:
    painter.setPen(QPen(QColor("#9a7d0a"), 0.8))
    painter.setBrush(QColor("#f4d03f"))
    tab = QPainterPath()
    tab.moveTo(1, 3)
    tab.lineTo(6, 3)
    tab.lineTo(7.5, 4.5)
    tab.lineTo(15, 4.5)
    tab.lineTo(15, 13.5)
    tab.lineTo(1, 13.5)
    tab.closeSubpath()
    painter.drawPath(tab)
    painter.setBrush(QColor("#f7dc6f"))
    painter.drawRect(QRectF(1, 6, 14, 7.5))
    if kind.endswith(":held"):
        _padlock(painter)


def _padlock(painter: QPainter) -> None:
    painter.setPen(QPen(QColor("#7b241c"), 1.2))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawArc(QRectF(9.3, 6.2, 4.4, 5.0), 0, 180 * 16)
    painter.setPen(QPen(QColor("#641e16"), 0.6))
    painter.setBrush(QColor("#a93226"))
    painter.drawRoundedRect(QRectF(8.5, 8.6, 6, 5.4), 1, 1)


def _stack(painter: QPainter, kind: str) -> None:
    _page(painter, 5, 0.5, None)
    _page(painter, 2.5, 2.5, _COLOURS["other"])


def _tray(painter: QPainter, kind: str) -> None:
    painter.setPen(QPen(QColor("#5f6a6a"), 0.9))
    painter.setBrush(QColor("#d6eaf8"))
    path = QPainterPath()
    path.moveTo(1.5, 8)
    path.lineTo(4, 3)
    path.lineTo(12, 3)
    path.lineTo(14.5, 8)
    path.lineTo(14.5, 13)
    path.lineTo(1.5, 13)
    path.closeSubpath()
    painter.drawPath(path)
    painter.setBrush(QColor("#ffffff"))
    inner = QPainterPath()
    inner.moveTo(1.5, 8)
    inner.lineTo(5.5, 8)
    inner.lineTo(6.5, 10)
    inner.lineTo(9.5, 10)
    inner.lineTo(10.5, 8)
    inner.lineTo(14.5, 8)
    painter.drawPath(inner)


_PAINTERS = {"document": _document, "case": _folder, "all": _stack, "unfiled": _tray}


@cache
def icon(kind: str) -> QIcon:
    """`document:pdf|image|text|other`, `case`, `case:held`, `all`, `unfiled`."""
    result = QIcon()
    for size in _SIZES:
        pixmap = _render(kind, size)
        result.addPixmap(pixmap)
        result.addPixmap(pixmap, QIcon.Mode.Selected)  # not tinted by the selection colour
    return result


def document_icon(media_type: str) -> QIcon:
    if media_type == "application/pdf":
        return icon("document:pdf")
    if media_type.startswith("image/"):
        return icon("document:image")
    if media_type.startswith("text/"):
        return icon("document:text")
    return icon("document:other")
