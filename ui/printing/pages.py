"""Painting pages onto a printer, on a worker thread (QPainter on a QPrinter is thread-safe
as long as one thread uses it).

A page is printed at its own size (a PDF page's points, an image at 96 dpi), shrunk to the
printable area when it is larger, centred. Pages are rendered one at a time at the printer's
resolution, capped at `RENDER_DPI_CAP` so that an A4 page stays under 40 MB of pixels, and
dropped once painted. A print that fails or is cancelled half-way is aborted, so that the
spooler never receives a partial job, and a partial "print to file" is deleted.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

from app.errors import ScelleError
from ui.workers import JobCancelled

RENDER_DPI_CAP = 300
POINTS_PER_INCH = 72.0


class PrintFailed(ScelleError):
    """The printer could not take the job; nothing was sent."""


class PageSource(Protocol):
    page_count: int

    def page_size(self, index: int) -> tuple[float, float]: ...

    def render(self, index: int, scale: float) -> QImage: ...


def _failed() -> PrintFailed:
    return PrintFailed(QCoreApplication.translate(
        "Printing", "The printer could not be started: check that it is available, then try "
                    "again."))


def print_pages(printer: QPrinter, source: PageSource, pages: list[int], *,
                progress: Callable[[int, int], None] | None = None,
                cancel: Callable[[], bool] | None = None) -> int:
    """Job function: paint `pages` of `source` on `printer`; the number of pages printed."""
    painter = QPainter()
    if not painter.begin(printer):
        raise _failed()
    finished = False
    try:
        for done, index in enumerate(pages):
            if cancel is not None and cancel():
                raise JobCancelled()
            if done and not printer.newPage():
                raise _failed()
            paint_page(painter, printer.resolution(), source, index)
            if progress is not None:
                progress(done + 1, len(pages))
        finished = True
    finally:
        if not finished:
            printer.abort()
        painter.end()
        if not finished:
            _drop_partial_file(printer)
    return len(pages)


def paint_page(painter: QPainter, dpi: int, source: PageSource, index: int) -> None:
    """Page `index` centred in the painter's area, at its size or shrunk to fit."""
    area = QRectF(painter.viewport())
    width_pt, height_pt = source.page_size(index)
    scale = min(dpi / POINTS_PER_INCH, area.width() / width_pt, area.height() / height_pt)
    image = source.render(index, min(scale, RENDER_DPI_CAP / POINTS_PER_INCH))
    target = QRectF(0, 0, width_pt * scale, height_pt * scale)
    target.moveCenter(area.center())
    painter.drawImage(target, image)


def paint_document(printer: QPrinter, document: Any) -> None:
    """Job function: a QTextDocument onto `printer` (its own pages and margins)."""
    document.print_(printer)
    if printer.printerState() == QPrinter.PrinterState.Error:
        _drop_partial_file(printer)
        raise _failed()


def _drop_partial_file(printer: QPrinter) -> None:
    path = printer.outputFileName()
    if path:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
