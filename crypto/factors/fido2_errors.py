"""Errors of the FIDO2 second factor, one class per thing the user must do differently."""

from __future__ import annotations

from crypto.factors.base import FactorError


class Fido2Error(FactorError):
    """A FIDO2 security key failed; the message says how."""


class Fido2DeviceNotFoundError(Fido2Error):
    """No FIDO2 security key is plugged in."""


class Fido2MultipleDevicesError(Fido2Error):
    """Several keys are plugged in at enrolment: which one to enrol would be a guess."""


class Fido2UnsupportedError(Fido2Error):
    """The key cannot serve as a factor (no CTAP2, no hmac-secret, no ES256/EdDSA)."""


class Fido2WrongCredentialError(Fido2Error):
    """The plugged-in key does not hold this slot's credential (another key, or it was reset)."""


class Fido2PinRequiredError(Fido2Error):
    """The key needs its PIN and none was given (the user cancelled PIN entry)."""


class Fido2WrongPinError(Fido2Error):
    """The key rejected the PIN; `retries` is what the key says is left (None if unknown)."""

    def __init__(self, retries: int | None) -> None:
        left = f" {retries} tries left before the key locks." if retries is not None else ""
        super().__init__(f"Wrong PIN for the security key.{left}")
        self.retries = retries


class Fido2PinBlockedError(Fido2Error):
    """The PIN is blocked: for good (reset needed) or until the key is unplugged and replugged."""


class Fido2UvUnavailableError(Fido2Error):
    """User verification is required but the key has no PIN or biometric set up."""


class Fido2UvMismatchError(Fido2Error):
    """The key verified the user differently from enrolment; its secret would differ."""


class Fido2TouchTimeoutError(Fido2Error):
    """Nobody touched the key in time, or the request was cancelled."""


class Fido2ResponseError(Fido2Error):
    """The key's answer is inconsistent (bad signature, missing secret): not trusted."""


class Fido2InvalidParamsError(Fido2Error):
    """The slot's FIDO2 params are malformed (corrupted or hand-edited vault header)."""
