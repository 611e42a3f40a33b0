"""Envelopes (uploads in progress and committed), their recipients, and posted receipts.

An envelope is `uploading` until its commit succeeds; nothing but its sender ever sees it in that
state. `expires` is the upload deadline while uploading, then the end of availability.
"""

from __future__ import annotations

from dataclasses import dataclass

from relay.db.base import Row, Tx

UPLOADING, COMMITTED = "uploading", "committed"


@dataclass(frozen=True)
class Envelope:
    id: str
    sender: str
    state: str
    size: int
    received: int
    sha256: str | None
    availability_days: int
    created: int
    committed: int | None
    expires: int
    deposit_proof: bytes | None


@dataclass(frozen=True)
class Addressee:
    envelope_id: str
    recipient: str
    delivered_bytes: int
    delivered: int | None
    delivery_proof: bytes | None


@dataclass(frozen=True)
class Receipt:
    recipient: str
    event: str
    proof: bytes
    received: int


_ENV_COLS = ("id, sender, state, size, received, sha256, availability_days, created, committed, "
             "expires, deposit_proof")
_E_COLS = ", ".join("e." + c.strip() for c in _ENV_COLS.split(","))
_R_COLS = "envelope_id, recipient, delivered_bytes, delivered, delivery_proof"


def _env(row: Row | None) -> Envelope | None:
    return Envelope(*row) if row else None


def add_envelope(tx: Tx, env: Envelope, recipients: list[str]) -> None:
    tx.execute(f"INSERT INTO envelopes ({_ENV_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               (env.id, env.sender, env.state, env.size, env.received, env.sha256,
                env.availability_days, env.created, env.committed, env.expires,
                env.deposit_proof))
    for fingerprint in recipients:
        tx.execute("INSERT INTO envelope_recipients (envelope_id, recipient, delivered_bytes) "
                   "VALUES (?, ?, 0)", (env.id, fingerprint))


def envelope(tx: Tx, envelope_id: str) -> Envelope | None:
    return _env(tx.one(f"SELECT {_ENV_COLS} FROM envelopes WHERE id = ?", (envelope_id,)))


def addressees(tx: Tx, envelope_id: str) -> list[Addressee]:
    return [Addressee(*r) for r in tx.all(
        f"SELECT {_R_COLS} FROM envelope_recipients WHERE envelope_id = ? ORDER BY recipient",
        (envelope_id,))]


def addressee(tx: Tx, envelope_id: str, recipient: str) -> Addressee | None:
    row = tx.one(f"SELECT {_R_COLS} FROM envelope_recipients WHERE envelope_id = ? "
                 "AND recipient = ?", (envelope_id, recipient))
    return Addressee(*row) if row else None


def advance_received(tx: Tx, envelope_id: str, old: int, new: int) -> bool:
    """Move the upload offset from `old` to `new`; False if someone else moved it first."""
    return tx.execute("UPDATE envelopes SET received = ? WHERE id = ? AND state = ? "
                      "AND received = ?", (new, envelope_id, UPLOADING, old)) == 1


def commit(tx: Tx, envelope_id: str, sha256: str, committed: int, expires: int,
           proof: bytes) -> bool:
    return tx.execute("UPDATE envelopes SET state = ?, sha256 = ?, committed = ?, expires = ?, "
                      "deposit_proof = ? WHERE id = ? AND state = ? AND received = size",
                      (COMMITTED, sha256, committed, expires, proof, envelope_id,
                       UPLOADING)) == 1


def delete(tx: Tx, envelope_id: str) -> None:
    # Children first: do not rely on ON DELETE CASCADE being enabled on every connection.
    tx.execute("DELETE FROM receipts WHERE envelope_id = ?", (envelope_id,))
    tx.execute("DELETE FROM envelope_groups WHERE envelope_id = ?", (envelope_id,))
    tx.execute("DELETE FROM envelope_recipients WHERE envelope_id = ?", (envelope_id,))
    tx.execute("DELETE FROM envelopes WHERE id = ?", (envelope_id,))


def inbox(tx: Tx, recipient: str, now: int) -> list[tuple[Envelope, Addressee]]:
    rows = tx.all(f"SELECT {_E_COLS}, r.envelope_id, r.recipient, r.delivered_bytes, "
                  "r.delivered, r.delivery_proof FROM envelopes e JOIN envelope_recipients r "
                  "ON r.envelope_id = e.id WHERE r.recipient = ? AND e.state = ? "
                  "AND e.expires > ? ORDER BY e.committed, e.id", (recipient, COMMITTED, now))
    return [(Envelope(*r[:11]), Addressee(*r[11:])) for r in rows]


def sent(tx: Tx, sender: str, now: int) -> list[Envelope]:
    return [Envelope(*r) for r in tx.all(
        f"SELECT {_ENV_COLS} FROM envelopes WHERE sender = ? AND expires > ? "
        "ORDER BY created, id", (sender, now))]


def record_progress(tx: Tx, envelope_id: str, recipient: str, start: int, end: int) -> None:
    """Bytes [start, end) reached the recipient: extend the contiguous delivered prefix."""
    tx.execute("UPDATE envelope_recipients SET delivered_bytes = ? WHERE envelope_id = ? "
               "AND recipient = ? AND delivered_bytes >= ? AND delivered_bytes < ?",
               (end, envelope_id, recipient, start, end))


def mark_delivered(tx: Tx, envelope_id: str, recipient: str, now: int, proof: bytes) -> bool:
    """Record the first full delivery; False if already recorded."""
    return tx.execute("UPDATE envelope_recipients SET delivered = ?, delivery_proof = ? "
                      "WHERE envelope_id = ? AND recipient = ? AND delivered IS NULL",
                      (now, proof, envelope_id, recipient)) == 1


def add_receipt(tx: Tx, envelope_id: str, recipient: str, event: str, proof: bytes,
                now: int) -> bool:
    return tx.execute("INSERT INTO receipts (envelope_id, recipient, event, proof, received) "
                      "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                      (envelope_id, recipient, event, proof, now)) == 1


def receipts(tx: Tx, envelope_id: str) -> list[Receipt]:
    return [Receipt(*r) for r in tx.all(
        "SELECT recipient, event, proof, received FROM receipts WHERE envelope_id = ? "
        "ORDER BY received, recipient, event", (envelope_id,))]


def expired(tx: Tx, now: int, limit: int = 500) -> list[str]:
    """Ids of envelopes past availability, and of uploads past their deadline."""
    return [r[0] for r in tx.all("SELECT id FROM envelopes WHERE expires <= ? ORDER BY expires "
                                 "LIMIT ?", (now, limit))]
