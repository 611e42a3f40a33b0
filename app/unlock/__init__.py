"""Unlocking a vault and managing its key slots: the API the vault session (app/vault/) and the
faces call.

Typical use::

    created = create_vault_keys(folder, passphrase, TotpSetup())     # or a KeyFactor
    print(created.recovery_code); show(created.otpauth_uri, created.totp.qr_text())
    store = Store.open(folder, created.vault.vmk)                     # then record generation

    unlocker = VaultUnlocker(folder)                                  # one per open vault
    vault = unlocker.unlock(passphrase, TotpCode("123456"))           # worker thread
    check_generation(vault.generation, store_generation)              # after Store.open
    unlocker.lock()                                                   # wipes the VMK

Every failure is a ScelleError subclass whose message a user understands.
"""

from crypto.factors.totp import TotpEnrollment, TotpRejected, TotpRejectReason
from crypto.kdf import Argon2Params, KdfParamsError, WeakKdfError
from crypto.keyslots import MalformedSlotError, WrongPassphraseError, WrongRecoveryCodeError
from crypto.recovery import InvalidRecoveryCode
from storage.header import (
    HeaderFormatError,
    HeaderRollbackError,
    HeaderTamperedError,
    UnsupportedVaultVersion,
    VaultExistsError,
    VaultNotFoundError,
    check_generation,
)
from storage.keyring_store import (
    DeviceShareMissingError,
    InsecureKeyringError,
    KeyringRecordError,
    KeyringStore,
    KeyringUnavailableError,
)

from app.unlock.errors import (
    HeaderChangedError,
    MissingPassphraseError,
    NoMatchingSlot,
    SlotPolicyError,
    UnlockStateError,
    VaultLockedError,
)
from app.unlock.inputs import (
    FactorInput,
    RecoveryCode,
    SlotFactor,
    TotpCode,
    TotpSetup,
    UnlockedVault,
)
from app.unlock.machine import UnlockState, VaultUnlocker
from app.unlock.manage import (
    CreatedVault,
    SlotInfo,
    add_slot,
    change_passphrase,
    check_removable,
    create_vault_keys,
    list_slots,
    remove_slot,
    replace_recovery_slot,
)
from app.unlock.opening import unlock_vault

__all__ = [
    "Argon2Params", "CreatedVault", "DeviceShareMissingError", "FactorInput",
    "HeaderChangedError", "HeaderFormatError", "HeaderRollbackError", "HeaderTamperedError",
    "InsecureKeyringError", "InvalidRecoveryCode", "KdfParamsError", "KeyringRecordError",
    "KeyringStore", "KeyringUnavailableError", "MalformedSlotError", "MissingPassphraseError",
    "NoMatchingSlot", "RecoveryCode", "SlotFactor", "SlotInfo", "SlotPolicyError", "TotpCode",
    "TotpEnrollment", "TotpRejectReason", "TotpRejected", "TotpSetup", "UnlockState",
    "UnlockStateError", "UnlockedVault", "UnsupportedVaultVersion", "VaultExistsError",
    "VaultLockedError", "VaultNotFoundError", "VaultUnlocker", "WeakKdfError",
    "WrongPassphraseError", "WrongRecoveryCodeError", "add_slot", "change_passphrase",
    "check_removable",
    "check_generation", "create_vault_keys", "list_slots", "remove_slot",
    "replace_recovery_slot", "unlock_vault",
]
