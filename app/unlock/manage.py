"""Vault key creation and slot management.

Without a key: `list_slots` (reads the header only; labels shown are not yet authenticated).
With an `UnlockedVault`: `add_slot`, `remove_slot`, `replace_recovery_slot`, `change_passphrase`.
Each rewrites vault.json once, with generation + 1, then updates `vault.header`; the caller
must then record `vault.generation` in the database (header first, database second, so that a
crash in between leaves a header *newer* than the database, which is accepted).

Keyring and header are ordered so that a crash never leaves a slot whose device share is gone
while the slot is still needed: a TOTP slot's entry is written before the header that adds it,
and deleted before the header that removes it (the slot is being dropped anyway).

Rules: the last passphrase slot (pkcs11, fido2, totp) cannot be removed; the recovery slot
cannot be removed, only replaced (a vault always keeps one).
"""

from __future__ import annotations

import hmac
import os
from dataclasses import dataclass, field
from pathlib import Path

from crypto.factors.base import KeyFactor
from crypto.factors.totp import TotpEnrollment, new_totp_secret, totp_enrollment
from crypto.kdf import Argon2Params, calibrate
from crypto.keyslots import (
    DEVICE_SHARE_LEN,
    KIND_RECOVERY,
    KIND_TOTP,
    PASSPHRASE_KINDS,
    KeySlot,
    SlotSecrets,
    TotpParams,
    factor_share,
    make_factor_slot,
    make_recovery_slot,
    make_totp_slot,
    new_vault_id,
    new_vmk,
    open_slot,
    rewrap_slot,
    wipe,
)
from crypto.recovery import format_recovery_code, new_recovery_code
from storage.header import (
    HeaderTamperedError,
    VaultExistsError,
    VaultHeader,
    header_path,
    read_header,
    write_header,
)
from storage.keyring_store import DeviceRecord, KeyringStore

from app.unlock.errors import HeaderChangedError, NoMatchingSlot, SlotPolicyError
from app.unlock.inputs import SlotFactor, TotpSetup, UnlockedVault
from app.unlock.opening import Passphrase, PassphraseBuffer


@dataclass(frozen=True)
class SlotInfo:
    """A slot as listed to the user (public data; unauthenticated before unlock)."""

    slot_id: str
    kind: str
    label: str
    created: str
    description: str  # the factor's description (token subject, key model), or ""


@dataclass
class CreatedVault:
    """Result of `create_vault_keys`. Show `recovery_code` once, for printing; never store it."""

    vault: UnlockedVault
    recovery_code: str = field(repr=False)
    totp: TotpEnrollment | None = None

    @property
    def header(self) -> VaultHeader:
        return self.vault.header

    @property
    def otpauth_uri(self) -> str | None:
        return self.totp.uri if self.totp is not None else None


def list_slots(vault_dir: str | os.PathLike[str]) -> list[SlotInfo]:
    return [SlotInfo(s.slot_id, s.kind, s.label, s.created, s.factor_description)
            for s in read_header(vault_dir).slots]


def create_vault_keys(
    vault_dir: str | os.PathLike[str], passphrase: Passphrase, factor: SlotFactor, *,
    label: str = "", kdf: Argon2Params | None = None, keyring: KeyringStore | None = None,
) -> CreatedVault:
    """Make the VMK, the first passphrase slot and the recovery slot; write vault.json.

    `kdf` gives the Argon2id cost (each slot gets its own salt); None calibrates on this
    machine from DESIGN's defaults. Creates `vault_dir` (mode 0700) if needed; refuses a folder
    that already holds a vault. Returns the unlocked handle, the printable recovery code and,
    for TOTP, the enrolment (otpauth URI and QR code).
    """
    vault_dir = Path(vault_dir)
    if header_path(vault_dir).exists():
        raise VaultExistsError("This folder already holds a Scellé vault (vault.json exists).")
    vault_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    kdf = kdf if kdf is not None else calibrate()
    vault_id, vmk, code = new_vault_id(), new_vmk(), new_recovery_code()
    try:
        with PassphraseBuffer(passphrase) as pw:
            first, enrollment, undo = _new_passphrase_slot(vault_id, vmk, pw, factor, label, kdf,
                                                           keyring)
        try:
            recovery = make_recovery_slot(vmk, vault_id, code, kdf)
            header = write_header(vault_dir, VaultHeader(vault_id, 1, (first, recovery)), vmk,
                                  create=True)
        except BaseException:
            undo()
            raise
        printable = format_recovery_code(code)
    except BaseException:
        wipe(vmk)
        raise
    finally:
        wipe(code)
    return CreatedVault(UnlockedVault(vault_dir, header, first.slot_id, vmk), printable,
                        enrollment)


