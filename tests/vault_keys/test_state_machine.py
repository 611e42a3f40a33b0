"""The unlock state machine: LOCKED → PROCESSING → UNLOCKED, failures back to LOCKED."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from app.unlock import (
    HeaderTamperedError,
    TotpCode,
    TotpRejected,
    UnlockState,
    UnlockStateError,
    VaultUnlocker,
    WrongPassphraseError,
)
from storage.keyring_store import KeyringStore

from tests.vault_keys.conftest import (
    PASSPHRASE,
    T0,
    BlockingFactor,
    FakeClock,
    FakeFactor,
    code_at,
    snapshot,
    wrong_code,
)


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[UnlockState, type | None]] = []

    def __call__(self, state: UnlockState, error: BaseException | None) -> None:
        self.events.append((state, type(error) if error else None))


def test_success_then_lock(pkcs11_vault: Any, vault_dir: Path) -> None:
    rec = Recorder()
    unlocker = VaultUnlocker(vault_dir, on_change=rec)
    assert unlocker.state is UnlockState.LOCKED
    vault = unlocker.unlock(PASSPHRASE, FakeFactor())
    assert unlocker.state is UnlockState.UNLOCKED and unlocker.vault is vault
    assert vault.vmk == pkcs11_vault.vault.vmk and unlocker.error is None
    unlocker.lock()
    assert unlocker.state is UnlockState.LOCKED and vault.is_wiped and not any(vault.vmk)
    assert rec.events == [(UnlockState.PROCESSING, None), (UnlockState.UNLOCKED, None),
                          (UnlockState.LOCKED, None)]
    with pytest.raises(UnlockStateError):
        _ = unlocker.vault
    unlocker.lock()  # locking twice is harmless and notifies nothing
    assert len(rec.events) == 3


def test_failure_returns_to_locked_with_the_error(pkcs11_vault: Any, vault_dir: Path) -> None:
    rec = Recorder()
    unlocker = VaultUnlocker(vault_dir, on_change=rec)
    with pytest.raises(WrongPassphraseError):
        unlocker.unlock("wrong", FakeFactor())
    assert unlocker.state is UnlockState.LOCKED
    assert isinstance(unlocker.error, WrongPassphraseError)
    assert rec.events == [(UnlockState.PROCESSING, None),
                          (UnlockState.LOCKED, WrongPassphraseError)]
    # A later success clears the error.
    unlocker.unlock(PASSPHRASE, FakeFactor())
    assert unlocker.error is None and unlocker.state is UnlockState.UNLOCKED


def test_tampered_header_error_is_kept(pkcs11_vault: Any, vault_dir: Path) -> None:
    path = vault_dir / "vault.json"
    path.write_text(path.read_text().replace('"generation": 1', '"generation": 5'))
    unlocker = VaultUnlocker(vault_dir)
    with pytest.raises(HeaderTamperedError):
        unlocker.unlock(PASSPHRASE, FakeFactor())
    assert isinstance(unlocker.error, HeaderTamperedError)
    assert unlocker.state is UnlockState.LOCKED


def test_cannot_unlock_twice(pkcs11_vault: Any, vault_dir: Path) -> None:
    unlocker = VaultUnlocker(vault_dir)
    unlocker.unlock(PASSPHRASE, FakeFactor())
    with pytest.raises(UnlockStateError, match="already unlocked"):
        unlocker.unlock(PASSPHRASE, FakeFactor())
    assert unlocker.state is UnlockState.UNLOCKED


def _start(unlocker: VaultUnlocker, factor: FakeFactor) -> tuple[threading.Thread, list[Any]]:
    outcome: list[Any] = []

    def work() -> None:
        try:
            outcome.append(unlocker.unlock(PASSPHRASE, factor))
        except Exception as exc:  # the worker reports, the test asserts
            outcome.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    assert factor.entered.wait(60)
    return thread, outcome


def test_unlock_from_a_worker_thread(pkcs11_vault: Any, vault_dir: Path) -> None:
    unlocker = VaultUnlocker(vault_dir)
    factor = BlockingFactor()
    thread, outcome = _start(unlocker, factor)
    assert unlocker.state is UnlockState.PROCESSING
    with pytest.raises(UnlockStateError, match="being unlocked"):
        unlocker.unlock(PASSPHRASE, FakeFactor())
    factor.release.set()
    thread.join(60)
    assert unlocker.state is UnlockState.UNLOCKED
    assert outcome[0].vmk == pkcs11_vault.vault.vmk


def test_lock_during_processing_wins(pkcs11_vault: Any, vault_dir: Path) -> None:
    rec = Recorder()
    unlocker = VaultUnlocker(vault_dir, on_change=rec)
    factor = BlockingFactor()
    thread, outcome = _start(unlocker, factor)
    unlocker.lock()  # e.g. the screen locked while the token was being read
    factor.release.set()
    thread.join(60)
    assert unlocker.state is UnlockState.LOCKED
    assert isinstance(outcome[0], UnlockStateError)
    assert rec.events[-1] == (UnlockState.LOCKED, UnlockStateError)


def test_totp_through_the_state_machine(totp_vault: Any, vault_dir: Path,
                                        keyring_store: KeyringStore) -> None:
    clock = FakeClock(T0)
    unlocker = VaultUnlocker(vault_dir, keyring=keyring_store, clock=clock)
    before = snapshot(vault_dir)
    with pytest.raises(TotpRejected):
        unlocker.unlock(PASSPHRASE, TotpCode(wrong_code(totp_vault.otpauth_uri, T0)))
    assert unlocker.state is UnlockState.LOCKED and snapshot(vault_dir) == before
    vault = unlocker.unlock(PASSPHRASE, TotpCode(code_at(totp_vault.otpauth_uri, T0)))
    assert vault.vmk == totp_vault.vault.vmk
