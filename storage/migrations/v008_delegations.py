"""Schema 8: delegation revocations this vault has learned (app/delegation/).

A file sent on behalf of a principal carries its delegation, which a reader checks offline
(crypto/delegation.py); whether the delegation was revoked since is known only from a signed
revocation statement. Those the relay's directory lists are kept here, so that a file read
later (from a USB key, an e-mail) is refused just the same. The statement is kept verbatim and
checked again against the delegation each time it is used.
"""

from __future__ import annotations

from storage.db import Database

STATEMENTS = (
    """CREATE TABLE delegation_revocations (
        delegation_id TEXT PRIMARY KEY CHECK (length(delegation_id) = 32),
        statement     BLOB NOT NULL,
        learned_at    TEXT NOT NULL
    )""",
)


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
