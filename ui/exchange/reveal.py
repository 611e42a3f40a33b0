"""After a sealed file was received: select its documents in the main window.

`follow_received(window, dialog)` is the main window's one hook (`MainWindow.open_sealed`): it
makes the open dialog offer "Show the documents" and, when the user clicks it, shows the case
the documents were received into (or "Unfiled") and selects them. The window's lists load in
jobs (the receipt itself made them reload), so `DocumentReveal` waits for each list's answer
rather than for a delay: cases first, then the documents, page by page until all are found.

The window is used through the public parts of its panes only (`cases_pane`, `documents_pane`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QObject, Qt, Signal

from ui.exchange.open_jobs import Received
from ui.models.document_query import Scope


def follow_received(window: Any, dialog: Any) -> None:
    """Offer the link in `dialog` and select the received documents in `window` on click."""
    dialog.offer_documents_link()
    dialog.documentsRequested.connect(lambda outcome: reveal(window, outcome))


def reveal(window: Any, outcome: Received) -> DocumentReveal:
    message = outcome.message
    finder = DocumentReveal(window, message.case_id, message.document_ids)
    finder.start()
    return finder


class DocumentReveal(QObject):
    """Selects `document_ids` in `window` once its lists hold them; `finished(found)`."""

    finished = Signal(bool)

    def __init__(self, window: Any, case_id: int | None, document_ids: tuple[int, ...]) -> None:
        super().__init__(window)
        self._window = window
        self._scope = Scope.case(case_id) if case_id is not None else Scope.unfiled()
        self._ids = tuple(document_ids)
        self._cases_waited = False

    def start(self) -> None:
        window = self._window
        if window.session is None:  # locked meanwhile: nothing to show
            self._finish(False)
            return
        window.raise_()
        window.activateWindow()
        docs = window.documents_pane
        # A search or a tag filter left in the list could hide the new documents.
        docs.search.blockSignals(True)
        docs.search.clear()
        docs.search.blockSignals(False)
        docs.tag_filter.setCurrentIndex(0)
        self._select_case()

    def _select_case(self) -> None:
        cases = self._window.cases_pane
        if cases.model.row_of(self._scope) is None:
            if not self._cases_waited:  # the new case may not be listed yet: wait for it once
                self._cases_waited = True
                cases.model.loaded.connect(self._cases_loaded)
                cases.reload()
                return
            self._scope = Scope.everything()  # the case went meanwhile: the whole vault
        cases.select_scope(self._scope)
        self._window.documents_pane.set_scope(self._scope)
        self._await_rows()

    def _cases_loaded(self) -> None:
        self._window.cases_pane.model.loaded.disconnect(self._cases_loaded)
        self._select_case()

    def _await_rows(self) -> None:
        model = self._window.documents_pane.model
        if model.loading:
            model.loadingChanged.connect(self._loading_changed)
            return
        self._try_select()

    def _loading_changed(self, loading: bool) -> None:
        if loading:
            return
        self._window.documents_pane.model.loadingChanged.disconnect(self._loading_changed)
        self._try_select()

    def _try_select(self) -> None:
        if self._window.session is None:
            self._finish(False)
            return
        model = self._window.documents_pane.model
        rows = [model.row_of(i) for i in self._ids]
        if None in rows and model.canFetchMore():
            model.fetchMore()  # the list reads pages: look in the next one
            self._await_rows()
            return
        found = sorted(r for r in rows if r is not None)
        self._select_rows(found)
        self._finish(len(found) == len(self._ids))

    def _select_rows(self, rows: list[int]) -> None:
        table = self._window.documents_pane.table
        model = table.model()
        if not rows:
            return
        selection = QItemSelection()
        for row in rows:
            selection.select(model.index(row, 0), model.index(row, model.columnCount() - 1))
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QItemSelectionModel.SelectionFlag.Rows)
        table.selectionModel().setCurrentIndex(model.index(rows[0], 0),
                                               QItemSelectionModel.SelectionFlag.NoUpdate)
        table.selectionModel().select(selection, flags)
        table.scrollTo(model.index(rows[0], 0))
        table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _finish(self, found: bool) -> None:
        self.finished.emit(found)
        self.deleteLater()
