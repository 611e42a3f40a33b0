"""The open dialog with two real vaults: checking, showing, receiving, and every refusal
leaving the recipient's vault untouched."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt

from app.vault import VaultSession
from crypto.sealed.errors import ExpiredMessage, ReplayedMessage, TamperedError
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
from ui.common.explain import explain
from ui.exchange.message_view import UNKNOWN, VERIFIED
from ui.exchange.open_dialog import OpenSealedDialog
from ui.exchange.seal_dialog import SealDialog
from ui.workers import JobQueue


def _verified_pair(a: VaultSession, b: VaultSession) -> tuple[int, int]:
    at_a, at_b = exchange_cards(a, b)
    a.contacts.verify_safety_number(at_a, a.contacts.safety_number(at_a))
    b.contacts.verify_safety_number(at_b, b.contacts.safety_number(at_b))
    return at_a, at_b


def _sealed_file(sender: VaultSession, contact: int, out: Path, **kw: object) -> Path:
    doc = add_document(sender, "acte.pdf", b"%PDF-1.4 acte authentique" * 50)
    sender.seal_documents([doc], [contact], out, subject="Acte de vente", **kw)
    return out


def _open(qtbot, session: VaultSession, jobs: JobQueue, path: Path,
          prompts: FakePrompts) -> OpenSealedDialog:
    dialog = OpenSealedDialog(session, jobs, path, prompts=prompts)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.busy and bool(dialog.file or dialog.refusal),
                    timeout=WAIT_MS)
    return dialog


def test_round_trip_through_both_dialogs(qtbot, sender, recipient, jobs, prompts,
                                         tmp_path: Path) -> None:
    karim, _ = _verified_pair(sender, recipient)
    doc = add_document(sender, "compromis.pdf", b"%PDF-1.4 compromis" * 80)
    seal = SealDialog(sender, jobs, [doc], prompts=prompts)
    qtbot.addWidget(seal)
    qtbot.waitUntil(lambda: seal.form.recipients.rowCount() == 1, timeout=WAIT_MS)
    seal.form.recipients.set_checked(karim, True)
    seal.form.subject.setText("Compromis signé")
    out = tmp_path / "pli.scelle"
    seal.set_output_path(out)
    with qtbot.waitSignal(seal.sealed, timeout=WAIT_MS):
        qtbot.mouseClick(seal.seal_button, Qt.MouseButton.LeftButton)

    before = recipient.documents.count()
    dialog = _open(qtbot, recipient, jobs, out, prompts)
    assert dialog.file is not None and dialog.file.sender_state == VERIFIED
    view = dialog.view
    assert view.sender_name.text() == "Me Claire Dubois"
    assert view.subject.text() == "Compromis signé"
    assert view.files.index(0, 0).data() == "compromis.pdf"
    assert dialog.banner.kind == "success"
    assert not dialog.accept_unverified.isVisible()
    dialog.cases.select_new("Vente Martin")
    assert dialog.receive_button.isEnabled()
    with qtbot.waitSignal(dialog.received, timeout=WAIT_MS) as got:
        qtbot.mouseClick(dialog.receive_button, Qt.MouseButton.LeftButton)
    outcome = got.args[0]
    assert outcome.case_name == "Vente Martin" and outcome.document_names == ("compromis.pdf",)
    assert recipient.documents.count() == before + 1
    case = [c for c in recipient.cases.list() if c.name == "Vente Martin"][0]
    assert [d.name for d in recipient.documents.list(case_id=case.id)] == ["compromis.pdf"]
    assert dialog.pages.currentWidget() is dialog.received_page


def test_tampered_file_shows_the_tamper_message_and_imports_nothing(
        qtbot, sender, recipient, jobs, prompts, tmp_path: Path) -> None:
    karim, _ = _verified_pair(sender, recipient)
    out = _sealed_file(sender, karim, tmp_path / "pli.scelle")
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0x01  # one bit, in the encrypted payload
    out.write_bytes(bytes(data))
    before = recipient.documents.count()
    dialog = _open(qtbot, recipient, jobs, out, prompts)
    assert dialog.file is None
    assert dialog.refusal == explain(TamperedError(), "receive")
    assert dialog.pages.currentWidget() is dialog.refused_page
    assert dialog.refused_page.title.text() == dialog.refusal.title
    assert recipient.documents.count() == before


def test_replayed_file_is_refused(qtbot, sender, recipient, jobs, prompts,
                                  tmp_path: Path) -> None:
    karim, _ = _verified_pair(sender, recipient)
    out = _sealed_file(sender, karim, tmp_path / "pli.scelle")
    recipient.receive_sealed(out)
    before = recipient.documents.count()
    dialog = _open(qtbot, recipient, jobs, out, prompts)
    assert dialog.refusal == explain(ReplayedMessage(), "receive")
    assert recipient.documents.count() == before


def test_expired_file_is_refused(qtbot, sender, recipient, jobs, prompts,
                                 tmp_path: Path) -> None:
    karim, _ = _verified_pair(sender, recipient)
    # Sealed two minutes ago (within the cards' clock-skew allowance), expired a minute ago.
    past = datetime.now(UTC) - timedelta(minutes=2)
    out = _sealed_file(sender, karim, tmp_path / "pli.scelle", now=past,
                       expires=past + timedelta(minutes=1))
    dialog = _open(qtbot, recipient, jobs, out, prompts)
    assert dialog.refusal == explain(ExpiredMessage(), "receive")
    assert recipient.documents.count() == 0


def test_unknown_sender_needs_acceptance_or_verification(qtbot, sender, recipient, jobs,
                                                         prompts, tmp_path: Path) -> None:
    karim = sender.contacts.import_card(recipient.identity.card.to_bytes()).contact.id
    sender.contacts.verify_safety_number(karim, sender.contacts.safety_number(karim))
    out = _sealed_file(sender, karim, tmp_path / "pli.scelle")
    dialog = _open(qtbot, recipient, jobs, out, prompts)
    assert dialog.file is not None and dialog.file.sender_state == UNKNOWN
    assert dialog.banner.kind == "danger"
    assert not dialog.receive_button.isEnabled()  # not without an explicit acceptance
    assert dialog.start_receiving() is None
    # Import the card carried by the file, then compare the safety number.
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.safety_dialog is not None
                    and dialog.safety_dialog.pair is not None, timeout=WAIT_MS)
    safety = dialog.safety_dialog
    qtbot.mouseClick(safety.match_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: safety.marked_verified, timeout=WAIT_MS)
    safety.accept()
    qtbot.waitUntil(lambda: dialog.file is not None and dialog.file.sender_state == VERIFIED
                    and not dialog.busy, timeout=WAIT_MS)
    assert dialog.receive_button.isEnabled()
    with qtbot.waitSignal(dialog.received, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.receive_button, Qt.MouseButton.LeftButton)
    assert recipient.documents.count() == 1


def test_unknown_sender_accepted_explicitly(qtbot, sender, recipient, jobs, prompts,
                                            tmp_path: Path) -> None:
    karim = sender.contacts.import_card(recipient.identity.card.to_bytes()).contact.id
    sender.contacts.verify_safety_number(karim, sender.contacts.safety_number(karim))
    out = _sealed_file(sender, karim, tmp_path / "pli.scelle")
    dialog = _open(qtbot, recipient, jobs, out, prompts)
    dialog.accept_unverified.setChecked(True)
    assert dialog.receive_button.isEnabled()
    with qtbot.waitSignal(dialog.received, timeout=WAIT_MS) as got:
        dialog.start_receiving()
    assert not got.args[0].message.sender.verified
    assert recipient.contacts.list() == []  # accepting does not add a contact
