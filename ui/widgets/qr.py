"""A QR code drawn by Qt from the `qrcode` package's module matrix (crisp at any scale)."""

from __future__ import annotations

import qrcode
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

_QUIET = 4  # modules of white border, as the standard requires


def qr_matrix(data: str) -> list[list[bool]]:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


class QrView(QWidget):
    """Shows one QR code; the payload itself is never exposed as text or to accessibility."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._matrix: list[list[bool]] = []
        self.setMinimumSize(180, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(self.tr("QR code"))

    def set_data(self, data: str | None) -> None:
        self._matrix = qr_matrix(data) if data else []
        self.update()

    def clear(self) -> None:
        self._matrix = []
        self.update()

    @property
    def has_code(self) -> bool:
        return bool(self._matrix)

    def sizeHint(self) -> QSize:
        return QSize(240, 240)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        side = min(self.width(), self.height())
        x0 = (self.width() - side) / 2
        y0 = (self.height() - side) / 2
        painter.fillRect(QRectF(x0, y0, side, side), QColor("white"))
        if not self._matrix:
            return
        count = len(self._matrix) + 2 * _QUIET
        module = side / count
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("black"))
        for r, row in enumerate(self._matrix):
            for c, dark in enumerate(row):
                if dark:
                    painter.drawRect(QRectF(x0 + (c + _QUIET) * module,
                                            y0 + (r + _QUIET) * module,
                                            module + 0.3, module + 0.3))
