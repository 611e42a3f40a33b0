"""The three ways a PKCS#11 key turns a slot's public params into a 32-byte share.

Worker side only: every function here runs on the token thread with a logged-in session.

Every share goes through HKDF-SHA256 with the slot context in `info`, so a share is bound to its
slot even when the token operation itself cannot carry the context (OAEP without label support).
No value that would let someone check a guessed share is ever stored in the params: a tampered
param either makes the token operation fail here or yields a different share, which the key-slot
layer then rejects when the slot key fails to unwrap the vault key.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pkcs11 import MGF, Attribute, KDF, KeyType, Mechanism
from pkcs11 import exceptions as p11x

from crypto.factors.base import SHARE_LEN
from crypto.factors.pkcs11_errors import KeyMismatchError, ShareRecoveryError, UnsupportedKeyError

_DOMAIN = b"scelle/v1 pkcs11 "

# Library errors meaning "this mechanism or parameter is not supported here": try the next one.
_UNSUPPORTED = (
    p11x.ArgumentsBad,
    p11x.MechanismInvalid,
    p11x.MechanismParamInvalid,
    p11x.FunctionNotSupported,
    p11x.KeyTypeInconsistent,
    p11x.FunctionRejected,
)
# Errors a corrupted input produces (altered wrapped share, point not accepted, …).
_BAD_INPUT = (
    p11x.EncryptedDataInvalid,
    p11x.EncryptedDataLenRange,
    p11x.DataInvalid,
    p11x.DataLenRange,
    p11x.FunctionFailed,
    p11x.GeneralError,
) + _UNSUPPORTED


def _hkdf(secret: bytes, salt: bytes | None, label: bytes, context: bytes) -> bytes:
    info = _DOMAIN + label + b"\0" + context
    return HKDF(algorithm=hashes.SHA256(), length=SHARE_LEN, salt=salt, info=info).derive(secret)


def _reauth(key: Any, login: Any) -> dict[str, Any]:
    """Keys marked CKA_ALWAYS_AUTHENTICATE (PIV, qualified-signature keys) want the PIN again
    for every operation (a context-specific login); python-pkcs11 does it when given `pin`."""
    try:
        always = bool(key[Attribute.ALWAYS_AUTHENTICATE])
    except p11x.PKCS11Error:
        always = False
    return {"pin": login} if always and isinstance(login, str) else {}


# -- RSA-OAEP: unwrap a random secret wrapped with the certificate's public key ------------------

_OAEP_HASHES: dict[str, tuple[Mechanism, MGF, type[hashes.HashAlgorithm]]] = {
    "sha256": (Mechanism.SHA256, MGF.SHA256, hashes.SHA256),
    "sha1": (Mechanism.SHA_1, MGF.SHA1, hashes.SHA1),
}
# Negotiation order: strongest first. SoftHSM 2.6 and many cards only do SHA-1 without label.
_OAEP_CANDIDATES = (("sha256", True), ("sha256", False), ("sha1", True), ("sha1", False))


@dataclass(frozen=True)
class OaepChoice:
    hash: str
    label: bool


def _oaep_label(context: bytes) -> bytes:
    return _DOMAIN + b"rsa-oaep label\0" + context


def _token_unwrap(
    key: Any, wrapped: bytes, choice: OaepChoice, context: bytes, login: Any
) -> bytes:
    mech_hash, mgf, _ = _OAEP_HASHES[choice.hash]
    label = _oaep_label(context) if choice.label else None
    return bytes(
        key.decrypt(
            wrapped,
            mechanism=Mechanism.RSA_PKCS_OAEP,
            mechanism_param=(mech_hash, mgf, label),
            **_reauth(key, login),
        )
    )


def _software_wrap(
    public_key: rsa.RSAPublicKey, secret: bytes, choice: OaepChoice, context: bytes
) -> bytes:
    algorithm = _OAEP_HASHES[choice.hash][2]()
    label = _oaep_label(context) if choice.label else None
    return public_key.encrypt(
        secret, padding.OAEP(mgf=padding.MGF1(algorithm), algorithm=algorithm, label=label)
    )


def oaep_enroll(
    key: Any, public_key: Any, context: bytes, login: Any
) -> tuple[dict[str, Any], bytes]:
    """Wrap a fresh secret and negotiate the strongest OAEP variant the token can undo."""
    if not isinstance(public_key, rsa.RSAPublicKey):
        raise UnsupportedKeyError("RSA-OAEP needs an RSA key.")
    secret = os.urandom(SHARE_LEN)
    for hash_name, use_label in _OAEP_CANDIDATES:
        choice = OaepChoice(hash_name, use_label)
        wrapped = _software_wrap(public_key, secret, choice, context)
        try:
            unwrapped = _token_unwrap(key, wrapped, choice, context, login)
        except _BAD_INPUT:
            # Tokens report an unsupported OAEP variant in many ways (SoftHSM: ArgumentsBad for
            # SHA-256, GeneralError for a label): any failure means "try the next variant".
            continue
        if unwrapped != secret:
            raise KeyMismatchError("The token decrypted the test value wrongly: wrong key.")
        params = {"oaep_hash": hash_name, "oaep_label": use_label, "wrapped": wrapped}
        return params, _hkdf(secret, None, b"rsa-oaep", context)
    raise UnsupportedKeyError(
        "The token could not decrypt with RSA-OAEP (SHA-256 or SHA-1): it lacks the mechanism, "
        "or the certificate does not match the private key."
    )


def oaep_share(key: Any, params: dict[str, Any], context: bytes, login: Any) -> bytes:
    choice = OaepChoice(params["oaep_hash"], params["oaep_label"])
    try:
        secret = _token_unwrap(key, params["wrapped"], choice, context, login)
    except _BAD_INPUT:
        raise ShareRecoveryError(
            "The token could not unwrap this slot's share: the wrapped value was altered, "
            "or this is not the slot's key."
        ) from None
    if len(secret) != SHARE_LEN:
        raise ShareRecoveryError("The token unwrapped a value of the wrong size: slot damaged.")
    return _hkdf(secret, None, b"rsa-oaep", context)


# -- ECDH: the token combines its key with a stored ephemeral public point -----------------------


def _token_ecdh(key: Any, curve: ec.EllipticCurve, point: bytes) -> bytes:
    size = (curve.key_size + 7) // 8
    derived = key.derive_key(
        KeyType.GENERIC_SECRET,
        size * 8,
        mechanism=Mechanism.ECDH1_DERIVE,
        mechanism_param=(KDF.NULL, None, point),
        template={Attribute.SENSITIVE: False, Attribute.EXTRACTABLE: True},
    )
    try:
        return bytes(derived[Attribute.VALUE])
    finally:
        try:
            derived.destroy()  # a session object anyway; do not leave it around meanwhile
        except p11x.PKCS11Error:
            pass


def ecdh_enroll(key: Any, public_key: Any, context: bytes) -> tuple[dict[str, Any], bytes]:
    if not isinstance(public_key, ec.EllipticCurvePublicKey):
        raise UnsupportedKeyError("ECDH needs an EC key.")
    ephemeral = ec.generate_private_key(public_key.curve)
    point = ephemeral.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    try:
        shared = _token_ecdh(key, public_key.curve, point)
    except _UNSUPPORTED:
        raise UnsupportedKeyError("The token cannot do ECDH with this key.") from None
    # The ephemeral private key, still in memory, proves the token key matches the certificate.
    if shared != ephemeral.exchange(ec.ECDH(), public_key):
        raise KeyMismatchError("The certificate does not match the private key on the token.")
    return {"ephemeral_point": point}, _hkdf(shared, point, b"ecdh", context)


def ecdh_share(key: Any, public_key: Any, params: dict[str, Any], context: bytes) -> bytes:
    point = params["ephemeral_point"]
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(public_key.curve, point)
    except ValueError:
        raise ShareRecoveryError(
            "The slot's ephemeral EC point is not on the key's curve: the slot is damaged."
        ) from None
    try:
        shared = _token_ecdh(key, public_key.curve, point)
    except _BAD_INPUT:
        raise ShareRecoveryError("The token refused the ECDH computation for this slot.") from None
    return _hkdf(shared, point, b"ecdh", context)


# -- Sign-only RSA: deterministic PKCS#1 v1.5 signature of a domain-separated challenge ---------


def _challenge(salt: bytes, context: bytes) -> bytes:
    return _DOMAIN + b"rsa-sign challenge\0" + len(salt).to_bytes(2, "big") + salt + context


def _digest_info_sha256(message: bytes) -> bytes:
    # DER DigestInfo prefix for SHA-256 (RFC 8017 §9.2 note 1), for tokens with raw RSA_PKCS only.
    digest = hashes.Hash(hashes.SHA256())
    digest.update(message)
    return bytes.fromhex("3031300d060960864801650304020105000420") + digest.finalize()


def _token_sign(key: Any, message: bytes, login: Any) -> bytes:
    try:
        return bytes(key.sign(message, mechanism=Mechanism.SHA256_RSA_PKCS, **_reauth(key, login)))
    except _UNSUPPORTED:
        # Same signature bytes: PKCS#1 v1.5 over SHA-256 is raw RSA_PKCS over the DigestInfo.
        raw = _digest_info_sha256(message)
        return bytes(key.sign(raw, mechanism=Mechanism.RSA_PKCS, **_reauth(key, login)))


def _verified_signature(
    key: Any, public_key: Any, salt: bytes, context: bytes, login: Any
) -> bytes:
    message = _challenge(salt, context)
    try:
        signature = _token_sign(key, message, login)
    except _UNSUPPORTED:
        raise UnsupportedKeyError(
            "The token cannot make a PKCS#1 v1.5 SHA-256 signature with this key."
        ) from None
    try:
        public_key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        raise KeyMismatchError(
            "The token's signature does not verify with the enrolled public key."
        ) from None
    return signature


def sign_enroll(
    key: Any, public_key: Any, context: bytes, login: Any
) -> tuple[dict[str, Any], bytes]:
    if not isinstance(public_key, rsa.RSAPublicKey):
        raise UnsupportedKeyError("The signature mechanism needs an RSA key.")
    salt = os.urandom(32)
    signature = _verified_signature(key, public_key, salt, context, login)
    return {"salt": salt}, _hkdf(signature, salt, b"rsa-sign", context)


def sign_share(
    key: Any, public_key: Any, params: dict[str, Any], context: bytes, login: Any
) -> bytes:
    salt = params["salt"]
    signature = _verified_signature(key, public_key, salt, context, login)
    return _hkdf(signature, salt, b"rsa-sign", context)
