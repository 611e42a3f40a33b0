"""Key-slot cryptography: slot keys, wrapping and unwrapping the vault master key (VMK).

    stretched = Argon2id(passphrase, slot.kdf)          or Argon2id(recovery code) for recovery
    ikm       = stretched || factor share               pkcs11, fido2 (share from the KeyFactor)
              = stretched || device share               totp (device share from the OS keyring)
              = stretched                               recovery
    slot key  = HKDF-SHA256(ikm, info = "scelle/v1 slot key\\0" vault_id "\\0" slot_id "\\0" kind)
    wrap key  = HKDF-SHA256(slot key, info = "scelle/v1 vmk wrap")
    totp key  = HKDF-SHA256(slot key, info = "scelle/v1 totp secret")
    wrapped   = ChaCha20-Poly1305(wrap key, random nonce, VMK, aad = slot public description)

The TOTP secret is sealed under the totp key only so that the header does not expose it; the
code it produces is checked as a gate after the VMK is unwrapped and adds no key material.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from crypto.errors import ScelleError
from crypto.factors.base import SHARE_LEN, KeyFactor
from crypto.kdf import Argon2Params, derive
from crypto.keyslots.model import (
    FACTOR_KINDS,
    KIND_RECOVERY,
    KIND_TOTP,
    MAX_DESCRIPTION,
    MAX_LABEL,
    NONCE_LEN,
    KeySlot,
    MalformedSlotError,
    Sealed,
    TotpParams,
    check_text,
    utc_now,
)
from crypto.keyslots.secret import concat, wipe

VMK_LEN = 32
TOTP_SECRET_LEN = 20  # 160 bits, the size RFC 4226 recommends
DEVICE_SHARE_LEN = 32
SLOT_ID_BYTES = 8
VAULT_ID_BYTES = 16


class WrongPassphraseError(ScelleError):
    """The slot did not open: wrong passphrase (or, for key factors, possibly the wrong key)."""


class WrongRecoveryCodeError(ScelleError):
    """A well-formed recovery code that does not open this vault."""


def new_vmk() -> bytearray:
    """A fresh random 256-bit vault master key; wipe it when the vault locks."""
    return bytearray(os.urandom(VMK_LEN))


def new_vault_id() -> str:
    return os.urandom(VAULT_ID_BYTES).hex()


def new_slot_id() -> str:
    return os.urandom(SLOT_ID_BYTES).hex()


def slot_context(vault_id: str, slot_id: str) -> bytes:
    """Domain separation handed to a KeyFactor (see crypto/factors/base.py)."""
    return b"scelle/v1 slot\0" + vault_id.encode("ascii") + slot_id.encode("ascii")


def _hkdf(ikm: bytes | bytearray, info: bytes) -> bytearray:
    return bytearray(HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(ikm))


def header_mac_key(vmk: bytes | bytearray, vault_id: str) -> bytearray:
    """Key of the header MAC, derived from the VMK (so only a key holder can rewrite the header)."""
    return _hkdf(vmk, b"scelle/v1 header mac\0" + vault_id.encode("ascii"))


@dataclass
class SlotSecrets:
    """What one attempt supplies to derive a slot key. The caller owns and wipes the buffers."""

    secret: bytearray = field(repr=False)  # passphrase, or the 16 raw bytes of a recovery code
    extra: bytearray | None = field(default=None, repr=False)  # factor share or device share


def _slot_keys(
    vault_id: str, slot_id: str, kind: str, kdf: Argon2Params, secrets: SlotSecrets,
    stretched: bytearray | None = None,
) -> tuple[bytearray, bytearray]:
    """(wrap key, totp key) of a slot; every intermediate is wiped. `stretched`: the secret's
    Argon2id with `kdf`, already derived (crypto/keyslots/stretching.py); taken over here."""
    want_extra = kind != KIND_RECOVERY
    if want_extra != (secrets.extra is not None) or (
            secrets.extra is not None and len(secrets.extra) != SHARE_LEN):
        wipe(stretched)
        if want_extra != (secrets.extra is not None):
            raise ValueError(f"a {kind} slot {'needs' if want_extra else 'takes no'} share")
        raise ValueError("a factor or device share is 32 bytes")
    if stretched is None:
        stretched = derive(secrets.secret, kdf)
    ikm = concat(stretched, secrets.extra or b"")
    info = b"scelle/v1 slot key\0" + f"{vault_id}\0{slot_id}\0{kind}".encode("ascii")
    slot_key = _hkdf(ikm, info)
    try:
        return _hkdf(slot_key, b"scelle/v1 vmk wrap"), _hkdf(slot_key, b"scelle/v1 totp secret")
    finally:
        for buf in (stretched, ikm, slot_key):
            wipe(buf)


def _seal(key: bytearray, plain: bytes | bytearray, aad: bytes) -> Sealed:
    nonce = os.urandom(NONCE_LEN)
    return Sealed(nonce, ChaCha20Poly1305(bytes(key)).encrypt(nonce, bytes(plain), aad))


def _open(key: bytearray, sealed: Sealed, aad: bytes) -> bytearray | None:
    try:
        return bytearray(ChaCha20Poly1305(bytes(key)).decrypt(sealed.nonce, sealed.ciphertext, aad))
    except InvalidTag:
        return None


def seal_slot(
    template: KeySlot,
    vault_id: str,
    vmk: bytes | bytearray,
    secrets: SlotSecrets,
    totp_secret: bytes | bytearray | None = None,
) -> KeySlot:
    """Fill in `template`'s ciphertexts (its existing ones are ignored) for these secrets."""
    if len(vmk) != VMK_LEN:
        raise ValueError("the VMK is 32 bytes")
    if (template.kind == KIND_TOTP) != (totp_secret is not None):
        raise ValueError("exactly the totp slots carry a TOTP secret")
    wrap_key, totp_key = _slot_keys(
        vault_id, template.slot_id, template.kind, template.kdf, secrets
    )
    try:
        aad = template.aad(vault_id)
        sealed_totp = _seal(totp_key, totp_secret, aad) if totp_secret is not None else None
        return replace(template, wrapped_vmk=_seal(wrap_key, vmk, aad), totp_secret=sealed_totp)
    finally:
        wipe(wrap_key)
        wipe(totp_key)


