"""What the viewer renders, from memory only.

`read_content` decrypts a document into a `bytearray` (never a file: docs/security.md §5) on a
worker thread; the viewer then wraps it in a `PdfSource` (pypdfium2 reading that very buffer
through a ctypes view, no copy) or an `ImageSource` (a decoded QImage). `close()` releases the
PDF and overwrites the buffer with zeros, so the plaintext does not outlive the viewer in our
own memory.

PDFium is not thread-safe: every call into it holds `app.pdftext.PDFIUM_LOCK`, shared with
the importer's text extraction. Renders run on worker threads; QImage may be built there.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QImage

from app.documents import Document
from app.errors import ScelleError
from app.pdftext import PDFIUM_LOCK
from app.vault.watermark import Watermark, watermark_for
from ui.common.formatting import format_size, is_image, is_pdf
from ui.workers import JobCancelled

MAX_PREVIEW_BYTES = 512 * 1024 * 1024
MAX_RENDER_PIXELS = 40_000_000  # a hostile page size must not allocate gigabytes
_CHUNK = 1024 * 1024
POINTS_PER_INCH = 72.0


class PreviewTooLarge(ScelleError):
    def __init__(self, size: int) -> None:
        super().__init__(QCoreApplication.translate(
            "Viewer", "This document is too large to be shown here (%1).").replace(
                "%1", format_size(size)))


class SourceClosed(Exception):
    """The viewer was closed while a render was queued."""


def can_preview(media_type: str) -> bool:
    return is_pdf(media_type) or is_image(media_type)


def wipe(buffer: bytearray) -> None:
    if buffer:
        ctypes.memset((ctypes.c_char * len(buffer)).from_buffer(buffer), 0, len(buffer))


@dataclass
class Content:
    document: Document = field(repr=False)
    data: bytearray = field(repr=False)
    view_only: bool
    watermark: Watermark | None = None  # what every page shows (app/vault/watermark.py)


def read_content(session: Any, document_id: int, *,
                 progress: Callable[[int, int], None] | None = None,
                 cancel: Callable[[], bool] | None = None) -> Content:
    """Job function: the document's plaintext in memory (recorded as `document.open`)."""
    documents = session.documents
    document = documents.get(document_id)
    if document.size > MAX_PREVIEW_BYTES:
        raise PreviewTooLarge(document.size)
    view_only = documents.is_view_only(document_id)
    watermark = watermark_for(session, document_id) if view_only else None  # time of viewing
    data = bytearray(document.size)
    with session.guard(cancel) as stop, documents.open(document_id) as stream:
        view = memoryview(data)
        done = 0
        while done < len(data):
            if stop():
                view.release()
                wipe(data)
                raise JobCancelled()
            n = stream.readinto(view[done:done + _CHUNK])
            if not n:
                break
            done += n
            if progress is not None:
                progress(done, len(data))
        view.release()
    return Content(document, data, view_only, watermark)


Box = tuple[float, float, float, float]  # x, y, width, height: fractions of the page


@dataclass(frozen=True)
class Hit:
    """One occurrence of the searched text: its page and the rectangles it covers."""

    page: int
    boxes: tuple[Box, ...]


@dataclass(frozen=True)
class TextSelection:
    """Text selected with the mouse on one page, and where it lies (to highlight it)."""

    page: int
    text: str = field(repr=False)
    boxes: tuple[Box, ...] = ()


