"""Seen nonces (replay protection) and the admin audit trail."""

from __future__ import annotations

from dataclasses import dataclass

from relay.db.base import Tx


@dataclass(frozen=True)
class AuditEntry:
    id: int
    time: int
    actor: str
    action: str
    subject: str
    detail: str


def remember_nonce(tx: Tx, key_id: str, nonce: str, expires: int) -> bool:
    """Record a nonce; False if this key already used it (a replay)."""
    return tx.execute("INSERT INTO nonces (key_id, nonce, expires) VALUES (?, ?, ?) "
                      "ON CONFLICT DO NOTHING", (key_id, nonce, expires)) == 1


def purge_nonces(tx: Tx, now: int) -> int:
    # A nonce can go once its request would be refused as stale anyway.
    return tx.execute("DELETE FROM nonces WHERE expires < ?", (now,))


def audit(tx: Tx, now: int, actor: str, action: str, subject: str, detail: str = "") -> None:
    tx.execute("INSERT INTO audit (time, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
               (now, actor, action, subject, detail))


def audit_log(tx: Tx, limit: int = 100) -> list[AuditEntry]:
    rows = tx.all("SELECT id, time, actor, action, subject, detail FROM audit "
                  "ORDER BY id DESC LIMIT ?", (limit,))
    return [AuditEntry(*r) for r in reversed(rows)]
