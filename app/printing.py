"""May this be printed? The rule both faces ask before anything reaches a printer.

Printing hands plaintext to the operating system's print spooler: CUPS writes each job to
`/var/spool/cups` (kept after printing when `PreserveJobFiles` is on), Windows to
`%SystemRoot%\\System32\\spool\\PRINTERS`, and a network printer may keep its own copy. That is
plaintext outside the vault, beyond our reach, so it is governed by the workstation policy's
`print_allowed` (which, when the policy file does not set it, follows `export_allowed`).

A document received view-only is not printed either: its sender asked that no copy leave the
vault, and a sheet of paper is a copy. Every printed document is recorded in the audit log
(`document.print`), like an export.

The command line has no printing command: nothing in `cli/` hands plaintext to a printer.
"""

from __future__ import annotations

from typing import Any

from app.errors import ScelleError
from app.policy import require_export_allowed, require_print_allowed, workstation_policy

#: Sentence starts of the policy's refusals.
PRINT_DOCUMENT = "Printing a document"
PRINT_TO_FILE = "Printing a document to a file"
PRINT_RECOVERY_SHEET = "Printing the recovery sheet"


class ViewOnlyPrintRefused(ScelleError):
    """The document was received view-only; printing it was refused, nothing was printed."""

    def __init__(self, document_id: int) -> None:
        super().__init__(f"Document {document_id} was received view-only: it can be shown but "
                         "not printed.")
        self.document_id = document_id


def printing_allowed() -> bool:
    """Whether this computer lets anything be printed (a face greys out Print when not)."""
    return workstation_policy().print_allowed


def require_document_printable(session: Any, document_id: int, *, to_file: bool = False) -> None:
    """Refuse to print a document the policy or its sender forbids printing; else record it.

    `to_file`: the print dialog's "print to file" was chosen, which writes the plaintext as a
    PDF where the user said: that is an export, and needs `export_allowed` as well.
    Called right before the document's first page goes to the printer, after the user chose
    the printer: a cancelled print dialog leaves no audit entry.
    """
    require_print_allowed(PRINT_DOCUMENT)
    if to_file:
        require_export_allowed(PRINT_TO_FILE)
    if session.documents.is_view_only(document_id):
        raise ViewOnlyPrintRefused(document_id)
    session.audit.record("document.print", document_id=document_id)


def require_recovery_sheet_printable() -> None:
    """Refuse to print the recovery sheet where the policy forbids printing."""
    require_print_allowed(PRINT_RECOVERY_SHEET)