class PdfSource:
    """A PDF open in pypdfium2 over our buffer. Every method may run on a worker thread."""

    def __init__(self, data: bytearray) -> None:
        import pypdfium2 as pdfium

        self._data = data
        self._array = (ctypes.c_char * len(data)).from_buffer(data)
        self._closed = False
        with PDFIUM_LOCK:
            self._pdf = pdfium.PdfDocument(self._array)
            self.page_count = len(self._pdf)
            # Read once here, on the worker: the GUI thread asks for sizes (fit to width) and
            # must never wait for PDFium's lock while a page renders.
            self._sizes = [tuple(map(float, self._pdf.get_page_size(i)))
                           for i in range(self.page_count)]

    @property
    def closed(self) -> bool:
        return self._closed

    def page_size(self, index: int) -> tuple[float, float]:
        """Width and height in points (1/72 inch); no PDFium call."""
        width, height = self._sizes[index]
        return width, height

    def _check_open(self) -> None:
        if self._closed:
            raise SourceClosed()

    def render(self, index: int, scale: float, *, progress: Any = None,
               cancel: Callable[[], bool] | None = None) -> QImage:
        """Page `index` at `scale` pixels per point, as an RGB image (job function)."""
        width, height = self.page_size(index)
        scale = _clamp_scale(width, height, scale)
        with PDFIUM_LOCK:
            self._check_open()
            if cancel is not None and cancel():
                raise JobCancelled()
            page = self._pdf[index]
            try:
                bitmap = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True,
                                     fill_color=(255, 255, 255, 255))
                try:
                    image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                                   QImage.Format.Format_RGBX8888).copy()
                finally:
                    bitmap.close()
            finally:
                page.close()
        return image

    def page_text(self, index: int, *, progress: Any = None, cancel: Any = None) -> str:
        with PDFIUM_LOCK:
            self._check_open()
            page = self._pdf[index]
            try:
                textpage = page.get_textpage()
                try:
                    return textpage.get_text_range()
                finally:
                    textpage.close()
            finally:
                page.close()

    def find(self, query: str, *, progress: Any = None,
             cancel: Callable[[], bool] | None = None) -> list[Hit]:
        """Every occurrence of `query` (case-insensitive), page by page (job function).

        The lock is taken per page, so that page renders go on between pages of a long search.
        """
        hits: list[Hit] = []
        for index in range(self.page_count):
            if cancel is not None and cancel():
                raise JobCancelled()
            with PDFIUM_LOCK:
                self._check_open()
                page = self._pdf[index]
                try:
                    hits.extend(self._page_hits(page, index, query))
                finally:
                    page.close()
            if progress is not None:
                progress(index + 1, self.page_count)
        return hits

    def _page_hits(self, page: Any, index: int, query: str) -> list[Hit]:
        textpage = page.get_textpage()
        try:
            searcher = textpage.search(query, match_case=False)
            found: list[Hit] = []
            while (match := searcher.get_next()) is not None:
                found.append(Hit(index, self._boxes(textpage, index, *match)))
            searcher.close()
            return found
        finally:
            textpage.close()

    def _boxes(self, textpage: Any, index: int, first: int, count: int) -> tuple[Box, ...]:
        """The rectangles covering characters [first, first + count) as fractions of the page
        (origin top left), so that the window draws them at whatever zoom it shows."""
        width, height = self.page_size(index)
        boxes = []
        for i in range(textpage.count_rects(first, count)):
            left, bottom, right, top = textpage.get_rect(i)
            boxes.append((left / width, 1 - top / height, (right - left) / width,
                          (top - bottom) / height))
        return _merged(boxes)

    def select(self, index: int, start: tuple[float, float], end: tuple[float, float], *,
               progress: Any = None, cancel: Any = None) -> TextSelection:
        """The text between two points of page `index` (fractions of the page, origin top
        left), in reading order, as a reader selects it with the mouse (job function)."""
        width, height = self.page_size(index)
        with PDFIUM_LOCK:
            self._check_open()
            page = self._pdf[index]
            textpage = page.get_textpage()
            try:
                ends = sorted(self._char_at(textpage, point, width, height)
                              for point in (start, end))
                if ends[0] < 0:  # an end off the text: what lies inside the dragged rectangle
                    return self._bounded(textpage, index, start, end)
                first, count = ends[0], ends[1] - ends[0] + 1
                return TextSelection(index, textpage.get_text_range(first, count),
                                     self._boxes(textpage, index, first, count))
            finally:
                textpage.close()
                page.close()

    def _bounded(self, textpage: Any, index: int, start: tuple[float, float],
                 end: tuple[float, float]) -> TextSelection:
        width, height = self.page_size(index)
        (x0, x1), (y0, y1) = sorted((start[0], end[0])), sorted((start[1], end[1]))
        text = textpage.get_text_bounded(x0 * width, (1 - y1) * height, x1 * width,
                                         (1 - y0) * height)
        return TextSelection(index, text, ((x0, y0, x1 - x0, y1 - y0),) if text.strip() else ())

    @staticmethod
    def _char_at(textpage: Any, point: tuple[float, float], width: float,
                 height: float) -> int:
        """The character nearest `point` (within 2 % of the page), or -1 where there is none."""
        x, y = point[0] * width, (1 - point[1]) * height
        found = textpage.get_index(x, y, width * 0.02, height * 0.02)
        return found if found is not None else -1

    def close(self, blocking: bool = True) -> bool:
        """Release the PDF and zero the buffer; False if a render holds PDFium (non-blocking)."""
        if not PDFIUM_LOCK.acquire(blocking=blocking):
            return False
        try:
            if not self._closed:
                self._closed = True
                self._pdf.close()
                del self._array
                self._pdf = None
                wipe(self._data)
        finally:
            PDFIUM_LOCK.release()
        return True


