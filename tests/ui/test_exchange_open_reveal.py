"""After receiving a sealed file in the main window: "Show the documents" closes the dialog and
selects the received documents in the main window, in their case."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.policy import Policy
from tests.ui.exchange_fixtures import (  # noqa: F401 - fixtures
    WAIT_MS,
    add_document,
    exchange_cards,
    jobs,
    recipient,
    sender,
    vault_root,
)
from ui.exchange.open_dialog import OpenSealedDialog
from ui.main_window import MainWindow
from ui.models.document_query import Scope


def _sealed(sender, recipient, out: Path) -> Path:
    at_sender, _ = exchange_cards(sender, recipient)
    sender.contacts.verify_safety_number(at_sender, sender.contacts.safety_number(at_sender))
    ids = [add_document(sender, name, b"%PDF-1.4 " + name.encode() * 40)
           for name in ("Compromis.pdf", "Diagnostics.pdf", "Plan.pdf")]
    sender.seal_documents(ids, [at_sender], out, subject="Vente Martin")
    return out


@pytest.fixture
def window(qtbot, recipient, jobs) -> Iterator[MainWindow]:
    """The recipient's main window, its lists loaded; released before the vault locks."""
    window = MainWindow(recipient, jobs, Policy())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.cases_pane.model.rowCount() >= 2
                    and not window.documents_pane.model.loading, timeout=WAIT_MS)
    yield window
    window.release_session()
    jobs.wait(WAIT_MS)


def _receive(qtbot, window: MainWindow, path: Path, case: str | None) -> OpenSealedDialog:
    window.open_sealed(path)
    dialog = window.findChildren(OpenSealedDialog)[-1]
    qtbot.waitUntil(lambda: dialog.file is not None and not dialog.busy, timeout=WAIT_MS)
    if case is not None:
        dialog.cases.select_new(case)
    with qtbot.waitSignal(dialog.received, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.receive_button, Qt.MouseButton.LeftButton)
    return dialog


def test_show_the_documents_selects_them_in_their_case(qtbot, sender, recipient, window,
                                                       tmp_path: Path) -> None:
    # A search typed earlier must not hide them.
    window.documents_pane.search.setText("introuvable")
    dialog = _receive(qtbot, window, _sealed(sender, recipient, tmp_path / "pli.scelle"),
                      "Vente Martin")
    button = dialog.received_page.show_documents
    assert button.isVisible() and button.hasFocus()
    outcome = dialog.outcome
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    received = set(outcome.message.document_ids)
    qtbot.waitUntil(lambda: {d.id for d in window.documents_pane.selected_documents()}
                    == received, timeout=WAIT_MS)
    assert window.cases_pane.scope == Scope.case(outcome.message.case_id)
    assert window.documents_pane.search.text() == ""
    assert window.documents_pane.table.hasFocus()
    receipt = window.glance.history.entries[0]  # listed among the recent transfers
    assert (receipt.kind, receipt.name) == ("receive", "Vente Martin")


def test_unfiled_documents_are_shown_among_the_unfiled(qtbot, sender, recipient, window,
                                                       tmp_path: Path) -> None:
    dialog = _receive(qtbot, window, _sealed(sender, recipient, tmp_path / "pli.scelle"), None)
    assert dialog.outcome.message.case_id is None  # the picker's default: no case
    dialog.show_documents()
    received = set(dialog.outcome.message.document_ids)
    qtbot.waitUntil(lambda: {d.id for d in window.documents_pane.selected_documents()}
                    == received, timeout=WAIT_MS)
    assert window.cases_pane.scope == Scope.unfiled()


def test_without_a_main_window_the_link_is_not_offered(qtbot, sender, recipient, jobs,
                                                       tmp_path: Path) -> None:
    dialog = OpenSealedDialog(recipient, jobs, _sealed(sender, recipient,
                                                       tmp_path / "pli.scelle"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.file is not None and not dialog.busy, timeout=WAIT_MS)
    dialog.cases.select_new("Vente Martin")
    with qtbot.waitSignal(dialog.received, timeout=WAIT_MS):
        dialog.start_receiving()
    assert dialog.received_page.show_documents.isHidden()
    assert dialog.close_button.hasFocus()
