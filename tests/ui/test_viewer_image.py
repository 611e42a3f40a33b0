"""The image viewer, documents without preview, and the export rules in the viewer (policy,
documents received view-only)."""

from __future__ import annotations

import io

import pytest

from app.policy import Policy
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
from tests.vault.conftest import befriend


def open_viewer(qtbot, window, name):
    select_document(qtbot, window, name)
    window.main_actions.open_document.trigger()
    return window.viewers[-1]


def test_image_is_shown_at_its_size_and_zooms(qtbot, notary, make_window):
    window = make_window(notary.session)
    viewer = open_viewer(qtbot, window, "Plan cadastral.png")
    qtbot.waitUntil(viewer.view.has_page, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: viewer._wanted is None, timeout=WAIT_MS)
    pixmap = viewer.view.page.pixmap()
    ratio = pixmap.devicePixelRatio()
    assert round(pixmap.width() / ratio) == round(120 * viewer.logicalDpiX() / 96)
    assert viewer.page_count == 1 and not viewer.next_action.isEnabled()
    assert not viewer.copy_action.isEnabled()  # an image has no text to copy
    viewer.zoom_in_action.trigger()
    qtbot.waitUntil(lambda: viewer.view.page.pixmap().width() > pixmap.width(), timeout=WAIT_MS)
    viewer.close()


def test_other_types_get_an_explanation_and_export_on_request(qtbot, notary, make_window,
                                                             prompts, tmp_path):
    window = make_window(notary.session)
    viewer = open_viewer(qtbot, window, "Compromis de vente.docx")
    qtbot.waitUntil(lambda: "No preview" in viewer.view.note.text(), timeout=WAIT_MS)
    assert viewer.export_action.isEnabled()
    assert viewer._source is None  # nothing was decrypted for nothing
    opened = [e.action for e in notary.session.audit.entries(document_id=notary.ids["compromis"])]
    assert "document.open" not in opened
    prompts.save_answer = tmp_path / "compromis.docx"
    viewer.export_action.trigger()
    qtbot.waitUntil((tmp_path / "compromis.docx").exists, timeout=WAIT_MS)


def test_policy_without_export_says_so_in_the_viewer(qtbot, notary, make_window):
    window = make_window(notary.session, Policy(export_allowed=False))
    viewer = open_viewer(qtbot, window, "Compromis de vente.docx")
    qtbot.waitUntil(lambda: "No preview" in viewer.view.note.text(), timeout=WAIT_MS)
    assert "disabled on this workstation" in viewer.view.note.text()
    assert not viewer.export_action.isEnabled()


@pytest.fixture
def received_view_only(notary, documents_root, tmp_path):
    """A PDF that another notary sealed for us view-only, received into our vault."""
    other = open_copy(template(documents_root, "other", lambda s: {}), tmp_path / "other")
    try:
        at_other, _at_us = befriend(other, notary.session)
        data = make_pdf(["Projet d'acte confidentiel."])
        doc = other.importer.import_stream("Projet.pdf", len(data), None, io.BytesIO(data))
        sealed = tmp_path / "projet.scelle"
        other.seal_documents([doc.id], [at_other], sealed, subject="Projet", view_only=True)
        received = notary.session.receive_sealed(sealed)
    finally:
        other.lock()
    return received.document_ids[0]


def test_view_only_documents_show_but_never_export_or_copy(qtbot, notary, make_window,
                                                           received_view_only):
    window = make_window(notary.session)
    select_document(qtbot, window, "Projet.pdf")
    assert window.details_pane.badge.isVisibleTo(window.details_pane)
    assert not window.main_actions.export.isEnabled()
    window.main_actions.open_document.trigger()
    viewer = window.viewers[-1]
    qtbot.waitUntil(viewer.view.has_page, timeout=WAIT_MS)
    assert not viewer.export_action.isEnabled()
    assert not viewer.copy_action.isEnabled()
