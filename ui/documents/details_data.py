"""What the details pane shows about one document, read on a worker thread: the document, its
versions, its case, whether it is view-only, and its history from the audit log (ids and
actions only: the log never holds a name)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.audit import AuditEntry
from app.cases import Case
from app.documents import Document, Version

HISTORY_LIMIT = 200


@dataclass(frozen=True)
class Details:
    document: Document = field(repr=False)
    versions: list[Version]
    history: list[AuditEntry]  # newest first
    view_only: bool
    case: Case | None = field(repr=False)
    consult_until: datetime | None = None  # a view-only document's end (app/vault/consultation)


def load_details(session: Any, document_id: int, *, progress: Any = None,
                 cancel: Any = None) -> Details:
    """Job function: everything the details pane shows about `document_id`."""
    documents = session.documents
    document = documents.get(document_id)
    versions = documents.versions(document_id)
    history = session.audit.entries(document_id=document_id)[-HISTORY_LIMIT:][::-1]
    flag = documents.view_only(document_id)
    case = session.cases.get(document.case_id) if document.case_id is not None else None
    return Details(document, versions, history, flag is not None, case,
                   flag.consult_until if flag is not None else None)


translate = QCoreApplication.translate


def action_label(action: str) -> str:
    """The audit action in words ("Opened", "Exported"…)."""
    labels = {
        "document.import": translate("History", "Imported into the vault"),
        "document.version": translate("History", "New version added"),
        "document.update": translate("History", "Name or notes changed"),
        "document.tags": translate("History", "Tags changed"),
        "document.move": translate("History", "Moved to another case"),
        "document.open": translate("History", "Opened"),
        "document.export": translate("History", "Exported to a file"),
        "document.print": translate("History", "Printed"),
        "document.delete": translate("History", "Deleted"),
        "document.consultation_end": translate("History", "Destroyed at its consultation end"),
        "message.seal": translate("History", "Sealed for recipients"),
        "message.receive": translate("History", "Received in a sealed file"),
    }
    return labels.get(action, action)


def parse_tags(text: str) -> list[str]:
    """Tags typed as "urgent, succession; à signer": commas or semicolons separate them."""
    parts = text.replace(";", ",").split(",")
    seen: dict[str, str] = {}
    for part in parts:
        tag = " ".join(part.split())
        if tag:
            seen.setdefault(tag.casefold(), tag)
    return list(seen.values())
