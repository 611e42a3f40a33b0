"""The documents table formats its cells on the worker that reads them: repaints only look
values up (docs/performance.md, "GUI responsiveness"), and an edited row is shown as edited."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

import ui.models.documents_model as documents_model
from tests.ui.documents_fixtures import (  # noqa: F401  (fixtures)
    documents_root,
    make_window,
    notary,
    prompts,
    wait_idle,
)
from ui.models.document_query import Column


def test_cells_are_formatted_off_the_gui_thread(qtbot, notary, make_window, monkeypatch):
    threads: list[int] = []
    real = documents_model.format_datetime

    def spy(moment):  # noqa: ANN001, ANN202
        threads.append(threading.get_ident())
        return real(moment)

    monkeypatch.setattr(documents_model, "format_datetime", spy)
    window = make_window(notary.session)
    wait_idle(qtbot, window)
    model = window.documents_pane.model
    table = window.documents_pane.table
    table.viewport().repaint()  # a paint asks every visible cell for its text
    assert model.rowCount() == 6 and len(threads) == 6  # once per row, when it was read
    assert threading.main_thread().ident not in threads
    doc = model.document(0)
    assert model.index(0, Column.DATE).data() == real(doc.imported_at)
    assert model.index(0, Column.NAME).data(Qt.ItemDataRole.ToolTipRole) == doc.name


def test_an_edited_document_shows_its_new_cells(qtbot, notary, make_window):
    window = make_window(notary.session)
    wait_idle(qtbot, window)
    model = window.documents_pane.model
    doc = model.document(0)
    tagged = notary.session.documents.set_tags(doc.id, ["urgent", "signé"])
    model.replace_document(tagged)
    assert model.index(0, Column.TAGS).data() == ", ".join(tagged.tags)
    assert model.document(0) == tagged
