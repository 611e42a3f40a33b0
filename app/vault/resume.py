"""Resuming a vault creation that was never finished (app/vault/pending_creation.py).

The holder unlocks with the factors chosen at creation (or the first recovery code, if they
have it after all); a *fresh* recovery code is then made, because the first one was never
confirmed and may exist nowhere. The creation stays pending until that new code is confirmed
(`confirm_recovery`), exactly as for a new vault: a second interruption is resumed the same way.
"""

from __future__ import annotations

import os
from pathlib import Path

from app.unlock import FactorInput, VaultUnlocker
from app.unlock.opening import Passphrase
from app.vault.create import NewVault, open_vault
from app.vault.pending_creation import NoPendingCreation, pending_creation
from app.vault.session import VaultSession
from crypto.kdf import Argon2Params
from storage.keyring_store import KeyringStore


def _require_pending(folder: Path) -> None:
    found = pending_creation(folder)
    if found is None or not found.resumable:
        raise NoPendingCreation(f"'{folder}' holds no unfinished vault creation to resume.")


def open_pending(vault_dir: str | os.PathLike[str], passphrase: Passphrase | None,
                 factor_input: FactorInput, *, keyring: KeyringStore | None = None,
                 kdf_floor: Argon2Params | None = None,
                 unlocker: VaultUnlocker | None = None) -> VaultSession:
    """Open a vault whose creation is pending (blocking: Argon2id, token I/O)."""
    folder = Path(vault_dir)
    _require_pending(folder)
    return open_vault(folder, passphrase, factor_input, keyring=keyring, kdf_floor=kdf_floor,
                      unlocker=unlocker, allow_pending=True)


def fresh_recovery_code(session: VaultSession, *, kdf: Argon2Params | None = None) -> str:
    """Replace the never-confirmed recovery code of a pending creation (returned once)."""
    _require_pending(session.vault_dir)
    return session.slots.replace_recovery(kdf=kdf)


def resume_creation(vault_dir: str | os.PathLike[str], passphrase: Passphrase | None,
                    factor_input: FactorInput, *, keyring: KeyringStore | None = None,
                    kdf: Argon2Params | None = None) -> NewVault:
    """Open the pending vault and make its fresh recovery code: what `create_vault` returns."""
    session = open_pending(vault_dir, passphrase, factor_input, keyring=keyring)
    try:
        code = fresh_recovery_code(session, kdf=kdf)
    except BaseException:
        session.lock()
        raise
    return NewVault(session, code)