class ImageSource:
    """A decoded image; "pages" has one page whose size in points is its size at 96 dpi."""

    page_count = 1

    def __init__(self, data: bytearray) -> None:
        self._image: QImage | None = QImage.fromData(data)
        self._lock = threading.Lock()
        wipe(data)  # the decoded pixels are all we need from now on
        if self._image.isNull():
            self._image = None
            raise ScelleError(QCoreApplication.translate(
                "Viewer", "This image cannot be displayed: its content is damaged or its "
                          "format is not supported."))

    @property
    def closed(self) -> bool:
        return self._image is None

    def page_size(self, index: int) -> tuple[float, float]:
        image = self._require()
        return image.width() * 0.75, image.height() * 0.75  # 96 dpi pixels as points

    def _require(self) -> QImage:
        with self._lock:
            if self._image is None:
                raise SourceClosed()
            return self._image

    def render(self, index: int, scale: float, *, progress: Any = None,
               cancel: Any = None) -> QImage:
        image = self._require()
        width, height = self.page_size(index)
        scale = _clamp_scale(width, height, scale)
        size = QSize(max(1, round(width * scale)), max(1, round(height * scale)))
        if size == image.size():
            return image
        return image.scaled(size, Qt.AspectRatioMode.IgnoreAspectRatio,
                            Qt.TransformationMode.SmoothTransformation)

    def page_text(self, index: int, **_kw: Any) -> str:
        return ""

    def find(self, query: str, **_kw: Any) -> list[Hit]:
        return []  # pixels only: the viewer disables Find for images

    def close(self, blocking: bool = True) -> bool:
        with self._lock:
            self._image = None
        return True


def _merged(boxes: list[Box]) -> tuple[Box, ...]:
    """Neighbouring rectangles of one line as one (PDFium may give one per glyph), so that a
    highlighted word is one band, not a comb."""
    out: list[Box] = []
    for box in boxes:
        if out:
            x, y, w, h = out[-1]
            same_line = abs((box[1] + box[3] / 2) - (y + h / 2)) < max(h, box[3]) / 2
            if same_line and -0.001 <= box[0] - (x + w) < 0.02:
                top, bottom = min(y, box[1]), max(y + h, box[1] + box[3])
                out[-1] = (x, top, box[0] + box[2] - x, bottom - top)
                continue
        out.append(box)
    return tuple(out)


def _clamp_scale(width: float, height: float, scale: float) -> float:
    pixels = max(width * scale, 1.0) * max(height * scale, 1.0)
    if pixels > MAX_RENDER_PIXELS:
        scale *= (MAX_RENDER_PIXELS / pixels) ** 0.5
    return max(scale, 0.01)


def open_source(content: Content, *, progress: Any = None, cancel: Any = None
                ) -> PdfSource | ImageSource:
    """Job function: parse the content (PDFium's parse of a large PDF takes a while)."""
    if is_pdf(content.document.media_type):
        try:
            return PdfSource(content.data)
        except Exception:
            wipe(content.data)
            raise
    return ImageSource(content.data)
