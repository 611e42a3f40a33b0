"""Find in the document (Ctrl+F) and selecting text with the mouse in the viewer: hits found
in PDFium's text layer, painted over the page, next/previous round the document; the selection
copied only through the secret clipboard and only where the policy allows export."""

from __future__ import annotations

import io

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication

from app.policy import workstation_policy
from tests.support.workstation_policy import set_policy  # noqa: F401 (fixture)
from tests.ui.documents_fixtures import (  # noqa: F401  (fixtures)
    PDF_CANARY,
    WAIT_MS,
    documents_root,
    make_pdf,
    make_window,
    notary,
    prompts,
    select_document,
)
from ui.clipboard import secret_clipboard
from ui.viewer.viewer_window import ViewerWindow


def open_viewer(qtbot, window, name: str) -> ViewerWindow:
    select_document(qtbot, window, name)
    window.main_actions.open_document.trigger()
    viewer = window.viewers[-1]
    qtbot.waitUntil(viewer.view.has_page, timeout=WAIT_MS)
    viewer.activateWindow()
    qtbot.waitUntil(viewer.isActiveWindow, timeout=WAIT_MS)
    return viewer


def _search(qtbot, viewer: ViewerWindow, text: str) -> None:
    field = viewer.text.bar.field
    field.clear()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)  # at once, without waiting for the typing pause
    qtbot.waitUntil(lambda: viewer.text.bar.count.text() not in ("", "Searching…"),
                    timeout=WAIT_MS)


def _kinds(viewer: ViewerWindow) -> list[str]:
    return [kind for _box, kind in viewer.view._marks]


