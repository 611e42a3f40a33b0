"""Vault key slots (LUKS style): one random VMK wrapped once per slot.

`model` is the header record and its strict JSON form; `wrap` the cryptography; `secret` the
wipeable-buffer helpers. The names below are the package's public API.
"""

from crypto.keyslots.model import (
    FACTOR_KINDS,
    KIND_FIDO2,
    KIND_PKCS11,
    KIND_RECOVERY,
    KIND_TOTP,
    KINDS,
    PASSPHRASE_KINDS,
    KeySlot,
    MalformedSlotError,
    Sealed,
    TotpParams,
    canonical_json,
)
from crypto.keyslots.secret import secret_bytes, wipe
from crypto.keyslots.wrap import (
    DEVICE_SHARE_LEN,
    TOTP_SECRET_LEN,
    VMK_LEN,
    OpenedSlot,
    SlotSecrets,
    WrongPassphraseError,
    WrongRecoveryCodeError,
    factor_share,
    header_mac_key,
    make_factor_slot,
    make_recovery_slot,
    make_totp_slot,
    new_slot_id,
    new_vault_id,
    new_vmk,
    open_slot,
    rewrap_slot,
    slot_context,
)

__all__ = [
    "DEVICE_SHARE_LEN", "FACTOR_KINDS", "KINDS", "KIND_FIDO2", "KIND_PKCS11", "KIND_RECOVERY",
    "KIND_TOTP", "PASSPHRASE_KINDS", "TOTP_SECRET_LEN", "VMK_LEN", "KeySlot",
    "MalformedSlotError", "OpenedSlot", "Sealed", "SlotSecrets", "TotpParams",
    "WrongPassphraseError", "WrongRecoveryCodeError", "canonical_json", "factor_share",
    "header_mac_key", "make_factor_slot", "make_recovery_slot", "make_totp_slot",
    "new_slot_id", "new_vault_id", "new_vmk", "open_slot", "rewrap_slot", "secret_bytes",
    "slot_context", "wipe",
]
