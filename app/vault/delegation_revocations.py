"""The delegation revocations this vault has learned (vault schema 8, `delegation_revocations`).

The relay's directory lists the revocations of the organisations a member may see; a sync
keeps them here (`refresh`) so that a file sent on behalf of someone is refused after its
delegation was revoked, whether it arrives through the relay or on a USB key. A statement is
stored as received and checked against the delegation each time it is used (reading.py): a
forged one stored here changes nothing.
"""

from __future__ import annotations

from app.records import now_text
from crypto.delegation import DelegationError, Revocation, parse_revocation
from storage.db import Database


def learn(db: Database, revocation: Revocation) -> bool:
    """Keep `revocation` (the first one known for its delegation); True if it was new."""
    with db.transaction():
        cursor = db.execute("INSERT OR IGNORE INTO delegation_revocations (delegation_id, "
                            "statement, learned_at) VALUES (?, ?, ?)",
                            (revocation.delegation_id.hex(), revocation.to_bytes(), now_text()))
    return cursor.rowcount == 1


def known(db: Database, delegation_id: bytes) -> Revocation | None:
    data = db.scalar("SELECT statement FROM delegation_revocations WHERE delegation_id = ?",
                     (delegation_id.hex(),))
    if data is None:
        return None
    try:
        return parse_revocation(bytes(data))
    except DelegationError:
        return None  # unreadable: as if unknown; the relay lists it again at the next sync
