"""View-only documents and their consultation end.

A document received in a view-only sealed file is flagged in `view_only_documents` (schema 10)
with the consultation end its sender set, if any. The rules, for both faces:

* it may be shown (a viewer renders it from memory), never exported, printed, copied as text
  nor sealed again (app/vault/services.py, app/printing.py, app/vault/sending.py);
* past its consultation end it never opens again (`require_openable`, asked by every read of
  its content), even if the destruction below has not run yet;
* `Consultations.enforce` destroys the documents whose end has passed by crypto-shredding
  (app/shredding.py: the data keys go in the same commit as the rows, the blob files after it;
  a process killed in between leaves the journal to finish the removal at the next open, so a
  crash leaves either the document or nothing). It ignores legal hold: the document was lent
  for consultation, never handed over. Each destruction is one `document.consultation_end`
  audit entry (ids only) and one `consultation_ends` row, from which the relay client posts the
  signed `destroyed` receipt (app/relay_client/consultation.py). The faces call it at unlock,
  at each relay sync and, in the desktop application, on a timer while the vault is open;
* a sealed file whose consultation end has already passed is refused at reception
  (`require_receivable`): none of its plaintext enters the vault.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from app.audit import AuditLog
from app.records import parse_time, time_text
from app.shredding import delete_document_rows, finish_shredding
from app.vault.errors import VaultSessionError
from crypto.sealed.codec import format_time
from crypto.sealed.errors import SealedFileRejected
from storage.db import Database
from storage.store import Store

if TYPE_CHECKING:
    from crypto.sealed.metadata import FileEntry, Metadata
    from crypto.sealed.reader import Sink, SinkFactory


class ConsultationEndedError(VaultSessionError):
    """The document's consultation period is over: it is not opened (and is being destroyed)."""

    def __init__(self, document_id: int, ended: datetime) -> None:
        super().__init__(f"Document {document_id} was received view-only and its consultation "
                         f"period ended on {format_time(ended)}: it can no longer be opened.")
        self.document_id = document_id
        self.ended = ended


class ConsultationPendingError(VaultSessionError):
    """A message record whose view-only documents still await their consultation end."""

    def __init__(self, record_id: int) -> None:
        super().__init__(f"Message {record_id} is kept until the consultation end of its "
                         "view-only documents (its sender is then told they were destroyed).")
        self.record_id = record_id


class ConsultationOver(SealedFileRejected):
    default = ("This view-only sealed file's consultation period set by its sender is already "
               "over; it was refused and nothing was kept.")


@dataclass(frozen=True)
class ViewOnly:
    """A view-only document's flag: the message it came in and its consultation end."""

    document_id: int
    record: int  # messages.id of the received message (kept after the record is forgotten)
    message_id: str  # 32 hex digits
    consult_until: datetime | None


@dataclass(frozen=True)
class EndedMessage:
    """A message whose documents were destroyed at their consultation end."""

    record: int
    message_id: str
    ended_at: datetime


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def view_only(store: Store, document_id: int) -> ViewOnly | None:
    """The document's view-only flag, None for an ordinary document."""
    row = store.db.query_one("SELECT record, message_id, consult_until FROM view_only_documents"
                             " WHERE document_id = ?", (document_id,))
    if row is None:
        return None
    return ViewOnly(document_id, row[0], bytes(row[1]).hex(),
                    parse_time(row[2]) if row[2] else None)


def view_only_ends(store: Store, document_ids: Iterable[int]) -> dict[int, datetime | None]:
    """Which of these documents are view-only, with their consultation end (one query: a page
    of the document list)."""
    ids = list(document_ids)
    if not ids:
        return {}
    rows = store.db.query("SELECT document_id, consult_until FROM view_only_documents"
                          f" WHERE document_id IN ({','.join('?' * len(ids))})", ids)
    return {r[0]: parse_time(r[1]) if r[1] else None for r in rows}


