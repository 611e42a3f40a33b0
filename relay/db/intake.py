"""The intake point's rows (migration 10): published intake documents, what is kept about a
deposit besides its envelope, and the members' replies.

Nothing here holds a requester's address or anything they wrote: a deposit row has the intake
point's name and version, the receipt code and the SHA-256 of the reply locator.
"""

from __future__ import annotations

from dataclasses import dataclass

from relay.db.base import Row, Tx


@dataclass(frozen=True)
class IntakePoint:
    name: str
    org_id: str
    group_id: str
    version: int
    document: bytes  # the stored form, canonical JSON, as the organisation signed it
    published: int
    withdrawn: int | None


@dataclass(frozen=True)
class IntakeDeposit:
    envelope_id: str
    intake: str
    version: int
    receipt_code: str
    reply_lookup: str | None  # 64 hex: SHA-256 of the locator; None: no reply wanted


@dataclass(frozen=True)
class IntakeReply:
    id: str
    lookup: str
    posted: int
    size: int
    expires: int


_POINT_COLS = "name, org_id, group_id, version, document, published, withdrawn"
_DEPOSIT_COLS = "envelope_id, intake, version, receipt_code, reply_lookup"
_REPLY_COLS = "id, lookup, posted, size, expires"


def _point(row: Row | None) -> IntakePoint | None:
    return IntakePoint(*row) if row else None


def point(tx: Tx, name: str) -> IntakePoint | None:
    return _point(tx.one(f"SELECT {_POINT_COLS} FROM intake_points WHERE name = ?", (name,)))


def points_of(tx: Tx, org_id: str) -> list[IntakePoint]:
    return [IntakePoint(*r) for r in tx.all(
        f"SELECT {_POINT_COLS} FROM intake_points WHERE org_id = ? ORDER BY name", (org_id,))]


def put_point(tx: Tx, stored: IntakePoint) -> bool:
    """Insert, or replace the same organisation's entry of a lower version (withdrawn or not:
    publishing again brings it back); False if the held one is as new or newer, or another
    organisation's."""
    return tx.execute(
        f"INSERT INTO intake_points ({_POINT_COLS}) VALUES (?, ?, ?, ?, ?, ?, NULL) "
        "ON CONFLICT (name) DO UPDATE SET group_id = excluded.group_id, "
        "version = excluded.version, document = excluded.document, "
        "published = excluded.published, withdrawn = NULL "
        "WHERE intake_points.version < excluded.version "
        "AND intake_points.org_id = excluded.org_id",
        (stored.name, stored.org_id, stored.group_id, stored.version, stored.document,
         stored.published)) == 1


def withdraw(tx: Tx, name: str, org_id: str, now: int) -> bool:
    return tx.execute("UPDATE intake_points SET withdrawn = ? WHERE name = ? AND org_id = ? "
                      "AND withdrawn IS NULL", (now, name, org_id)) == 1


def add_deposit(tx: Tx, deposit: IntakeDeposit) -> None:
    tx.execute(f"INSERT INTO intake_deposits ({_DEPOSIT_COLS}) VALUES (?, ?, ?, ?, ?)",
               (deposit.envelope_id, deposit.intake, deposit.version, deposit.receipt_code,
                deposit.reply_lookup))


def deposit(tx: Tx, envelope_id: str) -> IntakeDeposit | None:
    row = tx.one(f"SELECT {_DEPOSIT_COLS} FROM intake_deposits WHERE envelope_id = ?",
                 (envelope_id,))
    return IntakeDeposit(*row) if row else None


def add_reply(tx: Tx, reply: IntakeReply) -> None:
    tx.execute(f"INSERT INTO intake_replies ({_REPLY_COLS}) VALUES (?, ?, ?, ?, ?)",
               (reply.id, reply.lookup, reply.posted, reply.size, reply.expires))


def replies(tx: Tx, lookup: str, now: int) -> list[IntakeReply]:
    return [IntakeReply(*r) for r in tx.all(
        f"SELECT {_REPLY_COLS} FROM intake_replies WHERE lookup = ? AND expires > ? "
        "ORDER BY posted, id", (lookup, now))]


def reply(tx: Tx, reply_id: str) -> IntakeReply | None:
    row = tx.one(f"SELECT {_REPLY_COLS} FROM intake_replies WHERE id = ?", (reply_id,))
    return IntakeReply(*row) if row else None


def expired_replies(tx: Tx, now: int, limit: int = 500) -> list[str]:
    return [r[0] for r in tx.all("SELECT id FROM intake_replies WHERE expires <= ? "
                                 "ORDER BY expires LIMIT ?", (now, limit))]


def reply_ids(tx: Tx) -> set[str]:
    return {r[0] for r in tx.all("SELECT id FROM intake_replies")}


def delete_reply(tx: Tx, reply_id: str) -> None:
    tx.execute("DELETE FROM intake_replies WHERE id = ?", (reply_id,))
