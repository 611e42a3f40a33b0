"""User-facing sentences, in the interface's language, for the errors of the documents area.

The app layer's messages are English sentences meant for the command line; here each error
type we expect gets its own translated sentence. Anything else falls back to the job queue's
`error_message` (the error's own sentence, or a generic one). Messages never name a person, a
document or a case: dialogs add the names the user already sees on screen.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.cases import CaseNotEmptyError, LegalHoldError
from app.documents import ExportError
from app.importer import ImportSourceError
from app.records import InvalidValueError, NotFoundError
from app.vault import SessionLockedError, ViewOnlyDocumentError
from app.vault.consultation import ConsultationEndedError
from ui.workers import error_message


translate = QCoreApplication.translate


def describe(exc: BaseException) -> str:
    """The sentence to show for `exc`."""
    for kind, sentence in _BY_TYPE:
        if isinstance(exc, kind):
            return sentence()
    if isinstance(exc, ExportError):
        return _export_sentence(str(exc))
    if isinstance(exc, InvalidValueError):
        return _invalid_sentence(str(exc))
    # storage/ may not be imported from ui/: its errors are recognised by name.
    if type(exc).__name__ == "CorruptBlobError":
        return translate(
            "DocumentErrors", "The encrypted content of this document is damaged or was "
            "altered: it cannot be shown. Run Tools, Check vault integrity.")
    if type(exc).__name__ == "PdfiumError":
        return translate("DocumentErrors", "This PDF cannot be displayed: it is damaged or "
                         "protected by a password.")
    return error_message(exc)


_BY_TYPE = (
    (LegalHoldError, lambda: translate(
        "DocumentErrors", "This case is under legal hold: its documents cannot be deleted or "
        "moved until the hold is released (case properties, Legal hold).")),
    (CaseNotEmptyError, lambda: translate(
        "DocumentErrors", "This case still holds documents: move or delete them first.")),
    (NotFoundError, lambda: translate(
        "DocumentErrors", "This document or case no longer exists: it may have just been "
        "deleted.")),
    (ConsultationEndedError, lambda: translate(
        "DocumentErrors", "This document was received for consultation until a date that has "
        "passed: it can no longer be opened, and it is being destroyed in this vault.")),
    (ViewOnlyDocumentError, lambda: translate(
        "DocumentErrors", "This document was received view-only: it can be shown in the viewer "
        "but not exported or sent on.")),
    (SessionLockedError, lambda: translate(
        "DocumentErrors", "The vault is locked: unlock it again to continue.")),
    (ImportSourceError, lambda: translate(
        "DocumentErrors", "A file to import cannot be read (it was moved, or access is "
        "denied).")),
)


def _export_sentence(detail: str) -> str:
    if "inside the vault" in detail:
        return translate("DocumentErrors", "A plaintext copy cannot be written inside the "
                         "vault's folder: choose another folder.")
    if "already exists" in detail:
        return translate("DocumentErrors", "A file with this name already exists there; it was "
                         "not overwritten. Choose another name.")
    if "is a folder" in detail:
        return translate("DocumentErrors", "The export destination is a folder: choose a file "
                         "name.")
    return translate("DocumentErrors", "The export could not be written there (missing folder, "
                     "no permission or disk full). Nothing was written.")


def _invalid_sentence(detail: str) -> str:
    if "cannot be empty" in detail:
        return translate("DocumentErrors", "A name cannot be empty.")
    if "control characters" in detail:
        return translate("DocumentErrors", "The text contains invisible control characters: "
                         "retype it.")
    if "too long" in detail:
        return translate("DocumentErrors", "The text is too long.")
    if "retention date" in detail:
        return translate("DocumentErrors", "The retention date is not a valid calendar date.")
    return translate("DocumentErrors", "The value entered is not accepted.")
