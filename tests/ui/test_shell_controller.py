"""The controller with the real main window: wizard or unlock at start, lock and unlock again."""

from __future__ import annotations

from app.policy import Policy
from tests.ui.conftest import PASSPHRASE
from ui.controller import AppController
from ui.main_window import MainWindow
from ui.unlock.window import UnlockWindow
from ui.wizard.wizard import FirstRunWizard


def test_no_vault_starts_the_wizard(qtbot, jobs, settings):
    controller = AppController(settings, Policy(), jobs)
    controller.start()
    qtbot.addWidget(controller.window)
    assert controller.state == "wizard" and isinstance(controller.window, FirstRunWizard)
    assert controller.window.location.folder() == settings.vault_dir


def _unlock(qtbot, controller, code):
    window = controller.window
    assert isinstance(window, UnlockWindow) and window.isEnabled()
    window.passphrase.setText(PASSPHRASE)
    window.factors.code.setText(code)
    window.button.click()
    qtbot.waitUntil(lambda: controller.state == "main", timeout=30000)


def test_unlock_lock_and_unlock_again_reuses_the_main_window(qtbot, jobs, settings,
                                                              totp_vault):
    settings.vault_dir = totp_vault.folder
    controller = AppController(settings, Policy(), jobs)
    controller.start()
    qtbot.addWidget(controller.window)
    assert controller.state == "unlock"
    _unlock(qtbot, controller, totp_vault.code())
    window = controller.main_window
    qtbot.addWidget(window)
    assert isinstance(window, MainWindow) and window.isVisible()
    assert window.session is controller.session
    session = controller.session

    window.main_actions.lock.trigger()  # Ctrl+L
    assert window.session is None and not window.isVisible()
    qtbot.addWidget(controller.window)
    qtbot.waitUntil(lambda: controller.state == "unlock", timeout=10000)
    assert session.locked and controller.window.isVisible()

    _unlock(qtbot, controller, totp_vault.code(30))
    assert controller.main_window is window and window.isVisible()
    assert window.session is controller.session and not controller.session.locked
    controller.shutdown()
    assert window.session is None and controller.session is None
