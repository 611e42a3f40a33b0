"""Unlock window against real vaults: success, and failures that leave the window usable."""

from __future__ import annotations

import pytest

from app.policy import Policy
from app.vault import create_vault, describe_vault
from crypto.factors.pkcs11_factor import KeySelection, Pkcs11Factor
from tests.support.lag_probe import session_report
from tests.ui.conftest import FAST_KDF, PASSPHRASE
from ui.unlock.window import UnlockWindow


def _window(qtbot, jobs, folder, policy=None, module_path=""):
    window = UnlockWindow(describe_vault(folder), jobs, policy or Policy(),
                          module_path=lambda: module_path)
    qtbot.addWidget(window)
    window.show()
    return window


def _submit_and_wait(qtbot, window):
    unlocked = []
    window.unlocked.connect(unlocked.append)
    with session_report().measure("unlock"):
        window.button.click()
        # The key derivation runs in a worker: submit returned at once, with the form disabled.
        assert window.busy
        assert not window.modes.isEnabled() and not window.button.isEnabled()
        qtbot.waitUntil(lambda: not window.busy, timeout=30000)
    assert window.modes.isEnabled()
    return unlocked


def test_totp_unlock_then_replayed_code_is_refused(qtbot, jobs, totp_vault):
    window = _window(qtbot, jobs, totp_vault.folder)
    assert window.factors.kinds == ["totp"]
    code = totp_vault.code()
    window.passphrase.setText(PASSPHRASE)
    window.factors.code.setText(code)
    unlocked = _submit_and_wait(qtbot, window)
    assert len(unlocked) == 1 and not window.error.isVisible()
    assert window.passphrase.text() == ""  # secrets are not left in the fields
    unlocked[0].lock()

    window.passphrase.setText(PASSPHRASE)
    window.factors.code.setText(code)
    assert _submit_and_wait(qtbot, window) == []
    assert window.error.isVisible()
    assert "already used" in window.error.text()
    assert window.factors.code.text() == "" and window.factors.code.hasFocus()


def test_wrong_passphrase_says_so_and_keeps_the_window_usable(qtbot, jobs, totp_vault):
    window = _window(qtbot, jobs, totp_vault.folder)
    window.passphrase.setText(PASSPHRASE + " faux")
    window.factors.code.setText(totp_vault.code())
    assert _submit_and_wait(qtbot, window) == []
    assert "Wrong passphrase" in window.error.text()
    assert window.passphrase.text() == ""
    # Typing again re-enables the button; the window never froze.
    window.passphrase.setText(PASSPHRASE)
    assert window.button.isEnabled()


def test_recovery_code_opens_alone(qtbot, jobs, totp_vault):
    window = _window(qtbot, jobs, totp_vault.folder)
    window.switch.click()
    assert window.recovery_mode and window.recovery.isVisible()
    window.recovery.setText("123456-000000")
    assert _submit_and_wait(qtbot, window) == []
    assert "8 groups of 6 digits" in window.error.text()
    window.recovery.setText(totp_vault.recovery_code)
    unlocked = _submit_and_wait(qtbot, window)
    assert len(unlocked) == 1
    unlocked[0].lock()


@pytest.fixture
def token_vault(tmp_path, softhsm):
    factor = Pkcs11Factor(softhsm.module(), softhsm.pin_provider(),
                          KeySelection(softhsm.selector(), softhsm.rsa_decrypt.key_id))
    new = create_vault(tmp_path / "vault", PASSPHRASE, factor, name="Claire Dubois",
                       kdf=FAST_KDF)
    new.session.lock()
    return tmp_path / "vault"


def test_wrong_pin_reports_the_tries_then_the_right_pin_opens(qtbot, jobs, token_vault,
                                                              softhsm):
    window = _window(qtbot, jobs, token_vault, module_path=softhsm.module_path)
    assert window.factors.kinds == ["pkcs11"]
    window.passphrase.setText(PASSPHRASE)
    window.factors.pin.setText("000000")
    assert _submit_and_wait(qtbot, window) == []
    text = window.error.text()
    assert "Wrong PIN" in text and softhsm.token_label in text
    assert "few tries are left" in text  # SoftHSM flags CKF_USER_PIN_COUNT_LOW
    assert window.factors.pin.text() == "" and window.passphrase.text() == PASSPHRASE
    window.factors.pin.setText(softhsm.user_pin)
    unlocked = _submit_and_wait(qtbot, window)  # also resets the token's low-count flag
    assert len(unlocked) == 1
    unlocked[0].lock()


def test_policy_kdf_floor_refuses_a_weak_vault(qtbot, jobs, totp_vault):
    from app.policy import load_policy

    path = totp_vault.folder.parent / "policy.json"
    path.write_text('{"min_kdf_memory_mib": 128}')
    window = _window(qtbot, jobs, totp_vault.folder, policy=load_policy(path))
    window.passphrase.setText(PASSPHRASE)
    window.factors.code.setText(totp_vault.code())
    assert _submit_and_wait(qtbot, window) == []
    assert "policy" in window.error.text()
