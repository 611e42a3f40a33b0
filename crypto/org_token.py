"""An organisation's certification key on a PKCS#11 token (CKK_EC_EDWARDS, CKM_EDDSA).

The private key is generated on the token, marked sensitive and not extractable: it never
exists anywhere else. `Pkcs11OrgSigner` is the `crypto.org_signer.OrgSigner` over it. The
token is found by label/serial (never slot id) and the key by its CKA_ID, exactly as the vault's
PKCS#11 factor does (crypto/factors/); all library calls run on the token thread.

A signer logs in once (one C_Login, the PIN asked once) and keeps that session until `close()`,
so an admin certifying several members in a row types the PIN once. Every signature is checked
against the public key recorded when the key was made: a token that answers with another key
(swapped token, reused CKA_ID) is refused rather than trusted.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pkcs11 import Attribute, KeyType, Mechanism
from pkcs11 import exceptions as p11x
from pkcs11.util.ec import encode_named_curve_parameters

from crypto.factors.pkcs11_errors import (
    KeyMismatchError,
    PinLockedError,
    PinTries,
    Pkcs11Error,
    UnsupportedKeyError,
    WrongPinError,
)
from crypto.factors.pkcs11_keys import find_private_key
from crypto.factors.pkcs11_token import (
    PinProvider,
    Pkcs11Module,
    TokenSelector,
    obtain_login,
    removal_translated,
    user_session,
)

# RFC 8410 id-Ed25519: SoftHSM2 and current tokens take the OID form of CKA_EC_PARAMS.
ED25519_OID = "1.3.101.112"
_MECHANISMS = (Mechanism.EC_EDWARDS_KEY_PAIR_GEN, Mechanism.EDDSA)


@dataclass(frozen=True)
class TokenOrgKey:
    """Where an organisation key lives on a token, and its public half."""

    module_path: str
    selector: TokenSelector
    key_id: bytes
    public_key: bytes  # 32 bytes, raw Ed25519


def generate_token_org_key(module: Pkcs11Module, selector: TokenSelector, pin: PinProvider,
                           label: str = "scelle organisation key") -> TokenOrgKey:
    """Generate an Ed25519 key pair on the token (private half sensitive, not extractable)."""
    login = obtain_login(module.find_token(selector), pin)
    key_id = secrets.token_bytes(8)
    public = module.thread.call(_generate, module, selector, login, key_id, label)
    return TokenOrgKey(module.path, selector, key_id, public)


def _generate(module: Pkcs11Module, selector: TokenSelector, login: Any, key_id: bytes,
              label: str) -> bytes:
    token = module.token(selector)
    _require_mechanisms(token)
    session = _open_rw(token, login)
    try:
        with removal_translated(selector.label or ""):
            params = session.create_domain_parameters(
                KeyType.EC_EDWARDS,
                {Attribute.EC_PARAMS: encode_named_curve_parameters(ED25519_OID)}, local=True)
            public, _ = params.generate_keypair(
                mechanism=Mechanism.EC_EDWARDS_KEY_PAIR_GEN, store=True, id=key_id, label=label,
                public_template={Attribute.VERIFY: True},
                private_template={Attribute.SIGN: True, Attribute.SENSITIVE: True,
                                  Attribute.EXTRACTABLE: False})
            return _raw_point(public[Attribute.EC_POINT])
    except p11x.PKCS11Error as exc:
        raise Pkcs11Error(f"The token could not generate an Ed25519 key: {exc!r}") from None
    finally:
        session.close()


def _open_rw(token: Any, login: Any) -> Any:
    """A read-write logged-in session (key generation writes objects); one C_Login."""
    label = token.label.strip()
    try:
        return token.open(rw=True, user_pin=login)
    except p11x.UserAlreadyLoggedIn:
        return token.open(rw=True)
    except p11x.PinIncorrect:
        raise WrongPinError(label, PinTries.UNKNOWN) from None
    except p11x.PinLocked:
        raise PinLockedError(label) from None


def _require_mechanisms(token: Any) -> None:
    try:
        available = set(token.slot.get_mechanisms())
    except p11x.PKCS11Error:
        available = set()
    if not all(m in available for m in _MECHANISMS):
        raise UnsupportedKeyError(
            f"Security token {token.label.strip()!r} cannot make Ed25519 keys and signatures "
            "(CKM_EC_EDWARDS_KEY_PAIR_GEN, CKM_EDDSA): keep the organisation key in the vault "
            "or use another token.")


def _raw_point(point: bytes) -> bytes:
    """CKA_EC_POINT is a DER OCTET STRING around the 32-byte key (some tokens give it bare)."""
    if len(point) == 34 and point[0] == 0x04 and point[1] == 32:
        return bytes(point[2:])
    if len(point) == 32:
        return bytes(point)
    raise UnsupportedKeyError("The token returned an Ed25519 public key in an unknown form.")


class Pkcs11OrgSigner:
    """`OrgSigner` over a key on a token. Close it when done (it keeps a logged-in session)."""

    def __init__(self, module: Pkcs11Module, key: TokenOrgKey, pin: PinProvider) -> None:
        self._module = module
        self._key = key
        self._pin = pin
        self._session: Any = None
        self._login_error: Pkcs11Error | None = None
        self._lock = threading.Lock()

    def public_key_raw(self) -> bytes:
        return self._key.public_key

    def sign(self, message: bytes) -> bytes:
        with self._lock:
            if self._login_error is not None:
                # The PIN it was given was refused: trying it again would only count down the
                # token's tries (and lock it). A new signer asks for the PIN again.
                raise self._login_error
            if self._session is None:
                self._session = self._login()
            signature = self._module.thread.call(self._sign, bytes(message))
        try:
            Ed25519PublicKey.from_public_bytes(self._key.public_key).verify(signature, message)
        except (InvalidSignature, ValueError):
            raise KeyMismatchError("The key on the security token is not the organisation key "
                                   "recorded in the vault.") from None
        return signature

    def _login(self) -> Any:
        login = obtain_login(self._module.find_token(self._key.selector), self._pin)
        try:
            return self._module.thread.call(self._open, login)
        except (WrongPinError, PinLockedError) as exc:
            self._login_error = exc
            raise

    def close(self) -> None:
        with self._lock:
            session, self._session = self._session, None
        if session is not None:
            self._module.thread.call(_close_quietly, session)

    def _open(self, login: Any) -> Any:
        token = self._module.token(self._key.selector)
        manager = user_session(token, login)
        session = manager.__enter__()  # kept open until close(); see the class docstring
        return (manager, session)

    def _sign(self, message: bytes) -> bytes:
        _manager, session = self._session
        with removal_translated(self._key.selector.label or ""):
            key = find_private_key(session, self._key.key_id)
            try:
                return bytes(key.sign(message, mechanism=Mechanism.EDDSA))
            except p11x.PKCS11Error as exc:
                if isinstance(exc, (p11x.TokenNotPresent, p11x.DeviceRemoved,
                                    p11x.SessionClosed, p11x.SessionHandleInvalid)):
                    self._session = None  # reopen (and log in again) next time
                    raise
                raise Pkcs11Error(f"The token refused to sign with the organisation key: "
                                  f"{exc!r}") from None


def _close_quietly(pair: tuple[Any, Any]) -> None:
    manager, _session = pair
    try:
        manager.__exit__(None, None, None)
    except Pkcs11Error:
        pass  # token already gone: nothing left to close
