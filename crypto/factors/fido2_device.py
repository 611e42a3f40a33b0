"""FIDO2 security keys as python-fido2 sees them: discovery, client wiring, error translation.

Worker side (token thread) except where noted: a CTAP device is only ever talked to from there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from fido2.client import (
    ClientError,
    DefaultClientDataCollector,
    Fido2Client,
    PinRequiredError,
    UserInteraction,
)
from fido2.ctap import CtapDevice, CtapError
from fido2.ctap2 import Ctap2
from fido2.ctap2.extensions import HmacSecretExtension
from fido2.ctap2.pin import ClientPin

from crypto.factors.fido2_errors import (
    Fido2Error,
    Fido2PinBlockedError,
    Fido2PinRequiredError,
    Fido2TouchTimeoutError,
    Fido2UnsupportedError,
    Fido2UvUnavailableError,
    Fido2WrongCredentialError,
    Fido2WrongPinError,
)

#: Returns the key's PIN, or None if the user cancelled.
PinProvider = Callable[[], "str | bytearray | None"]
#: Lists the CTAP devices to consider (default: USB HID keys).
DeviceSource = Callable[[], Iterable[CtapDevice]]

ERR = CtapError.ERR


def hid_devices() -> list[CtapDevice]:
    """Worker side: FIDO keys on USB HID (on Linux, the udev rules of libfido2 grant access)."""
    from fido2.hid import CtapHidDevice

    return list(CtapHidDevice.list_devices())


@dataclass(frozen=True)
class DeviceState:
    """What a key can do, from authenticatorGetInfo."""

    device: CtapDevice
    builtin_uv: bool  # fingerprint reader or similar, enrolled
    client_pin_set: bool
    make_cred_uv_not_required: bool
    always_uv: bool
    aaguid: str
    name: str  # product name when the transport knows it

    @property
    def uv_configured(self) -> bool:
        return self.builtin_uv or self.client_pin_set

    def pin_needed(self, uv: bool, make_credential: bool) -> bool:
        """Will the client ask for the PIN? (Mirrors python-fido2's client: PIN only when the
        key has no built-in UV; CTAP 2.0 keys with a PIN also want it to register.)"""
        if self.builtin_uv or not self.client_pin_set:
            return False
        mc_needs_uv = make_credential and not self.make_cred_uv_not_required
        return uv or mc_needs_uv or self.always_uv


def probe_device(device: CtapDevice) -> DeviceState:
    """Worker side: check the key is usable (CTAP2 with hmac-secret) and read its options."""
    try:
        info = Ctap2(device).info
    except (ValueError, CtapError, OSError):
        raise Fido2UnsupportedError(
            "This security key only speaks U2F (CTAP1); a FIDO2 key with hmac-secret is needed."
        ) from None
    if HmacSecretExtension.NAME not in info.extensions:
        raise Fido2UnsupportedError("This security key cannot derive secrets (no hmac-secret).")
    if not info.pin_uv_protocols:
        raise Fido2UnsupportedError("This security key offers no PIN/UV protocol for hmac-secret.")
    return DeviceState(
        device=device,
        builtin_uv=bool(info.options.get("uv")),
        client_pin_set=bool(info.options.get("clientPin")),
        make_cred_uv_not_required=bool(info.options.get("makeCredUvNotRqd")),
        always_uv=bool(info.options.get("alwaysUv")),
        aaguid=str(info.aaguid),
        name=str(getattr(device, "product_name", None) or "FIDO2 security key"),
    )


def holds_credential(device: CtapDevice, rp_id: str, credential_id: bytes) -> bool | None:
    """Worker side: silent check (no touch, up=false) that `device` holds the credential.
    None when the key will not say without user verification."""
    try:
        Ctap2(device).get_assertion(
            rp_id, b"\0" * 32, [{"type": "public-key", "id": credential_id}], options={"up": False}
        )
    except CtapError as exc:
        if exc.code in (ERR.NO_CREDENTIALS, ERR.INVALID_CREDENTIAL):
            return False
        return None
    except (ValueError, OSError):
        return None
    return True


class Interaction(UserInteraction):
    """Answers the client's prompts: the PIN obtained beforehand, touch notifications."""

    def __init__(
        self, pin: str | None, provider: PinProvider | None, on_touch: Callable[[], None] | None
    ) -> None:
        self._pin = pin
        self._provider = provider
        self._on_touch = on_touch

    def prompt_up(self) -> None:
        # Runs on the token thread while the key blinks: the callback must not block.
        if self._on_touch is not None:
            self._on_touch()

    def request_pin(self, permissions: ClientPin.PERMISSION, rp_id: str | None) -> str | None:
        if self._pin is None and self._provider is not None:
            # Fallback only: the factor asks for the PIN up front whenever it can tell.
            self._pin = pin_text(self._provider())
        return self._pin

    def request_uv(self, permissions: ClientPin.PERMISSION, rp_id: str | None) -> bool:
        return True


