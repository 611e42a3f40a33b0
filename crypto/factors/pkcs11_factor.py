"""The PKCS#11 second factor: a key on a smart card or USB token contributes the slot share.

Enrolment (the user has picked a token and a certificate):

    factor = Pkcs11Factor(Pkcs11Module(path), pin_provider,
                          KeySelection(TokenSelector(serial=...), key_id=cert.key_id))
    enrollment = factor.enroll(context)

Unlock (token and key come from the params):

    share = Pkcs11Factor(Pkcs11Module(path), pin_provider).share(params, context)

The PIN provider is called at most once per call, on the caller's thread, after the token was
found and only if its PIN is not locked. A wrong PIN is reported, never retried.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from pkcs11 import exceptions as p11x

from crypto.factors import pkcs11_mechanisms as mech
from crypto.factors.base import SHARE_LEN, Enrollment, KeyFactor
from crypto.factors.pkcs11_errors import (
    InvalidParamsError,
    KeyMismatchError,
    KeyNotFoundError,
    Pkcs11Error,
    TokenNotFoundError,
    UnsupportedKeyError,
)
from crypto.factors.pkcs11_keys import (
    ShareMechanism,
    choose_mechanism,
    find_certificate,
    find_private_key,
    private_key_capabilities,
    public_key_kind,
)
from crypto.factors.pkcs11_token import (
    PinProvider,
    Pkcs11Module,
    TokenInfo,
    TokenSelector,
    obtain_login,
    user_session,
)

if TYPE_CHECKING:
    from cryptography import x509

T = TypeVar("T")

PARAMS_VERSION = 1
_BYTES_FIELDS = ("wrapped", "ephemeral_point", "salt")


@dataclass(frozen=True)
class KeySelection:
    """What the user picked at enrolment: a token and a certificate's CKA_ID."""

    token: TokenSelector
    key_id: bytes
    mechanism: ShareMechanism | None = None  # None: chosen from the key's capabilities


@dataclass(frozen=True)
class SlotParams:
    """Validated, decoded form of a slot's PKCS#11 params."""

    token_label: str
    token_serial: str
    key_id: bytes
    public_key_der: bytes
    mechanism: ShareMechanism
    extra: dict[str, Any]  # mechanism-specific, bytes already decoded

    def selector(self) -> TokenSelector:
        # The serial is stable and unique; the label is only a fallback for serial-less tokens.
        if self.token_serial:
            return TokenSelector(serial=self.token_serial)
        return TokenSelector(label=self.token_label)

    def public_key(self) -> Any:
        return serialization.load_der_public_key(self.public_key_der)


class Pkcs11Factor(KeyFactor):
    """A PKCS#11 token key as a key-slot factor (see the module docstring for use)."""

    kind: ClassVar[str] = "pkcs11"

    def __init__(
        self, module: Pkcs11Module, pin: PinProvider, selection: KeySelection | None = None
    ) -> None:
        self.module = module
        self._pin = pin
        self.selection = selection

    def enroll(self, context: bytes) -> Enrollment:
        if self.selection is None:
            raise Pkcs11Error("No token key was selected for enrolment.")
        info = self.module.find_token(self.selection.token)
        login = obtain_login(info, self._pin)
        return self._on_token(self._enroll_on_token, info, login, context)

    def share(self, params: dict[str, Any], context: bytes) -> bytes:
        slot = decode_params(params)
        try:
            info = self.module.find_token(slot.selector())
        except TokenNotFoundError:
            raise TokenNotFoundError(slot.token_label or None, slot.token_serial or None) from None
        login = obtain_login(info, self._pin)
        return self._on_token(self._share_on_token, slot, info, login, context)

    # -- worker side -------------------------------------------------------------------------

    def _on_token(self, fn: Callable[..., T], *args: Any) -> T:
        try:
            return self.module.thread.call(fn, *args)
        except p11x.PKCS11Error as exc:
            # Anything not translated on the way is still a token failure, not a crash.
            name = type(exc).__name__
            raise Pkcs11Error(f"The security token reported an error ({name}).") from None

    def _enroll_on_token(self, info: TokenInfo, login: Any, context: bytes) -> Enrollment:
        assert self.selection is not None  # noqa: S101 - checked by enroll()
        key_id = self.selection.key_id
        token = self.module.token(self.selection.token)
        with user_session(token, login) as session:
            key = find_private_key(session, key_id)
            cert = find_certificate(session, key_id)
            if cert is None:
                message = f"No certificate with identifier {key_id.hex()} on the token."
                raise KeyNotFoundError(message)
            public_key = cert.public_key()
            mechanism = self._mechanism_for(key, public_key)
            extra, share = _run_enroll(mechanism, key, public_key, context, login)
        params = {
            "v": PARAMS_VERSION,
            "token_label": info.label,
            "token_serial": info.serial,
            "key_id": key_id.hex(),
            "public_key": _b64(public_key.public_bytes(*_SPKI_DER)),
            "mechanism": mechanism.value,
            **{k: (_b64(v) if k in _BYTES_FIELDS else v) for k, v in extra.items()},
        }
        return Enrollment(params=params, share=share, description=_describe(cert, info))

    def _mechanism_for(self, key: Any, public_key: Any) -> ShareMechanism:
        assert self.selection is not None  # noqa: S101
        key_type, _ = public_key_kind(public_key)
        caps = private_key_capabilities(key)
        wanted = self.selection.mechanism
        best = choose_mechanism(key_type, caps)
        if best is None:
            raise UnsupportedKeyError(
                "This key may not decrypt, derive or sign: it cannot protect a vault."
            )
        if wanted is not None and not _allowed(wanted, key_type, caps):
            raise UnsupportedKeyError(f"This key cannot be used with mechanism {wanted.value}.")
        return wanted or best

    def _share_on_token(
        self, slot: SlotParams, info: TokenInfo, login: Any, context: bytes
    ) -> bytes:
        token = self.module.token(slot.selector())
        with user_session(token, login) as session:
            key = find_private_key(session, slot.key_id)
            cert = find_certificate(session, slot.key_id)
            # A certificate renewed for the same key is fine; a different key under the same
            # identifier (re-issued card) is caught here with a clear message.
            spki = cert.public_key().public_bytes(*_SPKI_DER) if cert is not None else None
            if spki is not None and spki != slot.public_key_der:
                raise KeyMismatchError(
                    f"The key {slot.key_id.hex()} on security token {info.label!r} was replaced; "
                    "it is not the key this slot was created with."
                )
            share = _run_share(slot, key, context, login)
        if len(share) != SHARE_LEN:  # pragma: no cover - HKDF output length is fixed
            raise Pkcs11Error("The share has the wrong length.")
        return share


