"""User-facing sentences for the errors of unlocking and of key-slot changes.

Shared by the unlock window, the wizard, the settings dialogs and the token picker (hence here,
with the other shared widgets: ui/unlock uses ui/widgets, never the other way round).

The `app/` and `crypto/` layers write their messages in English; the shell shows these
translated sentences for the errors a user meets every day (wrong passphrase, wrong PIN, code
already used…) and falls back to the layer's own message for the rare ones. A refusal of the
workstation policy (`PolicyRefusal`) is always shown with the core's own message, the one the
command line prints, because it names the policy file and the setting. Each sentence says
what failed and what to do; none repeats a secret.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.key_factors import (
    Fido2DeviceNotFoundError,
    Fido2MultipleDevicesError,
    Fido2PinBlockedError,
    Fido2PinRequiredError,
    Fido2TouchTimeoutError,
    Fido2WrongCredentialError,
    Fido2WrongPinError,
    PinEntryCancelledError,
    PinLockedError,
    PinTries,
    Pkcs11ModuleError,
    TokenNotFoundError,
    WrongPinError,
)
from app.unlock import (
    DeviceShareMissingError,
    InvalidRecoveryCode,
    KeyringUnavailableError,
    TotpRejected,
    TotpRejectReason,
    WrongPassphraseError,
    WrongRecoveryCodeError,
)
from ui.workers import error_message


def _t(text: str) -> str:
    return QCoreApplication.translate("UnlockErrors", text)


def _wrong_passphrase(exc: BaseException) -> str:
    if "key" in str(exc):  # the factor-slot variant: the two inputs feed one key
        return QCoreApplication.translate("UnlockErrors", "The vault did not open: the passphrase is wrong, or this is not the right "
                  "security key. Check both and try again.")
    return QCoreApplication.translate("UnlockErrors", "Wrong passphrase: the vault did not open with it. Type it again, minding capital "
                                      "letters and the keyboard layout.")


def _wrong_pin(exc: BaseException) -> str:
    assert isinstance(exc, WrongPinError)
    tries = {
        PinTries.UNKNOWN: "",
        PinTries.COUNT_LOW: QCoreApplication.translate("UnlockErrors", "The token reports that few tries are left: type the PIN carefully."),
        PinTries.FINAL_TRY: QCoreApplication.translate("UnlockErrors", "Only ONE try is left: another wrong PIN will lock the token. Make sure of "
                                                    "the PIN before typing it."),
        PinTries.LOCKED: QCoreApplication.translate("UnlockErrors", "The token is now locked: unblock it with its administrator tool, or use the recovery code."),
    }[exc.tries]
    text = QCoreApplication.translate("UnlockErrors", "Wrong PIN for the security token “%1”.").replace("%1", exc.token_label)
    # Every case ends with what to do; the plain one with typing the PIN again.
    return f"{text} {tries or QCoreApplication.translate('UnlockErrors', 'Type the PIN again.')}"


def _token_not_found(exc: BaseException) -> str:
    assert isinstance(exc, TokenNotFoundError)
    name = exc.label or exc.serial or ""
    return QCoreApplication.translate("UnlockErrors", "The security token “%1” is not plugged in. Insert it and try again.").replace(
        "%1", name)


def _totp(exc: BaseException) -> str:
    assert isinstance(exc, TotpRejected)
    if exc.reason is TotpRejectReason.MALFORMED:
        return QCoreApplication.translate("UnlockErrors", "A code from the authenticator app has 6 digits: type the code the app shows now.")
    if exc.reason is TotpRejectReason.BACKOFF:
        return QCoreApplication.translate("UnlockErrors", "Too many wrong codes: wait %1 s before trying again.").replace(
            "%1", str(exc.retry_after))
    text = (QCoreApplication.translate("UnlockErrors", "This code was already used: wait for the next code in the app.")
            if exc.reason is TotpRejectReason.REPLAYED else QCoreApplication.translate("UnlockErrors", "Wrong code: type the code the app shows now."))
    if exc.retry_after:
        text += " " + QCoreApplication.translate("UnlockErrors", "Too many failures: wait %1 s before trying again.").replace(
            "%1", str(exc.retry_after))
    return text


def _fido_wrong_pin(exc: BaseException) -> str:
    assert isinstance(exc, Fido2WrongPinError)
    if exc.retries is None:
        return QCoreApplication.translate("UnlockErrors", "Wrong PIN for the security key: type it again.")
    return QCoreApplication.translate("UnlockErrors", "Wrong PIN for the security key: %1 tries left before it locks. Type it again "
        "carefully.").replace(
        "%1", str(exc.retries))


_FIXED: dict[type[BaseException], str] = {
    WrongRecoveryCodeError: QT_TRANSLATE_NOOP(
        "UnlockErrors", "This recovery code does not open this vault: check it against the "
        "recovery sheet of this vault."),
    PinEntryCancelledError: QT_TRANSLATE_NOOP(
        "UnlockErrors", "PIN entry was cancelled: click Unlock to try again."),
    Fido2DeviceNotFoundError: QT_TRANSLATE_NOOP(
        "UnlockErrors", "No FIDO2 security key is plugged in. Insert it and try again."),
    Fido2MultipleDevicesError: QT_TRANSLATE_NOOP(
        "UnlockErrors", "Several security keys are plugged in: keep only one, then try again."),
    Fido2WrongCredentialError: QT_TRANSLATE_NOOP(
        "UnlockErrors", "This security key is not the one registered for this vault: plug in that "
        "one, or use the recovery code."),
    Fido2TouchTimeoutError: QT_TRANSLATE_NOOP(
        "UnlockErrors",
        "The security key was not touched in time, or the request was cancelled: try again "
        "and touch the key when it blinks."),
    Fido2PinRequiredError: QT_TRANSLATE_NOOP(
        "UnlockErrors", "This security key needs its PIN: type it and try again."),
    Fido2PinBlockedError: QT_TRANSLATE_NOOP(
        "UnlockErrors",
        "The security key's PIN is blocked. Unplug and replug the key, or reset it."),
    DeviceShareMissingError: QT_TRANSLATE_NOOP(
        "UnlockErrors", "The code from the authenticator app only works on the computer where "
        "it was set up. Use your security key or the recovery code."),
    Pkcs11ModuleError: QT_TRANSLATE_NOOP(
        "UnlockErrors", "The smart card software (PKCS#11 library) was not found or cannot be "
        "loaded. Install your card's software, or ask your administrator."),
    KeyringUnavailableError: QT_TRANSLATE_NOOP(
        "UnlockErrors",
        "The system keyring is not available: unlock your session keyring and try again."),
}

_BUILDERS: dict[type[BaseException], Callable[[BaseException], str]] = {
    WrongPassphraseError: _wrong_passphrase,
    WrongPinError: _wrong_pin,
    TokenNotFoundError: _token_not_found,
    TotpRejected: _totp,
    Fido2WrongPinError: _fido_wrong_pin,
}


def unlock_error_message(exc: BaseException) -> str:
    """The sentence to show for `exc` (translated when we know the error)."""
    for kind, build in _BUILDERS.items():
        if isinstance(exc, kind):
            return build(exc)
    for kind, text in _FIXED.items():
        if isinstance(exc, kind):
            return _t(text)
    if isinstance(exc, PinLockedError):
        return QCoreApplication.translate("UnlockErrors", "The PIN of the security token “%1” is locked after too many wrong tries. "
                  "Unblock it with the token's administrator tool.").replace(
                      "%1", exc.token_label)
    if isinstance(exc, InvalidRecoveryCode):
        return QCoreApplication.translate("UnlockErrors", "This is not a valid recovery code: it has 8 groups of 6 digits. Check "
                  "each group.")
    if type(exc).__name__ == "VaultBusyError":  # storage/ is not imported from ui/
        return QCoreApplication.translate("UnlockErrors", "This vault is already open in another window or program: close it there, then "
                                          "try again.")
    return error_message(exc)
