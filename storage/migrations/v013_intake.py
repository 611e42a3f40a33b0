"""Schema 13: requests from outside received through an intake point (app/intake/, issue 14).

`intake_inbox` is the members' side of an intake envelope (docs/format.md §12): listed by the
relay with its intake point's name and version and no sender, downloaded into
`<vault>/relay/intake/` (age ciphertext only), then received into the vault on the member's
decision. Once received, `case_id` and `note_document` say where it went, `subject` what it was
about, and `reply_recipient` the requester's one-time reply key (an `age1pq1…` recipient, null
when the requester asked for no reply): like every other text of the vault they live only in
this encrypted database. `intake_replies` lists the replies posted, with the document that keeps
the copy of what was sent.
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


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
