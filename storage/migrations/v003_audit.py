"""Schema 3: the hash-chained audit log (see app/audit.py for the chain and its key).

No foreign keys: an entry outlives the document or case it names. Entries hold ids only.
"""

from __future__ import annotations

from storage.db import Database

STATEMENTS = (
    """CREATE TABLE audit_log (
        seq         INTEGER PRIMARY KEY,
        at          TEXT NOT NULL,
        actor       TEXT NOT NULL,
        action      TEXT NOT NULL,
        document_id INTEGER,
        case_id     INTEGER,
        prev_hash   BLOB NOT NULL,
        entry_hash  BLOB NOT NULL
    )""",
)


def apply(db: Database) -> None:
    for sql in STATEMENTS:
        db.execute(sql)
