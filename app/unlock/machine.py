"""The unlock state machine (after Cryptomator's): LOCKED → PROCESSING → UNLOCKED.

    LOCKED ──unlock()──▶ PROCESSING ──success──▶ UNLOCKED ──lock()──▶ LOCKED
                             └────failure (error kept)────▶ LOCKED

`unlock()` blocks for the whole derivation (Argon2id, token I/O), so the GUI calls it from a
worker thread; every method is thread-safe. `lock()` during PROCESSING is remembered and
applied as soon as the derivation ends (auto-lock on screen lock must win over a pending
unlock). `on_change(state, error)` is called after each transition, outside the internal lock,
from whichever thread made the transition (the GUI marshals it to its own thread).
"""

from __future__ import annotations

import enum
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from crypto.keyslots.stretching import Stretching
from storage.keyring_store import KeyringStore

from app.unlock.errors import UnlockStateError
from app.unlock.inputs import FactorInput, UnlockedVault
from app.unlock.opening import Passphrase, unlock_vault


class UnlockState(enum.Enum):
    LOCKED = "locked"
    PROCESSING = "processing"
    UNLOCKED = "unlocked"


StateListener = Callable[[UnlockState, "BaseException | None"], None]


class VaultUnlocker:
    """Owns the unlock state of one vault folder and, while UNLOCKED, its key handle."""

    def __init__(
        self,
        vault_dir: str | os.PathLike[str],
        *,
        keyring: KeyringStore | None = None,
        clock: Callable[[], float] = time.time,
        on_change: StateListener | None = None,
    ) -> None:
        self.vault_dir = Path(vault_dir)
        self._keyring = keyring
        self._clock = clock
        self._on_change = on_change
        self._mutex = threading.Lock()
        self._state = UnlockState.LOCKED
        self._error: BaseException | None = None
        self._vault: UnlockedVault | None = None
        self._lock_requested = False

    @property
    def state(self) -> UnlockState:
        with self._mutex:
            return self._state

    @property
    def error(self) -> BaseException | None:
        """Why the last unlock failed (None after a success or a lock)."""
        with self._mutex:
            return self._error

    @property
    def vault(self) -> UnlockedVault:
        """The key handle; raises UnlockStateError unless UNLOCKED."""
        with self._mutex:
            if self._state is not UnlockState.UNLOCKED or self._vault is None:
                raise UnlockStateError("The vault is not unlocked.")
            return self._vault

    def unlock(self, passphrase: Passphrase | None, factor: FactorInput, *,
               stretching: Stretching | None = None) -> UnlockedVault:
        """Run the whole unlock; returns the handle or raises (state back to LOCKED).
        `stretching`: see `unlock_vault`."""
        with self._mutex:
            if self._state is not UnlockState.LOCKED:
                raise UnlockStateError(
                    "The vault is already unlocked." if self._state is UnlockState.UNLOCKED
                    else "The vault is already being unlocked."
                )
            self._state, self._error, self._lock_requested = UnlockState.PROCESSING, None, False
        self._notify(UnlockState.PROCESSING, None)
        try:
            vault = unlock_vault(self.vault_dir, passphrase, factor, keyring=self._keyring,
                                 clock=self._clock, stretching=stretching)
        except BaseException as exc:
            self._fail(exc)
            raise
        with self._mutex:
            cancelled = self._lock_requested
            if not cancelled:
                self._vault, self._state = vault, UnlockState.UNLOCKED
        if cancelled:
            vault.wipe()
            error = UnlockStateError("The vault was locked while it was being unlocked.")
            self._fail(error)
            raise error
        self._notify(UnlockState.UNLOCKED, None)
        return vault

    def lock(self) -> None:
        """Wipe the VMK and go to LOCKED (deferred to the end of a running unlock)."""
        with self._mutex:
            if self._state is UnlockState.PROCESSING:
                self._lock_requested = True
                return
            vault, self._vault = self._vault, None
            was = self._state
            self._state, self._error = UnlockState.LOCKED, None
        if vault is not None:
            vault.wipe()
        if was is not UnlockState.LOCKED:
            self._notify(UnlockState.LOCKED, None)

    def _fail(self, exc: BaseException) -> None:
        with self._mutex:
            self._state, self._error, self._vault = UnlockState.LOCKED, exc, None
        self._notify(UnlockState.LOCKED, exc)

    def _notify(self, state: UnlockState, error: BaseException | None) -> None:
        if self._on_change is not None:
            self._on_change(state, error)
