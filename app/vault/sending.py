"""Sealing documents from the vault, with no plaintext file anywhere.

Each document's content is streamed from its encrypted blob (decrypted in memory, chunk by
chunk) straight into the sealed-file writer (crypto/sealed/writer.py). The sealed file is
written to a private temporary file beside `out_path`, synced, then moved into place without
replacing anything: on any failure or cancellation nothing exists at `out_path`.

Recipients are contacts: each must be `verified` (and its card valid) unless
`allow_unverified=True` is passed explicitly (`RecipientNotVerified` otherwise; a key-changed
contact is refused the same way). A document received view-only cannot be sealed again
(`ViewOnlyDocumentError`). The message is recorded in the correspondence log, with one
`message.seal` audit entry per document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from app.audit import AuditLog
from app.documents import Document, Documents
from app.records import NotFoundError
from app.records import documents as records
from app.sealing.sealer import write_sealed_file
from app.vault.contacts import Contacts
from app.vault.errors import VaultSessionError, ViewOnlyDocumentError
from app.vault.messages import Direction, insert_record
from app.vault.services import is_view_only
from crypto.identity import IdentityCard, PrivateIdentity
from crypto.sealed.metadata import DEFAULT_MEDIA_TYPE, is_media_type
from crypto.sealed.writer import CancelCheck, Letter, Progress, SourceFile, uses_hybrid
from storage.store import Store


@dataclass(frozen=True)
class SealedMessage:
    path: Path
    message_id: str  # 32 hex digits
    record_id: int  # in the correspondence log
    recipients: tuple[str, ...]  # fingerprints (hex), sorted
    hybrid: bool  # post-quantum hybrid keys used
    size: int  # bytes of the sealed file


@dataclass(frozen=True)
class SealRequest:
    document_ids: Sequence[int]
    recipient_contact_ids: Sequence[int]
    out_path: Path
    letter: Letter
    classic: bool = False
    allow_unverified: bool = False
    # Cards the caller already checked as recipients (a duty group's members on duty, each
    # certified by its organisation's pinned key: app/relay_client/groups.py).
    cards: Sequence[IdentityCard] = ()


def _open_latest(store: Store, document_id: int) -> BinaryIO:
    blob = records.blob_of(store.db, document_id)
    if blob is None:
        raise NotFoundError("document", document_id)
    return store.open_blob(  # type: ignore[return-value]
        blob.blob_id, blob.wrapped_key, blob.size, document_id)


def _source(store: Store, doc: Document) -> SourceFile:
    media = doc.media_type if is_media_type(doc.media_type) else DEFAULT_MEDIA_TYPE
    # Folder imports name documents by relative path; a sealed file carries plain names.
    name = doc.name.replace("\\", "/").rsplit("/", 1)[-1]
    return SourceFile(name, doc.size, lambda: _open_latest(store, doc.id), media)


def seal_documents(store: Store, audit: AuditLog, identity: PrivateIdentity,
                   contacts: Contacts, request: SealRequest, *,
                   progress: Progress | None = None, cancel: CancelCheck | None = None,
                   now: datetime | None = None) -> SealedMessage:
    if not request.document_ids:
        raise VaultSessionError("Choose at least one document to seal.")
    if not request.recipient_contact_ids and not request.cards:
        raise VaultSessionError("Choose at least one contact to seal the documents for.")
    documents = Documents(store, audit)
    docs = [documents.get(i) for i in dict.fromkeys(request.document_ids)]
    for doc in docs:
        if is_view_only(store, doc.id):
            raise ViewOnlyDocumentError(doc.id)
    cards = [contacts.sendable_card(c, allow_unverified=request.allow_unverified, now=now)
             for c in dict.fromkeys(request.recipient_contact_ids)] + list(request.cards)
    out = Path(request.out_path)
    metadata, size = write_sealed_file(
        out, identity, cards, [_source(store, d) for d in docs],
        request.letter, classic=request.classic, progress=progress, cancel=cancel, now=now)
    with store.db.transaction():
        record_id = insert_record(store, Direction.SENT, metadata, sender_verified=True,
                                  case_id=None, document_ids=[d.id for d in docs])
        for doc in docs:
            audit.record("message.seal", document_id=doc.id, case_id=doc.case_id)
    return SealedMessage(out, metadata.message_id.hex(), record_id,
                         tuple(r.hex() for r in metadata.recipients),
                         uses_hybrid([*cards, identity.card], request.classic), size)

