"""Schema 10: view-only documents and their consultation end (app/vault/consultation.py).

`view_only_documents` flags each document received in a view-only sealed file, with the
consultation end its sender set (NULL: none). It belongs to the document (deleting it deletes
the row), not to the message record, so forgetting a message record never lifts the rule. The
rows for documents received before this version are copied from the message records.

`consultation_ends` lists the messages whose documents were destroyed at their consultation
end: the relay client posts a signed `destroyed` receipt for each (app/relay_client/), and the
row stays so that a later sync does not post it twice. Times are the vault's fine UTC form.
"""

from __future__ import annotations

from storage.db import Database

STATEMENTS = (
    """CREATE TABLE view_only_documents (
        document_id   INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        record        INTEGER NOT NULL,
        message_id    BLOB NOT NULL CHECK (length(message_id) = 16),
        consult_until TEXT
    ) WITHOUT ROWID""",
    """CREATE INDEX view_only_documents_by_end ON view_only_documents(consult_until)
        WHERE consult_until IS NOT NULL""",
    """INSERT INTO view_only_documents (document_id, record, message_id, consult_until)
        SELECT md.document_id, m.id, m.message_id, NULL
        FROM message_documents AS md JOIN messages AS m ON m.id = md.message
        WHERE m.view_only = 1 AND m.direction = 'received' AND md.document_id IS NOT NULL""",
    """CREATE TABLE consultation_ends (
        message_id BLOB PRIMARY KEY CHECK (length(message_id) = 16),
        record     INTEGER NOT NULL,
        ended_at   TEXT NOT NULL
    ) WITHOUT ROWID""",
)


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
