"""Printing the recovery sheet straight from the wizard's recovery-code page.

A clean A4 sheet: title, holder, vault, date, the code in groups of four, and what to do with
the sheet. Asked of the core first (`app.printing.require_recovery_sheet_printable`: the
policy's `print_allowed`); the button is disabled, with the reason as its tooltip, where the
policy forbids printing. The sheet is painted on a worker; only the dialogs are on the GUI
thread. Nothing is written to disk by this path (unless the user picks "print to file").
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QCoreApplication, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QPushButton, QWidget

from app.policy import PolicyRefusal
from app.printing import printing_allowed, require_recovery_sheet_printable
from ui.printing.pages import paint_document
from ui.printing.prompts import confirm_spooler_once, print_prompts
from ui.workers import JobHandle, JobQueue, error_message, plain


translate = QCoreApplication.translate


@dataclass(frozen=True)
class SheetContent:
    code: str = ""
    vault_id: str = ""
    holder: str = ""


def sheet_html(content: SheetContent, created: str) -> str:
    """The sheet as HTML (strings translated here, on the GUI thread)."""
    e = html.escape
    groups = content.code.split("-")
    lines = "<br/>".join("&nbsp;&nbsp;".join(e(g) for g in groups[i:i + 4])
                         for i in range(0, len(groups), 4))
    advice = [
        translate("PrintSheet", "Keep this sheet away from the computer: in a safe, or sealed "
                                "in an envelope at the office's registry."),
        translate("PrintSheet", "Never photograph it, send it by e-mail or store it in the "
                                "cloud."),
        translate("PrintSheet", "This code opens the vault on its own, without the passphrase "
                                "and without the second factor: whoever holds it can read "
                                "every file in the vault."),
        translate("PrintSheet", "Once used, set a new code in Security settings: the old one "
                                "stops working.")]
    rows = [(translate("PrintSheet", "Holder"), content.holder),
            (translate("PrintSheet", "Vault"), content.vault_id),
            (translate("PrintSheet", "Printed on"), created)]
    table = "".join(f"<tr><td><b>{e(k)}</b></td><td>{e(v)}</td></tr>" for k, v in rows)
    title = translate("PrintSheet", "Scellé — Vault recovery sheet")
    heading = translate("PrintSheet", "Recovery code")
    items = "".join(f"<li>{e(a)}</li>" for a in advice)
    return (f"<h1>{e(title)}</h1><table cellpadding='6'>{table}</table><h2>{e(heading)}</h2>"
            f"<p style='font-family:monospace; font-size:20pt; font-weight:bold'>{lines}</p>"
            f"<ul>{items}</ul>")


def _print_sheet(printer: QPrinter, markup: str) -> None:
    """Worker: lay the sheet out on A4 and paint it (QTextDocument.print_ adds its own 2 cm
    margins, hence none on the printer)."""
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    document = QTextDocument()
    font = document.defaultFont()
    font.setPointSize(12)
    document.setDefaultFont(font)
    document.setHtml(markup)
    paint_document(printer, document)


def print_recovery_sheet(parent: QWidget | None, jobs: JobQueue, content: SheetContent,
                         report: Callable[[str], None]) -> JobHandle | None:
    """Ask the policy, warn about the spooler, show the print dialog, print on a worker;
    `report` receives the outcome in a sentence. None when nothing was started."""
    prompts = print_prompts()
    try:
        require_recovery_sheet_printable()
    except PolicyRefusal as exc:
        prompts.show_error(parent, str(exc))
        return None
    if not confirm_spooler_once(parent):
        return None
    choice = prompts.choose_printer(parent, translate("PrintSheet", "Print the recovery sheet"),
                                    1, 0)
    if choice is None:
        return None
    markup = sheet_html(content, date.today().strftime("%d/%m/%Y"))
    done = translate("PrintSheet", "The recovery sheet was sent to the printer.")
    failed = translate("PrintSheet", "The recovery sheet could not be printed: %1")
    return jobs.submit(plain(_print_sheet), choice.printer, markup,
                       on_done=lambda _result: report(done),
                       on_error=lambda exc: report(failed.replace("%1", error_message(exc))))


def make_print_button(parent: QWidget, jobs: JobQueue, content: Callable[[], SheetContent],
                      report: Callable[[str], None]) -> QPushButton:
    """The wizard's "Print the recovery sheet…" button, disabled with the reason where the
    workstation policy forbids printing."""
    button = QPushButton(translate("PrintSheet", "&Print the recovery sheet…"), parent)
    if not printing_allowed():
        button.setEnabled(False)
        button.setToolTip(translate("PrintSheet", "Printing is disabled on this workstation "
                                                  "(workstation policy)."))
    handles: list[JobHandle] = []

    def clicked() -> None:
        handle = print_recovery_sheet(parent, jobs, content(), report)
        if handle is not None:
            button.setEnabled(False)
            handles.append(handle)  # kept until done, re-enabling the button
            handle.finished.connect(lambda: (handles.clear(), button.setEnabled(True)))

    button.clicked.connect(clicked)
    return button
