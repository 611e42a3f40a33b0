"""The watermark painted over every page of a view-only document.

Its values (who, when, which message) come from the core (`app.vault.watermark`); here they get
their words in the user's language and are painted into the page image itself, on the worker
that renders the page (`render_marked`: 20 to 60 ms of painting that must not hold the GUI
thread), so that every page shown, cached or printed-to-screen, and any screenshot of it,
carries them. The three lines are repeated diagonally
across the whole page in translucent ink: the text under them stays readable, and cropping a
part of the page keeps at least one copy.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter

from app.vault.watermark import Watermark, WatermarkLabels

INK = QColor(190, 20, 20, 70)  # translucent red: visible on white and on dark scans
ANGLE = -30.0  # degrees


def watermark_lines(mark: Watermark | None) -> tuple[str, ...]:
    """The watermark's lines in the user's language (none for an ordinary document)."""
    if mark is None:
        return ()
    translate = QCoreApplication.translate
    return mark.lines(WatermarkLabels(
        holder=translate("Watermark", "View only: {name}, {organisation}"),
        holder_alone=translate("Watermark", "View only: {name}"),
        viewed=translate("Watermark", "Viewed on {time}"),
        message=translate("Watermark", "Message {message}")))


def render_marked(source: Any, lines: tuple[str, ...], index: int, scale: float,
                  **job: Any) -> QImage:
    """Job: page `index` rendered with the watermark painted in (a copy: an image source may
    hand back its own picture)."""
    image = source.render(index, scale, **job).copy()
    paint_watermark(image, lines)
    return image


def paint_watermark(image: QImage, lines: tuple[str, ...]) -> None:
    """Paint `lines` over `image`, tiled diagonally across all of it."""
    if not lines or image.isNull():
        return
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        width, height = image.width(), image.height()
        font = QFont()
        font.setPixelSize(max(10, round(min(width, height) / 40)))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(INK)
        metrics = QFontMetricsF(font)
        block_w = max(metrics.horizontalAdvance(line) for line in lines) + 4 * metrics.height()
        block_h = metrics.lineSpacing() * (len(lines) + 1.5)
        text = "\n".join(lines)
        painter.translate(width / 2, height / 2)
        painter.rotate(ANGLE)
        reach = math.hypot(width, height) / 2  # the rotated grid must cover every corner
        rows, cols = math.ceil(reach / block_h), math.ceil(reach / block_w)
        for row in range(-rows, rows + 1):
            shift = (row % 2) * block_w / 2  # staggered rows: no blank column
            for col in range(-cols - 1, cols + 1):
                box = QRectF(QPointF(col * block_w + shift, row * block_h),
                             QPointF((col + 1) * block_w + shift, (row + 1) * block_h))
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
    finally:
        painter.end()
