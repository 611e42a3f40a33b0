"""What the documents table asks the vault for, and how the answer is paged.

No Qt here: these functions and pagers run on worker threads (`ui.workers.JobQueue`), never on
the GUI thread, because a listing of a 100,000-document vault costs hundreds of milliseconds.

The app layer lists documents in name order only (`Documents.list(limit=, offset=)`), so:

* name order (ascending, or descending by reading pages from the end) is paged straight from
  the vault: `NamePager`, whatever the vault's size;
* other orders, tag filters and search results are sorted in memory over a bounded selection:
  `ListPager`. A selection larger than `MEMORY_SORT_LIMIT` refuses other orders
  (`TooManyToSort`): the table falls back to name order and says why.

Either way the model asks for `PAGE_SIZE` rows at a time and never holds every row.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any, Protocol

from app.documents import Document
from app.records import NotFoundError

PAGE_SIZE = 200
MEMORY_SORT_LIMIT = 10_000
MAX_SEARCH_RESULTS = 1_000


class Column(IntEnum):
    NAME = 0
    TYPE = 1
    SIZE = 2
    DATE = 3
    TAGS = 4


@dataclass(frozen=True)
class Scope:
    """Which documents: every one, those in no case, or one case's."""

    kind: str  # "all" | "unfiled" | "case"
    case_id: int | None = None

    @classmethod
    def everything(cls) -> Scope:
        return cls("all")

    @classmethod
    def unfiled(cls) -> Scope:
        return cls("unfiled")

    @classmethod
    def case(cls, case_id: int) -> Scope:
        return cls("case", int(case_id))


@dataclass(frozen=True)
class DocumentQuery:
    scope: Scope = Scope("all")
    text: str = ""  # search as you type; "" lists the scope
    tag: str | None = None
    sort: Column | None = Column.NAME  # None: relevance (search results only)
    descending: bool = False

    @property
    def searching(self) -> bool:
        return bool(self.text.strip())

    def with_sort(self, column: Column | None, descending: bool) -> DocumentQuery:
        return replace(self, sort=column, descending=descending)


class TooManyToSort(Exception):
    """The selection is too large to be sorted in memory by this column."""

    def __init__(self, count: int) -> None:
        super().__init__("selection too large to sort in memory")
        self.count = count


class Pager(Protocol):
    total: int | None  # None: unknown until the last page is read
    truncated: bool  # search results stop at MAX_SEARCH_RESULTS

    def page(self, offset: int, limit: int) -> list[Document]: ...

    def discard(self, document_ids: set[int]) -> None: ...


class NamePager:
    """Pages of `Documents.list`, in name order; descending reads from the end."""

    truncated = False

    def __init__(self, session: Any, query: DocumentQuery, total: int | None) -> None:
        self._documents = session.documents
        self._query = query
        self.total = total
        if query.descending and total is None:
            raise TooManyToSort(-1)  # reading from the end needs the count

    def _list(self, limit: int, offset: int) -> list[Document]:
        scope = self._query.scope
        return self._documents.list(
            case_id=scope.case_id if scope.kind == "case" else None,
            unfiled=scope.kind == "unfiled", tag=self._query.tag, limit=limit, offset=offset)

    def discard(self, document_ids: set[int]) -> None:
        """Deleted documents: the vault's own listing no longer has them."""
        if self.total is not None:
            self.total = max(0, self.total - len(document_ids))

    def page(self, offset: int, limit: int) -> list[Document]:
        if not self._query.descending:
            return self._list(limit, offset)
        assert self.total is not None
        end = self.total - offset
        start = max(0, end - limit)
        if end <= 0:
            return []
        return list(reversed(self._list(end - start, start)))


class ListPager:
    """An ordered selection already in memory (bounded by MEMORY_SORT_LIMIT or search)."""

    def __init__(self, documents: Sequence[Document], truncated: bool = False) -> None:
        self._documents = list(documents)
        self.total: int | None = len(self._documents)
        self.truncated = truncated

    def page(self, offset: int, limit: int) -> list[Document]:
        return self._documents[offset:offset + limit]

    def discard(self, document_ids: set[int]) -> None:
        self._documents = [d for d in self._documents if d.id not in document_ids]
        self.total = len(self._documents)


