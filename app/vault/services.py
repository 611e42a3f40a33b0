"""Small services of the session: the integrity check, and documents with the view-only rule.

`VaultDocuments` is `app.documents.Documents` with the view-only rules added
(app/vault/consultation.py): a document received in a view-only sealed file cannot be exported
nor its text copied (`ViewOnlyDocumentError`), and past its consultation end its content is not
read at all (`ConsultationEndedError`, asked by every read). It can be shown (a viewer renders it
from memory), tagged, moved, deleted; sealing it again is refused too (app/vault/sending.py),
since that would hand the plaintext to someone else.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from app.audit import AuditLog
from app.documents import Documents
from app.integrity import IntegrityReport, check, remove_orphans
from app.policy import require_export_allowed
from app.vault.consultation import ViewOnly, require_openable, view_only, view_only_ends
from app.vault.errors import ViewOnlyDocumentError
from storage.blobs import BlobStream, Cancel, Progress
from storage.store import Store

#: What the workstation policy refuses when export is forbidden (the start of its message).
COPY_ACTION = "Copying a document's text"


def is_view_only(store: Store, document_id: int) -> bool:
    return view_only(store, document_id) is not None


class VaultDocuments(Documents):
    def __init__(self, store: Store, audit: AuditLog) -> None:
        super().__init__(store, audit)
        self._vault_store = store

    def is_view_only(self, document_id: int) -> bool:
        """True if the document arrived in a sealed file its sender marked view-only."""
        self.get(document_id)
        return is_view_only(self._vault_store, document_id)

    def view_only(self, document_id: int) -> ViewOnly | None:
        """The document's view-only flag and consultation end; None for an ordinary one."""
        self.get(document_id)
        return view_only(self._vault_store, document_id)

    def view_only_ends(self, document_ids: list[int]) -> dict[int, datetime | None]:
        """The view-only ones among `document_ids`, with their consultation end (or None)."""
        return view_only_ends(self._vault_store, document_ids)

    def require_text_copy_allowed(self, document_id: int) -> None:
        """Copying the text hands plaintext to other programs (the clipboard): refused where
        the policy forbids export (`PolicyRefusal`) and for a view-only document."""
        require_export_allowed(COPY_ACTION)
        if self.is_view_only(document_id):
            raise ViewOnlyDocumentError(document_id)

    def _open_blob(self, document_id: int, version: int | None) -> BlobStream:
        # Every read of content passes here: past its consultation end a document never opens.
        require_openable(self._vault_store, document_id)
        return super()._open_blob(document_id, version)

    def export(self, document_id: int, destination: Path, *, version: int | None = None,
               overwrite: bool = False, progress: Progress | None = None,
               cancel: Cancel | None = None) -> Path:
        """As Documents.export, refused for a view-only document (nothing is written)."""
        if self.is_view_only(document_id):
            raise ViewOnlyDocumentError(document_id)
        return super().export(document_id, destination, version=version, overwrite=overwrite,
                              progress=progress, cancel=cancel)

    def export_to_stream(self, document_id: int, sink: BinaryIO, *, version: int | None = None,
                         progress: Progress | None = None, cancel: Cancel | None = None) -> None:
        """As Documents.export_to_stream, refused for a view-only document."""
        if self.is_view_only(document_id):
            raise ViewOnlyDocumentError(document_id)
        super().export_to_stream(document_id, sink, version=version, progress=progress,
                                 cancel=cancel)


class Integrity:
    """The vault's integrity check (app/integrity.py) over the session's store."""

    def __init__(self, store: Store, audit: AuditLog) -> None:
        self._store = store
        self._audit = audit

    def check(self, *, verify_blobs: bool = True, progress: Progress | None = None,
              cancel: Cancel | None = None) -> IntegrityReport:
        return check(self._store, self._audit, verify_blobs=verify_blobs, progress=progress,
                     cancel=cancel)

    def remove_orphans(self, report: IntegrityReport) -> int:
        return remove_orphans(self._store, report)
