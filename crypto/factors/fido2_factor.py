"""The FIDO2 second factor: a security key's hmac-secret output is the slot share.

Enrolment makes a (non-resident) credential for the fixed RP id `scelle.local` with hmac-secret,
then asks the key for hmac-secret(salt), where salt = SHA-256(domain || seed || context) and seed
is random and stored. Unlock asks again with the same credential and salt.

    factor = Fido2Factor(pin=ask_pin, uv=UvPolicy.PREFERRED, on_touch=show_touch_prompt)
    enrollment = factor.enroll(context)        # two touches: register, then derive
    share = factor.share(enrollment.params, context)

hmac-secret keeps two secrets per credential, one used with user verification (PIN) and one
without; the policy is therefore resolved once at enrolment (`uv` in the params) and enforced
exactly at unlock: a slot enrolled with a PIN always needs the PIN, and one enrolled without
never asks for it, even if a PIN is set on the key later.

All device traffic runs on the token thread. `on_touch` is called there when the key waits for
a touch and must not block; `cancel()` (any thread) aborts a pending touch.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, ClassVar

from cryptography.exceptions import InvalidSignature
from fido2 import cbor
from fido2.client import ClientError
from fido2.cose import CoseKey
from fido2.ctap import CtapError
from fido2.ctap2.extensions import (
    AuthenticatorExtensionsPRFInputs,
    AuthenticatorExtensionsPRFValues,
    HMACGetSecretInput,
)
from fido2.webauthn import (
    AttestationConveyancePreference,
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialCreationOptions,
    PublicKeyCredentialDescriptor,
    PublicKeyCredentialParameters,
    PublicKeyCredentialRequestOptions,
    PublicKeyCredentialRpEntity,
    PublicKeyCredentialType,
    PublicKeyCredentialUserEntity,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from crypto.factors.base import SHARE_LEN, Enrollment, KeyFactor
from crypto.factors.fido2_device import (
    DeviceSource,
    DeviceState,
    Interaction,
    PinProvider,
    hid_devices,
    holds_credential,
    make_client,
    pin_text,
    probe_device,
    translate,
)
from crypto.factors.fido2_errors import (
    Fido2DeviceNotFoundError,
    Fido2Error,
    Fido2InvalidParamsError,
    Fido2MultipleDevicesError,
    Fido2PinRequiredError,
    Fido2ResponseError,
    Fido2UnsupportedError,
    Fido2UvMismatchError,
    Fido2UvUnavailableError,
    Fido2WrongCredentialError,
)
from crypto.factors.token_thread import TokenThread, token_thread

RP_ID = "scelle.local"
RP_NAME = "Scellé"
PARAMS_VERSION = 1
_SALT_DOMAIN = b"scelle/v1 fido2 hmac-secret salt\0"
_ES256, _EDDSA = -7, -8


class UvPolicy(str, Enum):
    REQUIRED = "required"  # PIN (or biometric) at every unlock; enrolment fails without one
    PREFERRED = "preferred"  # use it if the key has a PIN set at enrolment time
    DISCOURAGED = "discouraged"  # touch only


class Fido2Extension(str, Enum):
    HMAC_SECRET = "hmac-secret"  # the salt goes to the key as is
    PRF = "prf"  # WebAuthn PRF: the client hashes the salt first (portable to OS WebAuthn APIs)


@dataclass(frozen=True)
class SlotParams:
    rp_id: str
    credential_id: bytes
    public_key: CoseKey
    salt_seed: bytes
    uv: bool
    extension: Fido2Extension

    def salt(self, context: bytes) -> bytes:
        return _salt(self.salt_seed, context)


def _salt(seed: bytes, context: bytes) -> bytes:
    return hashlib.sha256(_SALT_DOMAIN + seed + context).digest()


class Fido2Factor(KeyFactor):
    """A FIDO2 security key as a key-slot factor (see the module docstring for use)."""

    kind: ClassVar[str] = "fido2"

    def __init__(
        self,
        *,
        pin: PinProvider | None = None,
        uv: UvPolicy = UvPolicy.PREFERRED,
        devices: DeviceSource = hid_devices,
        on_touch: Callable[[], None] | None = None,
        timeout: float = 30.0,
        extension: Fido2Extension = Fido2Extension.HMAC_SECRET,
        thread: TokenThread | None = None,
    ) -> None:
        self._pin = pin
        self.uv_policy = uv
        self._devices = devices
        self._on_touch = on_touch
        self.timeout = timeout
        self.extension = extension
        self.thread = thread or token_thread()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Abort the pending request (a key waiting for a touch); callable from any thread."""
        self._cancel.set()

    # -- enrolment -------------------------------------------------------------------------------

    def enroll(self, context: bytes) -> Enrollment:
        self._cancel.clear()
        state = self.thread.call(self._single_device)
        if self.uv_policy is UvPolicy.REQUIRED and not state.uv_configured:
            raise Fido2UvUnavailableError(
                "This slot requires user verification but the security key has no PIN set."
            )
        uv = self.uv_policy is UvPolicy.REQUIRED or (
            self.uv_policy is UvPolicy.PREFERRED and state.uv_configured
        )
        pin = self._ask_pin() if state.pin_needed(uv, make_credential=True) else None
        interaction = Interaction(pin, self._pin, self._on_touch)
        credential_id, public_key = self.thread.call(self._register, state, uv, interaction)
        seed = os.urandom(32)
        slot = SlotParams(RP_ID, credential_id, public_key, seed, uv, self.extension)
        share = self.thread.call(self._derive, state, slot, context, interaction)
        params = {
            "v": PARAMS_VERSION,
            "rp_id": slot.rp_id,
            "credential_id": _b64(credential_id),
            "public_key": _b64(cbor.encode(dict(public_key))),
            "salt_seed": _b64(seed),
            "uv_policy": self.uv_policy.value,
            "uv": uv,
            "extension": self.extension.value,
            "aaguid": state.aaguid,
        }
        return Enrollment(params=params, share=share, description=state.name)

    def _single_device(self) -> DeviceState:
        devices = list(self._devices())
        if not devices:
            raise Fido2DeviceNotFoundError("No FIDO2 security key is plugged in.")
        if len(devices) > 1:
            raise Fido2MultipleDevicesError(
                "Several security keys are plugged in: keep only the one to enrol."
            )
        return probe_device(devices[0])

    def _register(
        self, state: DeviceState, uv: bool, interaction: Interaction
    ) -> tuple[bytes, CoseKey]:
        prf = self.extension is Fido2Extension.PRF
        options = PublicKeyCredentialCreationOptions(
            rp=PublicKeyCredentialRpEntity(name=RP_NAME, id=RP_ID),
            user=PublicKeyCredentialUserEntity(
                name="scelle", id=os.urandom(16), display_name=RP_NAME
            ),
            challenge=os.urandom(32),
            pub_key_cred_params=[
                PublicKeyCredentialParameters(type=PublicKeyCredentialType.PUBLIC_KEY, alg=alg)
                for alg in (_ES256, _EDDSA)
            ],
            timeout=int(self.timeout * 1000),
            authenticator_selection=AuthenticatorSelectionCriteria(
                resident_key=ResidentKeyRequirement.DISCOURAGED, user_verification=_requirement(uv)
            ),
            attestation=AttestationConveyancePreference.NONE,
            extensions={"prf": {}} if prf else {"hmacCreateSecret": True},
        )
        client = make_client(state.device, RP_ID, interaction)
        try:
            response = client.make_credential(options, event=self._cancel)
        except (ClientError, CtapError, OSError) as exc:
            raise translate(exc, state.device, self._cancel) from None
        results = response.client_extension_results
        enabled = results.prf.enabled if prf and results.prf else results.hmac_create_secret
        if not enabled:
            raise Fido2UnsupportedError("The security key did not enable hmac-secret.")
        credential = response.response.attestation_object.auth_data.credential_data
        if credential is None:  # pragma: no cover - the client rejects this earlier
            raise Fido2ResponseError("The security key returned no credential.")
        return credential.credential_id, credential.public_key

    # -- unlock ------------------------------------------------------------------------------------

    def share(self, params: dict[str, Any], context: bytes) -> bytes:
        slot = decode_params(params)
        self._cancel.clear()
        state = self.thread.call(self._device_for, slot)
        if slot.uv and not state.uv_configured:
            raise Fido2UvUnavailableError(
                "This slot needs the security key's PIN, but the key has none set (was it reset?)."
            )
        pin = self._ask_pin() if state.pin_needed(slot.uv, make_credential=False) else None
        interaction = Interaction(pin, self._pin, self._on_touch)
        return self.thread.call(self._derive, state, slot, context, interaction)

    def _device_for(self, slot: SlotParams) -> DeviceState:
        devices = list(self._devices())
        if not devices:
            raise Fido2DeviceNotFoundError("No FIDO2 security key is plugged in.")
        if len(devices) == 1:
            return probe_device(devices[0])  # the assertion itself reports a wrong key
        for device in devices:
            if holds_credential(device, slot.rp_id, slot.credential_id) is not False:
                return probe_device(device)
        raise Fido2WrongCredentialError(
            "None of the plugged-in security keys is the one enrolled for this vault."
        )

    def _derive(
        self, state: DeviceState, slot: SlotParams, context: bytes, interaction: Interaction
    ) -> bytes:
        prf = slot.extension is Fido2Extension.PRF
        options = _request_options(slot, slot.salt(context), self.timeout)
        client = make_client(state.device, slot.rp_id, interaction)
        try:
            selection = client.get_assertion(options, event=self._cancel)
            response = selection.get_response(0)
        except (ClientError, CtapError, OSError) as exc:
            raise translate(exc, state.device, self._cancel) from None
        _check_assertion(slot, response)
        results = response.client_extension_results
        if prf:
            output = results.prf.results.first if results.prf and results.prf.results else None
        else:
            output = results.hmac_get_secret.output1 if results.hmac_get_secret else None
        if output is None or len(output) != SHARE_LEN:
            raise Fido2ResponseError("The security key returned no hmac-secret output.")
        return bytes(output)

    def _ask_pin(self) -> str:
        pin = pin_text(self._pin()) if self._pin is not None else None
        if pin is None:
            raise Fido2PinRequiredError("The security key's PIN is needed and none was given.")
        return pin


