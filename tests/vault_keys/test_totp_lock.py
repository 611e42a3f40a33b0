"""The TOTP gate's cross-process lock (storage/keyring_lock.py) and the re-read of the gate
state after the key derivation (app/unlock/opening.py).

"Another process" is simulated deterministically: the key derivation is wrapped so that, while
it runs, the keyring entry is rewritten as a concurrent unlock would have rewritten it. The real
concurrent processes are in tests/cli_vault/test_totp_race.py.
"""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import app.unlock.opening as opening
from app.unlock import TotpCode, TotpRejected, TotpRejectReason, unlock_vault
from crypto.factors.totp import BACKOFF_AFTER, TotpState
from storage.keyring_lock import default_lock_dir, entry_lock, lock_file_name
from storage.keyring_store import DeviceRecord, KeyringStore

from tests.vault_keys.conftest import PASSPHRASE, T0, FakeClock, code_at, wrong_code


def _during_derivation(monkeypatch: pytest.MonkeyPatch, action: Callable[[], None]) -> None:
    real = opening.open_slot

    def open_slot(*args: Any, **kwargs: Any) -> Any:
        opened = real(*args, **kwargs)
        action()  # another process's update lands while this one was running Argon2id
        return opened

    monkeypatch.setattr(opening, "open_slot", open_slot)


def _rewrite_state(store: KeyringStore, vault: Any, state: TotpState) -> Callable[[], None]:
    vault_id, slot_id = vault.header.vault_id, vault.header.slots[0].slot_id

    def rewrite() -> None:
        record = store.load(vault_id, slot_id)
        store.save(vault_id, slot_id, DeviceRecord(record.share, state))
        record.wipe()

    return rewrite


def test_a_code_used_during_the_derivation_is_refused(
    totp_vault: Any, vault_dir: Path, keyring_store: KeyringStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    used = TotpState(last_step=int(T0 // 30))  # another process accepted this step's code
    _during_derivation(monkeypatch, _rewrite_state(keyring_store, totp_vault, used))
    with pytest.raises(TotpRejected) as refused:
        unlock_vault(vault_dir, PASSPHRASE, TotpCode(code_at(totp_vault.otpauth_uri, T0)),
                     keyring=keyring_store, clock=FakeClock())
    assert refused.value.reason is TotpRejectReason.REPLAYED
    record = keyring_store.load(totp_vault.header.vault_id, totp_vault.header.slots[0].slot_id)
    assert record.totp == TotpState(last_step=used.last_step, failures=1)


def test_failures_counted_during_the_derivation_are_kept(
    totp_vault: Any, vault_dir: Path, keyring_store: KeyringStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    others = TotpState(failures=BACKOFF_AFTER - 1)  # two wrong codes from other processes
    _during_derivation(monkeypatch, _rewrite_state(keyring_store, totp_vault, others))
    with pytest.raises(TotpRejected, match="try again in 30 s"):
        unlock_vault(vault_dir, PASSPHRASE, TotpCode(wrong_code(totp_vault.otpauth_uri, T0)),
                     keyring=keyring_store, clock=FakeClock())
    record = keyring_store.load(totp_vault.header.vault_id, totp_vault.header.slots[0].slot_id)
    assert record.totp == TotpState(-1, BACKOFF_AFTER, T0 + 30)


def test_the_code_is_checked_under_the_lock(
    totp_vault: Any, vault_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    store = KeyringStore(lock_dir=tmp_path / "locks")
    username = store.username(totp_vault.header.vault_id, totp_vault.header.slots[0].slot_id)
    lock_file = tmp_path / "locks" / lock_file_name(username)
    seen: list[bool] = []
    real_load = store.load

    def load(vault_id: str, slot_id: str) -> DeviceRecord:
        seen.append(lock_file.exists() and not _lockable_elsewhere(lock_file))
        return real_load(vault_id, slot_id)

    monkeypatch.setattr(store, "load", load)
    unlock_vault(vault_dir, PASSPHRASE, TotpCode(code_at(totp_vault.otpauth_uri, T0)),
                 keyring=store, clock=FakeClock())
    # First read (before Argon2id) without the lock, second read (the decision) under it.
    assert seen == [False, True]
    assert _lockable_elsewhere(lock_file)  # released afterwards


def _try_lock(path: str, answer: Any) -> None:
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        answer.put(True)
    except BlockingIOError:
        answer.put(False)
    finally:
        os.close(fd)


def _lockable_elsewhere(path: Path) -> bool:
    """Whether another process could take the lock right now (it does not wait)."""
    context = multiprocessing.get_context("spawn")
    answer = context.Queue()
    child = context.Process(target=_try_lock, args=(str(path), answer))
    child.start()
    child.join()
    return bool(answer.get())


def test_lock_excludes_other_processes_and_has_private_modes(tmp_path: Path) -> None:
    folder = tmp_path / "deep" / "locks"
    previous = os.umask(0)  # modes must not depend on the umask
    try:
        with entry_lock("v:s", folder):
            path = folder / lock_file_name("v:s")
            assert not _lockable_elsewhere(path)
    finally:
        os.umask(previous)
    assert _lockable_elsewhere(path)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes() == b""  # the lock file holds nothing
    assert lock_file_name("../x:y").startswith("totp-") and "/" not in lock_file_name("../x:y")


def test_default_lock_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert default_lock_dir() == tmp_path / "scelle"
    monkeypatch.setenv("XDG_RUNTIME_DIR", "relative/run")  # ignored, as the XDG spec says
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert default_lock_dir() == tmp_path / "state" / "scelle" / "locks"
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    monkeypatch.delenv("XDG_STATE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_lock_dir() == tmp_path / "home" / ".local" / "state" / "scelle" / "locks"
