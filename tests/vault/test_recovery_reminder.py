"""After an unlock with the recovery code a new code is due, until one is made (either face)."""

from __future__ import annotations

from app.unlock import RecoveryCode
from app.vault import create_vault, open_vault
from app.vault.recovery_reminder import new_recovery_code_due
from tests.vault.conftest import FAST_KDF, PASSPHRASE
from tests.vault_keys.conftest import FakeFactor


def test_due_after_a_recovery_unlock_until_a_new_code_is_made(tmp_path):
    folder = tmp_path / "v"
    new = create_vault(folder, PASSPHRASE, FakeFactor(), name="X", kdf=FAST_KDF)
    assert not new_recovery_code_due(new.session)
    new.session.lock()
    with open_vault(folder, PASSPHRASE, FakeFactor()) as session:
        assert not new_recovery_code_due(session)
    with open_vault(folder, None, RecoveryCode(new.recovery_code)) as session:
        assert new_recovery_code_due(session)
    # Still due at the next ordinary unlock: the reminder lives in the vault, not the process.
    with open_vault(folder, PASSPHRASE, FakeFactor()) as session:
        assert new_recovery_code_due(session)
        code = session.slots.replace_recovery(kdf=FAST_KDF)
        assert not new_recovery_code_due(session)
    with open_vault(folder, None, RecoveryCode(code)) as session:
        assert new_recovery_code_due(session)  # the new code was used in turn
        session.slots.replace_recovery(kdf=FAST_KDF)
    with open_vault(folder, PASSPHRASE, FakeFactor()) as session:
        assert not new_recovery_code_due(session)
        assert session.store.db.scalar(
            "SELECT count(*) FROM meta WHERE key = 'recovery_code_used'") == 0
