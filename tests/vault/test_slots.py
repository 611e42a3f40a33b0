"""Key slots managed from an open session: each change is recorded in the database (generation)
and the audit log, and the vault opens as the new slots say."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.unlock import SlotPolicyError
from app.vault import (
    RecoveryCode,
    TotpCode,
    TotpSetup,
    VaultSession,
    WrongPassphraseError,
    open_vault,
)
from app.unlock import WrongRecoveryCodeError
from storage.keyring_store import KeyringStore
from tests.vault.conftest import FAST_KDF, PASSPHRASE, Template, open_copy
from tests.vault_keys.conftest import FakeClock, FakeFactor, T0, code_at


PHONE_PASSPHRASE = "la phrase de passe de la clé du téléphone portable"
NEW_PASSPHRASE = "une nouvelle phrase de passe bien plus longue"


def _generation(session: VaultSession) -> tuple[int, int]:
    return session.header.generation, session.store.get_generation()


def test_add_change_remove_and_replace_recovery(templates: dict[str, Template],
                                                tmp_path: Path) -> None:
    folder = tmp_path / "v"
    keyring, clock = KeyringStore(), FakeClock()
    with open_copy(templates["alice"], folder) as session:
        enrollment = session.slots.add(PHONE_PASSPHRASE, TotpSetup(), label="Téléphone",
                                       kdf=FAST_KDF)
        assert enrollment is not None and _generation(session) == (2, 2)
        kinds = [s.kind for s in session.slots.list()]
        assert kinds == ["pkcs11", "recovery", "totp"]
        token = session.slots.list()[0].slot_id
        session.slots.change_passphrase(token, PASSPHRASE, NEW_PASSPHRASE,
                                        FakeFactor(serial="ALICE"), kdf=FAST_KDF)
        new_code = session.slots.replace_recovery(kdf=FAST_KDF)
        assert _generation(session) == (4, 4)
        actions = [e.action for e in session.audit.entries()]
        assert actions[-3:] == ["slot.add", "slot.passphrase", "slot.recovery"]
        vault_id = session.vault_id
        totp_slot = next(x.slot_id for x in session.slots.list() if x.kind == "totp")
    with pytest.raises(WrongPassphraseError):
        open_vault(folder, PASSPHRASE, FakeFactor(serial="ALICE"))
    with pytest.raises(WrongRecoveryCodeError):
        open_vault(folder, None, RecoveryCode(templates["alice"].recovery_code))
    with open_vault(folder, None, RecoveryCode(new_code)) as session:
        assert _generation(session) == (4, 4)
    code = code_at(enrollment.uri, T0)
    with open_vault(folder, PHONE_PASSPHRASE, TotpCode(code), keyring=keyring, clock=clock) as s:
        with pytest.raises(SlotPolicyError):
            s.slots.remove(next(x.slot_id for x in s.slots.list() if x.kind == "recovery"))
        s.slots.remove(token)
        assert [x.kind for x in s.slots.list()] == ["totp", "recovery"]
        with pytest.raises(SlotPolicyError):  # the last passphrase slot stays
            s.slots.remove(totp_slot)
        assert _generation(s) == (5, 5)
    assert keyring.exists(vault_id, totp_slot)
    keyring.delete(vault_id, totp_slot)


def test_slot_change_needs_an_open_session(templates: dict[str, Template],
                                           tmp_path: Path) -> None:
    session = open_copy(templates["alice"], tmp_path / "v")
    slots = session.slots
    session.lock()
    from app.vault import SessionLockedError

    with pytest.raises(SessionLockedError):
        slots.replace_recovery(kdf=FAST_KDF)
    with pytest.raises(SessionLockedError):
        slots.list()
