"""Full-text search over the vault (FTS5 tables `search_meta` and `search_index`, see
storage/migrations/v002_search.py).

Indexed per document: its name, notes, tags, its case's name and reference, and the text of PDF
documents (extracted at import, kept only inside the encrypted database). The tokenizer folds
case and accents: "Éléonore" is found by "eleonore", "ELEONORE" or "éléo".

Queries are never passed to FTS5 as syntax. The user's text is split on blanks and every term
becomes a quoted string ("" doubled inside, control characters removed), so `"`, `*`, `-`, `(`,
`:`, `^`, AND/OR/NOT/NEAR are just characters to look for. Terms are ANDed. For
search-as-you-type the last term is a prefix (unless the text ends with a blank, meaning the word
is complete); a trailing one-letter fragment after other words is left out until a second letter
is typed, and a lone letter is matched as a whole word.

Ranking, in two phases so that a search stays fast with 100,000 documents (bm25 must be computed
for every candidate, so the candidates are bounded, newest documents first):

1. documents whose *metadata* (name, notes, tags, case) hold every term, ranked by bm25 (name
   weighs most) among the `META_CANDIDATES` newest matches: in practice all of them, unless the
   user typed two letters that half the vault contains;
2. then documents that match only through their PDF text or across fields, ranked among the
   `TEXT_CANDIDATES` newest such matches (ranking every PDF containing a common word would take
   seconds). This phase waits for a prefix of 3 letters.

FTS rowids are negated document ids (see the migration): ascending rowid order, which FTS5
walks fast, is newest first.

Index maintenance helpers (`index_document`, `index_batch`, `unindex_document`, `reindex_case`)
run inside the caller's transaction.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from app.records import documents as records
from storage.db import Database
from storage.store import Store

MAX_BODY_CHARS = 2_000_000  # text kept per document; beyond this a PDF is indexed partially
MAX_QUERY_TERMS = 16
DEFAULT_LIMIT = 50
META_CANDIDATES = 1000
TEXT_CANDIDATES = 300
MIN_TEXT_PREFIX = 3


@dataclass(frozen=True)
class SearchHit:
    document_id: int
    name: str = field(repr=False)
    media_type: str
    case_id: int | None
    in_metadata: bool  # phase 1 (name, notes, tags, case) rather than PDF text
    score: float  # bm25 within its phase: lower (more negative) is better


@dataclass(frozen=True)
class Query:
    expression: str  # the FTS5 MATCH expression
    shortest_prefix: int | None  # letters in the prefix term, None if no prefix


def parse_query(text: str, *, prefix: bool = True) -> Query | None:
    """The FTS5 query for what the user typed, or None if nothing searchable."""
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
    shortest = None
    if as_you_type and _letters(terms[-1]) >= 2:
        quoted[-1] += "*"
        shortest = _letters(terms[-1])
    return Query(" ".join(quoted), shortest)


def match_expression(text: str, *, prefix: bool = True) -> str | None:
    query = parse_query(text, prefix=prefix)
    return None if query is None else query.expression


def _letters(term: str) -> int:
    return sum(ch.isalnum() for ch in term)


_PHASE_SQL = (
    "SELECT id, name, media_type, case_id, r FROM ("
    " SELECT d.id, d.name, d.media_type, d.case_id, s.rank AS r"
    " FROM {table} AS s JOIN documents AS d ON d.id = -s.rowid"
    " WHERE {table} MATCH :q AND (:case IS NULL OR d.case_id = :case)"
    " ORDER BY s.rowid LIMIT :candidates)"
    " ORDER BY r LIMIT :n"
)
_META_SQL = _PHASE_SQL.format(table="search_meta")
_TEXT_SQL = _PHASE_SQL.format(table="search_index")


class Search:
    def __init__(self, store: Store) -> None:
        self._db = store.db

    def search(self, text: str, *, case_id: int | None = None, limit: int = DEFAULT_LIMIT,
               offset: int = 0, prefix: bool = True) -> list[SearchHit]:
        """Documents matching every term of `text`, best first (optionally within one case)."""
        query = parse_query(text, prefix=prefix)
        if query is None or limit <= 0:
            return []
        wanted = int(limit) + max(0, int(offset))
        params = {"q": query.expression, "case": case_id, "n": wanted,
                  "candidates": max(META_CANDIDATES, wanted)}
        hits = [SearchHit(r[0], r[1], r[2], r[3], True, float(r[4]))
                for r in self._db.query(_META_SQL, params)]
        if len(hits) < wanted and (query.shortest_prefix or MIN_TEXT_PREFIX) >= MIN_TEXT_PREFIX:
            seen = {h.document_id for h in hits}
            params["n"] = wanted + len(seen)
            params["candidates"] = max(TEXT_CANDIDATES, wanted + len(seen))
            hits += [SearchHit(r[0], r[1], r[2], r[3], False, float(r[4]))
                     for r in self._db.query(_TEXT_SQL, params) if r[0] not in seen]
        return hits[max(0, int(offset)):wanted]


# -- index maintenance (inside the caller's transaction) ----------------------------------------
def index_document(db: Database, document_id: int, *, body: str | None = None) -> None:
    """(Re)build a document's index rows from the database. `body` sets its text; None keeps the
    text already indexed."""
    if body is None:
        body = db.scalar("SELECT body FROM search_index WHERE rowid = ?", (-document_id,)) or ""
    row = db.query_one(
        "SELECT d.name, d.notes,"
        " coalesce((SELECT group_concat(t.name, ' ') FROM document_tags AS dt"
        "           JOIN tags AS t ON t.id = dt.tag_id WHERE dt.document_id = d.id), ''),"
        " coalesce(c.name || ' ' || c.reference, '')"
        " FROM documents AS d LEFT JOIN cases AS c ON c.id = d.case_id WHERE d.id = ?",
        (document_id,),
    )
    unindex_document(db, document_id)
    if row is None:
        return
    meta = (-document_id, row[0], row[1], row[2], row[3])  # negated: see module doc
    db.execute("INSERT INTO search_meta (rowid, name, notes, tags, case_name)"
               " VALUES (?, ?, ?, ?, ?)", meta)
    db.execute("INSERT INTO search_index (rowid, name, notes, tags, case_name, body)"
               " VALUES (?, ?, ?, ?, ?, ?)", (*meta, body[:MAX_BODY_CHARS]))


def index_batch(db: Database, unindexed: list[tuple[int, str]]) -> None:
    """Index the documents of an import batch, newest first. Their FTS rowids are the negated
    ids, and FTS5 writes its pending terms to disk whenever a rowid is not above the previous
    one: indexed as imported (descending rowids), each document cost a flush, 2 ms; in
    ascending rowid order, the batch is written once."""
    for doc_id, text in sorted(unindexed, reverse=True):
        index_document(db, doc_id, body=text)


def unindex_document(db: Database, document_id: int) -> None:
    db.execute("DELETE FROM search_meta WHERE rowid = ?", (-document_id,))
    db.execute("DELETE FROM search_index WHERE rowid = ?", (-document_id,))


def reindex_case(db: Database, case_id: int) -> None:
    """After a case's name or reference changed: refresh its documents' case column."""
    for doc_id in records.ids_in_case(db, case_id):
        index_document(db, doc_id)
