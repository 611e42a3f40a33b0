"""Schema 14: the broker's exchanges with insurers over the relay (app/brokerage/, docs/courtage.md
§8, docs/format.md §13).

* `brokerage_insurers.org_key`: the insurer organisation's certification key (Ed25519, 32
  bytes), pinned by the broker after comparing it with the insurer out of band. A sealed
  statement is imported from the relay only if its sender's card carries a certification by it.
* `brokerage_inbox`: each statement document received into the vault, checked once: imported
  (with the statement row it made) or refused (with the one-line reason, no content).
* `brokerage_deposits`: the insurer's side (a reference insurer client is a vault too): each
  statement deposited, keyed by broker, insurer code and statement id, so a retry never
  deposits twice. The row is written before sealing; `outbox_id` links the relay outbox item
  once sealed.
"""

from __future__ import annotations

from storage.db import Database

STATEMENTS = (
    "ALTER TABLE brokerage_insurers ADD COLUMN org_key BLOB CHECK (org_key IS NULL OR "
    "length(org_key) = 32)",
    """CREATE TABLE brokerage_inbox (
        document_id  INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        outcome      TEXT NOT NULL CHECK (outcome IN ('imported', 'refused')),
        statement_id INTEGER REFERENCES brokerage_statements(id),
        reason       TEXT NOT NULL DEFAULT '',
        checked_at   TEXT NOT NULL
    )""",
    """CREATE TABLE brokerage_deposits (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        broker       TEXT NOT NULL CHECK (length(broker) = 64),
        insurer      TEXT NOT NULL,
        statement    TEXT NOT NULL,
        family       TEXT NOT NULL,
        lines        INTEGER NOT NULL,
        document_id  INTEGER REFERENCES documents(id) ON DELETE SET NULL,
        outbox_id    INTEGER REFERENCES relay_outbox(id) ON DELETE SET NULL,
        created_at   TEXT NOT NULL,
        UNIQUE (broker, insurer, statement)
    )""",
)


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
