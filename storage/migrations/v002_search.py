"""Schema 2: the full-text index.

One FTS5 table, rowid = document id, with one column per searchable field. `unicode61` with
`remove_diacritics 2` folds case and accents ("Éléonore" matches "eleonore"); prefix indexes on
2 and 3 characters keep search-as-you-type fast on short prefixes. The table keeps its own copy
of the text (inside the encrypted database): PDF text exists nowhere else.

Documents that exist when this runs are indexed from their metadata; their body text is empty
(no PDF text was kept before schema 2).
"""

from __future__ import annotations

from storage.db import Database

COLUMNS = ("name", "notes", "tags", "case_name", "body")
# bm25 weights, in COLUMNS order: a hit in the name matters most, one deep in a PDF least.
RANK = "bm25(10.0, 2.0, 5.0, 3.0, 1.0)"

STATEMENTS = (
    f"""CREATE VIRTUAL TABLE search_index USING fts5(
        {", ".join(COLUMNS)},
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
    )""",
    f"INSERT INTO search_index (search_index, rank) VALUES ('rank', '{RANK}')",
    """INSERT INTO search_index (rowid, name, notes, tags, case_name, body)
       SELECT d.id, d.name, d.notes,
              coalesce((SELECT group_concat(t.name, ' ') FROM document_tags dt
                        JOIN tags t ON t.id = dt.tag_id WHERE dt.document_id = d.id), ''),
              coalesce((SELECT c.name || ' ' || c.reference FROM cases c
                        WHERE c.id = d.case_id), ''),
              ''
       FROM documents d""",
)


def apply(db: Database) -> None:
    for sql in STATEMENTS:
        db.execute(sql)
