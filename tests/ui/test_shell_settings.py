"""Security settings on a real vault: add a TOTP slot, change a passphrase, remove a slot,
replace the recovery code; the About dialog."""

from __future__ import annotations

import pyotp
import pytest

from app.policy import Policy
from app.unlock import TotpCode
from app.vault import RecoveryCode, open_vault
from tests.ui.conftest import FAST_KDF, PASSPHRASE
from ui.about import AboutDialog
from ui.settings.dialog import SecuritySettingsDialog
from ui.widgets.policy_note import PolicyNote

NEW_PASSPHRASE = "une autre phrase de sept mots pour le cabinet"


class AnswerPrompts:
    def __init__(self, answer=True):
        self.answer = answer
        self.asked = []

    def confirm(self, parent, title, text, accept, *, danger=False):
        self.asked.append(title)
        return self.answer

    def save_path(self, parent, title, name):
        return None


@pytest.fixture
def session(totp_vault):
    opened = open_vault(totp_vault.folder, PASSPHRASE, TotpCode(totp_vault.code()))
    yield opened
    opened.lock()


def _dialog(qtbot, session, jobs, settings, prompts=None, policy=None):
    dialog = SecuritySettingsDialog(session, jobs, settings, policy or Policy(), kdf=FAST_KDF,
                                    prompts=prompts or AnswerPrompts())
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_add_a_totp_slot_then_remove_it(qtbot, jobs, settings, session):
    dialog = _dialog(qtbot, session, jobs, settings)
    assert dialog.model.rowCount() == 2  # totp + recovery
    dialog.add_slot("totp")
    add = dialog.child
    add.label.setText("Téléphone de secours")
    add.passphrase.edit.setText("court")
    add.confirm.setText("court")
    add.submit()
    # The core's sentence (through the translator), as `scelle vault init` prints it.
    assert add.error.text().startswith("The passphrase is too weak: its strength is estimated")
    assert "at least 80 are required" in add.error.text()
    add.passphrase.edit.setText(NEW_PASSPHRASE)
    add.confirm.setText(NEW_PASSPHRASE)
    add.submit()
    assert add.busy
    qtbot.waitUntil(lambda: add.totp_page.isVisible(), timeout=30000)
    assert dialog.model.rowCount() == 3
    add.totp_page.code.setText(pyotp.parse_uri(add.totp_page.uri).now())
    add.submit()
    assert not add.isVisible()

    labels = [dialog.model.slot(r).label for r in range(dialog.model.rowCount())]
    dialog.table.selectRow(labels.index("Téléphone de secours"))
    dialog.remove_slot()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=10000)
    assert dialog.prompts.asked == ["Remove a way in"]


def test_the_last_passphrase_slot_cannot_be_removed(qtbot, jobs, settings, session):
    dialog = _dialog(qtbot, session, jobs, settings)
    dialog.select_kind("totp")
    dialog.remove_slot()
    assert dialog.slot_error.isVisible() and dialog.prompts.asked == []
    dialog.select_kind("recovery")
    assert not dialog.remove.isEnabled()


def test_change_passphrase_then_the_new_one_opens(qtbot, jobs, settings, session, totp_vault):
    dialog = _dialog(qtbot, session, jobs, settings)
    dialog.select_kind("totp")
    dialog.change_passphrase()
    change = dialog.child
    change.old.setText(PASSPHRASE)
    change.new.edit.setText(NEW_PASSPHRASE)
    change.confirm.setText(NEW_PASSPHRASE)
    change.submit()
    qtbot.waitUntil(lambda: not change.isVisible(), timeout=30000)
    session.lock()
    with open_vault(totp_vault.folder, NEW_PASSPHRASE, TotpCode(totp_vault.code(30))):
        pass


def test_new_recovery_code_replaces_the_old_one(qtbot, jobs, settings, session, totp_vault):
    dialog = _dialog(qtbot, session, jobs, settings)
    dialog.replace_recovery()
    qtbot.waitUntil(lambda: dialog.child is not None, timeout=30000)
    shown = dialog.child
    code = shown.page.code
    assert code and code != totp_vault.recovery_code
    shown.reject()
    assert shown.isVisible()  # not before the user ticks that the code is noted
    shown.page.written.setChecked(True)
    shown.ok.click()
    session.lock()
    with open_vault(totp_vault.folder, None, RecoveryCode(code)):
        pass


def test_policy_caps_the_idle_delay_and_marks_it(qtbot, jobs, settings, session):
    policy = Policy(idle_lock_max_minutes=10, required_factor_kinds=("pkcs11",),
                    source=settings.vault_dir)
    settings.policy = policy
    settings.idle_minutes = 30
    assert settings.idle_minutes == 10
    dialog = _dialog(qtbot, session, jobs, settings, policy=policy)
    assert dialog.idle.maximum() == 10 and dialog.idle.value() == 10
    notes = [n.label.text() for n in dialog.findChildren(PolicyNote)]
    assert "Imposed by your administrator — at most 10 min" in notes
    actions = {a.text(): a.isEnabled() for a in dialog.add.menu().actions()}
    assert [enabled for text, enabled in actions.items() if "TOTP" in text] == [False]


def test_about_shows_versions_and_the_vault_algorithms(qtbot, session):
    dialog = AboutDialog(session)
    qtbot.addWidget(dialog)
    text = dialog.versions.text()
    for name in ("Scellé", "Python", "Qt", "PySide6", "cryptography", "SQLCipher"):
        assert name in text
    assert ">?<" not in text
    algorithms = dialog.algorithms.text()
    assert "Argon2id, 64 MiB, t = 1, p = 1" in algorithms
    assert "ML-KEM-768" in algorithms and "X25519" in algorithms
