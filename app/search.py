"""Full-text search over the vault (FTS5 table `search_index`, see storage/migrations/v002).

Indexed per document: its name, notes, tags, its case's name and reference, and the text of PDF
documents (extracted at import, kept only inside the encrypted database). The tokenizer folds
case and accents: "Éléonore" is found by "eleonore", "ELEONORE" or "éléo".

Queries are never passed to FTS5 as syntax. The user's text is split on blanks and every term
becomes a quoted string ("" doubled inside), so `"`, `*`, `-`, `(`, `:`, `^`, AND/OR/NOT/NEAR
are just characters to look for. Terms are ANDed. For search-as-you-type the last term is a
prefix (unless the text ends with a blank, meaning the word is complete); a trailing
one-letter fragment after other words is left out until a second letter is typed, and a lone
letter is matched as a whole word (a one-letter prefix would match nearly everything). Prefix
indexes on 2 and 3 characters keep this fast. Results are ranked by bm25 with a document's name weighing most and PDF text least.

Index maintenance helpers (`index_document`, `unindex_document`, `reindex_case`, `purge_index`)
run inside the caller's transaction.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from storage.db import Database
from storage.store import Store

MAX_BODY_CHARS = 2_000_000  # text kept per document; beyond this a PDF is indexed partially
MAX_QUERY_TERMS = 16
DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class SearchHit:
    document_id: int
    name: str = field(repr=False)
    media_type: str
    case_id: int | None
    score: float  # bm25: lower (more negative) is better; hits come best first


def match_expression(text: str, *, prefix: bool = True) -> str | None:
    """The FTS5 MATCH expression for what the user typed, or None if nothing searchable."""
    # Control characters go first: a NUL would end the string inside FTS5's parser.
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    terms = [t for t in text.split() if any(ch.isalnum() for ch in t)][:MAX_QUERY_TERMS]
    as_you_type = prefix and bool(terms) and not text[-1:].isspace()
    if as_you_type and len(terms) > 1 and _letters(terms[-1]) < 2:
        terms.pop()  # "hypothèque c": wait for a second letter rather than match every "c…"
        as_you_type = False  # and the word before it is complete
    if not terms:
        return None
    quoted = ['"' + t.replace('"', '""') + '"' for t in terms]
    if as_you_type and _letters(terms[-1]) >= 2:
        quoted[-1] += "*"
    return " ".join(quoted)


def _letters(term: str) -> int:
    return sum(ch.isalnum() for ch in term)


class Search:
    def __init__(self, store: Store) -> None:
        self._db = store.db

    def search(
        self,
        text: str,
        *,
        case_id: int | None = None,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
        prefix: bool = True,
    ) -> list[SearchHit]:
        """Documents matching every term of `text`, best first (optionally within one case)."""
        expr = match_expression(text, prefix=prefix)
        if expr is None or limit <= 0:
            return []
        sql = (
            "SELECT d.id, d.name, d.media_type, d.case_id, s.rank"
            " FROM search_index AS s JOIN documents AS d ON d.id = s.rowid"
            " WHERE search_index MATCH ?"
        )
        params: list[object] = [expr]
        if case_id is not None:
            sql += " AND d.case_id = ?"
            params.append(case_id)
        sql += " ORDER BY s.rank LIMIT ? OFFSET ?"
        params += [int(limit), max(0, int(offset))]
        return [SearchHit(r[0], r[1], r[2], r[3], float(r[4])) for r in self._db.query(sql, params)]


# -- index maintenance (inside the caller's transaction) ----------------------------------------
def index_document(db: Database, document_id: int, *, body: str | None = None) -> None:
    """(Re)build a document's index row from the database. `body` sets its text; None keeps the
    text already indexed."""
    if body is None:
        body = db.scalar("SELECT body FROM search_index WHERE rowid = ?", (document_id,)) or ""
    body = body[:MAX_BODY_CHARS]
    row = db.query_one(
        "SELECT d.name, d.notes,"
        " coalesce((SELECT group_concat(t.name, ' ') FROM document_tags AS dt"
        "           JOIN tags AS t ON t.id = dt.tag_id WHERE dt.document_id = d.id), ''),"
        " coalesce(c.name || ' ' || c.reference, '')"
        " FROM documents AS d LEFT JOIN cases AS c ON c.id = d.case_id WHERE d.id = ?",
        (document_id,),
    )
    db.execute("DELETE FROM search_index WHERE rowid = ?", (document_id,))
    if row is None:
        return
    db.execute(
        "INSERT INTO search_index (rowid, name, notes, tags, case_name, body)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (document_id, row[0], row[1], row[2], row[3], body),
    )


def unindex_document(db: Database, document_id: int) -> None:
    db.execute("DELETE FROM search_index WHERE rowid = ?", (document_id,))


def reindex_case(db: Database, case_id: int) -> None:
    """After a case's name or reference changed: refresh its documents' case column."""
    for (doc_id,) in db.query("SELECT id FROM documents WHERE case_id = ?", (case_id,)):
        index_document(db, doc_id)


def purge_index(db: Database) -> None:
    """Merge the whole index into one segment. FTS5 deletes by adding tombstones; the deleted
    document's words stay in older segments until a merge. After a deletion this removes them
    (secure_delete then zeroes the freed pages). Cost grows with the index: run once per batch."""
    db.execute("INSERT INTO search_index (search_index) VALUES ('optimize')")
