"""The wizard is no longer all-or-nothing: Back and Cancel wait during the creation, edits made
after going back are used, leaving asks, and a creation left before its recovery code was
checked is recognised at the next start, then finished (new code) or deleted."""

from __future__ import annotations

from pathlib import Path

import pyotp
from PySide6.QtWidgets import QWizard

from app.policy import Policy
from app.unlock import TotpSetup
from app.vault import RecoveryCode, create_vault, describe_vault, open_vault
from tests.ui.conftest import FAST_KDF, PASSPHRASE
from tests.ui.test_shell_wizard import Answers, _fill_common, _next, confirm_groups
from ui.controller import AppController
from ui.wizard import pending as pw
from ui.wizard import wizard as wz
from ui.wizard.pending import PendingCreationWizard
from ui.wizard.wizard import FirstRunWizard


def _wizard(qtbot, jobs, tmp_path, prompts) -> FirstRunWizard:
    wizard = FirstRunWizard(jobs, Policy(), tmp_path / "default", kdf=FAST_KDF,
                            save_path=lambda parent, name: None, prompts=prompts)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def _to_creation(qtbot, wizard, folder: Path) -> None:
    _fill_common(qtbot, wizard, folder, "totp")
    _next(qtbot, wizard, wz.P_IDENTITY)
    wizard.identity.name.setText("Claire Dubois")
    wizard.next()


def test_back_and_cancel_wait_while_the_vault_is_made(qtbot, jobs, tmp_path):
    prompts = Answers(answer=True)
    wizard = _wizard(qtbot, jobs, tmp_path, prompts)
    _to_creation(qtbot, wizard, tmp_path / "coffre")
    assert wizard.currentId() == wz.P_CREATE and wizard.create.busy
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    assert not wizard.button(QWizard.WizardButton.CancelButton).isEnabled()
    wizard.back()
    wizard.reject()
    assert wizard.currentId() == wz.P_CREATE and wizard.isVisible() and not prompts.asked
    qtbot.waitUntil(lambda: wizard.currentId() == wz.P_TOTP, timeout=60000)
    assert wizard.button(QWizard.WizardButton.CancelButton).isEnabled()  # leaving asks now


def test_edits_made_after_going_back_are_used(qtbot, jobs, tmp_path):
    wizard = _wizard(qtbot, jobs, tmp_path, Answers())
    taken = tmp_path / "pris"
    _fill_common(qtbot, wizard, taken, "totp")
    _next(qtbot, wizard, wz.P_IDENTITY)
    wizard.identity.name.setText("Claire Dubois")
    taken.write_text("un fichier, pas un dossier")  # the folder became a file meanwhile
    wizard.next()
    qtbot.waitUntil(lambda: wizard.create.error.isVisible(), timeout=30000)
    assert "Nothing was created" in wizard.create.error.text()
    while wizard.currentId() != wz.P_LOCATION:
        wizard.back()
    other = tmp_path / "autre"
    wizard.location.path.setText(str(other))
    _next(qtbot, wizard, wz.P_PASSPHRASE)
    _next(qtbot, wizard, wz.P_FACTOR)
    _next(qtbot, wizard, wz.P_IDENTITY)
    wizard.identity.name.setText("Claire Martin")  # a second edit, after going back
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == wz.P_TOTP, timeout=60000)
    assert wizard.new_vault.session.vault_dir == other
    assert wizard.new_vault.session.identity.card.name == "Claire Martin"
    assert taken.is_file() and describe_vault(other).pending


def test_leaving_before_creation_asks(qtbot, jobs, tmp_path):
    prompts = Answers(answer=False)
    wizard = _wizard(qtbot, jobs, tmp_path, prompts)
    wizard.close()  # on the welcome page: nothing chosen yet, nothing asked
    assert not wizard.isVisible() and not prompts.asked
    wizard.show()
    _next(qtbot, wizard, wz.P_LOCATION)
    wizard.close()
    assert wizard.isVisible() and "No vault has been created yet" in prompts.asked[0]
    prompts.answer = True
    wizard.reject()
    assert not wizard.isVisible()


def _leave_after_creation(qtbot, jobs, tmp_path, folder: Path) -> tuple[str, str]:
    """Create a TOTP vault in the wizard, then leave it at the recovery page."""
    prompts = Answers(answer=True)
    wizard = _wizard(qtbot, jobs, tmp_path, prompts)
    ready = []
    wizard.vaultReady.connect(ready.append)
    _to_creation(qtbot, wizard, folder)
    qtbot.waitUntil(lambda: wizard.currentId() == wz.P_TOTP, timeout=60000)
    uri, first_code = wizard.totp.uri, wizard.new_vault.recovery_code
    session = wizard.new_vault.session
    wizard.close()  # the window's close button: asked, answered "leave"
    assert not wizard.isVisible() and "next start will offer" in prompts.asked[-1]
    assert session.locked and not ready
    return uri, first_code


def _controller(qtbot, jobs, settings, folder: Path) -> AppController:
    settings.vault_dir = folder
    controller = AppController(settings, Policy(), jobs, kdf=FAST_KDF)
    controller.start()  # its windows are deleted by the controller as it moves on
    return controller


def test_left_creation_is_finished_at_next_start_with_a_new_code(qtbot, jobs, settings,
                                                                 tmp_path):
    folder = tmp_path / "coffre"
    uri, first_code = _leave_after_creation(qtbot, jobs, tmp_path, folder)
    assert describe_vault(folder).pending
    controller = _controller(qtbot, jobs, settings, folder)
    wizard = controller.window
    assert controller.state == "pending" and isinstance(wizard, PendingCreationWizard)
    wizard.prompts = Answers(answer=True)
    wizard.next()
    form = wizard.unlock.form
    form.passphrase.setText(PASSPHRASE)
    form.factors.code.setText(pyotp.parse_uri(uri).now())
    form.button.click()
    qtbot.waitUntil(lambda: wizard.currentId() == pw.P_RECOVERY, timeout=60000)
    new_code = wizard.recovery.code
    assert new_code != first_code and describe_vault(folder).pending
    wizard.recovery.written.setChecked(True)
    wizard.next()
    confirm_groups(wizard, new_code, folder)
    wizard.next()
    assert wizard.currentId() == pw.P_DONE and not describe_vault(folder).pending
    wizard.accept()
    qtbot.waitUntil(lambda: controller.state == "main", timeout=10000)
    qtbot.addWidget(controller.main_window)
    controller.shutdown()
    with open_vault(folder, None, RecoveryCode(new_code)) as session:
        assert session.identity.card.name == "Claire Dubois"


def test_left_creation_is_deleted_at_next_start_after_asking(qtbot, jobs, settings, tmp_path):
    folder = tmp_path / "coffre"
    create_vault(folder, PASSPHRASE, TotpSetup(), name="Claire Dubois", kdf=FAST_KDF,
                 pending=True).session.lock()
    controller = _controller(qtbot, jobs, settings, folder)
    wizard = controller.window
    wizard.prompts = Answers(answer=False)
    wizard.choice.delete.click()
    assert "will be deleted" in wizard.prompts.asked[0] and folder.exists()
    wizard.prompts.answer = True
    wizard.choice.delete.click()
    qtbot.waitUntil(lambda: controller.state == "wizard", timeout=10000)
    qtbot.addWidget(controller.window)
    assert isinstance(controller.window, FirstRunWizard) and not folder.exists()
