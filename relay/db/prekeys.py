"""Members' published prekeys (schema 8): the signed documents, with their dates copied out.

Functions take an open transaction so that services can combine them atomically.
"""

from __future__ import annotations

from dataclasses import dataclass

from relay.db.base import Tx


@dataclass(frozen=True)
class StoredPrekey:
    id: str
    owner: str
    document: bytes  # canonical JSON, as the owner signed it
    valid_from: int
    until: int
    published: int


_COLS = "id, owner, document, valid_from, until, published"


def add(tx: Tx, prekey: StoredPrekey) -> bool:
    """Store a prekey; False if this id is already there (a retried publication)."""
    return tx.execute(f"INSERT INTO prekeys ({_COLS}) VALUES (?, ?, ?, ?, ?, ?) "
                      "ON CONFLICT DO NOTHING",
                      (prekey.id, prekey.owner, prekey.document, prekey.valid_from,
                       prekey.until, prekey.published)) == 1


def by_id(tx: Tx, prekey_id: str) -> StoredPrekey | None:
    row = tx.one(f"SELECT {_COLS} FROM prekeys WHERE id = ?", (prekey_id,))
    return StoredPrekey(*row) if row else None


def newest(tx: Tx, owner: str) -> StoredPrekey | None:
    row = tx.one(f"SELECT {_COLS} FROM prekeys WHERE owner = ? "
                 "ORDER BY valid_from DESC, id LIMIT 1", (owner,))
    return StoredPrekey(*row) if row else None


def current(tx: Tx, owners: list[str], now: int, skew: int) -> list[StoredPrekey]:
    """For each of `owners`, the newest prekey in use at `now` (none for those without)."""
    if not owners:
        return []
    marks = ", ".join("?" for _ in owners)
    rows = tx.all(f"SELECT {_COLS} FROM prekeys WHERE owner IN ({marks}) "
                  "AND valid_from <= ? AND until > ? ORDER BY owner, valid_from DESC, id",
                  [*owners, now + skew, now])
    found: dict[str, StoredPrekey] = {}
    for row in rows:
        found.setdefault(row[1], StoredPrekey(*row))
    return list(found.values())


def drop_stale(tx: Tx, owner: str, now: int) -> int:
    """Forget an owner's prekeys past their end: no sender may use them any more."""
    return tx.execute("DELETE FROM prekeys WHERE owner = ? AND until <= ?", (owner, now))
