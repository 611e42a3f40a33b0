"""The wizard's proposed passphrase, and the banner asking for a new recovery code after the
vault was opened with the old one."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLineEdit

from app.passphrase_generator import load_wordlist
from app.passphrase_rules import require_strong_passphrase
from app.policy import Policy
from tests.ui.test_shell_wizard import Answers
from ui.clipboard import secret_clipboard
from ui.controller import AppController
from ui.recovery_banner import RecoveryBanner
from ui.wizard.pages_intro import PassphrasePage


def test_propose_fills_both_fields_with_listed_words(qtbot):
    page = PassphrasePage()
    qtbot.addWidget(page)
    assert not page.field.copy.isEnabled()
    page.field.propose.click()
    text = page.field.text()
    require_strong_passphrase(text)
    assert set(text.split(" ")) <= set(load_wordlist())
    assert page.confirm.text() == text and page.isComplete()
    assert page.field.edit.echoMode() == QLineEdit.EchoMode.Normal  # shown, to write it down
    assert "88 bits" in page.field.proposal_note.text()
    page.field.propose.click()
    assert page.field.text() != text  # a new draw each time
    page.field.copy.click()
    assert QApplication.clipboard().text() == page.field.text()
    assert secret_clipboard().holds_ours  # cleared later / at lock, hidden from histories
    secret_clipboard().clear_if_ours()


def test_banner_after_a_recovery_unlock_until_a_new_code(qtbot, jobs, settings, totp_vault,
                                                         monkeypatch):
    monkeypatch.setattr("ui.settings.dialog.Prompts", lambda: Answers(answer=True))
    settings.vault_dir = totp_vault.folder
    controller = AppController(settings, Policy(), jobs)
    controller.start()
    unlock = controller.window
    unlock.set_recovery_mode(True)
    unlock.recovery.setText(totp_vault.recovery_code)
    unlock.button.click()
    qtbot.waitUntil(lambda: controller.state == "main", timeout=30000)
    window = controller.main_window
    qtbot.addWidget(window)
    banner = window.findChild(RecoveryBanner)
    qtbot.waitUntil(lambda: banner.isVisible(), timeout=10000)
    banner.button.click()  # Security settings, "New recovery code" (asked, answered yes)
    dialog = controller._settings_dialog
    qtbot.waitUntil(lambda: dialog.child is not None, timeout=30000)
    dialog.child.done(0)
    dialog.done(0)
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=10000)
    controller.shutdown()
