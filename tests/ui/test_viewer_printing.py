"""Printing from the viewer and the recovery sheet, into a real PDF "printer" (QPrinter's PDF
output, the print dialog bypassed), read back with PDFium; the workstation policy's
`print_allowed` greys Print out and the core refuses it when forced; nothing else is written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.policy import PolicyRefusal, workstation_policy
from app.printing import (
    PRINT_DOCUMENT,
    PRINT_TO_FILE,
    ViewOnlyPrintRefused,
    require_document_printable,
)
from tests.support.workstation_policy import set_policy  # noqa: F401 (fixture)
from tests.ui.documents_fixtures import (  # noqa: F401  (fixtures)
    WAIT_MS,
    documents_root,
    make_window,
    notary,
    prompts,
    select_document,
)
from tests.ui.printing_fixtures import inked_share, pdf_pages, printed  # noqa: F401
from tests.ui.test_viewer_image import received_view_only  # noqa: F401 (fixture)
from ui.viewer.viewer_window import ViewerWindow


def open_viewer(qtbot, window, name: str) -> ViewerWindow:
    select_document(qtbot, window, name)
    window.main_actions.open_document.trigger()
    viewer = window.viewers[-1]
    qtbot.waitUntil(viewer.view.has_page, timeout=WAIT_MS)
    return viewer


def _refusal(action: str) -> str:
    with pytest.raises(PolicyRefusal) as refused:
        workstation_policy().require_print_allowed(action)
    return str(refused.value)


def _print(qtbot, viewer: ViewerWindow) -> None:
    viewer.activateWindow()
    qtbot.waitUntil(viewer.isActiveWindow, timeout=WAIT_MS)
    qtbot.keyClick(viewer.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: viewer.printing.busy, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not viewer.printing.busy, timeout=WAIT_MS)


def _files_under(folder: Path) -> set[Path]:
    return {Path(root) / f for root, _dirs, files in os.walk(folder) for f in files}


def test_ctrl_p_prints_every_page_once_warned_and_audits_it(qtbot, notary, make_window,
                                                            printed, tmp_path, monkeypatch):
    scratch = tmp_path / "tmp"  # where any temporary file of ours or of Qt's would land
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    window = make_window(notary.session)
    viewer = open_viewer(qtbot, window, "Acte de notoriété.pdf")
    assert viewer.print_action.isEnabled()
    _print(qtbot, viewer)
    assert printed.asked == ["spooler", ("printer", "Print “Acte de notoriété.pdf”", 3, 0)]
    assert printed.errors == []
    assert len(pdf_pages(printed.output)) == 3
    assert all(inked_share(printed.output, i) > 0.0003 for i in range(3))  # not blank pages
    assert "Sent to the printer: 3 page(s)." == viewer.statusBar().currentMessage()
    actions = [e.action for e in notary.session.audit.entries(document_id=notary.ids["acte"])]
    assert actions.count("document.print") == 1
    # The second print of the run is not warned again; a page range prints only those pages.
    printed.pages = [1]
    printed.output.unlink()
    _print(qtbot, viewer)
    assert printed.asked.count("spooler") == 1
    assert len(pdf_pages(printed.output)) == 1
    assert _files_under(scratch) == set()
    assert _files_under(printed.output.parent) == {printed.output}


def test_an_image_prints_on_one_page(qtbot, notary, make_window, printed):
    window = make_window(notary.session)
    viewer = open_viewer(qtbot, window, "Plan cadastral.png")
    viewer.printing.print_document()
    qtbot.waitUntil(printed.output.exists, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not viewer.printing.busy, timeout=WAIT_MS)
    assert len(pdf_pages(printed.output)) == 1
    assert inked_share(printed.output, 0) > 0.0005


def test_declining_the_warning_or_the_dialog_prints_nothing(qtbot, notary, make_window,
                                                            printed):
    window = make_window(notary.session)
    viewer = open_viewer(qtbot, window, "Acte de notoriété.pdf")
    printed.confirm = False
    viewer.printing.print_document()
    assert printed.asked == ["spooler"]  # no dialog after "Cancel"
    printed.confirm, printed.cancel_dialog = True, True
    viewer.printing.print_document()
    assert not viewer.printing.busy and not printed.output.exists()
    actions = [e.action for e in notary.session.audit.entries(document_id=notary.ids["acte"])]
    assert "document.print" not in actions


def test_policy_greys_print_out_and_the_core_refuses_it(qtbot, notary, make_window, printed,
                                                        set_policy):
    path = set_policy(print_allowed=False)
    window = make_window(notary.session)
    viewer = open_viewer(qtbot, window, "Acte de notoriété.pdf")
    assert not viewer.print_action.isEnabled()
    assert "disabled on this workstation" in viewer.print_action.toolTip()
    viewer.printing.print_document()  # forced: the core's message, no dialog, nothing printed
    message = _refusal(PRINT_DOCUMENT)
    assert printed.errors == [message]
    assert "print_allowed is false" in message and str(path) in message
    assert printed.asked == [] and not printed.output.exists()
    with pytest.raises(PolicyRefusal):
        require_document_printable(notary.session, notary.ids["acte"])
    actions = [e.action for e in notary.session.audit.entries(document_id=notary.ids["acte"])]
    assert "document.print" not in actions


def test_without_the_key_printing_follows_export(qtbot, notary, make_window, printed,
                                                 set_policy):
    set_policy(export_allowed=False)
    window = make_window(notary.session, workstation_policy())
    viewer = open_viewer(qtbot, window, "Acte de notoriété.pdf")
    assert not viewer.print_action.isEnabled()


def test_print_to_file_is_an_export(qtbot, notary, make_window, printed, set_policy):
    set_policy(export_allowed=False, print_allowed=True)
    window = make_window(notary.session, workstation_policy())
    viewer = open_viewer(qtbot, window, "Acte de notoriété.pdf")
    assert viewer.print_action.isEnabled()
    viewer.printing.print_document()  # the fake printer writes a PDF file: print to file
    qtbot.waitUntil(lambda: printed.errors != [], timeout=WAIT_MS)
    with pytest.raises(PolicyRefusal) as refused:
        workstation_policy().require_export_allowed(PRINT_TO_FILE)
    assert printed.errors == [str(refused.value)]
    assert not printed.output.exists()
    qtbot.waitUntil(viewer.print_action.isEnabled, timeout=WAIT_MS)


def test_a_view_only_document_is_not_printed(qtbot, notary, make_window, printed,
                                             received_view_only):
    window = make_window(notary.session)
    viewer = open_viewer(qtbot, window, "Projet.pdf")
    assert not viewer.print_action.isEnabled()
    assert viewer.print_action.toolTip() == "Received view-only: cannot be printed"
    with pytest.raises(ViewOnlyPrintRefused):  # the core, as any face would call it
        require_document_printable(notary.session, received_view_only)
    viewer.printing.print_document()  # forced: the core's refusal, before any dialog
    assert printed.errors == [str(ViewOnlyPrintRefused(received_view_only))]
    assert printed.asked == [] and not printed.output.exists()
