"""FIDO2 through the GUI, with the software authenticator of tests/support: the wizard enrols
the key (touch prompt shown), the unlock window opens with it, and a wait can be cancelled."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from app.policy import Policy
from app.vault import describe_vault
from tests.support.ctap2_emulator import Ctap2Emulator, Touch
from tests.ui.conftest import FAST_KDF, PASSPHRASE
from tests.ui.test_shell_wizard import Answers
from ui.unlock.window import UnlockWindow
from ui.wizard import wizard as wz
from ui.wizard.wizard import FirstRunWizard


def _create_with_key(qtbot, jobs, folder, key):
    wizard = FirstRunWizard(jobs, Policy(), folder, kdf=FAST_KDF,
                            save_path=lambda parent, name: None, prompts=Answers(True))
    qtbot.addWidget(wizard)
    wizard.touch.devices = lambda: [key]
    wizard.show()
    wizard.passphrase.field.edit.setText(PASSPHRASE)
    wizard.passphrase.confirm.setText(PASSPHRASE)
    wizard.factor.buttons["fido2"].setChecked(True)
    wizard.identity.name.setText("Claire Dubois")
    for expected in (wz.P_LOCATION, wz.P_PASSPHRASE, wz.P_FACTOR, wz.P_FIDO, wz.P_IDENTITY,
                     wz.P_CREATE):
        wizard.next()
        assert wizard.currentId() == expected
    qtbot.waitUntil(lambda: wizard.currentId() == wz.P_RECOVERY, timeout=60000)
    assert wizard.create.touch.isVisible() is False  # hidden again once created
    assert wizard.button(QWizard.WizardButton.CancelButton).isEnabled()  # leaving asks
    session = wizard.new_vault.session
    assert [s.kind for s in session.slots.list()] == ["fido2", "recovery"]
    # The recovery code checked: the creation is finished and the vault opens normally.
    code = wizard.recovery.code
    wizard.recovery.written.setChecked(True)
    wizard.next()
    groups = code.split("-")
    for field, index in zip(wizard.confirm.fields, wizard.confirm.asked):
        field.setText(groups[index])
    wizard.next()
    assert wizard.currentId() == wz.P_DONE and not describe_vault(folder).pending
    session.lock()


def test_fido2_vault_created_in_the_wizard_opens_in_the_unlock_window(qtbot, jobs, tmp_path):
    key = Ctap2Emulator()
    folder = tmp_path / "vault"
    _create_with_key(qtbot, jobs, folder, key)
    window = UnlockWindow(describe_vault(folder), jobs, Policy())
    qtbot.addWidget(window)
    window.factors.touch.devices = lambda: [key]
    window.show()
    assert window.factors.kinds == ["fido2"]
    prompts = []
    window.factors.touch.touchNeeded.connect(lambda: prompts.append(True))
    unlocked = []
    window.unlocked.connect(unlocked.append)
    window.passphrase.setText(PASSPHRASE)
    window.button.click()
    qtbot.waitUntil(lambda: bool(unlocked), timeout=30000)
    unlocked[0].lock()

    # A key nobody touches: the prompt shows, Escape cancels, the form comes back.
    key.touch = Touch.WAIT
    window.passphrase.setText(PASSPHRASE)
    window.button.click()
    qtbot.waitUntil(lambda: window.touch.isVisible(), timeout=30000)
    assert window.progress.cancel_button.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.busy, timeout=30000)
    assert window.modes.isEnabled() and not window.error.isVisible()
