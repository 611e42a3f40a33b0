"""`unlock_vault`: from passphrase + one factor input to a verified header and the VMK.

Order of checks, cheapest and least revealing first:
1. read and strictly parse vault.json (format, version, KDF floor);
2. pick the slots the input can open (`NoMatchingSlot` if none);
3. TOTP only: load the device record; a running back-off refuses before any Argon2id work;
4. derive the slot key and unwrap the VMK (`WrongPassphraseError` / `WrongRecoveryCodeError`);
   with a token or a key, its Argon2id may already be running beside the factor's share
   (`stretching`, app/vault/stretching.py);
5. verify the header MAC with the VMK (`HeaderTamperedError`);
6. TOTP only: take the entry's cross-process lock, read the gate state again (another process
   may have changed it during step 4), check the code, persist the new state, release the lock;
   release the VMK only if the code passed.

Nothing is written on failure except the TOTP gate state in the OS keyring. Rollback against
the database generation is checked by the caller once the store is open (`check_generation`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from crypto.errors import ScelleError
from crypto.factors.base import FactorError, KeyFactor
from crypto.factors.fido2_errors import Fido2WrongCredentialError
from crypto.factors.pkcs11_errors import KeyMismatchError, KeyNotFoundError, TokenNotFoundError
from crypto.factors.totp import TotpGate, TotpRejected, check_backoff
from crypto.keyslots import (
    KIND_RECOVERY,
    KIND_TOTP,
    KeySlot,
    MalformedSlotError,
    OpenedSlot,
    SlotSecrets,
    WrongPassphraseError,
    factor_share,
    open_slot,
    secret_bytes,
    wipe,
)
from crypto.keyslots.stretching import Stretching
from crypto.recovery import parse_recovery_code
from storage.header import VaultHeader, read_header
from storage.keyring_store import DeviceRecord, DeviceShareMissingError, KeyringStore

from app.unlock.errors import MissingPassphraseError, NoMatchingSlot
from app.unlock.inputs import FactorInput, RecoveryCode, TotpCode, UnlockedVault

Passphrase = str | bytes | bytearray
# Factor errors meaning "this is not the token of that slot": the next slot of the same kind may
# match. Any other factor error (wrong or blocked PIN, cancelled, no touch, token pulled out)
# ends the attempt at once: retrying it on every slot would burn PIN tries or ask for touches.
_NOT_THIS_SLOT = (TokenNotFoundError, KeyNotFoundError, KeyMismatchError,
                  Fido2WrongCredentialError)
_KIND_NAMES = {"pkcs11": "smart card / PKCS#11 token", "fido2": "FIDO2 security key",
               KIND_TOTP: "TOTP", KIND_RECOVERY: "recovery code"}


def unlock_vault(
    vault_dir: str | os.PathLike[str],
    passphrase: Passphrase | None,
    factor: FactorInput,
    *,
    keyring: KeyringStore | None = None,
    clock: Callable[[], float] = time.time,
    stretching: Stretching | None = None,
) -> UnlockedVault:
    """Open the vault's keys. `passphrase` is ignored for a RecoveryCode (it opens alone).

    `keyring` is used (and created if None) only for TOTP. `stretching`: the passphrase's
    Argon2id for a slot of the factor's kind, started ahead by the caller (app/vault/
    stretching.py); used if it matches the passphrase and a slot tried, else ignored. Raises a
    ScelleError subclass on every failure; the caller's buffers (a bytearray passphrase, the
    stretching) are not wiped here.
    """
    vault_dir = Path(vault_dir)
    header = read_header(vault_dir)
    if isinstance(factor, RecoveryCode):
        return _unlock_recovery(vault_dir, header, factor)
    if isinstance(factor, TotpCode):
        slots = _slots(header, KIND_TOTP)
        with PassphraseBuffer(passphrase) as pw:
            return _unlock_totp(vault_dir, header, slots, pw, factor, keyring, clock)
    if isinstance(factor, KeyFactor):
        slots = _slots(header, factor.kind)
        with PassphraseBuffer(passphrase) as pw:
            return _unlock_factor(vault_dir, header, slots, pw, factor, stretching)
    raise TypeError("factor must be a KeyFactor, a TotpCode or a RecoveryCode")


class PassphraseBuffer:
    """The passphrase as a bytearray wiped on exit, whatever happens."""

    def __init__(self, passphrase: Passphrase | None) -> None:
        if passphrase is None or len(passphrase) == 0:
            raise MissingPassphraseError("A passphrase is required here, and it cannot be empty.")
        self._buf = secret_bytes(passphrase)

    def __enter__(self) -> bytearray:
        return self._buf

    def __exit__(self, *exc: object) -> None:
        wipe(self._buf)


def _slots(header: VaultHeader, kind: str) -> list[KeySlot]:
    slots = header.slots_of_kind(kind)
    if not slots:
        raise NoMatchingSlot(f"This vault has no {_KIND_NAMES.get(kind, kind)} slot.")
    return slots


def _finish(vault_dir: Path, header: VaultHeader, opened: OpenedSlot) -> UnlockedVault:
    """Verify the header with the VMK and hand the VMK over to a handle."""
    try:
        header.verify(opened.vmk)
    except BaseException:
        opened.wipe()
        raise
    return UnlockedVault(vault_dir, header, opened.slot.slot_id, opened.release_vmk())


def _unlock_recovery(vault_dir: Path, header: VaultHeader, code: RecoveryCode) -> UnlockedVault:
    raw = parse_recovery_code(code.code)  # typos are caught before any costly work
    try:
        slot = _slots(header, KIND_RECOVERY)[0]
        opened = open_slot(slot, header.vault_id, SlotSecrets(raw))
    finally:
        wipe(raw)
    return _finish(vault_dir, header, opened)


def _unlock_factor(
    vault_dir: Path, header: VaultHeader, slots: list[KeySlot], pw: bytearray, factor: KeyFactor,
    stretching: Stretching | None = None,
) -> UnlockedVault:
    """Try each slot of the factor's kind (e.g. two enrolled tokens)."""
    factor_error: FactorError | None = None
    wrong: ScelleError | None = None
    for slot in slots:
        try:
            share = factor_share(slot, header.vault_id, factor)
        except _NOT_THIS_SLOT as exc:
            factor_error = exc
            continue
        stretched = stretching.take_for(pw, slot.kdf) if stretching is not None else None
        try:
            opened = open_slot(slot, header.vault_id, SlotSecrets(pw, share), stretched=stretched)
        except WrongPassphraseError as exc:
            wrong = exc
            continue
        finally:
            wipe(share)
        return _finish(vault_dir, header, opened)
    # A failed unwrap is the more telling error; a factor error means no slot was even tried.
    raise wrong or factor_error or NoMatchingSlot("No slot of this vault matches this key.")