@dataclass
class OpenedSlot:
    """The VMK recovered from a slot; call wipe() once it has been handed over or dropped.

    The TOTP secret is decrypted on demand (`totp_secret()`), so that the caller verifies the
    header MAC with the VMK first: a damaged secret is then reported as a tampered header.
    """

    slot: KeySlot
    vmk: bytearray = field(repr=False)
    _totp_key: bytearray = field(default_factory=bytearray, repr=False)
    _aad: bytes = field(default=b"", repr=False)

    def totp_secret(self) -> bytearray:
        if self.slot.totp_secret is None:
            raise MalformedSlotError("This key slot has no TOTP secret.")
        secret = _open(self._totp_key, self.slot.totp_secret, self._aad)
        if secret is None:  # the VMK opened with the same key, so only tampering causes this
            raise MalformedSlotError("The TOTP secret of a key slot is damaged.")
        return secret

    def release_vmk(self) -> bytearray:
        """Hand the VMK over to its new owner and wipe everything else held here."""
        vmk, self.vmk = self.vmk, bytearray()
        wipe(self._totp_key)
        return vmk

    def wipe(self) -> None:
        wipe(self.vmk)
        wipe(self._totp_key)


def open_slot(slot: KeySlot, vault_id: str, secrets: SlotSecrets, *,
              stretched: bytearray | None = None) -> OpenedSlot:
    """Unwrap the VMK of one slot; raises WrongPassphraseError / WrongRecoveryCodeError.
    `stretched`: the secret's Argon2id with the slot's parameters, if already derived."""
    wrap_key, totp_key = _slot_keys(vault_id, slot.slot_id, slot.kind, slot.kdf, secrets,
                                    stretched)
    try:
        aad = slot.aad(vault_id)
        vmk = _open(wrap_key, slot.wrapped_vmk, aad)
    finally:
        wipe(wrap_key)
    if vmk is None:
        wipe(totp_key)
        raise _wrong_secret(slot.kind)
    return OpenedSlot(slot, vmk, totp_key, aad)


