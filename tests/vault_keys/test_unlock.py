"""Unlocking with each slot kind, and every way an unlock can fail without touching the disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.unlock import (
    DeviceShareMissingError,
    InvalidRecoveryCode,
    MissingPassphraseError,
    NoMatchingSlot,
    RecoveryCode,
    TotpCode,
    TotpRejected,
    TotpRejectReason,
    VaultNotFoundError,
    WrongPassphraseError,
    WrongRecoveryCodeError,
    create_vault_keys,
    unlock_vault,
)
from crypto.factors.base import FactorError
from crypto.recovery import format_recovery_code, new_recovery_code
from storage.keyring_store import KeyringStore

from tests.vault_keys.conftest import (
    FAST_KDF,
    PASSPHRASE,
    T0,
    FakeClock,
    FakeFactor,
    code_at,
    snapshot,
    wrong_code,
)


@pytest.mark.parametrize("kind", ["pkcs11", "fido2"])
def test_create_and_unlock_with_a_key_factor(vault_dir: Path, kind: str) -> None:
    created = create_vault_keys(vault_dir, PASSPHRASE, FakeFactor(kind), kdf=FAST_KDF)
    assert [s.kind for s in created.header.slots] == [kind, "recovery"]
    assert created.otpauth_uri is None and len(created.vault.vmk) == 32
    vault = unlock_vault(vault_dir, PASSPHRASE, FakeFactor(kind))
    assert vault.vmk == created.vault.vmk and vault.slot_id == created.header.slots[0].slot_id
    assert vault.header == created.header


def test_unlock_with_the_recovery_code(pkcs11_vault: Any, vault_dir: Path) -> None:
    vault = unlock_vault(vault_dir, None, RecoveryCode(pkcs11_vault.recovery_code))
    assert vault.vmk == pkcs11_vault.vault.vmk
    assert vault.header.slot(vault.slot_id).kind == "recovery"
    # Typed without separators, with spaces, with a passphrase that is simply ignored.
    spaced = pkcs11_vault.recovery_code.replace("-", " ")
    assert unlock_vault(vault_dir, "anything", RecoveryCode(spaced)).vmk == vault.vmk


def test_unlock_with_totp(totp_vault: Any, vault_dir: Path, keyring_store: KeyringStore,
                          clock: FakeClock) -> None:
    uri = totp_vault.otpauth_uri
    assert uri.startswith("otpauth://totp/Scell%C3%A9:Coffre%20")
    vault = unlock_vault(vault_dir, PASSPHRASE, TotpCode(code_at(uri, T0)),
                         keyring=keyring_store, clock=clock)
    assert vault.vmk == totp_vault.vault.vmk


def test_wrong_passphrase_with_a_key_factor(pkcs11_vault: Any, vault_dir: Path) -> None:
    with pytest.raises(WrongPassphraseError, match="Wrong passphrase or wrong key"):
        unlock_vault(vault_dir, PASSPHRASE + "x", FakeFactor("pkcs11"))


def test_wrong_key_same_message(pkcs11_vault: Any, vault_dir: Path) -> None:
    impostor = FakeFactor("pkcs11", device_key=b"z" * 32)  # same serial, different secret
    with pytest.raises(WrongPassphraseError, match="either may be the wrong one"):
        unlock_vault(vault_dir, PASSPHRASE, impostor)


def test_absent_factor_error_passes_through(pkcs11_vault: Any, vault_dir: Path) -> None:
    with pytest.raises(FactorError, match="not connected"):
        unlock_vault(vault_dir, PASSPHRASE, FakeFactor("pkcs11", present=False))


def test_nfc_normalised_passphrase(vault_dir: Path) -> None:
    create_vault_keys(vault_dir, "caf\u00e9", FakeFactor(), kdf=FAST_KDF)
    unlock_vault(vault_dir, "cafe\u0301", FakeFactor())  # decomposed é, as some systems type it


def test_bytes_passphrase_is_not_wiped_but_works(pkcs11_vault: Any, vault_dir: Path) -> None:
    pw = bytearray(PASSPHRASE.encode())
    unlock_vault(vault_dir, pw, FakeFactor())
    assert pw == PASSPHRASE.encode()  # the caller owns its buffer


@pytest.mark.parametrize("passphrase", [None, "", b""])
def test_missing_passphrase(pkcs11_vault: Any, vault_dir: Path, passphrase: Any) -> None:
    with pytest.raises(MissingPassphraseError):
        unlock_vault(vault_dir, passphrase, FakeFactor())


def test_no_matching_slot(pkcs11_vault: Any, vault_dir: Path) -> None:
    with pytest.raises(NoMatchingSlot, match="FIDO2"):
        unlock_vault(vault_dir, PASSPHRASE, FakeFactor("fido2"))
    with pytest.raises(NoMatchingSlot, match="TOTP"):
        unlock_vault(vault_dir, PASSPHRASE, TotpCode("123456"))


def test_unknown_input_type(pkcs11_vault: Any, vault_dir: Path) -> None:
    with pytest.raises(TypeError):
        unlock_vault(vault_dir, PASSPHRASE, "123456")  # type: ignore[arg-type]


def test_not_a_vault(tmp_path: Path) -> None:
    with pytest.raises(VaultNotFoundError):
        unlock_vault(tmp_path, PASSPHRASE, FakeFactor())


def test_recovery_code_typo_caught_before_derivation(pkcs11_vault: Any, vault_dir: Path) -> None:
    code = pkcs11_vault.recovery_code
    typo = code[:8] + ("0" if code[8] != "0" else "1") + code[9:]
    with pytest.raises(InvalidRecoveryCode, match="Group 2"):
        unlock_vault(vault_dir, None, RecoveryCode(typo))


def test_valid_but_foreign_recovery_code(pkcs11_vault: Any, vault_dir: Path) -> None:
    other = format_recovery_code(new_recovery_code())
    with pytest.raises(WrongRecoveryCodeError, match="does not open this vault"):
        unlock_vault(vault_dir, None, RecoveryCode(other))


def _totp(vault_dir: Path, code: str, keyring_store: KeyringStore, clock: FakeClock,
          passphrase: str = PASSPHRASE) -> Any:
    return unlock_vault(vault_dir, passphrase, TotpCode(code), keyring=keyring_store, clock=clock)


def test_wrong_and_replayed_totp_codes(totp_vault: Any, vault_dir: Path,
                                       keyring_store: KeyringStore, clock: FakeClock) -> None:
    uri = totp_vault.otpauth_uri
    with pytest.raises(TotpRejected, match="Wrong TOTP code") as wrong:
        _totp(vault_dir, wrong_code(uri, T0), keyring_store, clock)
    assert wrong.value.reason is TotpRejectReason.WRONG
    code = code_at(uri, T0)
    _totp(vault_dir, code, keyring_store, clock)
    with pytest.raises(TotpRejected, match="already used") as replay:
        _totp(vault_dir, code, keyring_store, clock)
    assert replay.value.reason is TotpRejectReason.REPLAYED
    clock.advance(30)
    _totp(vault_dir, code_at(uri, clock.now), keyring_store, clock)


def test_wrong_passphrase_with_totp_is_not_a_totp_failure(
    totp_vault: Any, vault_dir: Path, keyring_store: KeyringStore, clock: FakeClock
) -> None:
    slot_id = totp_vault.header.slots[0].slot_id
    for _ in range(4):
        with pytest.raises(WrongPassphraseError, match="Wrong passphrase"):
            _totp(vault_dir, code_at(totp_vault.otpauth_uri, T0), keyring_store, clock, "nope")
    assert keyring_store.load(totp_vault.header.vault_id, slot_id).totp.failures == 0


def test_backoff_survives_a_restart(totp_vault: Any, vault_dir: Path, clock: FakeClock) -> None:
    uri = totp_vault.otpauth_uri
    for _ in range(3):
        with pytest.raises(TotpRejected):
            _totp(vault_dir, wrong_code(uri, T0), KeyringStore(), clock)
    # New process objects (fresh keyring connection, fresh clock at the same instant).
    restarted = KeyringStore()
    with pytest.raises(TotpRejected, match="try again in 29 s") as blocked:
        _totp(vault_dir, code_at(uri, T0), restarted, FakeClock(T0 + 1))
    assert blocked.value.reason is TotpRejectReason.BACKOFF and blocked.value.retry_after == 29
    # Back-off is checked before the passphrase: no oracle, no Argon2id work while blocked.
    with pytest.raises(TotpRejected) as blocked_wrong_pw:
        _totp(vault_dir, code_at(uri, T0), restarted, FakeClock(T0 + 1), "nope")
    assert blocked_wrong_pw.value.reason is TotpRejectReason.BACKOFF
    # A further failure after the delay doubles it.
    later = FakeClock(T0 + 30)
    with pytest.raises(TotpRejected, match="try again in 60 s"):
        _totp(vault_dir, wrong_code(uri, later.now), KeyringStore(), later)
    later.advance(60)
    vault = _totp(vault_dir, code_at(uri, later.now), KeyringStore(), later)
    assert vault.vmk == totp_vault.vault.vmk
    record = KeyringStore().load(totp_vault.header.vault_id, vault.slot_id)
    assert record.totp.failures == 0


def test_totp_without_device_share(totp_vault: Any, vault_dir: Path,
                                   keyring_store: KeyringStore, clock: FakeClock) -> None:
    keyring_store.delete(totp_vault.header.vault_id, totp_vault.header.slots[0].slot_id)
    with pytest.raises(DeviceShareMissingError, match="recovery code"):
        _totp(vault_dir, code_at(totp_vault.otpauth_uri, T0), keyring_store, clock)
    vault = unlock_vault(vault_dir, None, RecoveryCode(totp_vault.recovery_code))
    assert vault.vmk == totp_vault.vault.vmk


def test_malformed_totp_code_not_counted(totp_vault: Any, vault_dir: Path,
                                         keyring_store: KeyringStore, clock: FakeClock) -> None:
    with pytest.raises(TotpRejected, match="6 digits"):
        _totp(vault_dir, "12345", keyring_store, clock)
    slot_id = totp_vault.header.slots[0].slot_id
    assert keyring_store.load(totp_vault.header.vault_id, slot_id).totp.failures == 0


FAILURES = [
    ("wrong passphrase", lambda c: (PASSPHRASE + "!", FakeFactor())),
    ("wrong key", lambda c: (PASSPHRASE, FakeFactor(device_key=b"z" * 32))),
    ("absent key", lambda c: (PASSPHRASE, FakeFactor(present=False))),
    ("no slot", lambda c: (PASSPHRASE, FakeFactor("fido2"))),
    ("recovery typo", lambda c: (None, RecoveryCode(c.recovery_code[:-1] + "x"))),
    ("foreign recovery", lambda c: (None, RecoveryCode(format_recovery_code(bytes(16))))),
]


@pytest.mark.parametrize("make", [f for _, f in FAILURES], ids=[n for n, _ in FAILURES])
def test_failed_unlock_leaves_the_folder_byte_identical(pkcs11_vault: Any, vault_dir: Path,
                                                        make: Any) -> None:
    (vault_dir / "vault.db").write_bytes(b"db stand-in")
    before = snapshot(vault_dir)
    passphrase, factor = make(pkcs11_vault)
    with pytest.raises(Exception):
        unlock_vault(vault_dir, passphrase, factor)
    assert snapshot(vault_dir) == before


def test_failed_totp_unlock_changes_only_the_keyring(totp_vault: Any, vault_dir: Path,
                                                     keyring_store: KeyringStore,
                                                     clock: FakeClock) -> None:
    before = snapshot(vault_dir)
    with pytest.raises(TotpRejected):
        _totp(vault_dir, wrong_code(totp_vault.otpauth_uri, T0), keyring_store, clock)
    with pytest.raises(WrongPassphraseError):
        _totp(vault_dir, code_at(totp_vault.otpauth_uri, T0), keyring_store, clock, "bad")
    assert snapshot(vault_dir) == before
    slot_id = totp_vault.header.slots[0].slot_id
    assert keyring_store.load(totp_vault.header.vault_id, slot_id).totp.failures == 1


def test_two_tokens_each_open_their_own_slot(vault_dir: Path) -> None:
    from app.unlock import add_slot

    first, second = FakeFactor(serial="A1"), FakeFactor(serial="B2", device_key=b"q" * 32)
    created = create_vault_keys(vault_dir, PASSPHRASE, first, kdf=FAST_KDF)
    add_slot(created.vault, PASSPHRASE, second, label="Spare")
    v1 = unlock_vault(vault_dir, PASSPHRASE, first)
    v2 = unlock_vault(vault_dir, PASSPHRASE, second)
    assert v1.vmk == v2.vmk and v1.slot_id != v2.slot_id
    # A third token enrolled nowhere: each slot says "not this token".
    third = FakeFactor(serial="C3")
    with pytest.raises(FactorError, match="not the security key"):
        unlock_vault(vault_dir, PASSPHRASE, third)
    assert third.share_calls == 2
    # Any other factor failure (a wrong PIN, a missing touch) is not retried on the next slot:
    # each retry could cost one of the token's PIN tries.
    absent = FakeFactor(serial="A1", present=False)
    with pytest.raises(FactorError, match="not connected"):
        unlock_vault(vault_dir, PASSPHRASE, absent)
    assert absent.share_calls == 1
