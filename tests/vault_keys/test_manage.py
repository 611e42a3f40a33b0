"""Slot management: list without unlocking, add, remove, replace recovery, change passphrase."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.unlock import (
    HeaderChangedError,
    MissingPassphraseError,
    NoMatchingSlot,
    RecoveryCode,
    SlotPolicyError,
    TotpCode,
    TotpSetup,
    VaultExistsError,
    VaultLockedError,
    WeakKdfError,
    WrongPassphraseError,
    WrongRecoveryCodeError,
    add_slot,
    change_passphrase,
    create_vault_keys,
    list_slots,
    remove_slot,
    replace_recovery_slot,
    unlock_vault,
)
from crypto.kdf import Argon2Params
from storage.header import read_header
from storage.keyring_store import KeyringStore

from tests.vault_keys.conftest import FAST_KDF, PASSPHRASE, T0, FakeClock, FakeFactor, code_at


def _totp(vault_dir: Path, passphrase: str, code: str, store: KeyringStore,
          clock: FakeClock) -> Any:
    return unlock_vault(vault_dir, passphrase, TotpCode(code), keyring=store, clock=clock)


def test_list_slots_without_unlocking(pkcs11_vault: Any, vault_dir: Path) -> None:
    slots = list_slots(vault_dir)
    assert [(s.kind, s.label, s.description) for s in slots] == [
        ("pkcs11", "Clé bureau", "Test token A1"), ("recovery", "", "")]
    assert slots[0].slot_id == pkcs11_vault.header.slots[0].slot_id
    assert slots[0].created.endswith("Z")


def test_create_refuses_an_existing_vault(pkcs11_vault: Any, vault_dir: Path) -> None:
    before = (vault_dir / "vault.json").read_bytes()
    with pytest.raises(VaultExistsError):
        create_vault_keys(vault_dir, PASSPHRASE, FakeFactor(), kdf=FAST_KDF)
    assert (vault_dir / "vault.json").read_bytes() == before


def test_create_needs_a_passphrase(vault_dir: Path) -> None:
    with pytest.raises(MissingPassphraseError):
        create_vault_keys(vault_dir, "", FakeFactor(), kdf=FAST_KDF)
    assert not (vault_dir / "vault.json").exists()


def test_weak_kdf_refused_at_creation(vault_dir: Path) -> None:
    with pytest.raises(WeakKdfError):
        create_vault_keys(vault_dir, PASSPHRASE, FakeFactor(),
                          kdf=Argon2Params(memory_kib=16 * 1024, iterations=1, lanes=1))
    assert not (vault_dir / "vault.json").exists()


def test_create_folder_is_private(vault_dir: Path) -> None:
    create_vault_keys(vault_dir, PASSPHRASE, FakeFactor(), kdf=FAST_KDF)
    assert vault_dir.stat().st_mode & 0o077 == 0


def test_add_a_totp_slot_to_a_token_vault(pkcs11_vault: Any, vault_dir: Path,
                                          keyring_store: KeyringStore, clock: FakeClock) -> None:
    enrollment = add_slot(pkcs11_vault.vault, "phone passphrase", TotpSetup(), label="Mobile",
                          keyring=keyring_store)
    assert enrollment is not None and pkcs11_vault.vault.generation == 2
    assert [s.kind for s in list_slots(vault_dir)] == ["pkcs11", "recovery", "totp"]
    vault = _totp(vault_dir, "phone passphrase", code_at(enrollment.uri, T0), keyring_store, clock)
    assert vault.vmk == pkcs11_vault.vault.vmk and vault.generation == 2
    # The new slot inherits the vault's KDF cost, with its own salt.
    assert all(s.kdf.cost() == FAST_KDF.cost() for s in vault.header.slots)
    salts = {s.kdf.salt for s in vault.header.slots} | {FAST_KDF.salt}
    assert len(salts) == 4  # every slot has its own salt, none is the template's
    unlock_vault(vault_dir, PASSPHRASE, FakeFactor())  # the old slot still works


def test_add_a_token_slot_to_a_totp_vault(totp_vault: Any, vault_dir: Path) -> None:
    assert add_slot(totp_vault.vault, "token pass", FakeFactor("fido2")) is None
    assert unlock_vault(vault_dir, "token pass", FakeFactor("fido2")).vmk == totp_vault.vault.vmk


def test_remove_a_slot(pkcs11_vault: Any, vault_dir: Path, keyring_store: KeyringStore,
                       clock: FakeClock) -> None:
    handle = pkcs11_vault.vault
    enrollment = add_slot(handle, "p2", TotpSetup(), keyring=keyring_store)
    totp_slot = handle.header.slots[-1].slot_id
    assert keyring_store.exists(handle.vault_id, totp_slot)
    remove_slot(handle, totp_slot, keyring=keyring_store)
    assert handle.generation == 3 and [s.kind for s in list_slots(vault_dir)] == [
        "pkcs11", "recovery"]
    assert not keyring_store.exists(handle.vault_id, totp_slot)  # device share destroyed
    with pytest.raises(NoMatchingSlot):
        _totp(vault_dir, "p2", code_at(enrollment.uri, T0), keyring_store, clock)


def test_remove_the_slot_used_to_unlock(pkcs11_vault: Any, vault_dir: Path) -> None:
    add_slot(pkcs11_vault.vault, "p2", FakeFactor("fido2"))
    remove_slot(pkcs11_vault.vault, pkcs11_vault.vault.slot_id)
    with pytest.raises(NoMatchingSlot):
        unlock_vault(vault_dir, PASSPHRASE, FakeFactor())
    unlock_vault(vault_dir, "p2", FakeFactor("fido2"))


def test_never_remove_the_last_passphrase_slot(pkcs11_vault: Any, vault_dir: Path) -> None:
    before = (vault_dir / "vault.json").read_bytes()
    with pytest.raises(SlotPolicyError, match="last passphrase slot"):
        remove_slot(pkcs11_vault.vault, pkcs11_vault.header.slots[0].slot_id)
    recovery_id = pkcs11_vault.header.slots[1].slot_id
    with pytest.raises(SlotPolicyError, match="replace it"):
        remove_slot(pkcs11_vault.vault, recovery_id)
    with pytest.raises(NoMatchingSlot):
        remove_slot(pkcs11_vault.vault, "0" * 16)
    assert (vault_dir / "vault.json").read_bytes() == before


def test_replace_the_recovery_slot(pkcs11_vault: Any, vault_dir: Path) -> None:
    new_code = replace_recovery_slot(pkcs11_vault.vault)
    assert new_code != pkcs11_vault.recovery_code
    kinds = [s.kind for s in read_header(vault_dir).slots]
    assert kinds.count("recovery") == 1 and pkcs11_vault.vault.generation == 2
    with pytest.raises(WrongRecoveryCodeError):
        unlock_vault(vault_dir, None, RecoveryCode(pkcs11_vault.recovery_code))
    assert unlock_vault(vault_dir, None, RecoveryCode(new_code)).vmk == pkcs11_vault.vault.vmk


def test_change_passphrase_keeps_the_vmk(pkcs11_vault: Any, vault_dir: Path) -> None:
    handle = pkcs11_vault.vault
    slot = handle.header.slots[0]
    change_passphrase(handle, slot.slot_id, PASSPHRASE, "nouvelle phrase", FakeFactor())
    new_slot = handle.header.slot(slot.slot_id)
    assert new_slot.kdf.salt != slot.kdf.salt and new_slot.factor_params == slot.factor_params
    with pytest.raises(WrongPassphraseError):
        unlock_vault(vault_dir, PASSPHRASE, FakeFactor())
    assert unlock_vault(vault_dir, "nouvelle phrase", FakeFactor()).vmk == handle.vmk
    assert unlock_vault(vault_dir, None, RecoveryCode(pkcs11_vault.recovery_code)).vmk == handle.vmk


def test_change_passphrase_of_a_totp_slot(totp_vault: Any, vault_dir: Path,
                                          keyring_store: KeyringStore, clock: FakeClock) -> None:
    handle = totp_vault.vault
    change_passphrase(handle, handle.slot_id, PASSPHRASE, "neue", keyring=keyring_store)
    # The authenticator app keeps working: the TOTP secret was carried over.
    vault = _totp(vault_dir, "neue", code_at(totp_vault.otpauth_uri, T0), keyring_store, clock)
    assert vault.vmk == handle.vmk
    with pytest.raises(WrongPassphraseError):
        _totp(vault_dir, PASSPHRASE, code_at(totp_vault.otpauth_uri, T0, 1), keyring_store,
              clock)


def test_change_passphrase_needs_the_old_one(pkcs11_vault: Any, vault_dir: Path) -> None:
    before = (vault_dir / "vault.json").read_bytes()
    slot_id = pkcs11_vault.header.slots[0].slot_id
    with pytest.raises(WrongPassphraseError):
        change_passphrase(pkcs11_vault.vault, slot_id, "guess", "new", FakeFactor())
    with pytest.raises(NoMatchingSlot, match="needs its pkcs11 key"):
        change_passphrase(pkcs11_vault.vault, slot_id, PASSPHRASE, "new")
    with pytest.raises(SlotPolicyError):
        change_passphrase(pkcs11_vault.vault, pkcs11_vault.header.slots[1].slot_id,
                          PASSPHRASE, "new")
    with pytest.raises(MissingPassphraseError):
        change_passphrase(pkcs11_vault.vault, slot_id, PASSPHRASE, "", FakeFactor())
    assert (vault_dir / "vault.json").read_bytes() == before


def test_changes_need_an_unlocked_handle(pkcs11_vault: Any, vault_dir: Path) -> None:
    handle = pkcs11_vault.vault
    handle.wipe()
    assert handle.is_wiped and not any(handle.vmk)
    with pytest.raises(VaultLockedError):
        add_slot(handle, "p", FakeFactor("fido2"))
    with pytest.raises(VaultLockedError):
        replace_recovery_slot(handle)


def test_concurrent_edit_detected(pkcs11_vault: Any, vault_dir: Path) -> None:
    other = unlock_vault(vault_dir, PASSPHRASE, FakeFactor())
    add_slot(other, "p2", FakeFactor("fido2"))
    with pytest.raises(HeaderChangedError):
        replace_recovery_slot(pkcs11_vault.vault)
    assert [s.kind for s in read_header(vault_dir).slots] == ["pkcs11", "recovery", "fido2"]


def test_failed_header_write_undoes_the_keyring_entry(
    pkcs11_vault: Any, vault_dir: Path, keyring_store: KeyringStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import app.unlock.manage as manage

    def broken(*args: Any, **kw: Any) -> Any:
        raise OSError("disk full")

    monkeypatch.setattr(manage, "write_header", broken)
    vault_id = pkcs11_vault.vault.vault_id
    with pytest.raises(OSError):
        add_slot(pkcs11_vault.vault, "p2", TotpSetup(), keyring=keyring_store)
    header = json.loads((vault_dir / "vault.json").read_text())
    assert len(header["slots"]) == 2
    # No entry for this vault is left in the keyring.
    assert all(not keyring_store.exists(vault_id, s.slot_id)
               for s in pkcs11_vault.vault.header.slots)
