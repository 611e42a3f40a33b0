"""Schema 11: trusted timestamps of relay proofs (issue 17, app/relay_client/stamps.py).

`relay_proof_stamps` keeps, for a proof of `relay_proofs` (named by the same `digest`, the
SHA-256 of its bytes), the RFC 3161 token the relay obtained over those bytes, verbatim, with
the token's time and authority as read when it was kept. `relay_tsa_anchors` holds the root
certificate(s) of the joined relay's time-stamping authority, which the member was given by the
relay's operator: tokens are verified against them, never against what the relay sends. Both
live in the encrypted database and, like the proofs, as long as the vault keeps them.
"""

from __future__ import annotations

from storage.db import Database

STATEMENTS = (
    """CREATE TABLE relay_proof_stamps (
        digest      BLOB PRIMARY KEY CHECK (length(digest) = 32),
        token       BLOB NOT NULL,
        stamped_at  TEXT NOT NULL,
        authority   TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE relay_tsa_anchors (
        slot    INTEGER PRIMARY KEY CHECK (slot = 1),
        anchors BLOB NOT NULL,
        set_at  TEXT NOT NULL
    )""",
)


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
