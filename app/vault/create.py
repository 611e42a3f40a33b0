"""Creating, opening and describing a vault: the entry points of app/vault.

`create_vault` makes the keys (vault.json: VMK, first passphrase slot, recovery slot), the
store (vault.db, blobs/, staging/) and the holder's identity, stored inside vault.db. The
identity is generated first, so a bad name is refused before anything is written; if making
the store fails, vault.json (and a TOTP slot's keyring entry) are removed again.

`open_vault` runs the unlock (app/unlock), opens the store, then checks the header generation
against the one recorded in the database: an older header is a rollback (`HeaderRollbackError`,
nothing opened); a newer one (crash between a slot change and its record) is recorded.

`describe_vault` reads vault.json only (no key, nothing written): for the unlock screen.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from app.audit import AuditLog
from app.unlock import (
    FactorInput,
    RecoveryCode,
    SlotFactor,
    TotpCode,
    TotpEnrollment,
    TotpSetup,
    UnlockedVault,
    VaultUnlocker,
    check_generation,
    create_vault_keys,
)
from app.unlock.opening import Passphrase
from app.vault.errors import KdfPolicyError
from app.vault.session import VaultSession
from crypto.errors import ScelleError
from crypto.factors.base import KeyFactor
from crypto.identity import DEFAULT_VALIDITY, PrivateIdentity
from crypto.kdf import Argon2Params
from crypto.keyslots import KIND_RECOVERY, KIND_TOTP
from storage.header import header_path, read_header
from storage.keyring_store import KeyringStore
from storage.store import DB_NAME, Store


@dataclass
class NewVault:
    """Result of `create_vault`. Show `recovery_code` once for printing; never store it."""

    session: VaultSession
    recovery_code: str = field(repr=False)
    totp: TotpEnrollment | None = None

    @property
    def otpauth_uri(self) -> str | None:
        """For a TOTP vault: the otpauth:// URI (holds the secret: never log it)."""
        return self.totp.uri if self.totp is not None else None

    def totp_qr_text(self) -> str | None:
        return self.totp.qr_text() if self.totp is not None else None

    def totp_qr_png(self) -> bytes | None:
        return self.totp.qr_png() if self.totp is not None else None


def create_vault(
    vault_dir: str | os.PathLike[str], passphrase: Passphrase, factor: KeyFactor | TotpSetup, *,
    name: str, role: str = "", organisation: str = "", kdf: Argon2Params | None = None,
    keyring: KeyringStore | None = None, validity: timedelta = DEFAULT_VALIDITY,
    hybrid: bool = True, label: str = "",
) -> NewVault:
    """Create a vault in `vault_dir` (made if missing; must not hold a vault) and open it."""
    vault_dir = Path(vault_dir)
    identity = PrivateIdentity.generate(name, role, organisation, validity=validity,
                                        hybrid=hybrid)
    created = create_vault_keys(vault_dir, passphrase, factor, label=label, kdf=kdf,
                                keyring=keyring)
    unlocked = created.vault
    try:
        store = Store.create(vault_dir, unlocked.vmk)
    except BaseException:
        _undo_keys(unlocked, keyring)
        unlocked.wipe()
        raise
    try:
        _initialise(store, unlocked, identity)
        session = VaultSession(unlocked, store, keyring=keyring)
    except BaseException:
        store.close()
        unlocked.wipe()
        raise
    return NewVault(session, created.recovery_code, created.totp)


def _initialise(store: Store, unlocked: UnlockedVault, identity: PrivateIdentity) -> None:
    from app.vault.identity_store import IdentityStore

    audit = AuditLog(store, identity.fingerprint.hex())
    with store.db.transaction():
        store.set_generation(unlocked.generation)
        audit.record("vault.create")
        IdentityStore(store, audit).store_new(identity)


def _undo_keys(unlocked: UnlockedVault, keyring: KeyringStore | None) -> None:
    """Remove what create_vault_keys wrote, so the folder can be used again."""
    for slot in unlocked.header.slots:
        if slot.kind == KIND_TOTP:
            try:
                (keyring or KeyringStore()).delete(unlocked.vault_id, slot.slot_id)
            except ScelleError:
                pass
    header_path(unlocked.vault_dir).unlink(missing_ok=True)


