"""Schema 9: prekeys for forward secrecy of relayed files (app/relay_client/prekeys.py).

`relay_prekeys`: the holder's own prekeys, the signed document as published and the 32-byte
secret seed, inside the encrypted database like every key of the vault. Destroying a prekey
sets its secret to NULL (secure_delete overwrites the old cell; the WAL is checkpointed and
truncated after the commit) and records when; the row stays as the record of that prekey and
of its destruction (counted by `relay status`).

`relay_peer_prekeys`: the last verified prekey fetched for each correspondent, so that a message
sealed while the relay is out of reach still uses it if it is in use.

`relay_prekey_use`: for each outbox item, which recipients were sealed for which prekey and which
for their long-term key (an older client without prekeys): what the sender is told; and the end
of use of the earliest-ending of those prekeys, after which the item is not uploaded any more.
"""

from __future__ import annotations

from storage.db import Database

STATEMENTS = (
    """CREATE TABLE relay_prekeys (
        id           TEXT PRIMARY KEY CHECK (length(id) = 32),
        document     BLOB NOT NULL,
        secret       BLOB CHECK (secret IS NULL OR length(secret) = 32),
        valid_from   INTEGER NOT NULL,
        rotate_after INTEGER NOT NULL,
        until        INTEGER NOT NULL,
        published    INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
        created_at   TEXT NOT NULL,
        destroyed_at TEXT,
        CHECK ((secret IS NULL) = (destroyed_at IS NOT NULL))
    )""",
    """CREATE TABLE relay_peer_prekeys (
        owner      TEXT PRIMARY KEY CHECK (length(owner) = 64),
        document   BLOB NOT NULL,
        fetched_at INTEGER NOT NULL
    )""",
    """CREATE TABLE relay_prekey_use (
        outbox_id INTEGER PRIMARY KEY REFERENCES relay_outbox(id) ON DELETE CASCADE,
        prekeys      TEXT NOT NULL,
        long_term    TEXT NOT NULL,
        usable_until INTEGER
    )""",
)


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
