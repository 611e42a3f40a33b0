"""Schema 5: the relay client (app/relay_client/): the relay joined, organisation keys seen in
the directory, the outbox of sealed files being sent, the inbox of envelopes being received, and
every proof (deposit, delivery, receipt) kept for the messages they are about.

Everything here lives inside the encrypted database. The sealed files themselves wait in
`<vault>/relay/outbox/` and `<vault>/relay/inbox/` (ciphertext only: a sealed file is made to
travel), named by random ids, never by a document or a person.
"""

from __future__ import annotations

from storage.db import Database

STATEMENTS = (
    # One row: the relay this vault is a member of, its pinned key, how to reach it.
    """CREATE TABLE relay_account (
        slot         INTEGER PRIMARY KEY CHECK (slot = 1),
        url          TEXT NOT NULL,
        relay_key    BLOB NOT NULL CHECK (length(relay_key) = 32),
        fingerprint  BLOB NOT NULL CHECK (length(fingerprint) = 32),
        status       TEXT NOT NULL CHECK (status IN ('pending', 'certified', 'revoked')),
        organisation TEXT NOT NULL DEFAULT '',
        role         TEXT NOT NULL DEFAULT '',
        options      TEXT NOT NULL DEFAULT '{}',
        joined_at    TEXT NOT NULL,
        checked_at   TEXT NOT NULL
    )""",
    # Organisation certification keys, pinned the first time a directory card shows them.
    """CREATE TABLE relay_org_keys (
        organisation TEXT PRIMARY KEY,
        signing_key  BLOB NOT NULL CHECK (length(signing_key) = 32),
        first_seen   TEXT NOT NULL
    )""",
    """CREATE TABLE relay_outbox (
        id                INTEGER PRIMARY KEY AUTOINCREMENT,
        message           INTEGER REFERENCES messages(id) ON DELETE SET NULL,
        spool             TEXT NOT NULL UNIQUE,
        size              INTEGER NOT NULL CHECK (size > 0),
        sha256            TEXT NOT NULL CHECK (length(sha256) = 64),
        recipients        TEXT NOT NULL,
        availability_days INTEGER NOT NULL CHECK (availability_days BETWEEN 1 AND 30),
        envelope_id       TEXT UNIQUE CHECK (envelope_id IS NULL OR length(envelope_id) = 32),
        state             TEXT NOT NULL CHECK (state IN ('queued', 'uploading', 'deposited',
                                                         'failed', 'withdrawn')),
        deposited         INTEGER,
        available_until   INTEGER,
        attempts          INTEGER NOT NULL DEFAULT 0,
        last_error        TEXT,
        created_at        TEXT NOT NULL,
        updated_at        TEXT NOT NULL
    )""",
    "CREATE INDEX relay_outbox_by_state ON relay_outbox(state)",
    """CREATE TABLE relay_inbox (
        envelope_id     TEXT PRIMARY KEY CHECK (length(envelope_id) = 32),
        sender          TEXT NOT NULL CHECK (length(sender) = 64),
        size            INTEGER NOT NULL CHECK (size > 0),
        sha256          TEXT NOT NULL CHECK (length(sha256) = 64),
        deposited       INTEGER NOT NULL,
        available_until INTEGER NOT NULL,
        state           TEXT NOT NULL CHECK (state IN ('listed', 'downloaded', 'receiving',
                                                       'opened', 'held', 'refused',
                                                       'expired')),
        message         INTEGER REFERENCES messages(id) ON DELETE SET NULL,
        receiving_since TEXT,
        reason          TEXT,
        listed_at       TEXT NOT NULL,
        updated_at      TEXT NOT NULL
    ) WITHOUT ROWID""",
    "CREATE INDEX relay_inbox_by_state ON relay_inbox(state)",
    # Verified proofs, verbatim. `posted` = 0: our own receipt not yet accepted by the relay.
    """CREATE TABLE relay_proofs (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        envelope_id TEXT NOT NULL CHECK (length(envelope_id) = 32),
        direction   TEXT NOT NULL CHECK (direction IN ('sent', 'received')),
        kind        TEXT NOT NULL CHECK (kind IN ('deposit', 'delivery', 'receipt')),
        party       TEXT,
        event       TEXT,
        proof       BLOB NOT NULL,
        digest      BLOB NOT NULL UNIQUE CHECK (length(digest) = 32),
        posted      INTEGER NOT NULL DEFAULT 1 CHECK (posted IN (0, 1)),
        recorded_at TEXT NOT NULL
    )""",
    "CREATE INDEX relay_proofs_by_envelope ON relay_proofs(envelope_id)",
)


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
