"""Print prompts for the GUI tests: the print dialog is bypassed by a `PrintPrompts` that
answers at once with a real QPrinter writing a PDF into the test's folder, and records what
was asked. The PDF is then read back with PDFium (pypdfium2), the library the viewer uses.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from PySide6.QtPrintSupport import QPrinter

from ui.printing import prompts as printing_prompts
from ui.printing.prompts import PrintChoice, PrintPrompts


class PdfPrintPrompts(PrintPrompts):
    """Confirms the spooler warning (`confirm`), "chooses" a PDF printer writing `output`
    (`pages`: None for all, else the 0-based pages), records the errors shown."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.confirm = True
        self.pages: list[int] | None = None
        self.cancel_dialog = False
        self.asked: list[Any] = []
        self.errors: list[str] = []

    def confirm_spooler(self, parent: Any) -> bool:
        self.asked.append("spooler")
        return self.confirm

    def choose_printer(self, parent: Any, title: str, page_count: int,
                       current: int) -> PrintChoice | None:
        self.asked.append(("printer", title, page_count, current))
        if self.cancel_dialog:
            return None
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.output))
        pages = list(range(page_count)) if self.pages is None else self.pages
        return PrintChoice(printer, pages)

    def show_error(self, parent: Any, text: str) -> None:
        self.errors.append(text)


@pytest.fixture
def printed(tmp_path: Path) -> Iterator[PdfPrintPrompts]:
    out = tmp_path / "printed"
    out.mkdir()
    fake = PdfPrintPrompts(out / "printed.pdf")
    printing_prompts.install(fake)
    yield fake
    printing_prompts.install(None)


def pdf_pages(path: Path) -> list[str]:
    """The text of each page of a PDF file."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        texts = []
        for page in pdf:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        pdf.close()


def inked_share(path: Path, index: int) -> float:
    """The share of a printed page's pixels that are not white (rendered at 36 dpi)."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[index]
        bitmap = page.render(scale=0.5, grayscale=True)
        rows = bytes(bitmap.buffer)
        pixels = b"".join(rows[y * bitmap.stride:y * bitmap.stride + bitmap.width]
                          for y in range(bitmap.height))
        bitmap.close()
        page.close()
        return sum(1 for p in pixels if p < 200) / len(pixels)
    finally:
        pdf.close()
