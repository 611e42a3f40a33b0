"""The main window and a view-only document with a consultation end: the details say until
when; once it has passed, the timer's check destroys it, drops it from the list and closes
its viewer (its pages are plaintext in memory)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.ui.documents_fixtures import (  # noqa: F401  (fixtures)
    WAIT_MS,
    documents_root,
    make_pdf,
    make_window,
    names,
    notary,
    open_copy,
    prompts,
    select_document,
    template,
)
from tests.ui.test_consultation_gui import _end_at
from tests.ui.test_viewer_image import open_viewer, received_view_only  # noqa: F401


def test_details_say_until_when_then_the_timer_destroys(qtbot, notary, make_window,
                                                        received_view_only):  # noqa: F811
    session = notary.session
    _end_at(session, received_view_only, datetime.now(UTC) + timedelta(days=2))
    window = make_window(session)
    viewer = open_viewer(qtbot, window, "Projet.pdf")
    badge = window.details_pane.badge
    qtbot.waitUntil(lambda: "until" in badge.text(), timeout=WAIT_MS)
    assert badge.isVisibleTo(window.details_pane) and "destroyed" in badge.text()
    qtbot.waitUntil(lambda: viewer.view.has_page(), timeout=WAIT_MS)
    window.consultations.check()  # not yet due: nothing happens
    qtbot.waitUntil(lambda: not window.consultations._busy, timeout=WAIT_MS)
    assert viewer in window.viewers and session.documents.count() > 0

    _end_at(session, received_view_only, datetime.now(UTC) - timedelta(seconds=1))
    before = session.documents.count()
    window.consultations.check()
    qtbot.waitUntil(lambda: session.documents.count() == before - 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: viewer not in window.viewers or not viewer.isVisible(),
                    timeout=WAIT_MS)
    assert "Projet.pdf" not in names(window)
    assert "consultation period ended" in window.statusBar().currentMessage()


def test_documents_destroyed_elsewhere_close_their_viewer(qtbot, notary, make_window,
                                                          received_view_only):  # noqa: F811
    session = notary.session
    window = make_window(session)
    viewer = open_viewer(qtbot, window, "Projet.pdf")
    qtbot.waitUntil(lambda: viewer.view.has_page(), timeout=WAIT_MS)
    window.consultations.check()  # the first check notes how many ends there were
    qtbot.waitUntil(lambda: not window.consultations._busy, timeout=WAIT_MS)
    _end_at(session, received_view_only, datetime.now(UTC) - timedelta(seconds=1))
    session.consultations.enforce()  # as a relay sync on a worker would
    window.consultations.check()
    qtbot.waitUntil(lambda: viewer not in window.viewers or not viewer.isVisible(),
                    timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "Projet.pdf" not in names(window), timeout=WAIT_MS)


def test_the_list_says_view_only_until_when(qtbot, notary, make_window,
                                            received_view_only):  # noqa: F811
    from ui.models.document_query import Column

    session = notary.session
    _end_at(session, received_view_only, datetime.now(UTC) + timedelta(days=2))
    window = make_window(session)
    model = window.documents_pane.model
    qtbot.waitUntil(lambda: "Projet.pdf" in names(window), timeout=WAIT_MS)
    cells = {model.document(r).name: model.index(r, Column.TYPE).data()
             for r in range(model.rowCount())}
    assert "view only, until" in cells["Projet.pdf"]
    assert all("view only" not in text for name, text in cells.items() if name != "Projet.pdf")
    doc = session.documents.rename(received_view_only, "Projet renommé.pdf")
    model.replace_document(doc)  # an edit keeps the note
    row = model.row_of(received_view_only)
    assert "view only, until" in model.index(row, Column.TYPE).data()
