"""The PDF viewer: pages rendered from memory on workers, page navigation, zoom, copying the
page text through the secret clipboard, and nothing left behind when it closes."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from tests.ui.documents_fixtures import (  # noqa: F401  (fixtures)
    PDF_CANARY,
    WAIT_MS,
    documents_root,
    make_window,
    notary,
    prompts,
    select_document,
)
from ui.viewer.page_cache import CACHE_PAGES
from ui.viewer.viewer_window import ViewerWindow


def _files_under(folder: Path) -> set[Path]:
    found: set[Path] = set()
    for root, _dirs, files in os.walk(folder):
        found.update(Path(root) / f for f in files)
    return found


def open_pdf(qtbot, window) -> ViewerWindow:
    select_document(qtbot, window, "Acte de notoriété.pdf")
    window.main_actions.open_document.trigger()
    viewer = window.viewers[-1]
    qtbot.waitUntil(viewer.view.has_page, timeout=WAIT_MS)
    return viewer


def test_pdf_pages_render_and_navigate(qtbot, notary, make_window):
    window = make_window(notary.session)
    viewer = open_pdf(qtbot, window)
    assert viewer.page_count == 3 and viewer.current_page == 0
    first = viewer.view.page.pixmap()
    assert not first.isNull() and first.width() > 100
    assert viewer.statusBar().currentMessage() == "Page 1 of 3"
    assert not viewer.prev_action.isEnabled() and viewer.next_action.isEnabled()
    viewer.activateWindow()
    qtbot.waitUntil(viewer.isActiveWindow, timeout=WAIT_MS)
    qtbot.keyClick(viewer.view, Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: viewer.current_page == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: viewer.view.page.pixmap().cacheKey() != first.cacheKey(),
                    timeout=WAIT_MS)
    assert viewer.page_field.value() == 2
    viewer.page_field.setValue(3)
    qtbot.waitUntil(lambda: viewer.current_page == 2, timeout=WAIT_MS)
    assert not viewer.next_action.isEnabled()
    qtbot.keyClick(viewer.view, Qt.Key.Key_PageUp)
    qtbot.waitUntil(lambda: viewer.current_page == 1, timeout=WAIT_MS)
    assert len(viewer._cache) <= CACHE_PAGES


def test_zoom_renders_larger_pages(qtbot, notary, make_window):
    window = make_window(notary.session)
    viewer = open_pdf(qtbot, window)
    viewer.actual_action.trigger()
    qtbot.waitUntil(lambda: viewer.zoom == 1.0 and viewer._render is None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not viewer._wanted, timeout=WAIT_MS)
    width = viewer.view.page.pixmap().width()
    viewer.zoom_in_action.trigger()
    assert viewer.zoom > 1.0 and viewer.zoom_label.text() == f"{round(viewer.zoom * 100)} %"
    qtbot.waitUntil(lambda: viewer.view.page.pixmap().width() > width, timeout=WAIT_MS)
    viewer.fit_action.trigger()
    room = viewer.view.viewport().width()
    qtbot.waitUntil(lambda: viewer._wanted is None, timeout=WAIT_MS)
    shown = viewer.view.page.pixmap()
    assert shown.width() / shown.devicePixelRatio() <= room


def test_copy_page_text_goes_through_the_secret_clipboard(qtbot, notary, make_window):
    window = make_window(notary.session)
    viewer = open_pdf(qtbot, window)
    viewer.go_to(1)
    assert viewer.copy_action.isEnabled()
    viewer.copy_action.trigger()
    qtbot.waitUntil(lambda: PDF_CANARY in QGuiApplication.clipboard().text(), timeout=WAIT_MS)
    from ui.clipboard import secret_clipboard

    assert secret_clipboard().holds_ours  # cleared at lock by the shell
    secret_clipboard().clear_if_ours()


def test_viewing_is_audited_and_writes_no_file(qtbot, notary, make_window, tmp_path,
                                               monkeypatch):
    # Any temporary file (tempfile, or a library honouring TMPDIR) would land in this folder.
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    watched = [scratch]
    before = set().union(*(_files_under(f) for f in watched if f.is_dir()))
    window = make_window(notary.session)
    viewer = open_pdf(qtbot, window)
    viewer.go_to(2)
    qtbot.waitUntil(lambda: viewer._wanted is None, timeout=WAIT_MS)
    after = set().union(*(_files_under(f) for f in watched if f.is_dir()))
    doc = notary.session.documents.get(notary.ids["acte"])
    marker = notary.session.documents.read_range(doc.id, doc.size - 160, 160)  # has its /ID
    for path in after - before:
        if notary.folder in path.parents:
            continue  # the vault's own encrypted database and journal
        try:
            assert marker not in path.read_bytes(), path
        except OSError:
            pass  # another process's file, gone already
    actions = [e.action for e in notary.session.audit.entries(document_id=notary.ids["acte"])]
    assert actions.count("document.open") == 1


def test_closing_the_viewer_zeroes_the_decrypted_bytes(qtbot, notary, make_window):
    window = make_window(notary.session)
    viewer = open_pdf(qtbot, window)
    source = viewer._source
    data = source._data
    assert bytes(data[:5]) == b"%PDF-"
    viewer.close()
    qtbot.waitUntil(lambda: source.closed, timeout=WAIT_MS)
    assert not any(data)
    assert window.viewers == []


def test_a_damaged_pdf_shows_a_readable_message(qtbot, notary, make_window):
    import io

    notary.session.importer.import_stream("Abîmé.pdf", 30, "application/pdf",
                                          io.BytesIO(b"%PDF-1.7\n" + b"\x00" * 21))
    window = make_window(notary.session)
    select_document(qtbot, window, "Abîmé.pdf")
    window.main_actions.open_document.trigger()
    viewer = window.viewers[-1]
    qtbot.waitUntil(lambda: "cannot be displayed" in viewer.view.note.text(), timeout=WAIT_MS)
    assert not viewer.view.has_page()
