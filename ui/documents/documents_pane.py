"""The documents pane: search as you type, a tag filter and the documents table.

Typing searches the full-text index (names, notes, tags, cases, PDF text) after a short pause
(`SEARCH_DELAY_MS`), on a worker thread; results come best first until a column header is
clicked. Without search text the table lists the selected case in name order, page by page.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.documents import Document
from ui.models.document_query import Column, DocumentQuery, Scope
from ui.models.documents_model import DocumentRole, DocumentTableModel
from ui.workers import JobQueue, plain

SEARCH_DELAY_MS = 250


class DocumentTable(QTableView):
    """The table, with a helpful sentence painted in its middle while it is empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.placeholder = ""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is None or model.rowCount() or not self.placeholder:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(self.palette().ColorRole.PlaceholderText))
        rect = self.viewport().rect().adjusted(24, 24, -24, -24)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                         self.placeholder)


class DocumentsPane(QWidget):
    selectionChanged = Signal()
    openRequested = Signal(object)  # Document
    statusChanged = Signal()

    def __init__(self, jobs: JobQueue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._jobs = jobs
        self._session: Any = None
        self._scope = Scope.everything()
        self.model = DocumentTableModel(jobs, self)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self._update_placeholder()
        self.search.setAccessibleName(self.tr("Search the documents"))
        self.tag_filter = QComboBox(self)
        self.tag_filter.setAccessibleName(self.tr("Show only documents with this tag"))
        self.tag_filter.setMinimumContentsLength(14)
        self.tag_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.table = DocumentTable(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_query)
        self._setup_table()
        self._build()
        self.set_tags([])
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.search.returnPressed.connect(self._search_now)
        self.tag_filter.activated.connect(lambda _i: self.apply_query())
        for signal in (self.model.totalChanged, self.model.loadingChanged):
            signal.connect(self._status_changed)
        self.model.sortReverted.connect(self._sort_reverted)
        # A new list clears the selection without a selectionChanged: say it, or the details
        # pane would go on showing a document that is no longer listed.
        self.model.modelReset.connect(self.selectionChanged)

    def _setup_table(self) -> None:
        table = self.table
        table.setModel(self.model)
        table.setAccessibleName(self.tr("Documents"))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setShowGrid(False)
        table.setDragEnabled(False)  # never drag plaintext out of the vault
        table.setTabKeyNavigation(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
        char = table.fontMetrics().averageCharWidth()
        for column, chars in ((Column.TYPE, 16), (Column.SIZE, 10), (Column.DATE, 17),
                              (Column.TAGS, 18)):
            header.resizeSection(column, chars * char + 24)
        header.setSortIndicator(Column.NAME, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(lambda *_: header.setSortIndicatorShown(True))
        table.selectionModel().selectionChanged.connect(lambda *_: self.selectionChanged.emit())
        table.activated.connect(self._activated)
        self._status_changed()

    def _build(self) -> None:
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.tag_filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)

    # -- session and query --------------------------------------------------------------------
    def set_session(self, session: Any) -> None:
        self._session = session
        self.model.set_session(session)
        self.reload_tags()

    def clear(self) -> None:
        """Drop the rows, the search text and the tags (all decrypted or typed secrets)."""
        self._session = None
        self._timer.stop()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.set_tags([])
        self.model.clear()

    def set_scope(self, scope: Scope) -> None:
        self._scope = scope
        self._update_placeholder()
        self.apply_query()

    def _update_placeholder(self) -> None:
        if self._scope.kind == "case":
            text = self.tr("Search this case: names, notes, tags, PDF text…")
        else:
            text = self.tr("Search names, notes, tags and PDF text…")
        self.search.setPlaceholderText(text)

    def apply_query(self) -> None:
        self._timer.stop()
        text = self.search.text()
        old = self.model.query
        sort, descending = old.sort, old.descending
        if text.strip() and not old.searching:
            sort, descending = None, False  # new search: best matches first
            self.table.horizontalHeader().setSortIndicatorShown(False)
        elif not text.strip() and sort is None:
            sort = Column.NAME
            self._show_sort(Column.NAME, False)
        query = DocumentQuery(self._scope, text, self.tag_filter.currentData(), sort, descending)
        if query != old or self.model.total is None and not self.model.loading:
            self.model.set_query(query)

    def _search_now(self) -> None:
        self.apply_query()

    def refresh(self) -> None:
        self.model.refresh()
        self.reload_tags()

    def _sort_reverted(self, column: int, descending: bool) -> None:
        self._show_sort(Column(column), descending)

    def _show_sort(self, column: Column, descending: bool) -> None:
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(column, Qt.SortOrder.DescendingOrder if descending
                                else Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
        header.blockSignals(False)

    # -- tags ---------------------------------------------------------------------------------
    def reload_tags(self) -> None:
        session = self._session
        if session is None:
            return
        self._jobs.submit(plain(lambda: session.documents.all_tags()),
                          on_done=lambda tags: self.set_tags(tags) if self._session else None)

    def set_tags(self, tags: list[str]) -> None:
        current = self.tag_filter.currentData()
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem(self.tr("All tags"), None)
        for tag in tags:
            self.tag_filter.addItem(tag, tag)
        index = self.tag_filter.findData(current) if current is not None else 0
        self.tag_filter.setCurrentIndex(max(0, index))
        self.tag_filter.blockSignals(False)

    # -- selection ----------------------------------------------------------------------------
    def selected_documents(self) -> list[Document]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [doc for doc in (self.model.document(r) for r in rows) if doc is not None]

    def current_document(self) -> Document | None:
        selected = self.selected_documents()
        return selected[0] if len(selected) == 1 else None

    def _activated(self, index: QModelIndex) -> None:
        doc = index.data(DocumentRole)
        if doc is not None:
            self.openRequested.emit(doc)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _status_changed(self) -> None:
        query = self.model.query
        if self.model.loading and not self.model.rowCount():
            self.table.placeholder = self.tr("Loading…")
        elif query.searching and query.scope.kind == "case":
            self.table.placeholder = self.tr(
                "No document of this case matches this search.\nSelect “All documents” to "
                "search the whole vault.")
        elif query.searching:
            self.table.placeholder = self.tr("No document matches this search.")
        elif self._session is None:
            self.table.placeholder = ""
        else:
            self.table.placeholder = self.tr(
                "No documents here yet.\nDrop files or folders on this window to import them "
                "into the vault, or use File, Import files (Ctrl+I).")
        self.table.viewport().update()
        self.statusChanged.emit()