def add_slot(
    vault: UnlockedVault, passphrase: Passphrase, factor: SlotFactor, *, label: str = "",
    kdf: Argon2Params | None = None, keyring: KeyringStore | None = None,
) -> TotpEnrollment | None:
    """Add a passphrase slot for `factor` (a token, a FIDO2 key, or TOTP via TotpSetup)."""
    vmk = vault.require_key()
    _check_unchanged(vault)
    with PassphraseBuffer(passphrase) as pw:
        slot, enrollment, undo = _new_passphrase_slot(
            vault.vault_id, vmk, pw, factor, label, kdf or _vault_kdf(vault), keyring)
    try:
        _commit(vault, [*vault.header.slots, slot])
    except BaseException:
        undo()
        raise
    return enrollment


def remove_slot(vault: UnlockedVault, slot_id: str, *, keyring: KeyringStore | None = None) -> None:
    """Remove a slot (not the recovery slot, not the last passphrase slot)."""
    vault.require_key()
    _check_unchanged(vault)
    check_removable(vault, slot_id)
    slot = _find(vault, slot_id)
    if slot.kind == KIND_TOTP:
        (keyring or KeyringStore()).delete(vault.vault_id, slot.slot_id)
    _commit(vault, [s for s in vault.header.slots if s.slot_id != slot_id])


def check_removable(vault: UnlockedVault, slot_id: str) -> None:
    """Raise what `remove_slot` would refuse (no I/O: the header verified at unlock)."""
    slot = _find(vault, slot_id)
    if slot.kind == KIND_RECOVERY:
        raise SlotPolicyError("The recovery slot cannot be removed; replace it with a new code.")
    if sum(s.kind in PASSPHRASE_KINDS for s in vault.header.slots) <= 1:
        raise SlotPolicyError(
            "This is the vault's last passphrase slot; add another one before removing it."
        )


def replace_recovery_slot(vault: UnlockedVault, *, kdf: Argon2Params | None = None) -> str:
    """Replace the recovery slot with one for a new code; returns the new printable code."""
    vmk = vault.require_key()
    _check_unchanged(vault)
    code = new_recovery_code()
    try:
        new = make_recovery_slot(vmk, vault.vault_id, code, kdf or _vault_kdf(vault))
        kept = [s for s in vault.header.slots if s.kind != KIND_RECOVERY]
        _commit(vault, [*kept, new])
        return format_recovery_code(code)
    finally:
        wipe(code)


def change_passphrase(
    vault: UnlockedVault, slot_id: str, old_passphrase: Passphrase, new_passphrase: Passphrase,
    factor: KeyFactor | None = None, *, kdf: Argon2Params | None = None,
    keyring: KeyringStore | None = None,
) -> None:
    """Rewrap one passphrase slot under a new passphrase; the VMK (and all data) is unchanged.

    The old passphrase opens the slot first (proof of knowledge, and the TOTP secret must be
    carried over so the authenticator app keeps working). Key-factor slots need `factor`.
    """
    vmk = vault.require_key()
    _check_unchanged(vault)
    slot = _find(vault, slot_id)
    if slot.kind not in PASSPHRASE_KINDS:
        raise SlotPolicyError("This slot has no passphrase (the recovery slot uses its code).")
    extra = _slot_extra(vault, slot, factor, keyring)
    try:
        with PassphraseBuffer(old_passphrase) as old_pw:
            opened = open_slot(slot, vault.vault_id, SlotSecrets(old_pw, extra))
        secret = None
        try:
            if not hmac.compare_digest(bytes(opened.vmk), bytes(vmk)):
                raise HeaderTamperedError("This slot does not hold the vault's key.")
            secret = opened.totp_secret() if slot.kind == KIND_TOTP else None
            with PassphraseBuffer(new_passphrase) as new_pw:
                new = rewrap_slot(slot, vault.vault_id, vmk, SlotSecrets(new_pw, extra),
                                  secret, kdf)
        finally:
            opened.wipe()
            wipe(secret)
    finally:
        wipe(extra)
    _commit(vault, [new if s.slot_id == slot_id else s for s in vault.header.slots])