@dataclass
class FirstPage:
    pager: Pager
    rows: list[Document]


def scope_count(session: Any, scope: Scope) -> int:
    """How many documents `scope` holds (cheap: counts, no rows)."""
    if scope.kind == "case":
        return int(session.cases.get(scope.case_id).document_count)
    total = int(session.documents.count())
    if scope.kind == "unfiled":
        total -= sum(case.document_count for case in session.cases.list())
    return total


def open_pager(session: Any, query: DocumentQuery, *, progress: Callable | None = None,
               cancel: Callable[[], bool] | None = None) -> FirstPage:
    """The pager for `query` and its first page (a job function: runs on a worker thread)."""
    if query.searching:
        pager: Pager = _search_pager(session, query)
    elif query.sort in (None, Column.NAME) and query.tag is None:
        pager = NamePager(session, query, scope_count(session, query.scope))
    else:
        pager = _memory_pager(session, query)
    return FirstPage(pager, pager.page(0, PAGE_SIZE))


def fetch_page(pager: Pager, offset: int, *, progress: Callable | None = None,
               cancel: Callable[[], bool] | None = None) -> list[Document]:
    """The next page of an open pager (a job function)."""
    return pager.page(offset, PAGE_SIZE)


def _memory_pager(session: Any, query: DocumentQuery) -> Pager:
    scope = query.scope
    if query.tag is None and scope_count(session, scope) > MEMORY_SORT_LIMIT:
        raise TooManyToSort(scope_count(session, scope))
    rows = session.documents.list(
        case_id=scope.case_id if scope.kind == "case" else None,
        unfiled=scope.kind == "unfiled", tag=query.tag, limit=MEMORY_SORT_LIMIT + 1)
    if len(rows) > MEMORY_SORT_LIMIT:
        if query.sort in (None, Column.NAME) and not query.descending:
            return NamePager(session, query, None)
        raise TooManyToSort(len(rows))
    return ListPager(sort_documents(rows, query.sort, query.descending))


def _search_pager(session: Any, query: DocumentQuery) -> Pager:
    scope = query.scope
    hits = session.search.search(query.text, limit=MAX_SEARCH_RESULTS,
                                 case_id=scope.case_id if scope.kind == "case" else None)
    found: list[Document] = []
    wanted_tag = query.tag.casefold() if query.tag else None
    for hit in hits:
        if scope.kind == "unfiled" and hit.case_id is not None:
            continue
        try:
            doc = session.documents.get(hit.document_id)
        except NotFoundError:  # deleted since the index was read
            continue
        if wanted_tag is None or any(t.casefold() == wanted_tag for t in doc.tags):
            found.append(doc)
    if query.sort is not None:
        found = sort_documents(found, query.sort, query.descending)
    return ListPager(found, truncated=len(hits) >= MAX_SEARCH_RESULTS)


def fold(text: str) -> str:
    """Sort key for names: accents and case ignored ("Éléonore" sorts with "eleonore")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def sort_documents(rows: Sequence[Document], column: Column | None,
                   descending: bool) -> list[Document]:
    """Sort by `column`, then by name: equal sizes or types stay in a readable order."""
    by_name = sorted(rows, key=lambda d: (fold(d.name), d.id))
    if column in (None, Column.NAME):
        return by_name[::-1] if descending else by_name
    keys: dict[Column, Callable[[Document], Any]] = {
        Column.TYPE: lambda d: d.media_type,
        Column.SIZE: lambda d: d.size,
        Column.DATE: lambda d: d.imported_at,
        Column.TAGS: lambda d: (not d.tags, fold(", ".join(d.tags))),
    }
    # sorted() is stable: the name order survives among equal keys, in both directions.
    return sorted(by_name, key=keys[column], reverse=descending)
