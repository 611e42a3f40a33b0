"""Text of a PDF for the search index, extracted with pypdfium2 from a file object.

The file object is a `BlobStream`: pdfium reads the encrypted blob through it, chunk by chunk,
decrypted in memory. No plaintext copy of the PDF, and no extracted text, is written anywhere
but the encrypted database.

PDFium is not thread-safe: every call into it in this process must hold `PDFIUM_LOCK` (the
viewer too). A damaged, encrypted or hostile PDF yields no text rather than an error: the
document is still imported, it is just not searchable by content.
"""

from __future__ import annotations

import threading
from typing import BinaryIO

PDFIUM_LOCK = threading.RLock()
PDF_MAGIC = b"%PDF-"
MAX_PAGES = 10_000


def looks_like_pdf(media_type: str, head: bytes) -> bool:
    return media_type == "application/pdf" or head.startswith(PDF_MAGIC)


def extract_text(stream: BinaryIO, *, max_chars: int, cancel=None) -> str:
    """All page texts joined by blank lines, at most `max_chars`; "" if the PDF cannot be read."""
    import pypdfium2 as pdfium

    parts: list[str] = []
    length = 0
    with PDFIUM_LOCK:
        try:
            doc = pdfium.PdfDocument(stream, autoclose=False)
        except Exception:  # noqa: BLE001 - any unreadable PDF just has no text
            return ""
        try:
            for index in range(min(len(doc), MAX_PAGES)):
                if length >= max_chars or (cancel is not None and cancel()):
                    break
                page = doc[index]
                try:
                    textpage = page.get_textpage()
                    try:
                        text = textpage.get_text_range()
                    finally:
                        textpage.close()
                finally:
                    page.close()
                parts.append(text)
                length += len(text) + 2
        except Exception:  # noqa: BLE001 - keep what was read before the damage
            pass
        finally:
            doc.close()
    return "\n\n".join(parts)[:max_chars]
