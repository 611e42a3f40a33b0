"""The seal dialog with two real vaults: recipients, confirmation, sealing, cancelling."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from PySide6.QtCore import Qt

from app.vault import VaultSession
from crypto.identity import PrivateIdentity
from tests.ui.exchange_fixtures import (  # noqa: F401 - fixtures
    WAIT_MS,
    FakePrompts,
    add_document,
    exchange_cards,
    jobs,
    prompts,
    recipient,
    sender,
    vault_root,
)
from ui.exchange.seal_dialog import SealDialog, default_file_name, free_path
from ui.workers import JobQueue


def _dialog(qtbot, session: VaultSession, jobs: JobQueue, docs: list[int],
            prompts: FakePrompts) -> SealDialog:
    dialog = SealDialog(session, jobs, docs, prompts=prompts)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.form.recipients.rowCount() > 0
                    and dialog.form.documents.rowCount() > 0, timeout=WAIT_MS)
    return dialog


def _verify(session: VaultSession, contact_id: int) -> None:
    session.contacts.verify_safety_number(contact_id, session.contacts.safety_number(contact_id))


def test_seal_to_verified_contact_then_recipient_verifies(qtbot, sender, recipient, jobs,
                                                          prompts, tmp_path: Path,
                                                          lag_probe) -> None:
    karim, claire = exchange_cards(sender, recipient)
    _verify(sender, karim)
    _verify(recipient, claire)
    doc = add_document(sender, "acte-de-vente.pdf", b"%PDF-1.4 acte" * 100)
    dialog = _dialog(qtbot, sender, jobs, [doc], prompts)
    form = dialog.form
    assert form.recipients.set_checked(karim, True)
    form.subject.setText("Acte de vente")
    form.reference.setText("2026/0142")
    form.message.setPlainText("Cher confrère, voici l'acte.")
    form.expires.setChecked(True)
    form.view_only.setChecked(True)
    out = tmp_path / "envoi.scelle"
    prompts.save_answers.append(out)
    qtbot.mouseClick(form.browse_button, Qt.MouseButton.LeftButton)
    assert dialog.output_path() == out
    with lag_probe.measure("seal"), qtbot.waitSignal(dialog.sealed, timeout=WAIT_MS) as sealed:
        qtbot.mouseClick(dialog.seal_button, Qt.MouseButton.LeftButton)
    message = sealed.args[0]
    assert out.is_file() and message.path == out
    assert dialog.pages.currentWidget() is dialog.result_page
    assert "Me Karim Benali" in dialog.result_page.recipients_label.text()
    assert prompts.errors == []
    verified = recipient.verify_sealed(out)
    assert verified.message_id == message.message_id
    assert verified.metadata.subject == "Acte de vente" and verified.metadata.view_only
    assert verified.metadata.expires is not None and verified.sender.verified


def test_key_changed_contact_cannot_be_selected(qtbot, sender, recipient, jobs,
                                                prompts) -> None:
    karim, _ = exchange_cards(sender, recipient)
    _verify(sender, karim)
    impostor = PrivateIdentity.generate("Me Karim Benali", "Avocat", "Barreau de Lyon")
    assert sender.contacts.import_card(impostor.card.to_bytes()).outcome.value == "key_changed"
    doc = add_document(sender, "note.txt", b"confidentiel")
    dialog = _dialog(qtbot, sender, jobs, [doc], prompts)
    model = dialog.form.recipients
    row = model.row_of(karim)
    index = model.index(row, model.NAME)
    assert not index.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert not model.set_checked(karim, True)
    assert "CLÉ CHANGÉE" in index.siblingAtColumn(model.STATE).data() or \
        "KEY CHANGED" in index.siblingAtColumn(model.STATE).data()
    assert dialog.start_sealing() is None
    assert model.checked() == []


def test_unverified_contact_needs_explicit_confirmation(qtbot, sender, recipient, jobs,
                                                        prompts, tmp_path: Path) -> None:
    karim, _ = exchange_cards(sender, recipient)
    doc = add_document(sender, "note.txt", b"confidentiel")
    dialog = _dialog(qtbot, sender, jobs, [doc], prompts)
    form = dialog.form
    dialog.set_output_path(tmp_path / "pli.scelle")
    assert form.recipients.set_checked(karim, True)
    assert form.confirm_unverified.isVisibleTo(dialog)
    assert dialog.start_sealing() is None  # not confirmed: nothing starts
    assert dialog.banner.isVisibleTo(dialog) and dialog.banner.kind == "warning"
    assert not (tmp_path / "pli.scelle").exists()
    form.confirm_unverified.setChecked(True)
    with qtbot.waitSignal(dialog.sealed, timeout=WAIT_MS):
        assert dialog.start_sealing() is not None
    assert (tmp_path / "pli.scelle").is_file()


def test_cancel_during_sealing_leaves_no_file(qtbot, sender, recipient, jobs, prompts,
                                              tmp_path: Path) -> None:
    karim, _ = exchange_cards(sender, recipient)
    _verify(sender, karim)
    doc = add_document(sender, "gros.bin", os.urandom(16 * 1024 * 1024))
    clicked = threading.Event()
    real_seal = sender.seal_documents

    def seal_waiting_for_the_click(*args, progress, cancel, **kwargs):  # noqa: ANN001, ANN202
        def report(done: int, total: int) -> None:
            progress(done, total)
            clicked.wait(WAIT_MS / 1000)  # sealing has started writing: hold it for the click
        return real_seal(*args, progress=report, cancel=cancel, **kwargs)

    # Sealing 16 MiB can end before the click lands: the job waits for it instead.
    sender.seal_documents = seal_waiting_for_the_click  # type: ignore[method-assign]
    dialog = _dialog(qtbot, sender, jobs, [doc], prompts)
    dialog.show()  # the Cancel button is clicked where the user sees it
    dialog.form.recipients.set_checked(karim, True)
    out = tmp_path / "annule.scelle"
    dialog.set_output_path(out)
    job = dialog.start_sealing()
    assert job is not None
    with qtbot.waitSignal(job.progressed, timeout=WAIT_MS):
        pass  # sealing has started writing
    qtbot.mouseClick(dialog.progress.cancel_button, Qt.MouseButton.LeftButton)
    clicked.set()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT_MS)
    assert dialog.banner.kind == "info"  # "cancelled, no file was created"
    assert not out.exists()
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".scelle-")] == []
    assert prompts.errors == []
    assert dialog.pages.currentWidget() is not dialog.result_page


def test_default_name_has_only_a_date_and_never_replaces(tmp_path: Path) -> None:
    name = default_file_name()
    assert name.startswith("pli-") and name.endswith(".scelle")
    (tmp_path / name).write_bytes(b"")
    assert free_path(tmp_path, name).name == name.replace(".scelle", "-2.scelle")


def test_recipients_ticked_with_the_keyboard(qtbot, sender, recipient, jobs, prompts) -> None:
    karim, _ = exchange_cards(sender, recipient)
    _verify(sender, karim)
    dialog = _dialog(qtbot, sender, jobs, [add_document(sender, "a.txt", b"x")], prompts)
    dialog.show()
    view = dialog.form.recipients_view
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 3))  # any column of the row
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert [c.id for c in dialog.form.recipients.checked()] == [karim]
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert dialog.form.recipients.checked() == []