def _unlock_totp(
    vault_dir: Path, header: VaultHeader, slots: list[KeySlot], pw: bytearray, code: TotpCode,
    keyring: KeyringStore | None, clock: Callable[[], float],
) -> UnlockedVault:
    store = keyring if keyring is not None else KeyringStore()
    candidates = _load_records(store, header, slots)
    try:
        now = clock()
        waits = [check_backoff(record.totp, now) for _, record in candidates]
        blocked = [w for w in waits if w is not None]
        if len(blocked) == len(candidates):  # all in back-off: shortest wait, no Argon2id work
            raise min(blocked, key=lambda e: e.retry_after)
        last: ScelleError | None = None
        for (slot, record), wait in zip(candidates, waits):
            if wait is not None:
                continue
            try:
                return _try_totp_slot(vault_dir, header, slot, record, pw, code, store, clock)
            except (WrongPassphraseError, TotpRejected) as exc:
                last = exc  # another TOTP slot (a second phone) may still match
        raise last or NoMatchingSlot("No TOTP slot of this vault could be tried.")
    finally:
        for _, record in candidates:
            record.wipe()


def _load_records(
    store: KeyringStore, header: VaultHeader, slots: list[KeySlot]
) -> list[tuple[KeySlot, DeviceRecord]]:
    out: list[tuple[KeySlot, DeviceRecord]] = []
    missing: DeviceShareMissingError | None = None
    for slot in slots:
        try:
            out.append((slot, store.load(header.vault_id, slot.slot_id)))
        except DeviceShareMissingError as exc:
            missing = exc
    if not out:
        raise missing or NoMatchingSlot("This vault has no TOTP slot.")
    return out


def _try_totp_slot(
    vault_dir: Path, header: VaultHeader, slot: KeySlot, record: DeviceRecord, pw: bytearray,
    code: TotpCode, store: KeyringStore, clock: Callable[[], float],
) -> UnlockedVault:
    # Argon2id runs outside the lock, so parallel attempts do not queue behind each other's
    # derivation; the code itself is checked against the state as it is after the derivation.
    opened = open_slot(slot, header.vault_id, SlotSecrets(pw, record.share))
    try:
        header.verify(opened.vmk)
        if slot.totp is None:
            raise MalformedSlotError("A TOTP slot of vault.json has no TOTP settings.")
        secret = opened.totp_secret()
        try:
            gate = TotpGate(secret, slot.totp.digits, slot.totp.period, clock)
        finally:
            wipe(secret)
        _check_code(store, header.vault_id, slot.slot_id, gate, code)
    except BaseException:
        opened.wipe()
        raise
    return _finish(vault_dir, header, opened)


def _check_code(
    store: KeyringStore, vault_id: str, slot_id: str, gate: TotpGate, code: TotpCode
) -> None:
    """Re-read the gate state, check the code and persist the outcome, all under the entry's
    cross-process lock: another process may have used a code or failed since our first read,
    and writing back a decision taken on that older state would undo its update."""
    with store.locked(vault_id, slot_id):
        fresh = store.load(vault_id, slot_id)
        try:
            decision = gate.verify(code.code, fresh.totp)
            if decision.state != fresh.totp:
                # Persist before answering: a used step or a failure counts even if we crash.
                store.save(vault_id, slot_id, DeviceRecord(fresh.share, decision.state))
        finally:
            fresh.wipe()
    if decision.error is not None:
        raise decision.error
