"""Objects on a PKCS#11 token: certificates, the private keys they name, what a key may do.

Worker side only (token thread), except the dataclasses, which callers receive.
A key is always found through its certificate: the private key has the same CKA_ID.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from pkcs11 import Attribute, ObjectClass
from pkcs11 import exceptions as p11x

from crypto.factors.pkcs11_errors import KeyNotFoundError

if TYPE_CHECKING:
    from cryptography import x509


class ShareMechanism(str, Enum):
    """How a token key produces a share; recorded in the slot params."""

    RSA_OAEP = "rsa-oaep"  # RSA key that may decrypt: unwrap a random secret
    ECDH = "ecdh"  # EC key that may derive: ECDH with a stored ephemeral point
    RSA_SIGN = "rsa-pkcs1v15-sign"  # sign-only RSA key: deterministic signature of a challenge


@dataclass(frozen=True)
class KeyCapabilities:
    """What the private key may do; `source` says whether the token or the certificate told."""

    decrypt: bool
    derive: bool
    sign: bool
    source: str  # "token" (private key attributes, needs login) or "certificate" (keyUsage)


@dataclass(frozen=True)
class CertificateInfo:
    """A certificate on the token and what its private key may do; the user picks one."""

    key_id: bytes  # CKA_ID shared by the certificate and its private key
    label: str
    subject: str
    issuer: str
    serial_number: int
    not_before: datetime
    not_after: datetime
    key_type: str  # "RSA" or "EC"
    key_size: int
    capabilities: KeyCapabilities
    has_private_key: bool | None  # None: unknown without logging in
    der: bytes = field(repr=False)

    @property
    def mechanism(self) -> ShareMechanism | None:
        """The share mechanism enrolment would use for this key, if any."""
        return choose_mechanism(self.key_type, self.capabilities)


def choose_mechanism(key_type: str, caps: KeyCapabilities) -> ShareMechanism | None:
    """Prefer decryption (no secret leaves the token except the unwrapped one), then ECDH,
    then a signature (weakest: the share is a function of a public challenge)."""
    if key_type == "RSA" and caps.decrypt:
        return ShareMechanism.RSA_OAEP
    if key_type == "EC" and caps.derive:
        return ShareMechanism.ECDH
    if key_type == "RSA" and caps.sign:
        return ShareMechanism.RSA_SIGN
    return None


def session_objects(session: Any, attrs: dict[Attribute, Any]) -> list[Any]:
    # Always exhaust the search: an unfinished C_FindObjects blocks the next one on the session.
    return list(session.get_objects(attrs))


def _with_id(session: Any, object_class: ObjectClass, key_id: bytes) -> list[Any]:
    return session_objects(session, {Attribute.CLASS: object_class, Attribute.ID: key_id})


def find_private_key(session: Any, key_id: bytes) -> Any:
    """Worker side: the private key whose CKA_ID is `key_id` (it must be unique)."""
    keys = _with_id(session, ObjectClass.PRIVATE_KEY, key_id)
    if not keys:
        label = session.token.label.strip()
        raise KeyNotFoundError(
            f"The private key {key_id.hex()} is no longer on security token {label!r}."
        )
    if len(keys) > 1:
        raise KeyNotFoundError(f"Several private keys share the identifier {key_id.hex()}.")
    return keys[0]


def find_certificate(session: Any, key_id: bytes) -> x509.Certificate | None:
    """Worker side: the X.509 certificate whose CKA_ID is `key_id`, if present."""
    certs = _with_id(session, ObjectClass.CERTIFICATE, key_id)
    if not certs:
        return None
    cert = _parse(bytes(certs[0][Attribute.VALUE]))
    if cert is None:
        raise KeyNotFoundError(f"The certificate {key_id.hex()} on the token is unreadable.")
    return cert


def _parse(der: bytes) -> x509.Certificate | None:
    # Imported here: cryptography.x509 costs some 20 ms of start-up (its name parser compiles
    # regular expressions), which an unlock, reading no certificate, need not pay.
    from cryptography import x509

    try:
        cert = x509.load_der_x509_certificate(der)
        cert.public_key()  # unsupported key algorithms only fail here
    except (ValueError, UnsupportedAlgorithm):
        return None
    return cert


def private_key_capabilities(key: Any) -> KeyCapabilities:
    def allowed(attribute: Attribute) -> bool:
        try:
            return bool(key[attribute])
        except p11x.PKCS11Error:
            return False  # attribute absent for this key type on some middleware: not allowed

    return KeyCapabilities(
        decrypt=allowed(Attribute.DECRYPT),
        derive=allowed(Attribute.DERIVE),
        sign=allowed(Attribute.SIGN),
        source="token",
    )


def _certificate_capabilities(cert: x509.Certificate, key_type: str) -> KeyCapabilities:
    from cryptography import x509

    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        # No keyUsage: the certificate does not restrict the key; its type decides.
        return KeyCapabilities(key_type == "RSA", key_type == "EC", True, "certificate")
    return KeyCapabilities(
        decrypt=key_type == "RSA" and (usage.key_encipherment or usage.data_encipherment),
        derive=key_type == "EC" and usage.key_agreement,
        sign=usage.digital_signature,
        source="certificate",
    )


def public_key_kind(public_key: Any) -> tuple[str, int]:
    if isinstance(public_key, rsa.RSAPublicKey):
        return "RSA", public_key.key_size
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        return "EC", public_key.curve.key_size
    return type(public_key).__name__, 0


def describe_certificate(
    session: Any, cert_obj: Any, *, logged_in: bool
) -> CertificateInfo | None:
    """Worker side: a CertificateInfo for a certificate object on the token (None: unreadable)."""
    der = bytes(cert_obj[Attribute.VALUE])
    key_id = bytes(cert_obj[Attribute.ID] or b"")
    cert = _parse(der)
    if cert is None:
        return None
    key_type, key_size = public_key_kind(cert.public_key())
    keys = _with_id(session, ObjectClass.PRIVATE_KEY, key_id)
    if keys:
        caps, has_key = private_key_capabilities(keys[0]), True
    else:
        caps, has_key = _certificate_capabilities(cert, key_type), (False if logged_in else None)
    return CertificateInfo(
        key_id=key_id,
        label=str(cert_obj[Attribute.LABEL] or ""),
        subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        serial_number=cert.serial_number,
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        key_type=key_type,
        key_size=key_size,
        capabilities=caps,
        has_private_key=has_key,
        der=der,
    )
