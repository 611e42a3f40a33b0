"""The relay client's rows in the vault database (schema 5, storage/migrations/v005_relay.py)
and its spool folders, `<vault>/relay/outbox` and `<vault>/relay/inbox` (sealed files only).

Writes are short transactions; the spool files are the only thing outside the database, and
are named by random ids (outbox) or envelope ids (inbox), never after a document or a person.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from app.records import now_text
from app.relay_client.errors import EnvelopeNotFound, NotJoined
from app.relay_client.http import ConnectionOptions
from crypto.proofs import Proof, parse_proof
from storage.db import Database, Row

SPOOL_DIR = "relay"


@dataclass(frozen=True)
class Account:
    url: str
    relay_key: bytes
    fingerprint: str
    status: str  # pending | certified | revoked
    organisation: str
    role: str
    options: ConnectionOptions


@dataclass(frozen=True)
class OutboxItem:
    id: int
    message_record: int | None
    spool: str
    size: int
    sha256: str
    recipients: tuple[str, ...]
    availability_days: int
    envelope_id: str | None
    state: str  # queued | uploading | deposited | failed | withdrawn
    deposited: int | None
    available_until: int | None
    attempts: int
    last_error: str | None
    created_at: str


@dataclass(frozen=True)
class InboxItem:
    envelope_id: str
    sender: str
    size: int
    sha256: str
    deposited: int
    available_until: int
    state: str  # listed | downloaded | receiving | opened | held | refused | expired
    message_record: int | None
    receiving_since: str | None
    reason: str | None
    listed_at: str


@dataclass(frozen=True)
class StoredProof:
    id: int
    envelope_id: str
    direction: str  # sent | received
    kind: str  # deposit | delivery | receipt
    party: str | None  # recipient fingerprint (delivery, receipt)
    event: str | None  # receipt event
    proof: Proof
    posted: bool


_OUTBOX = ("SELECT id, message, spool, size, sha256, recipients, availability_days, envelope_id,"
           " state, deposited, available_until, attempts, last_error, created_at"
           " FROM relay_outbox")
_INBOX = ("SELECT envelope_id, sender, size, sha256, deposited, available_until, state, message,"
          " receiving_since, reason, listed_at FROM relay_inbox")
_PROOFS = ("SELECT id, envelope_id, direction, kind, party, event, proof, posted"
           " FROM relay_proofs")


def _outbox(row: Row) -> OutboxItem:
    return OutboxItem(row[0], row[1], row[2], row[3], row[4], tuple(json.loads(row[5])),
                      row[6], row[7], row[8], row[9], row[10], row[11], row[12], row[13])


def _inbox(row: Row) -> InboxItem:
    return InboxItem(*row)  # type: ignore[arg-type]


def _proof(row: Row) -> StoredProof:
    return StoredProof(row[0], row[1], row[2], row[3], row[4], row[5],
                       parse_proof(bytes(row[6])), bool(row[7]))


class RelayState:
    """Reads and writes the relay tables of one open store."""

    def __init__(self, db: Database, vault_dir: Path) -> None:
        self.db = db
        self.spool_root = vault_dir / SPOOL_DIR

    # -- spool folders --------------------------------------------------------------------------
    def spool_dir(self, box: str) -> Path:
        folder = self.spool_root / box
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        return folder

    def outbox_path(self, item: OutboxItem) -> Path:
        return self.spool_dir("outbox") / item.spool

    def inbox_path(self, envelope_id: str) -> Path:
        return self.spool_dir("inbox") / f"{envelope_id}.scelle"

    # -- account --------------------------------------------------------------------------------
    def account(self) -> Account | None:
        row = self.db.query_one("SELECT url, relay_key, fingerprint, status, organisation, role,"
                                " options FROM relay_account WHERE slot = 1")
        if row is None:
            return None
        return Account(row[0], bytes(row[1]), bytes(row[2]).hex(), row[3], row[4], row[5],
                       ConnectionOptions.from_json(row[6]))

    def require_account(self) -> Account:
        account = self.account()
        if account is None:
            raise NotJoined()
        return account

    def save_account(self, account: Account) -> None:
        now = now_text()
        with self.db.transaction():
            self.db.execute("DELETE FROM relay_account")
            self.db.execute(
                "INSERT INTO relay_account (slot, url, relay_key, fingerprint, status,"
                " organisation, role, options, joined_at, checked_at)"
                " VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (account.url, account.relay_key, bytes.fromhex(account.fingerprint),
                 account.status, account.organisation, account.role,
                 account.options.to_json(), now, now))

    def update_relay_key(self, relay_key: bytes) -> None:
        """A new pin, after following a rotation the old pinned key vouched for."""
        with self.db.transaction():
            self.db.execute("UPDATE relay_account SET relay_key = ?, checked_at = ? WHERE slot = 1",
                            (relay_key, now_text()))

    def update_status(self, status: str, organisation: str, role: str) -> None:
        with self.db.transaction():
            self.db.execute("UPDATE relay_account SET status = ?, organisation = ?, role = ?,"
                            " checked_at = ? WHERE slot = 1",
                            (status, organisation, role, now_text()))

    # -- organisation keys ----------------------------------------------------------------------
    def org_key(self, organisation: str) -> bytes | None:
        value = self.db.scalar("SELECT signing_key FROM relay_org_keys WHERE organisation = ?",
                               (organisation,))
        return None if value is None else bytes(value)

    def pin_org_key(self, organisation: str, key: bytes) -> None:
        with self.db.transaction():
            self.db.execute("INSERT OR IGNORE INTO relay_org_keys (organisation, signing_key,"
                            " first_seen) VALUES (?, ?, ?)", (organisation, key, now_text()))

    # -- outbox ---------------------------------------------------------------------------------
    def add_outbox(self, message_record: int, spool: str, size: int, sha256: str,
                   recipients: list[str], days: int) -> OutboxItem:
        now = now_text()
        with self.db.transaction():
            cur = self.db.execute(
                "INSERT INTO relay_outbox (message, spool, size, sha256, recipients,"
                " availability_days, state, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?)",
                (message_record, spool, size, sha256, json.dumps(sorted(recipients)), days,
                 now, now))
        return self.outbox_item(int(cur.lastrowid))

    def outbox_item(self, item_id: int) -> OutboxItem:
        row = self.db.query_one(_OUTBOX + " WHERE id = ?", (item_id,))
        if row is None:
            raise EnvelopeNotFound("message in the outbox")
        return _outbox(row)

    def outbox_by_envelope(self, envelope_id: str) -> OutboxItem | None:
        row = self.db.query_one(_OUTBOX + " WHERE envelope_id = ?", (envelope_id,))
        return None if row is None else _outbox(row)

    def outbox(self, states: tuple[str, ...] | None = None) -> list[OutboxItem]:
        rows = self.db.query(_OUTBOX + " ORDER BY id")
        items = [_outbox(r) for r in rows]
        return [i for i in items if states is None or i.state in states]

    def update_outbox(self, item_id: int, **fields: object) -> OutboxItem:
        allowed = {"envelope_id", "state", "deposited", "available_until", "attempts", "sha256",
                   "last_error"}
        assert set(fields) <= allowed, fields
        assignments = ", ".join(f"{name} = ?" for name in fields)
        with self.db.transaction():
            self.db.execute(f"UPDATE relay_outbox SET {assignments}, updated_at = ? WHERE id = ?",
                            (*fields.values(), now_text(), item_id))
        return self.outbox_item(item_id)

    # -- inbox ----------------------------------------------------------------------------------
    def add_inbox(self, envelope_id: str, sender: str, size: int, sha256: str, deposited: int,
                  available_until: int) -> bool:
        now = now_text()
        with self.db.transaction():
            cur = self.db.execute(
                "INSERT OR IGNORE INTO relay_inbox (envelope_id, sender, size, sha256, deposited,"
                " available_until, state, listed_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, 'listed', ?, ?)",
                (envelope_id, sender, size, sha256, deposited, available_until, now, now))
        return cur.rowcount == 1

    def inbox_item(self, envelope_id: str) -> InboxItem:
        row = self.db.query_one(_INBOX + " WHERE envelope_id = ?", (envelope_id,))
        if row is None:
            raise EnvelopeNotFound()
        return _inbox(row)

    def inbox(self, states: tuple[str, ...] | None = None) -> list[InboxItem]:
        items = [_inbox(r) for r in self.db.query(_INBOX + " ORDER BY deposited, envelope_id")]
        return [i for i in items if states is None or i.state in states]

    def update_inbox(self, envelope_id: str, **fields: object) -> InboxItem:
        allowed = {"state", "message", "receiving_since", "reason"}
        assert set(fields) <= allowed, fields
        assignments = ", ".join(f"{name} = ?" for name in fields)
        with self.db.transaction():
            self.db.execute(f"UPDATE relay_inbox SET {assignments}, updated_at = ?"
                            " WHERE envelope_id = ?", (*fields.values(), now_text(), envelope_id))
        return self.inbox_item(envelope_id)

    # -- proofs ---------------------------------------------------------------------------------
    def add_proof(self, envelope_id: str, direction: str, proof: Proof, *,
                  posted: bool = True) -> bool:
        """Keep a verified proof (once); True if it was new."""
        data = proof.to_bytes()
        statement = proof.statement
        party = statement.get("recipient")
        event = statement.get("event")
        with self.db.transaction():
            cur = self.db.execute(
                "INSERT OR IGNORE INTO relay_proofs (envelope_id, direction, kind, party, event,"
                " proof, digest, posted, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (envelope_id, direction, proof.kind, party, event, data,
                 hashlib.sha256(data).digest(), int(posted), now_text()))
        return cur.rowcount == 1

    def mark_posted(self, proof_id: int) -> None:
        with self.db.transaction():
            self.db.execute("UPDATE relay_proofs SET posted = 1 WHERE id = ?", (proof_id,))

    def proofs(self, envelope_id: str | None = None, *, unposted: bool = False
               ) -> list[StoredProof]:
        sql, params = _PROOFS + " WHERE 1", []
        if envelope_id is not None:
            sql += " AND envelope_id = ?"
            params.append(envelope_id)
        if unposted:
            sql += " AND posted = 0"
        return [_proof(r) for r in self.db.query(sql + " ORDER BY id", params)]


def remove_file(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
