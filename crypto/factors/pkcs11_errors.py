"""Errors of the PKCS#11 second factor, one class per thing the user must do differently.

Messages name the token (label, serial) and the key (its certificate subject or CKA_ID) but never
a PIN, a share or any other secret.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from crypto.factors.base import FactorError


class Pkcs11Error(FactorError):
    """A PKCS#11 token or its middleware failed; the message says how."""


class Pkcs11ModuleError(Pkcs11Error):
    """The PKCS#11 library (middleware) could not be found or loaded."""


class TokenNotFoundError(Pkcs11Error):
    """No token matching the recorded label/serial is present."""

    def __init__(self, label: str | None, serial: str | None) -> None:
        wanted = " and ".join(
            part
            for part in (
                f"label {label!r}" if label else "",
                f"serial {serial!r}" if serial else "",
            )
            if part
        )
        super().__init__(f"No security token with {wanted} is plugged in.")
        self.label = label
        self.serial = serial


class AmbiguousTokenError(Pkcs11Error):
    """Several tokens match the selector; the user must select by serial number."""


class TokenRemovedError(Pkcs11Error):
    """The token was pulled out (or the middleware lost it) in the middle of an operation."""


class PinEntryCancelledError(Pkcs11Error):
    """The PIN provider returned nothing: the user cancelled PIN entry."""


class PinTries(Enum):
    """What the token says about the remaining PIN tries (PKCS#11 gives no exact count)."""

    UNKNOWN = "unknown"  # the token reports no warning flag
    COUNT_LOW = "count_low"  # CKF_USER_PIN_COUNT_LOW: at least one wrong PIN recently
    FINAL_TRY = "final_try"  # CKF_USER_PIN_FINAL_TRY: one more wrong PIN locks the token
    LOCKED = "locked"  # CKF_USER_PIN_LOCKED


@dataclass(frozen=True)
class _PinMessage:
    tries: PinTries

    def text(self) -> str:
        return {
            PinTries.UNKNOWN: "",
            PinTries.COUNT_LOW: " The token reports that few tries are left.",
            PinTries.FINAL_TRY: " Only ONE try is left: another wrong PIN locks the token.",
            PinTries.LOCKED: " The token is now locked.",
        }[self.tries]


class WrongPinError(Pkcs11Error):
    """The token rejected the PIN. Never retried by the driver: each try costs a token try."""

    def __init__(self, token_label: str, tries: PinTries, detail: str = "") -> None:
        reason = detail or "Wrong PIN"
        super().__init__(f"{reason} for security token {token_label!r}.{_PinMessage(tries).text()}")
        self.token_label = token_label
        self.tries = tries


class PinLockedError(Pkcs11Error):
    """The user PIN is locked; only the security officer (PUK) can unblock it."""

    def __init__(self, token_label: str) -> None:
        super().__init__(
            f"The PIN of security token {token_label!r} is locked after too many wrong tries. "
            "Unblock it with the token's PUK / administrator tool."
        )
        self.token_label = token_label


class KeyNotFoundError(Pkcs11Error):
    """The enrolled private key (or its certificate) is no longer on the token."""


class KeyMismatchError(Pkcs11Error):
    """The key on the token is not the key recorded at enrolment (replaced or wrong token)."""


class UnsupportedKeyError(Pkcs11Error):
    """The selected key can do none of the share mechanisms (or the token lacks them)."""


class ShareRecoveryError(Pkcs11Error):
    """The token operation ran but its result cannot be trusted (altered params, faulty token)."""


class InvalidParamsError(Pkcs11Error):
    """The slot's PKCS#11 params are malformed (corrupted or hand-edited vault header)."""
