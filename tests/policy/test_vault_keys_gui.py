"""The vault-key settings of the workstation policy through the desktop application
(pytest-qt): what the policy excludes is greyed out ahead of time, and when forced anyway the
core refuses and the window shows the core's own message, the one the command line prints
(tests/policy/test_vault_keys_cli.py). Nothing is written after a refusal.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.passphrase_rules import WeakPassphraseError, require_strong_passphrase
from app.policy import Policy, PolicyRefusal, workstation_policy
from app.unlock import RecoveryCode, TotpSetup
from app.vault import KdfPolicyError, VaultSession, create_vault, describe_vault, open_vault
from tests.policy.conftest import listing
from tests.support.softhsm import SOFTHSM_LIB
from tests.ui.conftest import collect_after_test, gui_thread_collector, jobs  # noqa: F401
from tests.vault_keys.conftest import FAST_KDF, FakeFactor
from ui.settings.slot_dialogs import AddSlotDialog, ChangePassphraseDialog
from ui.unlock.window import UnlockWindow
from ui.wizard.wizard import FirstRunWizard

STRONG = "une phrase de passe assez longue pour le coffre, é"  # ~102 bits
EIGHTY_EIGHT = "sept mots tirés au hasard dans le dictionnaire"  # ~88 bits
WAIT_MS = 30000


@pytest.fixture
def made(tmp_path: Path):
    """A vault (token + recovery slots) made before any policy, at the cheapest cost."""
    new = create_vault(tmp_path / "made", STRONG, FakeFactor(serial="A"), name="Me Test",
                       kdf=FAST_KDF)
    yield new
    new.session.lock()


def _policy_refusal(check) -> str:
    with pytest.raises(PolicyRefusal) as refused:
        check(workstation_policy())
    return str(refused.value)


def _weak_message(passphrase: str) -> str:
    with pytest.raises(WeakPassphraseError) as refused:
        require_strong_passphrase(passphrase)
    return str(refused.value)


# -- the wizard -------------------------------------------------------------------------------

def _wizard(qtbot, jobs, tmp_path: Path) -> FirstRunWizard:  # noqa: F811
    wizard = FirstRunWizard(jobs, workstation_policy(), tmp_path / "default", kdf=FAST_KDF)
    qtbot.addWidget(wizard)
    return wizard


def _force_creation(qtbot, wizard: FirstRunWizard, folder: Path, passphrase: str,
                    kind: str) -> str:
    """Fill the pages as a user could not (greyed-out choices), start the creation, and return
    what the creation page shows."""
    wizard.location.path.setText(str(folder))
    wizard.passphrase.field.edit.setText(passphrase)
    wizard.passphrase.confirm.setText(passphrase)
    wizard.factor.buttons[kind].setEnabled(True)
    wizard.factor.buttons[kind].setChecked(True)
    wizard.identity.name.setText("Claire Dubois")
    wizard.create.start()
    qtbot.waitUntil(lambda: not wizard.create.busy, timeout=WAIT_MS)
    assert wizard.create.result is None
    return wizard.create.error.text()


def test_wizard_excluded_factor_kind(qtbot, jobs, set_policy, tmp_path) -> None:  # noqa: F811
    set_policy(required_factor_kinds=["pkcs11"])
    wizard = _wizard(qtbot, jobs, tmp_path)
    buttons = wizard.factor.buttons
    assert not buttons["totp"].isEnabled() and not buttons["fido2"].isEnabled()
    assert buttons["pkcs11"].isChecked()
    shown = _force_creation(qtbot, wizard, tmp_path / "v", STRONG, "totp")
    assert _policy_refusal(lambda p: p.require_factor_kind("totp")) in shown
    assert not (tmp_path / "v").exists()


def test_wizard_weak_passphrase(qtbot, jobs, set_policy, tmp_path) -> None:  # noqa: F811
    wizard = _wizard(qtbot, jobs, tmp_path)
    page = wizard.passphrase
    page.field.edit.setText("a")
    page.confirm.setText("a")
    assert not page.isComplete()  # Next stays greyed
    shown = _force_creation(qtbot, wizard, tmp_path / "v", "a", "totp")
    assert _weak_message("a") in shown  # the message `scelle vault init` prints
    assert not (tmp_path / "v").exists()


def test_wizard_min_passphrase_bits(qtbot, jobs, set_policy, tmp_path) -> None:  # noqa: F811
    path = set_policy(min_passphrase_bits=100)
    wizard = _wizard(qtbot, jobs, tmp_path)
    page = wizard.passphrase
    page.field.edit.setText(EIGHTY_EIGHT)
    page.confirm.setText(EIGHTY_EIGHT)
    assert not page.isComplete() and "100 bits" in page.field.verdict.text()
    shown = _force_creation(qtbot, wizard, tmp_path / "v", EIGHTY_EIGHT, "totp")
    message = _weak_message(EIGHTY_EIGHT)
    assert message in shown and str(path) in message
    assert not (tmp_path / "v").exists()
    page.field.edit.setText(STRONG)
    page.confirm.setText(STRONG)
    assert page.isComplete()


def test_wizard_imposed_library(qtbot, jobs, set_policy, tmp_path) -> None:  # noqa: F811
    set_policy(pkcs11_module=SOFTHSM_LIB)
    wizard = FirstRunWizard(jobs, workstation_policy(), tmp_path / "default",
                            module_path=SOFTHSM_LIB, kdf=FAST_KDF)
    qtbot.addWidget(wizard)
    picker = wizard.token.picker
    assert not picker.module.isEnabled() and picker.module_path == SOFTHSM_LIB


def test_wizard_raises_its_default_cost_to_the_floor(qtbot, jobs, set_policy,
                                                     tmp_path) -> None:  # noqa: F811
    set_policy(min_kdf_memory_mib=128)
    wizard = _wizard(qtbot, jobs, tmp_path)
    wizard.factor.buttons["totp"].setChecked(True)
    wizard.identity.name.setText("Claire Dubois")
    wizard.location.path.setText(str(tmp_path / "v"))
    assert wizard._request()["kdf"].memory_kib == 128 * 1024


# -- the security settings --------------------------------------------------------------------

def _add_dialog(qtbot, jobs, session: VaultSession, policy: Policy, kind: str):  # noqa: F811
    dialog = AddSlotDialog(session, jobs, policy, "", FAST_KDF, kind)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _submit(qtbot, dialog, passphrase: str) -> str:
    dialog.passphrase.edit.setText(passphrase)
    dialog.confirm.setText(passphrase)
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT_MS)
    return dialog.error.text()


def test_settings_excluded_factor_kind(qtbot, jobs, set_policy, made) -> None:  # noqa: F811
    set_policy(required_factor_kinds=["pkcs11"])
    dialog = _add_dialog(qtbot, jobs, made.session, workstation_policy(), "totp")
    assert not dialog.kind_buttons["totp"].isEnabled()
    assert dialog.kind() == "pkcs11"  # the dialog started on an allowed kind
    header = made.session.vault_dir / "vault.json"
    before = header.read_bytes()
    dialog.kind_buttons["totp"].setEnabled(True)
    dialog.kind_buttons["totp"].setChecked(True)
    shown = _submit(qtbot, dialog, STRONG)
    assert shown == _policy_refusal(lambda p: p.require_factor_kind("totp"))
    assert header.read_bytes() == before


def test_settings_kdf_floor_of_a_face_told_nothing(qtbot, jobs, set_policy,
                                                   made) -> None:  # noqa: F811
    set_policy(min_kdf_memory_mib=128)
    # A dialog given no policy passes its 64-MiB cost as it is: the core refuses it.
    dialog = _add_dialog(qtbot, jobs, made.session, Policy(), "totp")
    before = (made.session.vault_dir / "vault.json").read_bytes()
    shown = _submit(qtbot, dialog, STRONG)
    assert shown == _policy_refusal(lambda p: p.require_kdf_floor(FAST_KDF))
    assert (made.session.vault_dir / "vault.json").read_bytes() == before


def test_settings_weak_passphrase(qtbot, jobs, set_policy, made) -> None:  # noqa: F811
    dialog = _add_dialog(qtbot, jobs, made.session, workstation_policy(), "totp")
    before = (made.session.vault_dir / "vault.json").read_bytes()
    assert _submit(qtbot, dialog, "a") == _weak_message("a")
    slot = made.session.slots.list()[0]
    change = ChangePassphraseDialog(made.session, slot, jobs, workstation_policy(), "", FAST_KDF)
    qtbot.addWidget(change)
    change.old.setText(STRONG)
    change.new.edit.setText("a")
    change.confirm.setText("a")
    change.submit()
    assert change.error.text() == _weak_message("a")
    assert (made.session.vault_dir / "vault.json").read_bytes() == before


# -- the unlock window ------------------------------------------------------------------------

def _unlock_window(qtbot, jobs, folder: Path, module_path: str = "") -> UnlockWindow:  # noqa: F811
    window = UnlockWindow(describe_vault(folder), jobs, workstation_policy(),
                          module_path=lambda: module_path)
    qtbot.addWidget(window)
    window.show()
    return window


def test_unlock_below_the_floor(qtbot, jobs, set_policy, made, tmp_path) -> None:  # noqa: F811
    folder = made.session.vault_dir
    code = made.recovery_code
    made.session.lock()
    set_policy(min_kdf_memory_mib=128)
    with pytest.raises(KdfPolicyError) as core:
        open_vault(folder, None, RecoveryCode(code))
    window = _unlock_window(qtbot, jobs, folder)
    window.set_recovery_mode(True)
    window.recovery.setText(code)
    window.button.click()
    qtbot.waitUntil(lambda: not window.busy, timeout=WAIT_MS)
    assert window.error.text() == str(core.value)  # what `scelle … ls` prints


def test_unlock_with_another_library(qtbot, jobs, set_policy, made,
                                     tmp_path) -> None:  # noqa: F811
    made.session.lock()
    other = tmp_path / "other-pkcs11.so"
    other.write_bytes(b"not a library")
    set_policy(pkcs11_module=SOFTHSM_LIB)
    window = _unlock_window(qtbot, jobs, made.session.vault_dir, str(other))
    before = listing(made.session.vault_dir)
    window.passphrase.setText(STRONG)
    window.factors.pin.setText("1234")
    window.button.click()
    assert window.error.text() == _policy_refusal(lambda p: p.pkcs11_module_path(str(other)))
    assert not window.busy and listing(made.session.vault_dir) == before
