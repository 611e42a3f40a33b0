"""Schema 13: requests from outside received through an intake point (app/intake/, issue 14).

`intake_inbox` is the members' side of an intake envelope (docs/format.md §12): listed by the
relay with its intake point's name and version and no sender, downloaded into
`<vault>/relay/intake/` (age ciphertext only), then received into the vault on the member's
decision. Once received, `case_id` and `note_document` say where it went, `subject` what it was
about, and `reply_recipient` the requester's one-time reply key (an `age1pq1…` recipient, null
when the requester asked for no reply): like every other text of the vault they live only in
this encrypted database. `intake_replies` lists the replies posted, with the document that keeps
the copy of what was sent.

`relay_proofs` is rebuilt (SQLite cannot change a CHECK in place) so that its `kind` also
admits `intake_deposit`, the relay's deposit proof of an intake envelope (docs/format.md §5.2),
kept with the envelope's other proofs. Rows, ids and the id sequence are copied as they are.
"""

from __future__ import annotations

from storage.db import Database

STATEMENTS = (
    """CREATE TABLE intake_inbox (
        envelope_id     TEXT PRIMARY KEY CHECK (length(envelope_id) = 32),
        intake          TEXT NOT NULL,
        intake_version  INTEGER NOT NULL CHECK (intake_version >= 1),
        size            INTEGER NOT NULL CHECK (size > 0),
        content_digest  TEXT NOT NULL CHECK (length(content_digest) = 64),
        deposited       INTEGER NOT NULL,
        available_until INTEGER NOT NULL,
        state           TEXT NOT NULL CHECK (state IN ('listed', 'downloaded', 'received',
                                                       'refused', 'expired')),
        case_id         INTEGER REFERENCES cases(id) ON DELETE SET NULL,
        note_document   INTEGER REFERENCES documents(id) ON DELETE SET NULL,
        subject         TEXT,
        reply_recipient TEXT,
        received_at     TEXT,
        reason          TEXT,
        listed_at       TEXT NOT NULL,
        updated_at      TEXT NOT NULL
    ) WITHOUT ROWID""",
    "CREATE INDEX intake_inbox_by_state ON intake_inbox(state)",
    """CREATE TABLE intake_replies (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        envelope_id TEXT NOT NULL REFERENCES intake_inbox(envelope_id),
        reply_id    TEXT NOT NULL,
        size        INTEGER NOT NULL CHECK (size > 0),
        posted      INTEGER NOT NULL,
        document    INTEGER REFERENCES documents(id) ON DELETE SET NULL,
        recorded_at TEXT NOT NULL
    )""",
)


_PROOFS_REBUILT = (
    """CREATE TABLE relay_proofs_v13 (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        envelope_id TEXT NOT NULL CHECK (length(envelope_id) = 32),
        direction   TEXT NOT NULL CHECK (direction IN ('sent', 'received')),
        kind        TEXT NOT NULL CHECK (kind IN ('deposit', 'intake_deposit', 'delivery',
                                                  'receipt')),
        party       TEXT,
        event       TEXT,
        proof       BLOB NOT NULL,
        digest      BLOB NOT NULL UNIQUE CHECK (length(digest) = 32),
        posted      INTEGER NOT NULL DEFAULT 1 CHECK (posted IN (0, 1)),
        recorded_at TEXT NOT NULL
    )""",
    """INSERT INTO relay_proofs_v13 (id, envelope_id, direction, kind, party, event, proof,
        digest, posted, recorded_at) SELECT id, envelope_id, direction, kind, party, event,
        proof, digest, posted, recorded_at FROM relay_proofs""",
    "DROP TABLE relay_proofs",
    "ALTER TABLE relay_proofs_v13 RENAME TO relay_proofs",
    "CREATE INDEX relay_proofs_by_envelope ON relay_proofs(envelope_id)",
)


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
    # The id sequence survives the rebuild, so an id once used is never given again.
    sequence = db.scalar("SELECT seq FROM sqlite_sequence WHERE name = 'relay_proofs'")
    for statement in _PROOFS_REBUILT:
        db.execute(statement)
    if sequence is not None:
        db.execute("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'relay_proofs'",
                   (sequence,))
        db.execute("INSERT INTO sqlite_sequence (name, seq) SELECT 'relay_proofs', ?"
                   " WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence"
                   " WHERE name = 'relay_proofs')", (sequence,))
