"""Schema 2: the full-text index, in two FTS5 tables (see app/search.py for how they are queried).

* `search_meta(name, notes, tags, case_name)`: what describes a document; small, so every match
  can be ranked.
* `search_index(name, notes, tags, case_name, body)`: the same plus the PDF text; it answers
  queries whose words are spread over fields or found in the text, ranked among the most recent
  matches (ranking every match of a common word in 100,000 PDFs would take far too long).

The FTS rowid is the document id **negated**: FTS5 walks a term's documents quickly in ascending
rowid order but slowly in descending order, and ascending negated ids means newest first, which
is the order in which candidates are taken for ranking. `unicode61` with `remove_diacritics 2` folds case and accents
("Éléonore" matches "eleonore"); prefix indexes on 2 and 3 characters keep search-as-you-type
fast. Each table keeps its own copy of the text inside the encrypted database: PDF text exists
nowhere else.

Documents that exist when this runs are indexed from their metadata; their body text is empty
(no PDF text was kept before schema 2).
"""

from __future__ import annotations

from storage.db import Database

META_COLUMNS = ("name", "notes", "tags", "case_name")
COLUMNS = (*META_COLUMNS, "body")
# bm25 weights, in column order: a hit in the name matters most, one deep in a PDF least.
META_RANK = "bm25(10.0, 2.0, 5.0, 3.0)"
RANK = "bm25(10.0, 2.0, 5.0, 3.0, 1.0)"
_OPTIONS = "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'"

_EXISTING = """
    SELECT -d.id, d.name, d.notes,
           coalesce((SELECT group_concat(t.name, ' ') FROM document_tags dt
                     JOIN tags t ON t.id = dt.tag_id WHERE dt.document_id = d.id), ''),
           coalesce((SELECT c.name || ' ' || c.reference FROM cases c WHERE c.id = d.case_id), '')
    FROM documents d"""

STATEMENTS = (
    f"CREATE VIRTUAL TABLE search_meta USING fts5({', '.join(META_COLUMNS)}, {_OPTIONS})",
    f"CREATE VIRTUAL TABLE search_index USING fts5({', '.join(COLUMNS)}, {_OPTIONS})",
    f"INSERT INTO search_meta (search_meta, rank) VALUES ('rank', '{META_RANK}')",
    f"INSERT INTO search_index (search_index, rank) VALUES ('rank', '{RANK}')",
    # FTS5 secure-delete: deleting a row removes its tokens from the index at once instead of
    # adding tombstones, so a deleted document's words do not linger in older index segments.
    "INSERT INTO search_meta (search_meta, rank) VALUES ('secure-delete', 1)",
    "INSERT INTO search_index (search_index, rank) VALUES ('secure-delete', 1)",
    f"INSERT INTO search_meta (rowid, name, notes, tags, case_name) {_EXISTING}",
    f"INSERT INTO search_index (rowid, name, notes, tags, case_name, body)"
    f" SELECT *, '' FROM ({_EXISTING})",
)


def apply(db: Database) -> None:
    for sql in STATEMENTS:
        db.execute(sql)