def open_vault(
    vault_dir: str | os.PathLike[str], passphrase: Passphrase | None,
    factor_input: FactorInput, *, keyring: KeyringStore | None = None,
    kdf_floor: Argon2Params | None = None, unlocker: VaultUnlocker | None = None,
    clock: Callable[[], float] = time.time,
) -> VaultSession:
    """Unlock and open the vault (blocking: Argon2id, token I/O; call it off the GUI thread).

    `passphrase` is ignored for a RecoveryCode. `kdf_floor` (a policy minimum) refuses, before
    any work, a vault whose slots for this factor are all cheaper to attack than the floor.
    `unlocker` lets the GUI pass its own state machine (with its `on_change` listener).
    """
    vault_dir = Path(vault_dir)
    if kdf_floor is not None:
        _check_floor(vault_dir, factor_input, kdf_floor)
    if unlocker is None:
        unlocker = VaultUnlocker(vault_dir, keyring=keyring, clock=clock)
    unlocked = unlocker.unlock(passphrase, factor_input)
    try:
        return open_unlocked(unlocked, keyring=keyring, unlocker=unlocker)
    except BaseException:
        unlocker.lock()
        raise


def open_unlocked(unlocked: UnlockedVault, *, keyring: KeyringStore | None = None,
                  unlocker: VaultUnlocker | None = None) -> VaultSession:
    """Open the store of an already unlocked vault (rollback check included)."""
    store = Store.open(unlocked.vault_dir, unlocked.require_key())
    try:
        check_generation(unlocked.generation, store.get_generation())
        if unlocked.generation > store.get_generation():
            store.set_generation(unlocked.generation)
        return VaultSession(unlocked, store, unlocker=unlocker, keyring=keyring)
    except BaseException:
        store.close()
        raise


def _slot_kind(factor: FactorInput) -> str:
    if isinstance(factor, RecoveryCode):
        return KIND_RECOVERY
    if isinstance(factor, TotpCode):
        return KIND_TOTP
    return factor.kind


def _check_floor(vault_dir: Path, factor: FactorInput, floor: Argon2Params) -> None:
    slots = read_header(vault_dir).slots_of_kind(_slot_kind(factor))
    if slots and not any(s.kdf.memory_kib >= floor.memory_kib
                         and s.kdf.iterations >= floor.iterations for s in slots):
        raise KdfPolicyError(
            "This vault's key derivation is weaker than your organisation's policy requires "
            f"(at least {floor.memory_kib // 1024} MiB and {floor.iterations} passes); it was "
            "not opened. Change the passphrase with a stronger setting to upgrade it.")


@dataclass(frozen=True)
class SlotSummary:
    slot_id: str
    kind: str  # pkcs11 | fido2 | totp | recovery
    label: str  # as written in vault.json: not authenticated before unlock
    description: str
    created: str
    kdf: Argon2Params


@dataclass(frozen=True)
class VaultDescription:
    path: Path
    exists: bool  # vault.json present
    has_database: bool
    vault_id: str | None = None
    generation: int | None = None
    slots: tuple[SlotSummary, ...] = ()
    problem: str | None = None  # why vault.json cannot be read, if it cannot

    @property
    def factor_kinds(self) -> tuple[str, ...]:
        """Kinds of slot that can open the vault, in header order, without repeats."""
        return tuple(dict.fromkeys(s.kind for s in self.slots))

    @property
    def kdf(self) -> Argon2Params | None:
        """The strongest key-derivation setting among the slots."""
        return max((s.kdf for s in self.slots), key=lambda p: p.cost(), default=None)

    @property
    def usable(self) -> bool:
        return self.exists and self.has_database and self.problem is None


def describe_vault(vault_dir: str | os.PathLike[str]) -> VaultDescription:
    """What the unlock screen shows, read from vault.json alone (nothing is written)."""
    path = Path(vault_dir)
    has_db = (path / DB_NAME).is_file()
    if not header_path(path).is_file():
        return VaultDescription(path, False, has_db)
    try:
        header = read_header(path)
    except ScelleError as exc:
        return VaultDescription(path, True, has_db, problem=str(exc))
    except OSError as exc:
        return VaultDescription(path, True, has_db,
                                problem=f"vault.json cannot be read ({exc.strerror}).")
    slots = tuple(SlotSummary(s.slot_id, s.kind, s.label, s.factor_description, s.created,
                              s.kdf) for s in header.slots)
    return VaultDescription(path, True, has_db, header.vault_id, header.generation, slots)


__all__ = ["NewVault", "SlotFactor", "SlotSummary", "VaultDescription", "create_vault",
           "describe_vault", "open_unlocked", "open_vault"]
