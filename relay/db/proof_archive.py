"""The proof archive (migration 9): every deposit, delivery and receipt proof the relay signed or
accepted, its RFC 3161 timestamp token, and how long it is kept.

The envelope tables hold the same proofs, but lose them with the envelope; this table has no
foreign key to them on purpose: a row outlives its envelope until `keep_until`, set when the
envelope goes (relay/evidence.py). A row is keyed by what it proves: the deposit of an
envelope, the delivery to one recipient, one recipient's receipt of one event.

`token` is NULL while the proof waits for its timestamp (the authority could not be reached, or
none was configured when it was signed); `next_attempt` says when the sweeper tries again.
"""

from __future__ import annotations

from dataclasses import dataclass

from relay.db.base import Tx

DEPOSIT, DELIVERY, RECEIPT = "deposit", "delivery", "receipt"


@dataclass(frozen=True)
class ArchivedProof:
    envelope_id: str
    kind: str
    party: str  # the sender (deposit) or the recipient the proof is about
    event: str  # a receipt's event; "" otherwise
    proof: bytes
    token: bytes | None
    created: int
    attempts: int
    next_attempt: int | None
    keep_until: int | None


_COLS = ("envelope_id, kind, party, event, proof, token, created, attempts, next_attempt, "
         "keep_until")


def add(tx: Tx, envelope_id: str, kind: str, party: str, event: str, proof: bytes,
        now: int) -> None:
    """Keep a proof just signed or accepted, waiting for its timestamp from now on."""
    tx.execute(f"INSERT INTO proof_archive ({_COLS}) VALUES (?, ?, ?, ?, ?, NULL, ?, 0, ?, NULL) "
               "ON CONFLICT DO NOTHING", (envelope_id, kind, party, event, proof, now, now))


def of_envelope(tx: Tx, envelope_id: str) -> list[ArchivedProof]:
    return [ArchivedProof(*r) for r in tx.all(
        f"SELECT {_COLS} FROM proof_archive WHERE envelope_id = ? "
        "ORDER BY created, kind, party, event", (envelope_id,))]


def due(tx: Tx, now: int, limit: int = 100) -> list[ArchivedProof]:
    """Proofs waiting for a timestamp whose next attempt has come, oldest first."""
    return [ArchivedProof(*r) for r in tx.all(
        f"SELECT {_COLS} FROM proof_archive WHERE token IS NULL AND next_attempt <= ? "
        "ORDER BY next_attempt, created LIMIT ?", (now, limit))]


def set_token(tx: Tx, row: ArchivedProof, token: bytes) -> None:
    tx.execute("UPDATE proof_archive SET token = ?, next_attempt = NULL WHERE envelope_id = ? "
               "AND kind = ? AND party = ? AND event = ? AND token IS NULL",
               (token, row.envelope_id, row.kind, row.party, row.event))


def postpone(tx: Tx, row: ArchivedProof, next_attempt: int) -> None:
    tx.execute("UPDATE proof_archive SET attempts = attempts + 1, next_attempt = ? "
               "WHERE envelope_id = ? AND kind = ? AND party = ? AND event = ?",
               (next_attempt, row.envelope_id, row.kind, row.party, row.event))


def start_retention(tx: Tx, envelope_id: str, keep_until: int) -> None:
    """The envelope is going: its proofs stay until `keep_until`."""
    tx.execute("UPDATE proof_archive SET keep_until = ? WHERE envelope_id = ? "
               "AND keep_until IS NULL", (keep_until, envelope_id))


def purge(tx: Tx, now: int) -> int:
    """Drop the proofs whose retention has ended."""
    return tx.execute("DELETE FROM proof_archive WHERE keep_until IS NOT NULL "
                      "AND keep_until <= ?", (now,))
