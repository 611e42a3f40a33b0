"""The intake rows of the vault (schema 13, storage/migrations/v013_intake.py) and the spool
folder `<vault>/relay/intake/` where intake envelopes wait, as age ciphertext only, named by
their envelope id.

States of a request: listed (the relay lists it) → downloaded (every byte here, checked against
the signed content digest, proofs kept) → received (into the vault, `opened` receipt) or refused
(unreadable: `refused` receipt); expired when the relay no longer has it before it was received.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.records import now_text
from app.relay_client.errors import EnvelopeNotFound
from storage.db import Database, Row

SPOOL = ("relay", "intake")
WAITING = ("listed", "downloaded")


@dataclass(frozen=True)
class IntakeItem:
    """An intake envelope in the vault. `subject` and `reply_recipient` are known once received."""

    envelope_id: str
    intake: str
    intake_version: int
    size: int
    content_digest: str
    deposited: int
    available_until: int
    state: str
    case_id: int | None
    note_document: int | None
    subject: str | None
    reply_recipient: str | None
    received_at: str | None
    reason: str | None

    @property
    def sha256(self) -> str:
        """The content digest under the name the relay client's receipts use."""
        return self.content_digest


@dataclass(frozen=True)
class ReplyRecord:
    id: int
    envelope_id: str
    reply_id: str
    size: int
    posted: int
    document: int | None


_SELECT = ("SELECT envelope_id, intake, intake_version, size, content_digest, deposited,"
           " available_until, state, case_id, note_document, subject, reply_recipient,"
           " received_at, reason FROM intake_inbox")
_UPDATABLE = {"state", "case_id", "note_document", "subject", "reply_recipient", "received_at",
              "reason"}


def _item(row: Row) -> IntakeItem:
    return IntakeItem(*row)  # type: ignore[arg-type]


class IntakeState:
    """Reads and writes the intake tables of one open store."""

    def __init__(self, db: Database, vault_dir: Path) -> None:
        self.db = db
        self._spool = vault_dir.joinpath(*SPOOL)

    def path(self, envelope_id: str) -> Path:
        self._spool.mkdir(parents=True, exist_ok=True, mode=0o700)
        return self._spool / f"{envelope_id}.age"

    def spool_dir(self) -> Path:
        self._spool.mkdir(parents=True, exist_ok=True, mode=0o700)
        return self._spool

    def add(self, envelope_id: str, intake: str, version: int, size: int, digest: str,
            deposited: int, available_until: int) -> bool:
        now = now_text()
        with self.db.transaction():
            cur = self.db.execute(
                "INSERT OR IGNORE INTO intake_inbox (envelope_id, intake, intake_version, size,"
                " content_digest, deposited, available_until, state, listed_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, 'listed', ?, ?)",
                (envelope_id, intake, version, size, digest, deposited, available_until, now,
                 now))
        return cur.rowcount == 1

    def get(self, envelope_id: str) -> IntakeItem:
        row = self.db.query_one(_SELECT + " WHERE envelope_id = ?", (envelope_id,))
        if row is None:
            raise EnvelopeNotFound("request from outside")
        return _item(row)

    def items(self, states: tuple[str, ...] | None = None) -> list[IntakeItem]:
        rows = self.db.query(_SELECT + " ORDER BY deposited, envelope_id")
        return [i for i in map(_item, rows) if states is None or i.state in states]

    def update(self, envelope_id: str, **fields: object) -> IntakeItem:
        with self.db.transaction():
            self.update_in_transaction(envelope_id, **fields)
        return self.get(envelope_id)

    def update_in_transaction(self, envelope_id: str, **fields: object) -> None:
        assert set(fields) <= _UPDATABLE, fields
        assignments = ", ".join(f"{name} = ?" for name in fields)
        self.db.execute(f"UPDATE intake_inbox SET {assignments}, updated_at = ?"
                        " WHERE envelope_id = ?", (*fields.values(), now_text(), envelope_id))

    def add_reply(self, envelope_id: str, reply_id: str, size: int, posted: int,
                  document: int | None) -> None:
        """Inside the caller's transaction (with the copy's document rows)."""
        self.db.execute("INSERT INTO intake_replies (envelope_id, reply_id, size, posted,"
                        " document, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
                        (envelope_id, reply_id, size, posted, document, now_text()))

    def replies(self, envelope_id: str) -> list[ReplyRecord]:
        rows = self.db.query("SELECT id, envelope_id, reply_id, size, posted, document"
                             " FROM intake_replies WHERE envelope_id = ? ORDER BY id",
                             (envelope_id,))
        return [ReplyRecord(*r) for r in rows]  # type: ignore[arg-type]
