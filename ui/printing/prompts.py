"""The questions printing asks, behind one small object that tests replace.

`PrintPrompts` shows the platform's print dialog (QPrintDialog), the one-time warning that the
print spooler receives the plaintext, and refusals. Tests `install()` an object with the same
methods that answers at once with a QPrinter writing a PDF into a temporary folder, so that no
event loop is blocked and no Qt internals are patched.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from app.policy import workstation_policy

#: The job's name in the spooler's queue and logs (CUPS page_log): never the document's name,
#: which may name a client.
JOB_NAME = "Scellé"


translate = QCoreApplication.translate


@dataclass
class PrintChoice:
    """The printer the user set up, and the pages (0-based) to print on it."""

    printer: QPrinter
    pages: list[int]

    @property
    def to_file(self) -> bool:
        """True if "print to file" was chosen: the plaintext is written as a PDF."""
        return bool(self.printer.outputFileName())


def chosen_pages(printer: QPrinter, page_count: int, current: int) -> list[int]:
    """The pages the print dialog's range asks for, within the document."""
    mode = printer.printRange()
    if mode == QPrinter.PrintRange.CurrentPage:
        return [current]
    if mode == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = max(printer.fromPage(), 1)
        last = min(printer.toPage() or page_count, page_count)
        return list(range(first - 1, last))
    return list(range(page_count))


class PrintPrompts:
    """Qt's dialogs. Every method is modal and returns the user's answer."""

    def confirm_spooler(self, parent: QWidget | None) -> bool:
        answer = QMessageBox.question(
            parent, translate("Printing", "Printing hands over the plaintext"),
            translate(
                "Printing",
                "Printing gives the document in clear to this computer's print system. The "
                "print spooler (CUPS on Linux and macOS) writes each job to disk and may keep "
                "it after printing, outside the vault's protection; a network printer may "
                "keep a copy too.\n\nPrint anyway?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def choose_printer(self, parent: QWidget | None, title: str, page_count: int,
                       current: int) -> PrintChoice | None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(JOB_NAME)
        printer.setFromTo(1, page_count)
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(title)
        dialog.setMinMax(1, page_count)
        option = QAbstractPrintDialog.PrintDialogOption
        dialog.setOption(option.PrintPageRange, page_count > 1)
        dialog.setOption(option.PrintCurrentPage, page_count > 1)
        # Print to file writes the plaintext as a PDF: an export (app/printing.py refuses it
        # anyway where export is forbidden; not offering it is the courtesy).
        dialog.setOption(option.PrintToFile, workstation_policy().export_allowed)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return PrintChoice(printer, chosen_pages(printer, page_count, current))

    def show_error(self, parent: QWidget | None, text: str) -> None:
        QMessageBox.warning(parent, translate("Printing", "Printing"), text)


_instance: PrintPrompts | None = None
_spooler_confirmed = False


def print_prompts() -> PrintPrompts:
    """The application's prompts (Qt's dialogs unless a test installed others)."""
    global _instance
    if _instance is None:
        _instance = PrintPrompts()
    return _instance


def install(prompts: PrintPrompts | None) -> None:
    """Tests: answer with `prompts` from now on (None: Qt's dialogs again); the spooler
    warning is asked again at the next print."""
    global _instance, _spooler_confirmed
    _instance = prompts
    _spooler_confirmed = False


def confirm_spooler_once(parent: QWidget | None) -> bool:
    """Warn, the first time in this run, that the spooler receives the plaintext."""
    global _spooler_confirmed
    if not _spooler_confirmed:
        _spooler_confirmed = print_prompts().confirm_spooler(parent)
    return _spooler_confirmed
