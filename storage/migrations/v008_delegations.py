"""Schema 8: delegation revocations this vault has learned, and for whom a message was sent.

A file sent on behalf of a principal carries its delegation, which a reader checks offline
(crypto/delegation.py); whether the delegation was revoked since is known only from a signed
revocation statement. Those the relay's directory lists are kept here, so that a file read
later (from a USB key, an e-mail) is refused just the same. The statement is kept verbatim and
checked again against the delegation each time it is used.

`message_principals`: a message sent on behalf of a principal (its delegation held when it was
received or sealed) keeps the principal's card and the delegation id, so that the faces show
"sent by X for Y" (app/vault/on_behalf.py).
"""

from __future__ import annotations

from storage.db import Database

STATEMENTS = (
    """CREATE TABLE delegation_revocations (
        delegation_id TEXT PRIMARY KEY CHECK (length(delegation_id) = 32),
        statement     BLOB NOT NULL,
        learned_at    TEXT NOT NULL
    )""",
    """CREATE TABLE message_principals (
        message        INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
        principal_card BLOB NOT NULL,
        delegation_id  TEXT NOT NULL CHECK (length(delegation_id) = 32)
    )""",
)


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