def flag_received(store: Store, record_id: int, metadata: Metadata,
                  document_ids: Iterable[int]) -> None:
    """Flag the documents of a received view-only message (in the receiving transaction)."""
    if not metadata.view_only:
        return
    end = time_text(metadata.consult_until) if metadata.consult_until else None
    store.db.executemany(
        "INSERT INTO view_only_documents (document_id, record, message_id, consult_until)"
        " VALUES (?, ?, ?, ?)",
        [(doc_id, record_id, metadata.message_id, end) for doc_id in document_ids])


def require_receivable(metadata: Metadata, now: datetime | None = None) -> None:
    """`ConsultationOver` if the file's consultation end has already passed."""
    if metadata.consult_until is not None and metadata.consult_until <= _now(now):
        raise ConsultationOver()


def require_openable(store: Store, document_id: int, now: datetime | None = None) -> None:
    """`ConsultationEndedError` if the document's consultation end has passed."""
    flag = view_only(store, document_id)
    if flag is not None and flag.consult_until is not None \
            and flag.consult_until <= _now(now):
        raise ConsultationEndedError(document_id, flag.consult_until)


def require_record_deletable(db: Database, record_id: int) -> None:
    """`ConsultationPendingError` while documents of this received message wait for their
    consultation end: the record is kept until then, the `destroyed` receipt is found by it."""
    if db.scalar("SELECT 1 FROM view_only_documents WHERE record = ?"
                 " AND consult_until IS NOT NULL", (record_id,)) is not None:
        raise ConsultationPendingError(record_id)


class Consultations:
    """The consultation ends of one vault (see module doc)."""

    def __init__(self, store: Store, audit: AuditLog) -> None:
        self._store = store
        self._audit = audit

    def next_end(self) -> datetime | None:
        """The earliest consultation end still to come or to enforce (the GUI's timer)."""
        value = self._store.db.scalar("SELECT min(consult_until) FROM view_only_documents"
                                      " WHERE consult_until IS NOT NULL")
        return parse_time(value) if value else None

    def enforce(self, now: datetime | None = None) -> list[int]:
        """Destroy every document whose consultation end has passed; returns their ids."""
        db = self._store.db
        limit = time_text(_now(now))
        with db.transaction():
            rows = db.query("SELECT document_id, record, message_id FROM view_only_documents"
                            " WHERE consult_until IS NOT NULL AND consult_until <= ?"
                            " ORDER BY document_id", (limit,))
            ids = [row[0] for row in rows]
            if not ids:
                return []
            for doc_id in ids:
                self._audit.record("document.consultation_end", document_id=doc_id,
                                   case_id=db.scalar("SELECT case_id FROM documents"
                                                     " WHERE id = ?", (doc_id,)))
            ended = {bytes(row[2]): row[1] for row in rows}
            db.executemany("INSERT OR IGNORE INTO consultation_ends (message_id, record,"
                           " ended_at) VALUES (?, ?, ?)",
                           [(mid, record, limit) for mid, record in ended.items()])
            blob_ids = delete_document_rows(self._store, self._audit, ids)
        finish_shredding(self._store, blob_ids)
        return ids

    def ended(self) -> list[EndedMessage]:
        """The messages destroyed at their consultation end, oldest first."""
        rows = self._store.db.query("SELECT record, message_id, ended_at FROM consultation_ends"
                                    " ORDER BY ended_at, record")
        return [EndedMessage(r[0], bytes(r[1]).hex(), parse_time(r[2])) for r in rows]


class _Discard:
    def write(self, data: memoryview, /) -> int:
        return len(data)

    def close(self) -> None:
        pass


class PreviewGate:
    """The sinks of a preview before reception (`verify_sealed(sinks=…)`), closed to a
    view-only file: its plaintext is shown only by the viewer, watermarked, once received. It
    also refuses a file whose consultation is over before any byte is decrypted."""

    def __init__(self, sinks: SinkFactory, now: datetime | None) -> None:
        self._sinks, self._now = sinks, now
        self._view_only = True  # until the metadata says otherwise

    def on_metadata(self, metadata: Metadata) -> None:
        require_receivable(metadata, self._now)
        self._view_only = metadata.view_only

    def __call__(self, index: int, entry: FileEntry) -> Sink:
        return _Discard() if self._view_only else self._sinks(index, entry)