_SPKI_DER = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def _allowed(mechanism: ShareMechanism, key_type: str, caps: Any) -> bool:
    return {
        ShareMechanism.RSA_OAEP: key_type == "RSA" and caps.decrypt,
        ShareMechanism.ECDH: key_type == "EC" and caps.derive,
        ShareMechanism.RSA_SIGN: key_type == "RSA" and caps.sign,
    }[mechanism]


def _run_enroll(
    mechanism: ShareMechanism, key: Any, public_key: Any, context: bytes, login: Any
) -> tuple[dict[str, Any], bytes]:
    if mechanism is ShareMechanism.RSA_OAEP:
        return mech.oaep_enroll(key, public_key, context, login)
    if mechanism is ShareMechanism.ECDH:
        return mech.ecdh_enroll(key, public_key, context)
    return mech.sign_enroll(key, public_key, context, login)


def _run_share(slot: SlotParams, key: Any, context: bytes, login: Any) -> bytes:
    if slot.mechanism is ShareMechanism.RSA_OAEP:
        return mech.oaep_share(key, slot.extra, context, login)
    if slot.mechanism is ShareMechanism.ECDH:
        return mech.ecdh_share(key, slot.public_key(), slot.extra, context)
    return mech.sign_share(key, slot.public_key(), slot.extra, context, login)


def _describe(cert: x509.Certificate, info: TokenInfo) -> str:
    from cryptography import x509

    names = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    who = str(names[0].value) if names else cert.subject.rfc4514_string()
    return f"{who} ({info.label})"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# -- params validation: the vault header is untrusted input ------------------------------------


def _field(params: dict[str, Any], name: str, kind: type) -> Any:
    value = params.get(name)
    if type(value) is not kind:  # exact: a JSON true must not pass for an int, nor 1 for a bool
        raise InvalidParamsError(f"The PKCS#11 slot params have no valid {name!r}.")
    return value


def _bytes_field(params: dict[str, Any], name: str) -> bytes:
    try:
        return base64.b64decode(_field(params, name, str), validate=True)
    except (binascii.Error, ValueError):
        raise InvalidParamsError(f"The PKCS#11 slot param {name!r} is not valid base64.") from None


def _mechanism_extra(
    mechanism: ShareMechanism, params: dict[str, Any], public_key: Any
) -> dict[str, Any]:
    if mechanism is ShareMechanism.RSA_OAEP:
        wrapped = _bytes_field(params, "wrapped")
        oaep_hash = _field(params, "oaep_hash", str)
        if not isinstance(public_key, rsa.RSAPublicKey) or oaep_hash not in ("sha256", "sha1"):
            raise InvalidParamsError("The PKCS#11 slot's RSA-OAEP params are inconsistent.")
        if len(wrapped) != (public_key.key_size + 7) // 8:
            raise InvalidParamsError("The PKCS#11 slot's wrapped share has the wrong size.")
        label = _field(params, "oaep_label", bool)
        return {"wrapped": wrapped, "oaep_hash": oaep_hash, "oaep_label": label}
    if mechanism is ShareMechanism.ECDH:
        if not isinstance(public_key, ec.EllipticCurvePublicKey):
            raise InvalidParamsError("The PKCS#11 slot's ECDH params name a non-EC key.")
        return {"ephemeral_point": _bytes_field(params, "ephemeral_point")}
    salt = _bytes_field(params, "salt")
    if not isinstance(public_key, rsa.RSAPublicKey) or len(salt) != 32:
        raise InvalidParamsError("The PKCS#11 slot's signature params are inconsistent.")
    return {"salt": salt}


def decode_params(params: dict[str, Any]) -> SlotParams:
    """Check and decode a slot's params; raise InvalidParamsError rather than guess."""
    if not isinstance(params, dict) or params.get("v") != PARAMS_VERSION:
        raise InvalidParamsError("The PKCS#11 slot params are missing or of an unknown version.")
    try:
        mechanism = ShareMechanism(params.get("mechanism"))
        key_id = bytes.fromhex(_field(params, "key_id", str))
    except ValueError:
        message = "The PKCS#11 slot params name an unknown mechanism or key."
        raise InvalidParamsError(message) from None
    public_key_der = _bytes_field(params, "public_key")
    try:
        public_key = serialization.load_der_public_key(public_key_der)
    except ValueError:
        raise InvalidParamsError("The PKCS#11 slot's public key is damaged.") from None
    label, serial = _field(params, "token_label", str), _field(params, "token_serial", str)
    if not label and not serial:
        raise InvalidParamsError("The PKCS#11 slot params do not say which token to use.")
    return SlotParams(
        token_label=label,
        token_serial=serial,
        key_id=key_id,
        public_key_der=public_key_der,
        mechanism=mechanism,
        extra=_mechanism_extra(mechanism, params, public_key),
    )
