"""A view-only document in the viewer: the watermark is painted into every page shown (so a
screenshot carries it), and copying its text is refused by the core even when forced."""

from __future__ import annotations

import io

import pytest
from pytestqt.exceptions import TimeoutError as WaitTimedOut
from PySide6.QtGui import QGuiApplication

from app.vault import ViewOnlyDocumentError
from tests.ui.documents_fixtures import (  # noqa: F401  (fixtures)
    WAIT_MS,
    documents_root,
    make_pdf,
    make_window,
    notary,
    open_copy,
    prompts,
    select_document,
    template,
)
from tests.ui.test_viewer_image import open_viewer, received_view_only  # noqa: F401
from tests.vault.conftest import befriend
from ui.viewer.text_tools import copyable_text
from ui.viewer.watermark import paint_watermark


def _red_ink(viewer) -> int:
    """Pixels of the grabbed page widget (what a screenshot sees) tinted by the red ink."""
    image = viewer.view.page.grab().toImage()
    step = 4
    return sum(1 for x in range(0, image.width(), step) for y in range(0, image.height(), step)
               if (c := image.pixelColor(x, y)).red() > c.green() + 20)


def test_every_page_of_a_view_only_document_carries_the_watermark(
        qtbot, notary, make_window, received_view_only):  # noqa: F811
    window = make_window(notary.session)
    viewer = open_viewer(qtbot, window, "Projet.pdf")
    qtbot.waitUntil(lambda: viewer._wanted is None and viewer.view.has_page(), timeout=WAIT_MS)
    lines = viewer.watermark
    card = notary.session.identity.card
    message_id = notary.session.documents.view_only(received_view_only).message_id
    assert lines[0] == f"View only: {card.name}, {card.organisation}"
    assert lines[1].startswith("Viewed on ")
    assert lines[2].replace(" ", "") == "Message" + message_id
    assert _red_ink(viewer) > 100  # in the pixels shown: a screenshot of the window carries it
    # Painted into the render itself (on the worker): the cached page is marked too.
    shown = viewer.view._image
    raw = viewer._source.render(0, viewer._device_scale())
    assert shown.size() == raw.size() and shown != raw.convertToFormat(shown.format())
    expected = raw.copy()
    paint_watermark(expected, lines)
    assert shown == expected


def test_an_ordinary_document_has_no_watermark(qtbot, notary, make_window):
    data = make_pdf(["Acte ordinaire."])
    notary.session.importer.import_stream("Ordinaire.pdf", len(data), None, io.BytesIO(data))
    window = make_window(notary.session)
    viewer = open_viewer(qtbot, window, "Ordinaire.pdf")
    qtbot.waitUntil(lambda: viewer._wanted is None and viewer.view.has_page(), timeout=WAIT_MS)
    assert viewer.watermark == () and _red_ink(viewer) == 0


def test_copy_is_refused_by_the_core(qtbot, notary, make_window,
                                     received_view_only):  # noqa: F811
    with pytest.raises(ViewOnlyDocumentError):
        copyable_text(notary.session, received_view_only, lambda: "secret")
    window = make_window(notary.session)
    viewer = open_viewer(qtbot, window, "Projet.pdf")
    qtbot.waitUntil(lambda: viewer._wanted is None and viewer.view.has_page(), timeout=WAIT_MS)
    assert not viewer.copy_action.isEnabled()
    QGuiApplication.clipboard().setText("avant")
    viewer._view_only = False  # as if the face forgot the rule: the core still refuses
    # Every message the status bar shows: a page shown again meanwhile ("Page 1 of 2", after a
    # late resize on a busy machine) may replace the refusal before it is looked at.
    shown: list[str] = []
    viewer.statusBar().messageChanged.connect(shown.append)
    viewer.text._copy(lambda: "secret")
    try:
        qtbot.waitUntil(lambda: any("view-only" in message for message in shown),
                        timeout=WAIT_MS)
    except WaitTimedOut:
        raise AssertionError(f"no refusal among the status messages {shown}") from None
    assert QGuiApplication.clipboard().text() == "avant"


def test_a_view_only_document_without_preview_offers_no_export(qtbot, notary, make_window,
                                                               documents_root, tmp_path):
    other = open_copy(template(documents_root, "other", lambda s: {}), tmp_path / "other")
    try:
        at_other, _ = befriend(other, notary.session)
        data = b"PK\x03\x04 not really a docx"
        doc = other.importer.import_stream("Note.docx", len(data), None, io.BytesIO(data))
        other.seal_documents([doc.id], [at_other], tmp_path / "n.scelle", view_only=True)
        notary.session.receive_sealed(tmp_path / "n.scelle")
    finally:
        other.lock()
    window = make_window(notary.session)
    viewer = open_viewer(qtbot, window, "Note.docx")
    qtbot.waitUntil(lambda: "No preview" in viewer.view.note.text(), timeout=WAIT_MS)
    assert "received view-only" in viewer.view.note.text()
    assert not viewer.export_action.isEnabled()
    assert viewer._source is None  # nothing decrypted for this page
