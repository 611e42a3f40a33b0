"""A tampered vault.json never opens silently: each field, and a rolled-back header."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any, Callable

import pytest

from app.unlock import (
    HeaderRollbackError,
    HeaderTamperedError,
    RecoveryCode,
    TotpCode,
    UnsupportedVaultVersion,
    WeakKdfError,
    WrongPassphraseError,
    WrongRecoveryCodeError,
    add_slot,
    check_generation,
    remove_slot,
    unlock_vault,
)
from storage.keyring_store import KeyringStore

from tests.vault_keys.conftest import PASSPHRASE, T0, FakeClock, FakeFactor, code_at

Edit = Callable[[dict[str, Any]], None]


def _flip_b64(text: str) -> str:
    raw = bytearray(base64.b64decode(text))
    raw[len(raw) // 2] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


def _tamper(vault_dir: Path, edit: Edit) -> None:
    path = vault_dir / "vault.json"
    obj = json.loads(path.read_bytes())
    edit(obj)
    path.write_text(json.dumps(obj, indent=1))


def _slot_edit(index: int, *keys: str, value: Any = None, flip: bool = False) -> Edit:
    def edit(obj: dict[str, Any]) -> None:
        target = obj["slots"][index]
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = _flip_b64(target[keys[-1]]) if flip else value
    return edit


PKCS11_CASES: list[tuple[str, Edit, type[Exception]]] = [
    ("wrap ciphertext", _slot_edit(0, "wrap", "ct", flip=True), WrongPassphraseError),
    ("wrap nonce", _slot_edit(0, "wrap", "nonce", flip=True), WrongPassphraseError),
    ("kdf memory lowered", _slot_edit(0, "kdf", "memory_kib", value=32768), WeakKdfError),
    ("kdf passes changed", _slot_edit(0, "kdf", "iterations", value=2), WrongPassphraseError),
    ("kdf salt", _slot_edit(0, "kdf", "salt", flip=True), WrongPassphraseError),
    ("label", _slot_edit(0, "label", value="Autre"), WrongPassphraseError),
    ("created", _slot_edit(0, "created", value="2001-01-01T00:00:00Z"), WrongPassphraseError),
    ("factor params", _slot_edit(0, "factor", "params", "nonce", value="00" * 16),
     WrongPassphraseError),
    ("factor description", _slot_edit(0, "factor", "description", value="x"),
     WrongPassphraseError),
    ("vault id", lambda o: o.__setitem__("vault_id", "ab" * 16), WrongPassphraseError),
    ("generation", lambda o: o.__setitem__("generation", 7), HeaderTamperedError),
    ("mac", lambda o: o.__setitem__("mac", _flip_b64(o["mac"])), HeaderTamperedError),
    ("other slot's wrap", _slot_edit(1, "wrap", "ct", flip=True), HeaderTamperedError),
    ("other slot's label", _slot_edit(1, "label", value="x"), HeaderTamperedError),
    ("other slot removed", lambda o: o["slots"].pop(1), HeaderTamperedError),
    ("slots reordered", lambda o: o["slots"].reverse(), HeaderTamperedError),
    ("version", lambda o: o.__setitem__("version", 2), UnsupportedVaultVersion),
]


@pytest.mark.parametrize(("edit", "error"), [(e, x) for _, e, x in PKCS11_CASES],
                         ids=[n for n, _, _ in PKCS11_CASES])
def test_tampered_header_refused(pkcs11_vault: Any, vault_dir: Path, edit: Edit,
                                 error: type[Exception]) -> None:
    _tamper(vault_dir, edit)
    with pytest.raises(error):
        unlock_vault(vault_dir, PASSPHRASE, FakeFactor())


def test_tampered_recovery_slot(pkcs11_vault: Any, vault_dir: Path) -> None:
    _tamper(vault_dir, _slot_edit(1, "label", value="x"))
    with pytest.raises(WrongRecoveryCodeError):
        unlock_vault(vault_dir, None, RecoveryCode(pkcs11_vault.recovery_code))
    _tamper(vault_dir, _slot_edit(1, "label", value=""))  # put back: opens again
    unlock_vault(vault_dir, None, RecoveryCode(pkcs11_vault.recovery_code))
    _tamper(vault_dir, lambda o: o.__setitem__("generation", 2))
    with pytest.raises(HeaderTamperedError):
        unlock_vault(vault_dir, None, RecoveryCode(pkcs11_vault.recovery_code))


TOTP_CASES: list[tuple[str, Edit, type[Exception]]] = [
    ("totp secret", _slot_edit(0, "totp", "secret", "ct", flip=True), HeaderTamperedError),
    ("totp digits", _slot_edit(0, "totp", "digits", value=8), WrongPassphraseError),
    ("totp period", _slot_edit(0, "totp", "period", value=60), WrongPassphraseError),
    ("generation", lambda o: o.__setitem__("generation", 3), HeaderTamperedError),
]


@pytest.mark.parametrize(("edit", "error"), [(e, x) for _, e, x in TOTP_CASES],
                         ids=[n for n, _, _ in TOTP_CASES])
def test_tampered_totp_header_refused(totp_vault: Any, vault_dir: Path,
                                      keyring_store: KeyringStore, clock: FakeClock,
                                      edit: Edit, error: type[Exception]) -> None:
    _tamper(vault_dir, edit)
    with pytest.raises(error):
        unlock_vault(vault_dir, PASSPHRASE, TotpCode(code_at(totp_vault.otpauth_uri, T0)),
                     keyring=keyring_store, clock=clock)
    # The code was never checked, so it is still usable once the header is restored.
    slot_id = totp_vault.header.slots[0].slot_id
    assert keyring_store.load(totp_vault.header.vault_id, slot_id).totp.last_step == -1


def test_rolled_back_header_is_detected(pkcs11_vault: Any, vault_dir: Path) -> None:
    """An attacker who learnt a removed slot's secret restores the header that still had it."""
    leaked = FakeFactor(serial="OLD", device_key=b"o" * 32)
    add_slot(pkcs11_vault.vault, "old passphrase", leaked)  # generation 2
    old_header = (vault_dir / "vault.json").read_bytes()
    old_slot = pkcs11_vault.vault.header.slots[-1].slot_id
    remove_slot(pkcs11_vault.vault, old_slot)  # generation 3
    db_generation = pkcs11_vault.vault.generation  # what the store records
    assert db_generation == 3

    (vault_dir / "vault.json").write_bytes(old_header)
    vault = unlock_vault(vault_dir, "old passphrase", leaked)  # the header itself is genuine
    with pytest.raises(HeaderRollbackError, match="old copy"):
        check_generation(vault.generation, db_generation)