def pin_text(value: str | bytearray | None) -> str | None:
    if value is None or isinstance(value, str):
        return value or None
    try:
        return bytes(value).decode("utf-8") or None
    except UnicodeDecodeError:
        raise Fido2Error("The PIN contains characters that are not valid text.") from None


def make_client(device: CtapDevice, rp_id: str, interaction: Interaction) -> Fido2Client:
    # A desktop app has no web origin: the "origin" is fixed and only our own RP id is allowed.
    collector = DefaultClientDataCollector(f"https://{rp_id}", verify=lambda rp, _o: rp == rp_id)
    return Fido2Client(
        device, collector, interaction, extensions=[HmacSecretExtension(allow_hmac_secret=True)]
    )


def translate(exc: Exception, device: CtapDevice, cancel: threading.Event) -> Fido2Error:
    """Worker side: the FactorError for a client/CTAP failure."""
    if isinstance(exc, PinRequiredError):
        return Fido2PinRequiredError("The security key's PIN is needed and none was given.")
    cause = getattr(exc, "cause", None) if isinstance(exc, ClientError) else exc
    if isinstance(cause, CtapError):
        return _translate_ctap(cause.code, device, cancel)
    if isinstance(exc, ClientError) and exc.code == ClientError.ERR.TIMEOUT:
        return _timeout(cancel)
    if isinstance(exc, ClientError) and exc.code == ClientError.ERR.CONFIGURATION_UNSUPPORTED:
        return Fido2UvUnavailableError(
            f"The security key cannot do what this slot needs ({cause}). "
            "Set a PIN on the key, or enrol it without user verification."
        )
    if isinstance(exc, OSError):
        return Fido2Error("The security key was unplugged or stopped answering.")
    return Fido2Error(f"The security key failed ({exc!r}).")


def _timeout(cancel: threading.Event) -> Fido2Error:
    if cancel.is_set():
        return Fido2TouchTimeoutError("The security key request was cancelled or timed out.")
    return Fido2TouchTimeoutError("The security key was not touched in time.")


def _translate_ctap(code: Any, device: CtapDevice, cancel: threading.Event) -> Fido2Error:
    if code == ERR.PIN_INVALID:
        return Fido2WrongPinError(_pin_retries(device))
    if code == ERR.PIN_BLOCKED:
        return Fido2PinBlockedError("The security key's PIN is blocked; the key must be reset.")
    if code == ERR.PIN_AUTH_BLOCKED:
        return Fido2PinBlockedError(
            "Too many wrong PINs in a row: unplug the security key, plug it back in, and retry."
        )
    if code in (ERR.NO_CREDENTIALS, ERR.INVALID_CREDENTIAL):
        return Fido2WrongCredentialError(
            "This security key is not the one enrolled for this vault (or it was reset)."
        )
    if code in (ERR.USER_ACTION_TIMEOUT, ERR.ACTION_TIMEOUT):
        return Fido2TouchTimeoutError("The security key was not touched in time.")
    if code == ERR.KEEPALIVE_CANCEL:
        return _timeout(cancel)
    if code in (ERR.PIN_NOT_SET, ERR.PUAT_REQUIRED, ERR.UV_BLOCKED, ERR.UV_INVALID):
        return Fido2UvUnavailableError(f"The security key could not verify the user ({code}).")
    if code in (ERR.UNSUPPORTED_ALGORITHM, ERR.UNSUPPORTED_OPTION, ERR.INVALID_OPTION):
        return Fido2UnsupportedError(f"The security key does not support this request ({code}).")
    return Fido2Error(f"The security key refused the request ({code}).")


def _pin_retries(device: CtapDevice) -> int | None:
    try:
        return ClientPin(Ctap2(device)).get_pin_retries()[0]
    except (CtapError, ValueError, OSError):
        return None
