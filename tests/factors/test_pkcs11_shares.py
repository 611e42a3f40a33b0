"""The three PKCS#11 share mechanisms on a real SoftHSM2 token: good paths and tampering."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pkcs11 import MGF, Attribute, Mechanism, ObjectClass

from crypto.factors.base import SHARE_LEN
from crypto.factors.pkcs11_errors import (
    InvalidParamsError,
    ShareRecoveryError,
    UnsupportedKeyError,
)
from crypto.factors.pkcs11_factor import KeySelection, Pkcs11Factor
from crypto.factors.pkcs11_keys import ShareMechanism
from tests.factors._helpers import altered, flip_b64, slot_context
from tests.support.softhsm import SoftHsm, TokenKey

KEYS = {
    ShareMechanism.RSA_OAEP: "rsa_decrypt",
    ShareMechanism.ECDH: "ec_derive",
    ShareMechanism.RSA_SIGN: "rsa_sign",
}


def enroll(softhsm: SoftHsm, key: TokenKey, context: bytes, **kw: Any):
    selection = KeySelection(softhsm.selector(), key.key_id, **kw)
    return Pkcs11Factor(softhsm.module(), softhsm.pin_provider(), selection).enroll(context)


def share(softhsm: SoftHsm, params: dict[str, Any], context: bytes) -> bytes:
    return Pkcs11Factor(softhsm.module(), softhsm.pin_provider()).share(params, context)


@pytest.mark.parametrize("mechanism", list(KEYS), ids=lambda m: m.value)
def test_enrol_then_share_gives_the_same_share_and_params_are_json(
    softhsm: SoftHsm, mechanism: ShareMechanism
) -> None:
    key = getattr(softhsm, KEYS[mechanism])
    context = slot_context(1)
    enrollment = enroll(softhsm, key, context)
    assert enrollment.params["mechanism"] == mechanism.value
    assert len(enrollment.share) == SHARE_LEN
    assert enrollment.description == f"Me {key.label} ({softhsm.token_label})"
    params = json.loads(json.dumps(enrollment.params))  # what vault.json stores
    assert share(softhsm, params, context) == enrollment.share
    assert share(softhsm, params, context) == enrollment.share  # and again: deterministic
    assert params["token_serial"] == softhsm.token_serial
    assert params["key_id"] == key.key_id.hex()
    # Nothing in the params equals the share or its encodings.
    assert base64.b64encode(enrollment.share).decode() not in json.dumps(params)


@pytest.mark.parametrize("mechanism", list(KEYS), ids=lambda m: m.value)
def test_another_context_gives_another_share(softhsm: SoftHsm, mechanism: ShareMechanism) -> None:
    key = getattr(softhsm, KEYS[mechanism])
    enrollment = enroll(softhsm, key, slot_context(1))
    assert share(softhsm, enrollment.params, slot_context(2)) != enrollment.share
    assert share(softhsm, enrollment.params, slot_context(1, b"W" * 16)) != enrollment.share
    # Two enrolments of the same key for the same slot are independent.
    assert enroll(softhsm, key, slot_context(1)).share != enrollment.share


def test_oaep_negotiation_tries_sha256_first_then_falls_back_and_records_it(
    softhsm: SoftHsm,
) -> None:
    spied = softhsm.spied_module()  # OpenSC's pkcs11-spy logs each C_DecryptInit's parameters
    spied.list_tokens()
    start = softhsm.spy_log.stat().st_size
    selection = KeySelection(softhsm.selector(), softhsm.rsa_decrypt.key_id)
    params = Pkcs11Factor(spied, softhsm.pin_provider(), selection).enroll(slot_context()).params
    attempts = [
        (block.split("hashAlg = ")[1].split()[0], "rsa-oaep label" in block)
        for block in softhsm.spy_log.read_text()[start:].split("C_DecryptInit")[1:]
    ]
    assert attempts == [
        ("CKM_SHA256", True),
        ("CKM_SHA256", False),
        ("CKM_SHA_1", True),
        ("CKM_SHA_1", False),
    ]
    # SoftHSM 2.6 rejects SHA-256 OAEP and any OAEP label: SHA-1 without label is recorded.
    assert (params["oaep_hash"], params["oaep_label"]) == ("sha1", False)
    assert len(base64.b64decode(params["wrapped"])) == 256
    # At unlock the recorded choice is used as is, never renegotiated.
    with pytest.raises(ShareRecoveryError, match="could not unwrap"):
        share(softhsm, altered(params, oaep_hash="sha256"), slot_context())


def test_oaep_share_is_bound_to_the_context_by_hkdf_without_label(softhsm: SoftHsm) -> None:
    # Without OAEP label support the unwrapped secret is context-free; HKDF over it is not.
    params = enroll(softhsm, softhsm.rsa_decrypt, slot_context(1)).params
    a, b = share(softhsm, params, slot_context(1)), share(softhsm, params, slot_context(3))
    assert a != b


def _hkdf(secret: bytes, salt: bytes | None, label: bytes, context: bytes) -> bytes:
    info = b"scelle/v1 pkcs11 " + label + b"\0" + context
    return HKDF(hashes.SHA256(), 32, salt, info).derive(secret)


def _on_token(softhsm: SoftHsm, key_id: bytes, operation: Any) -> bytes:
    """Run `operation(private_key)` with raw python-pkcs11, outside the driver."""

    def job() -> bytes:
        with softhsm._session() as session:
            query = {Attribute.CLASS: ObjectClass.PRIVATE_KEY, Attribute.ID: key_id}
            return bytes(operation(next(iter(list(session.get_objects(query))))))

    return softhsm.module().thread.call(job)


def test_the_signature_share_matches_an_independent_computation(softhsm: SoftHsm) -> None:
    context = slot_context()
    enrollment = enroll(softhsm, softhsm.rsa_sign, context)
    salt = base64.b64decode(enrollment.params["salt"])
    prefix = b"scelle/v1 pkcs11 rsa-sign challenge\0"
    challenge = prefix + len(salt).to_bytes(2, "big") + salt + context
    signature = _on_token(
        softhsm,
        softhsm.rsa_sign.key_id,
        lambda k: k.sign(challenge, mechanism=Mechanism.SHA256_RSA_PKCS),
    )
    public = softhsm.rsa_sign.certificate.public_key()
    public.verify(signature, challenge, padding.PKCS1v15(), hashes.SHA256())  # deterministic v1.5
    assert enrollment.share == _hkdf(signature, salt, b"rsa-sign", context)


def test_the_oaep_share_matches_an_independent_computation(softhsm: SoftHsm) -> None:
    context = slot_context()
    enrollment = enroll(softhsm, softhsm.rsa_decrypt, context)
    wrapped = base64.b64decode(enrollment.params["wrapped"])
    secret = _on_token(
        softhsm,
        softhsm.rsa_decrypt.key_id,
        lambda k: k.decrypt(
            wrapped,
            mechanism=Mechanism.RSA_PKCS_OAEP,
            mechanism_param=(Mechanism.SHA_1, MGF.SHA1, None),
        ),
    )
    assert len(secret) == 32
    assert enrollment.share == _hkdf(secret, None, b"rsa-oaep", context)


def test_a_decrypt_only_key_cannot_be_forced_to_sign(softhsm: SoftHsm) -> None:
    with pytest.raises(UnsupportedKeyError, match="rsa-pkcs1v15-sign"):
        enroll(softhsm, softhsm.rsa_decrypt, slot_context(), mechanism=ShareMechanism.RSA_SIGN)
    with pytest.raises(UnsupportedKeyError, match="ecdh"):
        enroll(softhsm, softhsm.rsa_sign, slot_context(), mechanism=ShareMechanism.ECDH)


# -- tampered params -------------------------------------------------------------------------------


def test_altered_wrapped_share_is_an_error(softhsm: SoftHsm) -> None:
    params = enroll(softhsm, softhsm.rsa_decrypt, slot_context()).params
    with pytest.raises(ShareRecoveryError, match="altered"):
        share(softhsm, altered(params, wrapped=flip_b64(params["wrapped"], 100)), slot_context())


def test_altered_signature_salt_gives_a_different_share_rejected_later(softhsm: SoftHsm) -> None:
    # No check value is stored (it would help brute force), so a changed salt is not detected
    # here: the share differs, and the key-slot layer's authenticated unwrap then fails.
    enrollment = enroll(softhsm, softhsm.rsa_sign, slot_context())
    tampered = altered(enrollment.params, salt=flip_b64(enrollment.params["salt"], 0))
    assert share(softhsm, tampered, slot_context()) != enrollment.share


def test_altered_ephemeral_point(softhsm: SoftHsm) -> None:
    enrollment = enroll(softhsm, softhsm.ec_derive, slot_context())
    point = enrollment.params["ephemeral_point"]
    # A flipped bit puts the point off the curve: refused before reaching the token.
    with pytest.raises(ShareRecoveryError, match="not on the key's curve"):
        bent = altered(enrollment.params, ephemeral_point=flip_b64(point, 40))
        share(softhsm, bent, slot_context())
    # Another valid point: a different share, rejected later by the key-slot layer.
    other = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    swapped = altered(enrollment.params, ephemeral_point=base64.b64encode(other).decode())
    assert share(softhsm, swapped, slot_context()) != enrollment.share


@pytest.mark.parametrize(
    "change",
    [
        {"v": 2},
        {"mechanism": "rsa-pkcs1"},
        {"key_id": "zz"},
        {"key_id": 17},
        {"public_key": "not base64!"},
        {"public_key": base64.b64encode(b"not a key").decode()},
        {"token_label": "", "token_serial": ""},
        {"oaep_hash": "md5"},
        {"oaep_label": 0},
        {"wrapped": base64.b64encode(b"short").decode()},
    ],
    ids=lambda c: ",".join(c),
)
def test_malformed_params_are_refused_before_touching_the_token(
    softhsm: SoftHsm, change: dict[str, Any]
) -> None:
    params = enroll(softhsm, softhsm.rsa_decrypt, slot_context()).params
    pin = softhsm.pin_provider()
    with pytest.raises(InvalidParamsError):
        Pkcs11Factor(softhsm.module(), pin).share(altered(params, **change), slot_context())
    assert pin.calls == 0


def test_params_of_one_mechanism_with_another_key_type_are_refused(softhsm: SoftHsm) -> None:
    ec_params = enroll(softhsm, softhsm.ec_derive, slot_context()).params
    rsa_params = enroll(softhsm, softhsm.rsa_sign, slot_context()).params
    with pytest.raises(InvalidParamsError):
        share(softhsm, altered(ec_params, public_key=rsa_params["public_key"]), slot_context())
    with pytest.raises(InvalidParamsError):
        short_salt = altered(rsa_params, salt=base64.b64encode(b"x" * 31).decode())
        share(softhsm, short_salt, slot_context())
    with pytest.raises(InvalidParamsError):
        share(softhsm, "not a dict", slot_context())  # type: ignore[arg-type]