def _slot_extra(
    vault: UnlockedVault, slot: KeySlot, factor: KeyFactor | None, keyring: KeyringStore | None
) -> bytearray:
    """The share mixed with the passphrase in `slot`: from the factor, or the device share."""
    if slot.kind == KIND_TOTP:
        record = (keyring or KeyringStore()).load(vault.vault_id, slot.slot_id)
        return record.share
    if factor is None or factor.kind != slot.kind:
        raise NoMatchingSlot(f"Changing this slot's passphrase needs its {slot.kind} key.")
    return factor_share(slot, vault.vault_id, factor)


def _new_passphrase_slot(
    vault_id: str, vmk: bytearray, pw: bytearray, factor: SlotFactor, label: str,
    kdf: Argon2Params, keyring: KeyringStore | None,
) -> tuple[KeySlot, TotpEnrollment | None, "_Undo"]:
    """Build a slot; for TOTP also store its device record. Returns an undo for that record."""
    if isinstance(factor, KeyFactor):
        return make_factor_slot(vmk, vault_id, pw, factor, label, kdf), None, _Undo()
    if not isinstance(factor, TotpSetup):
        raise TypeError("factor must be a KeyFactor or a TotpSetup")
    store = keyring if keyring is not None else KeyringStore()  # refuses unsafe keyrings first
    params = TotpParams(factor.digits, factor.period)
    share, secret = bytearray(os.urandom(DEVICE_SHARE_LEN)), new_totp_secret()
    try:
        slot = make_totp_slot(vmk, vault_id, pw, share, secret, label, kdf, params)
        enrollment = totp_enrollment(secret, vault_id, params.digits, params.period)
        store.save(vault_id, slot.slot_id, DeviceRecord(share))
    finally:
        wipe(share)
        wipe(secret)
    return slot, enrollment, _Undo(store, vault_id, slot.slot_id)


@dataclass
class _Undo:
    """Deletes a just-written keyring entry when the header that needed it was not written."""

    store: KeyringStore | None = None
    vault_id: str = ""
    slot_id: str = ""

    def __call__(self) -> None:
        if self.store is not None:
            self.store.delete(self.vault_id, self.slot_id)


def _vault_kdf(vault: UnlockedVault) -> Argon2Params:
    """Cost for a new slot: the strongest one already in the vault (never a weaker default)."""
    return max((s.kdf for s in vault.header.slots), key=lambda p: p.cost())


def _find(vault: UnlockedVault, slot_id: str) -> KeySlot:
    try:
        return vault.header.slot(slot_id)
    except KeyError:
        raise NoMatchingSlot("This vault has no slot with that id.") from None


def _check_unchanged(vault: UnlockedVault) -> None:
    """Refuse to edit if vault.json on disk is not the header this handle verified."""
    on_disk = read_header(vault.vault_dir)
    if not hmac.compare_digest(on_disk.mac, vault.header.mac):
        raise HeaderChangedError(
            "vault.json changed since the vault was unlocked; lock the vault and unlock it again."
        )


def _commit(vault: UnlockedVault, slots: list[KeySlot]) -> None:
    _check_unchanged(vault)
    vault.header = write_header(vault.vault_dir, vault.header.with_slots(slots), vault.vmk)
