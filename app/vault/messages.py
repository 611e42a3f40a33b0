"""The correspondence log: sealed messages sent from and received into the vault (tables
`messages`, `message_documents`), and the replay table `seen_messages`.

A record keeps what the sealed file said (subject, body, reference, dates, sender card,
recipient fingerprints, view-only flag) and which documents it carried; file names are those of
the documents (deleting a document leaves the record with a gap, `None`, at its position).
Deleting a record never forgets that its message id was received: a copy is still refused.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field
from datetime import datetime

from app.audit import AuditLog
from app.records import NotFoundError, now_text, parse_time
from app.vault.message_groups import record_group
from app.vault.on_behalf import record_principal
from app.vault.consultation import require_record_deletable
from crypto.identity import IdentityCard, parse_card
from crypto.sealed.codec import format_time, parse_time as parse_utc
from crypto.sealed.metadata import Metadata
from storage.db import Row
from storage.store import Store


class Direction(str, enum.Enum):
    RECEIVED = "received"
    SENT = "sent"


@dataclass(frozen=True)
class MessageRecord:
    id: int
    direction: Direction
    message_id: str  # 32 hex digits
    created: datetime
    recorded_at: datetime
    sender: IdentityCard
    sender_verified: bool
    recipients: tuple[str, ...]  # fingerprints, hex
    subject: str = field(repr=False)
    body: str = field(repr=False)
    reference: str = field(repr=False)
    expires: datetime | None = None
    view_only: bool = False
    case_id: int | None = None
    document_ids: tuple[int | None, ...] = ()


_SELECT = ("SELECT id, direction, message_id, created, recorded_at, sender_card, sender_verified,"
           " recipients, subject, body, reference, expires, view_only, case_id FROM messages")


class DatabaseReplayGuard:
    """`crypto.sealed.reader.ReplayGuard` over the vault's `seen_messages` table.

    `record` joins the caller's transaction: the receive commits the documents and the id at
    once, so a crash can never leave one without the other.
    """

    def __init__(self, store: Store) -> None:
        self._db = store.db

    def seen(self, message_id: bytes) -> bool:
        return self._db.scalar("SELECT 1 FROM seen_messages WHERE message_id = ?",
                               (bytes(message_id),)) is not None

    def record(self, message_id: bytes) -> None:
        with self._db.transaction():
            self._db.execute("INSERT INTO seen_messages (message_id, seen_at) VALUES (?, ?)",
                             (bytes(message_id), now_text()))


class Messages:
    def __init__(self, store: Store, audit: AuditLog) -> None:
        self._db = store.db
        self._audit = audit

    def get(self, record_id: int) -> MessageRecord:
        row = self._db.query_one(_SELECT + " WHERE id = ?", (record_id,))
        if row is None:
            raise NotFoundError("message", record_id)
        return self._record(row)

    def list(self, *, direction: Direction | None = None, case_id: int | None = None,
             limit: int | None = None, offset: int = 0) -> list[MessageRecord]:
        """Newest first."""
        sql, params = _SELECT + " WHERE 1", []
        if direction is not None:
            sql += " AND direction = ?"
            params.append(Direction(direction).value)
        if case_id is not None:
            sql += " AND case_id = ?"
            params.append(case_id)
        sql += " ORDER BY recorded_at DESC, id DESC LIMIT ? OFFSET ?"
        params += [-1 if limit is None else int(limit), max(0, int(offset))]
        return [self._record(r) for r in self._db.query(sql, params)]

    def for_document(self, document_id: int) -> list[MessageRecord]:
        rows = self._db.query(_SELECT + " WHERE id IN (SELECT message FROM message_documents"
                              " WHERE document_id = ?) ORDER BY id", (document_id,))
        return [self._record(r) for r in rows]

    def delete(self, record_id: int) -> None:
        """Forget the record (its documents stay; its id stays in the replay table)."""
        record = self.get(record_id)
        with self._db.transaction():
            require_record_deletable(self._db, record_id)
            self._db.execute("DELETE FROM messages WHERE id = ?", (record_id,))
            self._audit.record("message.delete", case_id=record.case_id)

    def _record(self, row: Row) -> MessageRecord:
        docs = tuple(r[0] for r in self._db.query(
            "SELECT document_id FROM message_documents WHERE message = ? ORDER BY position",
            (row[0],)))
        return MessageRecord(
            row[0], Direction(row[1]), bytes(row[2]).hex(), parse_utc(row[3]),
            parse_time(row[4]), parse_card(bytes(row[5])), bool(row[6]),
            tuple(json.loads(row[7])), row[8], row[9], row[10],
            parse_utc(row[11]) if row[11] else None, bool(row[12]), row[13], docs)


def insert_record(store: Store, direction: Direction, metadata: Metadata, *,
                  sender_verified: bool, case_id: int | None,
                  document_ids: list[int]) -> int:
    """Write a message record and its document links (inside the caller's transaction)."""
    db = store.db
    cur = db.execute(
        "INSERT INTO messages (direction, message_id, created, recorded_at, sender, sender_card,"
        " sender_verified, recipients, subject, body, reference, expires, view_only, case_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (direction.value, metadata.message_id, format_time(metadata.created), now_text(),
         metadata.sender.fingerprint, metadata.sender.to_bytes(), int(sender_verified),
         json.dumps([r.hex() for r in metadata.recipients]), metadata.subject,
         metadata.message, metadata.reference,
         format_time(metadata.expires) if metadata.expires else None,
         int(metadata.view_only), case_id))
    record_id = int(cur.lastrowid)
    db.executemany("INSERT INTO message_documents (message, position, document_id)"
                   " VALUES (?, ?, ?)", [(record_id, i, d) for i, d in enumerate(document_ids)])
    if metadata.group is not None:
        record_group(store, record_id, metadata)
    if metadata.delegation is not None:
        record_principal(store.db, record_id, metadata)
    return record_id