def _wrong_secret(kind: str) -> ScelleError:
    if kind == KIND_RECOVERY:
        return WrongRecoveryCodeError("This recovery code does not open this vault.")
    if kind in FACTOR_KINDS:
        # Both inputs feed one key: a mismatch cannot say which of the two was wrong.
        return WrongPassphraseError(
            "Wrong passphrase or wrong key: the vault did not open with this passphrase and "
            "this security key (either may be the wrong one)."
        )
    return WrongPassphraseError("Wrong passphrase: the vault did not open with it.")


def _template(kind: str, label: str, kdf: Argon2Params, **extra: object) -> KeySlot:
    check_text(label, "slot label", MAX_LABEL)
    placeholder = Sealed(b"\0" * NONCE_LEN, b"")
    # Each slot gets its own salt whatever the caller passes: with a shared salt, one Argon2id
    # guess would test a passphrase against several slots at once.
    return KeySlot(
        slot_id=new_slot_id(), kind=kind, label=label, created=utc_now(),
        kdf=kdf.with_new_salt(), wrapped_vmk=placeholder, **extra,  # type: ignore[arg-type]
    )


def make_factor_slot(
    vmk: bytes | bytearray, vault_id: str, passphrase: bytearray, factor: KeyFactor,
    label: str, kdf: Argon2Params,
) -> KeySlot:
    """Enrol `factor` in a new slot and wrap the VMK under passphrase + its share."""
    if factor.kind not in FACTOR_KINDS:
        raise ValueError(f"unknown key factor kind {factor.kind!r}")
    tmpl = _template(factor.kind, label, kdf, factor_params={})
    enrollment = factor.enroll(slot_context(vault_id, tmpl.slot_id))
    description = _printable(enrollment.description)[:MAX_DESCRIPTION]
    tmpl = replace(tmpl, factor_params=dict(enrollment.params), factor_description=description)
    share = bytearray(enrollment.share)
    try:
        return seal_slot(tmpl, vault_id, vmk, SlotSecrets(passphrase, share))
    finally:
        wipe(share)


def make_totp_slot(
    vmk: bytes | bytearray, vault_id: str, passphrase: bytearray, device_share: bytearray,
    totp_secret: bytes | bytearray, label: str, kdf: Argon2Params, totp: TotpParams,
) -> KeySlot:
    """A TOTP slot: the VMK wrapped under passphrase + device share; the TOTP secret sealed."""
    if len(totp_secret) != TOTP_SECRET_LEN:
        raise ValueError("a TOTP secret is 20 bytes")
    tmpl = _template(KIND_TOTP, label, kdf, totp=totp)
    return seal_slot(tmpl, vault_id, vmk, SlotSecrets(passphrase, device_share), totp_secret)


def make_recovery_slot(
    vmk: bytes | bytearray, vault_id: str, code: bytearray, kdf: Argon2Params, label: str = ""
) -> KeySlot:
    """A recovery slot: the VMK wrapped under Argon2id(recovery code) alone."""
    tmpl = _template(KIND_RECOVERY, label, kdf)
    return seal_slot(tmpl, vault_id, vmk, SlotSecrets(code))


def _printable(text: str) -> str:
    # A token's description (certificate subject, product name) is untrusted display text; keep
    # it parseable as a header field.
    return "".join(ch if ch.isprintable() else "?" for ch in str(text))


def factor_share(slot: KeySlot, vault_id: str, factor: KeyFactor) -> bytearray:
    """Recompute a key-factor slot's share with `factor` (FactorError from the factor passes)."""
    if slot.kind not in FACTOR_KINDS or factor.kind != slot.kind:
        raise ValueError(f"a {factor.kind} factor cannot open a {slot.kind} slot")
    context = slot_context(vault_id, slot.slot_id)
    share = bytearray(factor.share(dict(slot.factor_params or {}), context))
    if len(share) != SHARE_LEN:
        wipe(share)
        raise MalformedSlotError("The security key returned a share of the wrong size.")
    return share


def rewrap_slot(
    slot: KeySlot, vault_id: str, vmk: bytes | bytearray, secrets: SlotSecrets,
    totp_secret: bytes | bytearray | None = None, kdf: Argon2Params | None = None,
) -> KeySlot:
    """The same slot (id, kind, label, factor) with new secrets, a fresh salt and new nonces."""
    new_kdf = (kdf or slot.kdf).with_new_salt()
    return seal_slot(replace(slot, kdf=new_kdf), vault_id, vmk, secrets, totp_secret)
