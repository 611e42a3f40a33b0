"""The prekey rows of the vault database (schema 9, storage/migrations/v009_prekeys.py).

Own prekeys (with their secret until it is destroyed), correspondents' last verified prekeys,
and what each outbox item was sealed for. Typed functions; the rules are in prekeys.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from app.records import now_text
from crypto.prekeys import Prekey, PrekeySecret, parse_prekey
from storage.db import Database


@dataclass(frozen=True)
class OwnPrekey:
    prekey: Prekey
    published: bool
    destroyed_at: str | None


@dataclass(frozen=True)
class PrekeyUse:
    """What an outbox item was sealed for: recipient -> prekey id, and the recipients sealed
    for their long-term key (no valid prekey: an older client, or none fetched)."""

    prekeys: dict[str, str]
    long_term: tuple[str, ...]
    usable_until: int | None = None  # epoch seconds: the earliest end of use of those prekeys


def _stamp(prekey: Prekey) -> tuple[int, int, int]:
    return (int(prekey.valid_from.timestamp()), int(prekey.rotate_after.timestamp()),
            int(prekey.until.timestamp()))


def add_own(db: Database, secret: PrekeySecret) -> None:
    db.execute("INSERT INTO relay_prekeys (id, document, secret, valid_from, rotate_after, "
               "until, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
               (secret.prekey.prekey_id, secret.prekey.to_bytes(), bytes(secret.seed),
                *_stamp(secret.prekey), now_text()))


def own(db: Database) -> list[OwnPrekey]:
    """The own prekeys whose secret is still held, newest first (the destroyed ones are only
    counted: their rows accumulate, one a week, and need no parsing)."""
    rows = db.query("SELECT document, published, destroyed_at FROM relay_prekeys "
                    "WHERE secret IS NOT NULL ORDER BY valid_from DESC, id")
    return [OwnPrekey(parse_prekey(bytes(r[0])), bool(r[1]), r[2]) for r in rows]


def destroyed_count(db: Database) -> int:
    return int(db.scalar("SELECT count(*) FROM relay_prekeys WHERE secret IS NULL"))


def held_secrets(db: Database) -> list[PrekeySecret]:
    """The prekeys whose secret is still here, newest first."""
    rows = db.query("SELECT document, secret FROM relay_prekeys WHERE secret IS NOT NULL "
                    "ORDER BY valid_from DESC, id")
    return [PrekeySecret(parse_prekey(bytes(r[0])), bytearray(r[1])) for r in rows]


def mark_published(db: Database, prekey_id: str) -> None:
    db.execute("UPDATE relay_prekeys SET published = 1 WHERE id = ?", (prekey_id,))


def destroy_secret(db: Database, prekey_id: str) -> None:
    """NULL the secret (secure_delete overwrites the old cell); the caller checkpoints."""
    db.execute("UPDATE relay_prekeys SET secret = NULL, destroyed_at = ? WHERE id = ? "
               "AND secret IS NOT NULL", (now_text(), prekey_id))


def save_peer(db: Database, prekey: Prekey, fetched_at: int) -> None:
    db.execute("INSERT INTO relay_peer_prekeys (owner, document, fetched_at) VALUES (?, ?, ?) "
               "ON CONFLICT (owner) DO UPDATE SET document = excluded.document, "
               "fetched_at = excluded.fetched_at", (prekey.owner, prekey.to_bytes(), fetched_at))


def peer(db: Database, owner: str) -> bytes | None:
    row = db.query_one("SELECT document FROM relay_peer_prekeys WHERE owner = ?", (owner,))
    return None if row is None else bytes(row[0])


def record_use(db: Database, outbox_id: int, use: PrekeyUse) -> None:
    db.execute("INSERT INTO relay_prekey_use (outbox_id, prekeys, long_term, usable_until) "
               "VALUES (?, ?, ?, ?)", (outbox_id, json.dumps(use.prekeys, sort_keys=True),
                                       json.dumps(sorted(use.long_term)), use.usable_until))


def use_of(db: Database, outbox_id: int) -> PrekeyUse | None:
    row = db.query_one("SELECT prekeys, long_term, usable_until FROM relay_prekey_use "
                       "WHERE outbox_id = ?", (outbox_id,))
    if row is None:
        return None
    return PrekeyUse(json.loads(row[0]), tuple(json.loads(row[1])), row[2])