def _requirement(uv: bool) -> UserVerificationRequirement:
    # Never "preferred" towards the client: whether UV happens must be decided by us, because
    # it selects which of the credential's two secrets the key uses.
    return UserVerificationRequirement.REQUIRED if uv else UserVerificationRequirement.DISCOURAGED


def _request_options(
    slot: SlotParams, salt: bytes, timeout: float
) -> PublicKeyCredentialRequestOptions:
    if slot.extension is Fido2Extension.PRF:
        first = AuthenticatorExtensionsPRFValues(first=salt)
        extensions: dict[str, Any] = {"prf": AuthenticatorExtensionsPRFInputs(eval=first)}
    else:
        extensions = {"hmacGetSecret": HMACGetSecretInput(salt1=salt)}
    credential = PublicKeyCredentialDescriptor(
        type=PublicKeyCredentialType.PUBLIC_KEY, id=slot.credential_id
    )
    return PublicKeyCredentialRequestOptions(
        challenge=os.urandom(32),
        timeout=int(timeout * 1000),
        rp_id=slot.rp_id,
        allow_credentials=[credential],
        user_verification=_requirement(slot.uv),
        extensions=extensions,
    )


def _check_assertion(slot: SlotParams, response: Any) -> None:
    auth_data = response.response.authenticator_data
    if auth_data.rp_id_hash != hashlib.sha256(slot.rp_id.encode()).digest():
        raise Fido2ResponseError("The security key answered for another relying party.")
    if not auth_data.is_user_present():
        raise Fido2ResponseError("The security key answered without a touch.")
    if auth_data.is_user_verified() != slot.uv:
        raise Fido2UvMismatchError(
            "The security key verified the user differently than at enrolment; "
            "its secret would not match this slot."
        )
    try:
        signed = auth_data + response.response.client_data.hash
        slot.public_key.verify(signed, response.response.signature)
    except (InvalidSignature, ValueError):
        message = "The security key's signature does not verify: answer rejected."
        raise Fido2ResponseError(message) from None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(params: dict[str, Any], name: str) -> bytes:
    value = params.get(name)
    if type(value) is not str:
        raise Fido2InvalidParamsError(f"The FIDO2 slot params have no valid {name!r}.")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        message = f"The FIDO2 slot param {name!r} is not valid base64."
        raise Fido2InvalidParamsError(message) from None


