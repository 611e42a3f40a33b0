"""100,000 documents: the table shows the first page at once and fetches more only as the user
scrolls; it never holds every row. Sorting by a column the vault cannot page is refused with
a message rather than loading everything."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt

from tests.ui.documents_fixtures import (  # noqa: F401  (fixtures)
    BIG_COUNT,
    WAIT_MS,
    big_vault,
    documents_root,
    make_window,
    names,
    prompts,
    select_scope,
    wait_idle,
)
from ui.models.document_query import PAGE_SIZE, Column, Scope


def test_100k_documents_are_fetched_a_page_at_a_time(qtbot, big_vault, make_window):
    window = make_window(big_vault.session)
    model = window.documents_pane.model
    table = window.documents_pane.table
    assert model.total == BIG_COUNT
    assert model.rowCount() == PAGE_SIZE
    assert names(window)[:2] == ["Acte 000001.pdf", "Acte 000002.pdf"]
    assert window.count_label.text() == f"{QLocale().toString(BIG_COUNT)} document(s)"
    for pages in (2, 3):
        table.scrollToBottom()
        qtbot.waitUntil(lambda p=pages: model.rowCount() == p * PAGE_SIZE, timeout=WAIT_MS)
        wait_idle(qtbot, window)
    assert names(window)[-1] == f"Acte {3 * PAGE_SIZE:06d}.pdf"
    assert model.rowCount() == 3 * PAGE_SIZE  # bounded by what was scrolled through


def test_100k_documents_sort_by_name_descending_from_the_end(qtbot, big_vault, make_window):
    window = make_window(big_vault.session)
    select_scope(qtbot, window, Scope.case(big_vault.ids["archives"]))
    model = window.documents_pane.model
    header = window.documents_pane.table.horizontalHeader()
    header.setSortIndicator(Column.NAME, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: model.query.descending, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert names(window)[:2] == ["Acte 100000.pdf", "Acte 099999.pdf"]
    assert model.rowCount() == PAGE_SIZE


def test_sorting_100k_by_size_is_refused_and_the_name_order_kept(qtbot, big_vault,
                                                                  make_window):
    window = make_window(big_vault.session)
    model = window.documents_pane.model
    header = window.documents_pane.table.horizontalHeader()
    with qtbot.waitSignal(model.notice, timeout=WAIT_MS) as notice:
        header.setSortIndicator(Column.SIZE, Qt.SortOrder.DescendingOrder)
    assert "10,000 documents" in notice.args[0]
    qtbot.waitUntil(lambda: model.query.sort == Column.NAME, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert header.sortIndicatorSection() == Column.NAME
    assert model.rowCount() == PAGE_SIZE and model.total == BIG_COUNT