def test_ctrl_f_finds_highlights_and_steps_through_hits(qtbot, notary, make_window):
    window = make_window(notary.session)
    viewer = open_viewer(qtbot, window, "Acte de notoriété.pdf")
    bar = viewer.text.bar
    assert not bar.isVisible()
    qtbot.keyClick(viewer.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert bar.isVisible() and bar.field.hasFocus()
    _search(qtbot, viewer, PDF_CANARY.upper())  # case does not matter
    assert bar.count.text() == "1 of 1"
    qtbot.waitUntil(lambda: viewer.current_page == 1 and "current" in _kinds(viewer),
                    timeout=WAIT_MS)
    # "page" is on every page: the first hit shown is the one on the page in view (page 2).
    _search(qtbot, viewer, "page")
    assert bar.count.text() == "2 of 3" and viewer.current_page == 1
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)  # next
    assert bar.count.text() == "3 of 3"
    qtbot.waitUntil(lambda: viewer.current_page == 2, timeout=WAIT_MS)
    qtbot.keyClick(bar.field, Qt.Key.Key_F3)  # next, round to the first
    assert bar.count.text() == "1 of 3"
    qtbot.waitUntil(lambda: viewer.current_page == 0, timeout=WAIT_MS)
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)  # previous
    assert bar.count.text() == "3 of 3"
    qtbot.keyClick(bar.field, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count.text() == "2 of 3"
    qtbot.waitUntil(lambda: viewer.current_page == 1 and "current" in _kinds(viewer),
                    timeout=WAIT_MS)
    bar.previous.click()
    assert bar.count.text() == "1 of 3"
    # Escape closes the bar, not the viewer, and takes the highlights away.
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible() and viewer.isVisible() and viewer in window.viewers
    qtbot.waitUntil(lambda: _kinds(viewer) == [], timeout=WAIT_MS)


def test_no_results_and_typing_pause(qtbot, notary, make_window):
    window = make_window(notary.session)
    viewer = open_viewer(qtbot, window, "Acte de notoriété.pdf")
    viewer.text.find_action.trigger()
    bar = viewer.text.bar
    bar.field.setText("hypothèque")  # no Enter: searched after the typing pause
    qtbot.waitUntil(lambda: bar.count.text() == "No results", timeout=WAIT_MS)
    assert not bar.next.isEnabled() and not viewer.text.next_action.isEnabled()
    assert _kinds(viewer) == [] and viewer.current_page == 0
    bar.field.clear()
    qtbot.waitUntil(lambda: bar.count.text() == "", timeout=WAIT_MS)


def test_images_have_no_find(qtbot, notary, make_window):
    window = make_window(notary.session)
    viewer = open_viewer(qtbot, window, "Plan cadastral.png")
    assert not viewer.text.find_action.isEnabled()
    assert viewer.text.find_action.toolTip() == "An image has no text to find."
    qtbot.keyClick(viewer.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert not viewer.text.bar.isVisible()


def _drag_over_hit(qtbot, viewer: ViewerWindow) -> None:
    """Press on the first letter of the current hit, release on its last one."""
    hit = viewer.text.hits[viewer.text.current]
    size = viewer.view.page.pixmap().deviceIndependentSize()
    frame = viewer.view.page.frameWidth()

    def point(box, right: bool) -> QPoint:
        x = box[0] + box[2] * (0.98 if right else 0.02)  # inside the last / first letter
        return QPoint(round(x * size.width()) + frame,
                      round((box[1] + box[3] / 2) * size.height()) + frame)

    start, end = point(hit.boxes[0], False), point(hit.boxes[-1], True)
    qtbot.mousePress(viewer.view.page, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewer.view.page, end)
    qtbot.mouseRelease(viewer.view.page, Qt.MouseButton.LeftButton, pos=end)


def test_mouse_selection_is_copied_through_the_secret_clipboard(qtbot, notary, make_window):
    window = make_window(notary.session)
    viewer = open_viewer(qtbot, window, "Acte de notoriété.pdf")
    viewer.text.find_action.trigger()
    _search(qtbot, viewer, PDF_CANARY)
    viewer.text.close_bar()  # hits gone; the page stays
    viewer.text.find(PDF_CANARY)
    qtbot.waitUntil(lambda: viewer.text.current is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: viewer._wanted is None and viewer.view.has_page(), timeout=WAIT_MS)
    _drag_over_hit(qtbot, viewer)
    qtbot.waitUntil(lambda: viewer.text.selection is not None, timeout=WAIT_MS)
    assert viewer.text.selection.text == PDF_CANARY
    assert "selection" in _kinds(viewer)
    assert viewer.text.copy_selection_action.isEnabled()
    QGuiApplication.clipboard().setText("avant")
    qtbot.keyClick(viewer.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    # The core is asked first, on a worker (VaultDocuments.require_text_copy_allowed).
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == PDF_CANARY, timeout=WAIT_MS)
    assert secret_clipboard().holds_ours  # cleared after the delay and at lock
    secret_clipboard().clear_if_ours()
    viewer.go_to(0)  # the selection belongs to its page
    assert viewer.text.selection is None and not viewer.text.copy_selection_action.isEnabled()


def test_selection_copy_is_refused_without_export(qtbot, notary, make_window, set_policy):
    set_policy(export_allowed=False)
    window = make_window(notary.session, workstation_policy())
    viewer = open_viewer(qtbot, window, "Acte de notoriété.pdf")
    viewer.text.find(PDF_CANARY)
    qtbot.waitUntil(lambda: viewer.text.current is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: viewer._wanted is None and viewer.view.has_page(), timeout=WAIT_MS)
    _drag_over_hit(qtbot, viewer)  # selecting is allowed: it only shows
    qtbot.waitUntil(lambda: viewer.text.selection is not None, timeout=WAIT_MS)
    assert not viewer.text.copy_selection_action.isEnabled()
    QGuiApplication.clipboard().setText("avant")
    viewer.text.copy_selection()  # forced: the core's refusal in the status bar
    assert "export_allowed is false" in viewer.statusBar().currentMessage()
    assert QGuiApplication.clipboard().text() == "avant"


def test_a_pdf_without_text_finds_nothing(qtbot, notary, make_window):
    data = make_pdf([""])
    notary.session.importer.import_stream("Scan.pdf", len(data), None, io.BytesIO(data))
    window = make_window(notary.session)
    viewer = open_viewer(qtbot, window, "Scan.pdf")
    viewer.text.bar.open()
    _search(qtbot, viewer, "acte")
    assert viewer.text.bar.count.text() == "No results"
