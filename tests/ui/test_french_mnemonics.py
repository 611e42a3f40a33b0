"""Every main window and dialog, built in French on real vaults: one Alt+letter per letter and
per page (menus each on their own), and no '&' shown as such.

The windows are the ones a user meets: unlock (passphrase and recovery modes), first-run
wizard, security settings (each tab), address book, seal dialog, open dialog, relay join dialog,
relay inbox and send dialog. The main window and its menus: test_french_main_window.py.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

import pytest

from app.policy import Policy
from app.relay_client import RelayService
from app.vault import create_vault, describe_vault
from crypto.factors.pkcs11_factor import KeySelection, Pkcs11Factor
from tests.ui.conftest import FAST_KDF, PASSPHRASE
from tests.ui.exchange_fixtures import (  # noqa: F401  (fixtures)
    WAIT_MS,
    add_document,
    exchange_cards,
    prompts,
    recipient,
    sender,
    vault_root,
)
from tests.ui.french_checks import each_language, french, literal_ampersands, mnemonic_clashes  # noqa: F401


def _check(window: QWidget) -> None:
    problems = mnemonic_clashes(window) + literal_ampersands(window)
    assert not problems, "\n".join(problems)


def test_unlock_window(each_language, qtbot, jobs, totp_vault) -> None:
    from ui.unlock.window import UnlockWindow

    window = UnlockWindow(describe_vault(totp_vault.folder), jobs, Policy())
    qtbot.addWidget(window)
    window.show()
    _check(window)
    window.set_recovery_mode(True)
    _check(window)


def test_token_unlock_window(each_language, qtbot, jobs, tmp_path, softhsm) -> None:
    from ui.unlock.window import UnlockWindow

    factor = Pkcs11Factor(softhsm.module(), softhsm.pin_provider(),
                          KeySelection(softhsm.selector(), softhsm.rsa_decrypt.key_id))
    create_vault(tmp_path / "vault", PASSPHRASE, factor, name="Claire Dubois",
                 kdf=FAST_KDF).session.lock()
    window = UnlockWindow(describe_vault(tmp_path / "vault"), jobs, Policy())
    qtbot.addWidget(window)
    window.show()
    _check(window)


def test_first_run_wizard(each_language, qtbot, jobs, tmp_path) -> None:
    from ui.wizard.wizard import FirstRunWizard

    wizard = FirstRunWizard(jobs, Policy(), tmp_path / "vault", kdf=FAST_KDF)
    qtbot.addWidget(wizard)
    wizard.show()
    _check(wizard)


def test_security_settings_every_tab(each_language, qtbot, jobs, settings, sender) -> None:
    from ui.settings.dialog import SecuritySettingsDialog

    dialog = SecuritySettingsDialog(sender, jobs, settings, Policy(), kdf=FAST_KDF)
    qtbot.addWidget(dialog)
    dialog.show()
    _check(dialog)


def test_address_book(each_language, qtbot, jobs, prompts, sender) -> None:
    from ui.contacts.contacts_dialog import ContactsDialog

    dialog = ContactsDialog(sender, jobs, prompts=prompts)
    qtbot.addWidget(dialog)
    dialog.show()
    _check(dialog)


def test_seal_dialog(each_language, qtbot, jobs, prompts, sender) -> None:
    from ui.exchange.seal_dialog import SealDialog

    doc = add_document(sender, "acte.pdf", b"%PDF-1.4 acte")
    dialog = SealDialog(sender, jobs, [doc], prompts=prompts)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.form.documents.rowCount() > 0, timeout=WAIT_MS)
    _check(dialog)


def test_join_relay_dialog(each_language, qtbot, jobs, sender) -> None:
    from ui.relay.join_dialog import JoinRelayDialog

    dialog = JoinRelayDialog(sender, jobs, service=RelayService(sender))
    qtbot.addWidget(dialog)
    dialog.show()
    _check(dialog)


def test_checks_catch_a_clash_and_a_bare_ampersand(french, qtbot) -> None:
    from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout

    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    label = QLabel("&Nom :")
    field = QLineEdit()
    label.setBuddy(field)
    for widget in (label, field, QPushButton("&Nouveau"), QLabel("Sceller && envoyer")):
        layout.addWidget(widget)
    window.show()
    assert mnemonic_clashes(window) == [
        "QWidget: Alt+N is both '&Nom :' and '&Nouveau'"]
    assert literal_ampersands(window) == ["label without buddy 'Sceller && envoyer'"]



def test_open_sealed_file_dialog(each_language, qtbot, jobs, prompts, sender, recipient,
                                 tmp_path) -> None:
    from ui.exchange.open_dialog import OpenSealedDialog

    karim, _ = exchange_cards(sender, recipient)
    sender.contacts.verify_safety_number(karim, sender.contacts.safety_number(karim))
    out = tmp_path / "pli.scelle"
    sender.seal_documents([add_document(sender, "acte.pdf", b"%PDF-1.4 acte")], [karim], out,
                          subject="Acte de vente")
    dialog = OpenSealedDialog(recipient, jobs, out, prompts=prompts)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.busy and dialog.file is not None, timeout=WAIT_MS)
    _check(dialog)  # an unverified sender: the acceptance box and the verify buttons shown


def test_relay_inbox_and_send_dialog(each_language, qtbot, jobs, prompts, sender) -> None:
    from ui.relay.panel import RelayPanel
    from ui.relay.send_dialog import SendViaRelayDialog

    service = RelayService(sender)
    panel = RelayPanel(sender, jobs, service=service, prompts=prompts)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.snapshot is not None, timeout=WAIT_MS)
    _check(panel)
    send = SendViaRelayDialog(sender, jobs, [add_document(sender, "acte.pdf", b"%PDF-1.4")],
                              service=service)
    qtbot.addWidget(send)
    send.show()
    _check(send)


@pytest.mark.parametrize("kind", ["pkcs11", "fido2", "totp"])
def test_add_a_key_dialog(each_language, qtbot, jobs, sender, kind) -> None:
    from ui.settings.slot_dialogs import AddSlotDialog

    dialog = AddSlotDialog(sender, jobs, Policy(), "", FAST_KDF, kind=kind)
    qtbot.addWidget(dialog)
    dialog.show()
    _check(dialog)


def test_change_passphrase_dialog(each_language, qtbot, jobs, sender) -> None:
    from ui.settings.slot_dialogs import ChangePassphraseDialog

    slot = sender.slots.list()[0]
    dialog = ChangePassphraseDialog(sender, slot, jobs, Policy(), "", FAST_KDF)
    qtbot.addWidget(dialog)
    dialog.show()
    _check(dialog)
