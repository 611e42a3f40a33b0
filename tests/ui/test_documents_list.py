"""The main window lists a real vault's documents by case, sorted, and searches as you type."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.documents_fixtures import (  # noqa: F401  (fixtures)
    PDF_CANARY,
    WAIT_MS,
    documents_root,
    make_window,
    names,
    notary,
    prompts,
    select_scope,
    wait_idle,
)
from ui.documents.documents_pane import SEARCH_DELAY_MS
from ui.models.cases_model import CountRole
from ui.models.document_query import Column, Scope

ALL_NAMES = ["Acte de notoriété.pdf", "Compromis de vente.docx", "Courrier client.txt",
             "Plan cadastral.png", "Statuts SCI.txt", "Testament.txt"]


def test_documents_shown_by_name_with_case_counts(notary, make_window):
    window = make_window(notary.session)
    assert names(window) == ALL_NAMES
    cases = window.cases_pane.model
    labels = [cases.index(r).data() for r in range(cases.rowCount())]
    assert labels == ["All documents", "Unfiled", "SCI Les Tilleuls", "Succession Martin",
                      "Vente Dupuis"]
    counts = [cases.index(r).data(CountRole) for r in range(cases.rowCount())]
    assert counts == [6, 1, 1, 2, 2]
    assert window.count_label.text() == "6 document(s)"


def test_selecting_a_case_or_unfiled_lists_only_its_documents(qtbot, notary, make_window):
    window = make_window(notary.session)
    select_scope(qtbot, window, Scope.case(notary.ids["martin"]))
    assert names(window) == ["Acte de notoriété.pdf", "Testament.txt"]
    select_scope(qtbot, window, Scope.unfiled())
    assert names(window) == ["Courrier client.txt"]
    select_scope(qtbot, window, Scope.everything())
    assert len(names(window)) == 6


def test_header_clicks_sort_by_size_type_and_name(qtbot, notary, make_window):
    window = make_window(notary.session)
    model = window.documents_pane.model
    header = window.documents_pane.table.horizontalHeader()
    header.setSortIndicator(Column.SIZE, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: model.query.sort == Column.SIZE, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    sizes = [model.document(r).size for r in range(model.rowCount())]
    assert sizes == sorted(sizes, reverse=True)
    header.setSortIndicator(Column.TYPE, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: model.query.sort == Column.TYPE, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    types = [model.document(r).media_type for r in range(model.rowCount())]
    assert types == sorted(types)
    header.setSortIndicator(Column.NAME, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: model.query.descending and model.query.sort == Column.NAME,
                    timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert names(window) == ALL_NAMES[::-1]


def test_search_as_you_type_uses_the_full_text_index(qtbot, notary, make_window):
    window = make_window(notary.session)
    pane = window.documents_pane
    qtbot.keyClicks(pane.search, "comprom")
    # Debounced: nothing is queried while typing; the list changes after the pause.
    assert not pane.model.query.searching
    qtbot.waitUntil(lambda: pane.model.query.text == "comprom", timeout=SEARCH_DELAY_MS * 20)
    wait_idle(qtbot, window)
    assert names(window) == ["Compromis de vente.docx"]
    assert window.count_label.text() == "1 result(s)"
    pane.search.clear()
    qtbot.keyClicks(pane.search, PDF_CANARY[:6])  # a word of the PDF's text only
    qtbot.waitUntil(lambda: pane.model.query.text == PDF_CANARY[:6], timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert names(window) == ["Acte de notoriété.pdf"]
    pane.search.clear()
    qtbot.waitUntil(lambda: not pane.model.query.searching, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert names(window) == ALL_NAMES


def test_search_finds_by_case_name_and_stays_within_the_selected_case(qtbot, notary,
                                                                        make_window):
    window = make_window(notary.session)
    pane = window.documents_pane
    qtbot.keyClicks(pane.search, "martin")
    qtbot.waitUntil(lambda: pane.model.query.searching, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert sorted(names(window)) == ["Acte de notoriété.pdf", "Testament.txt"]
    select_scope(qtbot, window, Scope.case(notary.ids["dupuis"]))
    assert names(window) == []
    assert "No document of this case matches" in pane.table.placeholder


def test_tag_filter_lists_tagged_documents(qtbot, notary, make_window):
    window = make_window(notary.session)
    pane = window.documents_pane
    qtbot.waitUntil(lambda: pane.tag_filter.count() == 5, timeout=WAIT_MS)
    pane.tag_filter.setCurrentIndex(pane.tag_filter.findData("urgent"))
    pane.apply_query()
    wait_idle(qtbot, window)
    assert names(window) == ["Compromis de vente.docx"]


def test_details_are_emptied_when_the_list_no_longer_shows_the_document(qtbot, notary,
                                                                        make_window):
    from tests.ui.documents_fixtures import select_document

    window = make_window(notary.session)
    select_document(qtbot, window, "Testament.txt")
    qtbot.keyClicks(window.documents_pane.search, "cadastral")
    qtbot.waitUntil(lambda: window.documents_pane.model.query.searching, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert names(window) == ["Plan cadastral.png"]
    assert window.details_pane.details is None
    assert window.details_pane.stack.currentIndex() == 0
