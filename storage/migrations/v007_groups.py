"""Schema 7: duty groups (app/relay_client/groups.py, docs/format.md §7).

`message_groups`: a message addressed to a duty group (sent or received) keeps the group its
sealed file names (id, name, organisation, roster version), the members it went to (with the
names their cards carried, for the sender) and, for the sender, the members on duty who could
not be used (and why): shown with the message and its proofs.

`relay_group_versions`: the highest roster version this vault has verified for each group, so
that a relay serving an older roster (a member since removed from duty) is caught.
"""

from __future__ import annotations

from storage.db import Database

STATEMENTS = (
    """CREATE TABLE message_groups (
        message      INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
        group_id     TEXT NOT NULL CHECK (length(group_id) = 32),
        name         TEXT NOT NULL,
        organisation TEXT NOT NULL,
        version      INTEGER NOT NULL CHECK (version >= 1),
        members      TEXT NOT NULL,
        unusable     TEXT NOT NULL DEFAULT '[]'
    )""",
    """CREATE TABLE relay_group_versions (
        group_id TEXT PRIMARY KEY CHECK (length(group_id) = 32),
        version  INTEGER NOT NULL CHECK (version >= 1),
        seen_at  TEXT NOT NULL
    )""",
)


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
