"""What the open dialog's preview shows for one held file (preview_memory.py), made on a worker.

`render_preview` is a job function (ui/workers.py): decoding an image or parsing a PDF may take
a while, and may meet hostile content, so it never runs on the GUI thread. It works on its own
copy of the held bytes and wipes that copy when done. Every failure becomes a `Preview` whose
`message` says "Preview impossible: …" in one sentence; nothing here raises to the dialog.

PDFs are rendered by the viewer's `PdfSource` (pypdfium2 over the buffer, under PDFium's lock),
images are decoded by Qt after their announced size was checked against the viewer's limit
(`MAX_RENDER_PIXELS`), texts are shown as plain text only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QLocale,
    QSize,
    Qt,
)
from PySide6.QtGui import QImage, QImageReader

from ui.common.formatting import format_size
from ui.common.widgets import file_kind
from ui.exchange.preview_memory import IMAGE, PDF, TEXT, HeldFile, MemoryFiles, wipe
from ui.viewer.sources import MAX_RENDER_PIXELS, PdfSource

# Controls and direction overrides would let a text pretend to be something else on screen.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


translate = QCoreApplication.translate


@dataclass(frozen=True)
class Preview:
    """One of: an `image`, a `text`, or only a `message`; `note` is shown under the content."""

    image: QImage | None = None
    text: str | None = None
    message: str = ""
    note: str = ""


class _Impossible(Exception):
    """Internal: the sentence after "Preview impossible: "."""


def render_preview(files: MemoryFiles, index: int, width: int, *, progress: Any = None,
                   cancel: Any = None) -> Preview:
    """Job function: the preview of file `index`, `width` pixels wide at most."""
    held = files.get(index)
    if held is None:
        return _impossible(translate("OpenPreview", "the file is no longer in memory."))
    entry = held.entry
    if held.kind is None:
        return Preview(message=translate(
            "OpenPreview", "No preview for this type of file ({kind}, {size}).").format(
                kind=file_kind(entry.media_type, entry.name), size=format_size(entry.size)))
    if held.too_large:
        return _impossible(translate(
            "OpenPreview", "this file is too large for a preview ({size}). Receive it, then "
                           "open it from the vault.").format(size=format_size(entry.size)))
    data = files.copy(index)
    try:
        if held.kind == TEXT:
            return _text(data, held)
        if held.kind == IMAGE:
            return Preview(image=_image(data, width))
        assert held.kind == PDF
        return _pdf(data, width)
    except _Impossible as exc:
        return _impossible(str(exc))
    finally:
        wipe(data)


def _impossible(reason: str) -> Preview:
    return Preview(message=translate("OpenPreview", "Preview impossible: {reason}").format(
        reason=reason))


def _text(data: bytearray, held: HeldFile) -> Preview:
    text = data.decode("utf-8", errors="replace").replace("\r\n", "\n")
    text = _UNSAFE.sub("\ufffd", text)
    note = ""
    if held.partial:
        note = translate("OpenPreview", "Beginning of the text only ({shown} of {size}).").format(
            shown=format_size(held.filled), size=format_size(held.entry.size))
    return Preview(text=text, note=note)


def _damaged_image() -> _Impossible:
    return _Impossible(translate(
        "OpenPreview", "the image is damaged or incomplete, or its format is not supported."))


def _image(data: bytearray, width: int) -> QImage:
    raw = QByteArray(data)
    try:
        buffer = QBuffer(raw)
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        size = QImageReader(buffer).size()  # read from the header, nothing decoded yet
        buffer.close()
        if not size.isValid() or size.isEmpty():
            raise _damaged_image()
        if size.width() * size.height() > MAX_RENDER_PIXELS:
            raise _Impossible(translate(
                "OpenPreview", "this image is too large ({width} × {height} pixels).").format(
                    width=QLocale().toString(size.width()),
                    height=QLocale().toString(size.height())))
        image = QImage.fromData(raw)
    finally:
        raw.fill(0)
    if image.isNull():
        raise _damaged_image()
    return _fit(image, width)


def _fit(image: QImage, width: int) -> QImage:
    box = QSize(max(width, 64), max(width, 64) * 2)
    if image.width() <= box.width() and image.height() <= box.height():
        return image
    return image.scaled(box, Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation)


def _damaged_pdf() -> _Impossible:
    return _Impossible(translate("OpenPreview", "the PDF is damaged or incomplete."))


def _pdf(data: bytearray, width: int) -> Preview:
    try:
        source = PdfSource(data)
    except Exception:  # noqa: BLE001 - PDFium refuses damaged files with assorted errors
        raise _damaged_pdf() from None
    try:
        if source.page_count == 0:
            raise _Impossible(translate("OpenPreview", "the PDF has no page."))
        page_width, _height = source.page_size(0)
        try:
            image = source.render(0, max(width, 64) / max(page_width, 1.0))
        except Exception:  # noqa: BLE001 - as above, for a page that cannot be drawn
            raise _damaged_pdf() from None
        pages = source.page_count
        return Preview(image=image, note=translate("OpenPreview", "Page 1 of %n", "", pages))
    finally:
        source.close()
