"""Creating, opening and describing a vault: the entry points of app/vault.

`create_vault` makes the keys (vault.json: VMK, first passphrase slot, recovery slot), the
store (vault.db, blobs/, staging/) and the holder's identity, stored inside vault.db. Everything
that can be refused is checked before anything is written: the folder
(`check_new_vault_folder`), the vault-key rules (app/vault/key_rules.py: the workstation
policy, the passphrase strength) and the holder's name. If making the store fails, vault.json
(and a TOTP slot's keyring entry) are removed again, and so is the folder if it made it.

With `pending=True` (the wizard, `scelle vault init`) the creation stays pending until the
recovery code is confirmed (app/vault/pending_creation.py): `open_vault` refuses such a vault
unless `allow_pending` (resuming it, app/vault/resume.py).

`open_vault` refuses a vault below the policy's key-derivation floor before any work, runs the
unlock (app/unlock), opens the store, then checks the header generation
against the one recorded in the database: an older header is a rollback (`HeaderRollbackError`,
nothing opened); a newer one (crash between a slot change and its record) is recorded.

`describe_vault` reads vault.json only (no key, nothing written): for the unlock screen.
"""

from __future__ import annotations

import enum
import importlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from app.unlock import (
    FactorInput,
    SlotFactor,
    TotpEnrollment,
    TotpSetup,
    UnlockedVault,
    VaultUnlocker,
    check_generation,
    create_vault_keys,
)
from app.unlock.opening import Passphrase
from app.vault import key_rules
from app.vault.pending_creation import (
    finish_creation,
    mark_pending,
    marker_path,
    require_not_pending,
)
from crypto.errors import ScelleError
from crypto.factors.base import KeyFactor
from crypto.identity import DEFAULT_VALIDITY, PrivateIdentity
from crypto.kdf import Argon2Params, calibrate
from crypto.keyslots import KIND_TOTP
from crypto.keyslots.stretching import Stretching
from storage.header import VaultExistsError, header_path, read_header
from storage.keyring_store import KeyringStore
from storage.store import DB_NAME, Store

if TYPE_CHECKING:
    # The session and what it imports (every service) are loaded by the functions that make
    # one: `describe_vault`, which a face asks before the passphrase, then needs none of it,
    # and the session's imports can then run while the passphrase is being stretched
    # (app/vault/stretching.py).
    from app.vault.session import VaultSession


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


class FolderProblem(enum.Enum):
    """Why a folder cannot receive a new vault (the GUI words each one in its language)."""

    NOT_A_FOLDER = "not a folder"
    HOLDS_VAULT = "holds a vault"
    HOLDS_DATABASE = "holds a vault database"
    NO_PARENT = "no parent folder"


class VaultFolderError(ScelleError):
    """The folder chosen for a new vault cannot receive one; nothing was written."""

    def __init__(self, message: str, problem: FolderProblem) -> None:
        super().__init__(message)
        self.problem = problem


class VaultFolderTaken(VaultFolderError, VaultExistsError):
    """The folder already holds a vault (vault.json)."""


def check_new_vault_folder(vault_dir: str | os.PathLike[str], *,
                           make_parents: bool = False) -> None:
    """Refuse a folder that cannot receive a new vault (`VaultFolderError`); writes nothing.

    The one rule for "is this folder free for a new vault", which the command line and the
    wizard call before asking anything. The folder may be missing (it is created) or exist,
    empty or not, without a vault in it. Its parent must exist unless `make_parents` (the
    GUI's default location may be the first thing ever made under ~/.local/share; on the
    command line a missing parent is more likely a typo).
    """
    folder = Path(vault_dir)
    _check_folder_shape(folder, make_parents)
    if (folder / DB_NAME).exists():
        raise VaultFolderError(f"'{folder}' holds a vault database without vault.json; "
                               "choose an empty folder", FolderProblem.HOLDS_DATABASE)


def _check_folder_shape(folder: Path, make_parents: bool) -> None:
    if folder.exists() and not folder.is_dir():
        raise VaultFolderError(f"'{folder}' exists and is not a folder",
                               FolderProblem.NOT_A_FOLDER)
    if header_path(folder).exists():
        raise VaultFolderTaken(f"'{folder}' already holds a vault (vault.json exists)",
                               FolderProblem.HOLDS_VAULT)
    if not make_parents and not folder.exists() and not folder.parent.is_dir():
        raise VaultFolderError(f"the folder containing '{folder}' does not exist",
                               FolderProblem.NO_PARENT)