def decode_params(params: dict[str, Any]) -> SlotParams:
    """Check and decode a slot's params; raise Fido2InvalidParamsError rather than guess."""
    if not isinstance(params, dict) or params.get("v") != PARAMS_VERSION:
        raise Fido2InvalidParamsError("The FIDO2 slot params are missing or of an unknown version.")
    rp_id, uv = params.get("rp_id"), params.get("uv")
    if type(rp_id) is not str or not rp_id or type(uv) is not bool:
        raise Fido2InvalidParamsError("The FIDO2 slot params have no valid RP id or UV flag.")
    try:
        extension = Fido2Extension(params.get("extension"))
        public_key = CoseKey.parse(cbor.decode(_unb64(params, "public_key")))
    except (ValueError, TypeError, KeyError, AttributeError):
        message = "The FIDO2 slot's extension or public key is damaged."
        raise Fido2InvalidParamsError(message) from None
    credential_id, seed = _unb64(params, "credential_id"), _unb64(params, "salt_seed")
    if not credential_id or len(seed) != 32:
        raise Fido2InvalidParamsError("The FIDO2 slot's credential id or salt seed is damaged.")
    return SlotParams(rp_id, credential_id, public_key, seed, uv, extension)


__all__ = [
    "RP_ID",
    "Fido2Error",
    "Fido2Extension",
    "Fido2Factor",
    "SlotParams",
    "UvPolicy",
    "decode_params",
]
