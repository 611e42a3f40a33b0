"""The documents table model: lazy, paged, every vault call on a worker thread.

Rows arrive a page at a time (`canFetchMore`/`fetchMore`, `PAGE_SIZE` rows): the view asks for
more as the user scrolls, so a vault of 100,000 documents shows its first page at once and
never holds every row. Each new query (scope, search text, tag, sort) bumps a generation
number; answers of an older generation are dropped, so fast typing never shows stale rows.

Rows are `app.documents.Document` values (decrypted metadata) with their cells' text, formatted
on the worker that read them (`DocumentRow`): `data()` is called for every visible cell and
role at each repaint, so it only looks values up. `clear()` drops them all (on lock) and the
model then stays empty until `set_session()` gives it a session again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from app.documents import Document
from ui.common.consultation import view_only_short
from ui.common.document_icons import document_icon
from ui.common.formatting import format_datetime, format_size, type_label
from ui.models.document_query import (
    PAGE_SIZE,
    Column,
    DocumentQuery,
    Pager,
    TooManyToSort,
    fetch_page,
    open_pager,
)
from ui.workers import JobQueue

DocumentIdRole = Qt.ItemDataRole.UserRole + 1
DocumentRole = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex
_ROLES = frozenset(int(role) for role in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.TextAlignmentRole, DocumentIdRole, DocumentRole))


@dataclass(frozen=True)
class DocumentRow:
    """A document and the text of its cells, in `Column` order."""

    document: Document
    cells: tuple[str, ...]
    view_only: str = ""  # "view only, until …" after the type (ui/common/consultation.py)

    @classmethod
    def of(cls, document: Document, view_only: str = "") -> DocumentRow:
        cells = tuple(_cell_text(document, column) for column in Column)
        if view_only:
            cells = tuple(f"{text} · {view_only}" if column == Column.TYPE else text
                          for column, text in zip(Column, cells))
        return cls(document, cells, view_only)


def rows_of(documents: list[Document], session: Any = None) -> list[DocumentRow]:
    """The rows of a page; with `session`, view-only ones say so (one query per page)."""
    ends = session.documents.view_only_ends([d.id for d in documents]) if session else {}
    return [DocumentRow.of(document, view_only_short(ends[document.id])
                           if document.id in ends else "") for document in documents]


def _open_rows(session: Any, query: DocumentQuery, **job: Any) -> tuple[Pager, list[DocumentRow]]:
    """Job function: the pager and its first page, formatted (on the worker)."""
    first = open_pager(session, query, **job)
    return first.pager, rows_of(first.rows, session)


def _next_rows(session: Any, pager: Pager, offset: int, **job: Any) -> list[DocumentRow]:
    """Job function: the next page, formatted (on the worker)."""
    return rows_of(fetch_page(pager, offset, **job), session)


class DocumentTableModel(QAbstractTableModel):
    loadingChanged = Signal(bool)
    #: The number of documents matching the query is known or changed (see `total`).
    totalChanged = Signal()
    #: A sentence for the status bar (e.g. why a sort was refused).
    notice = Signal(str)
    #: The sort was changed back by the model: (column, descending).
    sortReverted = Signal(int, bool)
    #: A query failed: the exception (shown by the window).
    failed = Signal(object)

    def __init__(self, jobs: JobQueue, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs = jobs
        self._session: Any = None
        self._query = DocumentQuery()
        self._rows: list[DocumentRow] = []
        self._pager: Pager | None = None
        self._generation = 0
        self._loading = False
        self._exhausted = True

    # -- state --------------------------------------------------------------------------------
    @property
    def query(self) -> DocumentQuery:
        return self._query

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def total(self) -> int | None:
        """Documents matching the query (None: unknown until every page is read)."""
        if self._pager is None:
            return None
        if self._pager.total is None and self._exhausted:
            return len(self._rows)
        return self._pager.total

    @property
    def truncated(self) -> bool:
        return bool(self._pager is not None and self._pager.truncated)

    def set_session(self, session: Any) -> None:
        self._session = session
        self.set_query(self._query)

    def clear(self) -> None:
        """Drop every row and the pager (decrypted metadata) and forget the session."""
        self._session = None
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self._pager = None
        self._exhausted = True
        self.endResetModel()
        self._query = DocumentQuery(scope=self._query.scope)
        self._set_loading(False)
        self.totalChanged.emit()

    def set_query(self, query: DocumentQuery) -> None:
        """Show `query`'s documents from the first page (the old rows go at once)."""
        self._query = query
        self._generation += 1
        generation = self._generation
        self.beginResetModel()
        self._rows = []
        self._pager = None
        self._exhausted = True
        self.endResetModel()
        self.totalChanged.emit()
        if self._session is None:
            self._set_loading(False)
            return
        self._set_loading(True)
        self._jobs.submit(_open_rows, self._session, query,
                          on_done=lambda first: self._opened(generation, *first),
                          on_error=lambda exc: self._open_failed(generation, exc),
                          on_cancelled=lambda: self._stale_or_idle(generation))

    def refresh(self) -> None:
        self.set_query(self._query)

    # -- answers ------------------------------------------------------------------------------
    def _opened(self, generation: int, pager: Pager, rows: list[DocumentRow]) -> None:
        if generation != self._generation:
            return
        self._pager = pager
        self._append(rows)
        self._set_loading(False)
        self.totalChanged.emit()

    def _open_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._set_loading(False)
        if isinstance(exc, TooManyToSort):
            self.notice.emit(self.tr(
                "Sorting by this column is possible for up to 10,000 documents: choose a case, "
                "a tag or search first. The list stays sorted by name."))
            fallback = self._query.with_sort(Column.NAME, False)
            self.sortReverted.emit(int(Column.NAME), False)
            self.set_query(fallback)
            return
        self.failed.emit(exc)

    def _stale_or_idle(self, generation: int) -> None:
        if generation == self._generation:
            self._set_loading(False)

    def _append(self, rows: list[DocumentRow]) -> None:
        total = self._pager.total if self._pager is not None else None
        self._exhausted = len(rows) == 0 or (total is not None and
                                             len(self._rows) + len(rows) >= total)
        if total is None and len(rows) < PAGE_SIZE:
            self._exhausted = True
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    def _page_arrived(self, generation: int, rows: list[DocumentRow]) -> None:
        if generation != self._generation:
            return
        self._append(rows)
        self._set_loading(False)
        self.totalChanged.emit()

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loadingChanged.emit(loading)

    # -- lazy fetching ------------------------------------------------------------------------
    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._pager is not None and not self._exhausted \
            and not self._loading

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        generation = self._generation
        self._set_loading(True)
        self._jobs.submit(_next_rows, self._session, self._pager, len(self._rows),
                          on_done=lambda rows: self._page_arrived(generation, rows),
                          on_error=lambda exc: self._open_failed(generation, exc),
                          on_cancelled=lambda: self._stale_or_idle(generation))

    # -- rows ---------------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def document(self, row: int) -> Document | None:
        return self._rows[row].document if 0 <= row < len(self._rows) else None

    def row_of(self, document_id: int) -> int | None:
        for row, line in enumerate(self._rows):
            if line.document.id == document_id:
                return row
        return None

    def replace_document(self, document: Document) -> None:
        """Show an edited document (renamed, tagged…) without reloading the list."""
        row = self.row_of(document.id)
        if row is not None:
            self._rows[row] = DocumentRow.of(document, self._rows[row].view_only)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))

    def remove_ids(self, document_ids: set[int]) -> None:
        """Deleted documents leave the table, and the pager, so later pages stay aligned."""
        for row in range(len(self._rows) - 1, -1, -1):
            if self._rows[row].document.id in document_ids:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
        if self._pager is not None:
            self._pager.discard(set(document_ids))
        self.totalChanged.emit()

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Name"), self.tr("Type"), self.tr("Size"), self.tr("Added"),
                    self.tr("Tags"))[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section == Column.SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every visible cell and role at each repaint (a dozen roles per cell, most
        # of them unused here): answer those first, then look up, never format.
        if role not in _ROLES:
            return None
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._rows):
            return None
        line = self._rows[row]
        doc, column = line.document, index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return line.cells[column]
        if role == Qt.ItemDataRole.DecorationRole and column == Column.NAME:
            return document_icon(doc.media_type)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == DocumentIdRole:
            return doc.id
        if role == DocumentRole:
            return doc
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        # Deliberately not draggable: dragging a row out would hand plaintext to the desktop.
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        wanted = self._query.with_sort(Column(column), order == Qt.SortOrder.DescendingOrder)
        if wanted != self._query:
            self.set_query(wanted)


def _cell_text(doc: Document, column: int) -> str:
    if column == Column.NAME:
        return doc.name
    if column == Column.TYPE:
        return type_label(doc.media_type)
    if column == Column.SIZE:
        return format_size(doc.size)
    if column == Column.DATE:
        return format_datetime(doc.imported_at)
    return ", ".join(doc.tags)