def create_vault(
    vault_dir: str | os.PathLike[str], passphrase: Passphrase, factor: KeyFactor | TotpSetup, *,
    name: str, role: str = "", organisation: str = "", kdf: Argon2Params | None = None,
    keyring: KeyringStore | None = None, validity: timedelta = DEFAULT_VALIDITY,
    hybrid: bool = True, label: str = "", make_parents: bool = True, pending: bool = False,
) -> NewVault:
    """Create a vault in `vault_dir` (made if missing; must not hold a vault) and open it.

    Refused before anything is written: a folder `check_new_vault_folder` refuses, a key the
    rules of app/vault/key_rules.py refuse (policy, passphrase strength), a bad name.
    `pending`: the creation marker is written first and stays until `confirm_recovery`.
    """
    vault_dir = Path(vault_dir)
    # A stray vault.db without vault.json is left to Store.create, which refuses it after the
    # header is written; the header is then removed again (the undo path below).
    _check_folder_shape(vault_dir, make_parents)
    kdf = key_rules.check_new_key(passphrase, factor, kdf, calibrate)
    identity = PrivateIdentity.generate(name, role, organisation, validity=validity,
                                        hybrid=hybrid)
    existed = vault_dir.exists()
    try:
        if pending:
            vault_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            mark_pending(vault_dir, made_folder=not existed)
        return _create(vault_dir, passphrase, factor, identity, kdf, keyring, label)
    except BaseException:
        if pending and marker_path(vault_dir).exists() and not header_path(vault_dir).exists():
            finish_creation(vault_dir)  # nothing was made: the marker has nothing to guard
        if not existed:
            _remove_if_empty(vault_dir)
        raise


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass  # not empty, or already gone: leave it


def _create(vault_dir: Path, passphrase: Passphrase, factor: KeyFactor | TotpSetup,
            identity: PrivateIdentity, kdf: Argon2Params | None,
            keyring: KeyringStore | None, label: str) -> NewVault:
    from app.vault.session import VaultSession

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
    from app.audit import AuditLog
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
    clock: Callable[[], float] = time.time, allow_pending: bool = False,
    stretching: Stretching | None = None,
) -> VaultSession:
    """Unlock and open the vault (blocking: Argon2id, token I/O; call it off the GUI thread).

    `passphrase` is ignored for a RecoveryCode. A vault whose slots for this factor are all
    cheaper to attack than the workstation policy's floor is refused before any work
    (`KdfPolicyError`); `kdf_floor` may only add a stricter floor to that one.
    `unlocker` lets the GUI pass its own state machine (with its `on_change` listener).
    A creation never finished is refused (`CreationPendingError`) unless `allow_pending`.
    `stretching`: the passphrase's Argon2id started ahead (app/vault/stretching.py); the
    caller closes it.
    """
    # Loaded before the unlock, not after it: with a stretching running (app/vault/stretching.py)
    # the import overlaps Argon2id instead of following it.
    importlib.import_module("app.vault.session")

    vault_dir = Path(vault_dir)
    if not allow_pending:
        require_not_pending(vault_dir)
    key_rules.check_open(vault_dir, factor_input, kdf_floor)
    if unlocker is None:
        unlocker = VaultUnlocker(vault_dir, keyring=keyring, clock=clock)
    unlocked = unlocker.unlock(passphrase, factor_input, stretching=stretching)
    try:
        return open_unlocked(unlocked, keyring=keyring, unlocker=unlocker)
    except BaseException:
        unlocker.lock()
        raise


def open_unlocked(unlocked: UnlockedVault, *, keyring: KeyringStore | None = None,
                  unlocker: VaultUnlocker | None = None) -> VaultSession:
    """Open the store of an already unlocked vault (rollback check included)."""
    from app.vault.recovery_reminder import note_unlock
    from app.vault.session import VaultSession

    store = Store.open(unlocked.vault_dir, unlocked.require_key())
    try:
        check_generation(unlocked.generation, store.get_generation())
        if unlocked.generation > store.get_generation():
            store.set_generation(unlocked.generation)
        note_unlock(store, unlocked)  # opened with the recovery code: a new one is due
        session = VaultSession(unlocked, store, unlocker=unlocker, keyring=keyring)
    except BaseException:
        store.close()
        raise
    try:
        session.consultations.enforce()  # ends passed while locked (app/vault/consultation.py)
    except BaseException:
        session.lock()
        raise
    return session


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
    pending: bool = False  # its creation was never finished (app/vault/pending_creation.py)

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
    pending = marker_path(path).exists()
    if not header_path(path).is_file():
        return VaultDescription(path, False, has_db, pending=pending)
    try:
        header = read_header(path)
    except ScelleError as exc:
        return VaultDescription(path, True, has_db, problem=str(exc), pending=pending)
    except OSError as exc:
        return VaultDescription(path, True, has_db, pending=pending,
                                problem=f"vault.json cannot be read ({exc.strerror}).")
    slots = tuple(SlotSummary(s.slot_id, s.kind, s.label, s.factor_description, s.created,
                              s.kdf) for s in header.slots)
    return VaultDescription(path, True, has_db, header.vault_id, header.generation, slots,
                            pending=pending)


__all__ = ["FolderProblem", "NewVault", "SlotFactor", "SlotSummary", "VaultDescription",
           "VaultFolderError", "VaultFolderTaken", "check_new_vault_folder", "create_vault", "describe_vault",
           "open_unlocked", "open_vault"]
