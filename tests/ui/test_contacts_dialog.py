"""The contacts dialog and the safety-number dialog with two real vaults."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent

from app.vault import ContactState, VaultSession, VerificationMismatch
from crypto.identity import PrivateIdentity
from tests.ui.exchange_fixtures import (  # noqa: F401 - fixtures
    WAIT_MS,
    FakePrompts,
    exchange_cards,
    jobs,
    prompts,
    recipient,
    sender,
    vault_root,
)
from ui.common.explain import explain
from ui.contacts.contacts_dialog import ContactsDialog
from ui.contacts.safety_dialog import SafetyNumberDialog
from ui.workers import JobQueue


def _dialog(qtbot, session: VaultSession, jobs: JobQueue,
            prompts: FakePrompts) -> ContactsDialog:
    dialog = ContactsDialog(session, jobs, prompts=prompts)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.loads >= 1, timeout=WAIT_MS)
    return dialog


def _card_file(session: VaultSession, folder: Path, name: str = "carte.json") -> Path:
    path = folder / name
    path.write_bytes(session.identity.card.to_bytes())
    return path


def _wait_loads(qtbot, dialog: ContactsDialog, count: int) -> None:
    qtbot.waitUntil(lambda: dialog.loads >= count and not dialog.importer.busy,
                    timeout=WAIT_MS)


def test_import_card_then_verify_by_safety_number(qtbot, sender, recipient, jobs, prompts,
                                                  tmp_path: Path) -> None:
    dialog = _dialog(qtbot, sender, jobs, prompts)
    assert dialog.model.rowCount() == 0
    dialog.import_paths([_card_file(recipient, tmp_path)])
    _wait_loads(qtbot, dialog, 2)
    assert dialog.model.rowCount() == 1
    contact = dialog.details.contact
    assert contact is not None and contact.name == "Me Karim Benali"
    assert contact.state is ContactState.UNVERIFIED
    assert dialog.banner.kind == "info"  # "added; compare the safety number"
    assert dialog.details.fingerprint.text().replace("\n", " ").replace(" ", "") == \
        contact.card.fingerprint_hex
    safety = dialog.compare_safety_number()
    qtbot.waitUntil(lambda: safety.pair is not None, timeout=WAIT_MS)
    lines = safety.number.text().split("\n")
    groups = " ".join(lines).split()
    assert len(lines) == 3 and len(groups) == 12 and all(len(g) == 5 for g in groups)
    # The other party sees exactly the same digits.
    other = recipient.contacts.import_card(sender.identity.card.to_bytes()).contact.id
    assert safety.number.text() == recipient.contacts.safety_number(other)
    assert safety.qr.has_code
    qtbot.mouseClick(safety.match_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: safety.marked_verified, timeout=WAIT_MS)
    safety.accept()
    _wait_loads(qtbot, dialog, 3)
    assert sender.contacts.get(contact.id).state is ContactState.VERIFIED
    assert dialog.details.contact.state is ContactState.VERIFIED


def test_verify_by_scanned_code_and_refuse_a_wrong_one(qtbot, sender, recipient, jobs,
                                                       prompts) -> None:
    karim, claire = exchange_cards(sender, recipient)
    safety = SafetyNumberDialog(sender, jobs, karim, prompts=prompts)
    qtbot.addWidget(safety)
    qtbot.waitUntil(lambda: safety.pair is not None, timeout=WAIT_MS)
    wrong = recipient.contacts.qr_payload(claire)[:-1] + "0"
    if wrong == recipient.contacts.qr_payload(claire):
        wrong = wrong[:-1] + "1"
    safety.scanned.setText(wrong)
    qtbot.mouseClick(safety.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(prompts.errors), timeout=WAIT_MS)
    assert prompts.errors[0][0] == explain(VerificationMismatch(), "contact").title
    assert not safety.marked_verified
    assert sender.contacts.get(karim).state is ContactState.UNVERIFIED
    qtbot.waitUntil(lambda: safety.scanned.isEnabled(), timeout=WAIT_MS)
    safety.scanned.setText(recipient.contacts.qr_payload(claire))  # what Karim's screen shows
    qtbot.mouseClick(safety.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: safety.marked_verified, timeout=WAIT_MS)
    assert sender.contacts.get(karim).verified_method.value == "qr_code"


def test_namesake_with_other_keys_asks_then_shows_key_change(qtbot, sender, recipient, jobs,
                                                             prompts, tmp_path: Path) -> None:
    karim, _ = exchange_cards(sender, recipient)
    sender.contacts.verify_safety_number(karim, sender.contacts.safety_number(karim))
    impostor = PrivateIdentity.generate("Me Karim Benali", "Avocat", "Barreau de Lyon")
    card = tmp_path / "nouvelle.json"
    card.write_bytes(impostor.card.to_bytes())
    dialog = _dialog(qtbot, sender, jobs, prompts)
    assert not dialog.alert.isVisibleTo(dialog)
    prompts.choose_answers.append(0)  # "new keys of Me Karim Benali"
    dialog.import_paths([card])
    _wait_loads(qtbot, dialog, 2)
    assert prompts.asked == ["choose:Contact with the same name"]
    assert sender.contacts.get(karim).state is ContactState.KEY_CHANGED
    assert dialog.banner.kind == "danger" and dialog.alert.isVisibleTo(dialog)
    assert dialog.details.banner.isVisibleTo(dialog)  # the loud banner on the contact itself
    # A namesake that is another person is added beside, leaving the contact alone.
    other = PrivateIdentity.generate("Me Karim Benali", "Avocat", "Barreau de Paris")
    card2 = tmp_path / "homonyme.json"
    card2.write_bytes(other.card.to_bytes())
    prompts.choose_answers.append(1)  # "a different person"
    dialog.import_paths([card2])
    _wait_loads(qtbot, dialog, 3)
    assert dialog.model.rowCount() == 2


def test_invalid_card_is_refused_with_a_message(qtbot, sender, jobs, prompts,
                                                tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"name": "Me Faussaire"}')
    dialog = _dialog(qtbot, sender, jobs, prompts)
    dialog.import_paths([bad])
    _wait_loads(qtbot, dialog, 2)
    assert len(prompts.errors) == 1 and dialog.model.rowCount() == 0


def test_drop_cards_and_delete_with_confirmation(qtbot, sender, recipient, jobs, prompts,
                                                 tmp_path: Path) -> None:
    dialog = _dialog(qtbot, sender, jobs, prompts)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(_card_file(recipient, tmp_path))),
                  QUrl.fromLocalFile(str(tmp_path / "notes.txt"))])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    dialog.dropEvent(event)
    _wait_loads(qtbot, dialog, 2)
    assert dialog.model.rowCount() == 1
    prompts.confirm_answers.append(False)
    dialog.delete_selected()
    assert sender.contacts.list() != []
    prompts.confirm_answers.append(True)
    qtbot.keyClick(dialog.view, Qt.Key.Key_Delete)  # the Delete key does the same
    _wait_loads(qtbot, dialog, 3)
    assert sender.contacts.list() == [] and dialog.model.rowCount() == 0


def test_export_my_card_for_the_other_party(qtbot, sender, recipient, jobs, prompts,
                                            tmp_path: Path) -> None:
    dialog = _dialog(qtbot, sender, jobs, prompts)
    qtbot.waitUntil(lambda: bool(dialog.own_name.text()), timeout=WAIT_MS)
    assert dialog.own_name.text().startswith("Me Claire Dubois")
    out = tmp_path / "ma-carte"
    prompts.save_answers.append(out)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.banner.kind == "success", timeout=WAIT_MS)
    assert prompts.asked[0].startswith("save:")
    card = out.with_suffix(".json")
    assert recipient.contacts.import_card_file(card).contact.name == "Me Claire Dubois"
