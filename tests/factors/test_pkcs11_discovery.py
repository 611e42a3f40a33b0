"""Finding tokens and certificates on a real SoftHSM2 token."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization

from crypto.factors.pkcs11_errors import (
    PinEntryCancelledError,
    Pkcs11ModuleError,
    TokenNotFoundError,
    WrongPinError,
)
from crypto.factors.pkcs11_keys import ShareMechanism
from crypto.factors.pkcs11_token import Pkcs11Module, PinTries, TokenSelector
from tests.support.softhsm import SoftHsm


def test_tokens_are_listed_with_description_and_flags(softhsm: SoftHsm) -> None:
    tokens = softhsm.module().list_tokens()
    ours = [t for t in tokens if t.label == softhsm.token_label]
    assert len(ours) == 1
    token = ours[0]
    assert token.serial == softhsm.token_serial and len(token.serial) == 16
    assert token.manufacturer == "SoftHSM project"
    assert token.model == "SoftHSM v2"
    assert token.initialized and token.user_pin_initialized and token.login_required
    assert not token.protected_auth_path and not token.pin_locked
    # SoftHSM always offers one more, uninitialised token in a free slot.
    free = [t for t in tokens if not t.initialized]
    assert free and free[0].label == "" and not free[0].user_pin_initialized


@pytest.mark.parametrize("by", ["label", "serial", "both"])
def test_a_token_is_selected_by_label_or_serial(softhsm: SoftHsm, by: str) -> None:
    selector = {
        "label": TokenSelector(label=softhsm.token_label),
        "serial": TokenSelector(serial=softhsm.token_serial),
        "both": softhsm.selector(),
    }[by]
    info = softhsm.module().find_token(selector)
    assert (info.label, info.serial) == (softhsm.token_label, softhsm.token_serial)
    assert info.selector() == softhsm.selector()


def test_an_absent_token_is_reported_with_what_was_searched(softhsm: SoftHsm) -> None:
    with pytest.raises(TokenNotFoundError, match="'no-such-token'") as caught:
        softhsm.module().find_token(TokenSelector(label="no-such-token"))
    assert caught.value.label == "no-such-token" and caught.value.serial is None
    # Label and serial must both match: the right label with another serial is another token.
    with pytest.raises(TokenNotFoundError, match="0000000000000000"):
        selector = TokenSelector(label=softhsm.token_label, serial="0000000000000000")
        softhsm.module().find_token(selector)


def test_a_selector_needs_a_label_or_a_serial() -> None:
    with pytest.raises(ValueError):
        TokenSelector()


def test_a_missing_library_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(Pkcs11ModuleError, match="Cannot load the PKCS#11 library"):
        Pkcs11Module(str(tmp_path / "nothing.so")).list_tokens()


def test_certificates_without_login_show_capabilities_from_key_usage(softhsm: SoftHsm) -> None:
    certs = {c.key_id: c for c in softhsm.module().list_certificates(softhsm.selector())}
    rsa_dec = certs[softhsm.rsa_decrypt.key_id]
    assert rsa_dec.subject == "CN=Me rsa-decrypt" and rsa_dec.issuer == "CN=Scelle Test CA"
    assert rsa_dec.serial_number == softhsm.rsa_decrypt.certificate.serial_number
    assert rsa_dec.not_after == softhsm.rsa_decrypt.certificate.not_valid_after_utc
    assert (rsa_dec.key_type, rsa_dec.key_size) == ("RSA", 2048)
    assert rsa_dec.has_private_key is None  # private keys are invisible before login
    assert rsa_dec.capabilities.source == "certificate"
    assert rsa_dec.der == softhsm.rsa_decrypt.certificate.public_bytes(serialization.Encoding.DER)
    assert certs[softhsm.ec_derive.key_id].key_type == "EC"
    assert certs[softhsm.ec_derive.key_id].capabilities.derive


def test_certificates_after_login_show_what_each_private_key_may_do(softhsm: SoftHsm) -> None:
    pin = softhsm.pin_provider()
    certs = {c.key_id: c for c in softhsm.module().list_certificates(softhsm.selector(), pin)}
    assert pin.calls == 1
    expected = {
        softhsm.rsa_decrypt.key_id: ((True, False, False), ShareMechanism.RSA_OAEP),
        softhsm.ec_derive.key_id: ((False, True, False), ShareMechanism.ECDH),
        softhsm.rsa_sign.key_id: ((False, False, True), ShareMechanism.RSA_SIGN),
    }
    for key_id, (caps, mechanism) in expected.items():
        cert = certs[key_id]
        assert cert.has_private_key is True
        assert cert.capabilities.source == "token"
        assert (cert.capabilities.decrypt, cert.capabilities.derive, cert.capabilities.sign) == caps
        assert cert.mechanism is mechanism


def test_listing_with_a_wrong_or_cancelled_pin_fails_without_retry(softhsm: SoftHsm) -> None:
    wrong = softhsm.pin_provider("000000")
    with pytest.raises(WrongPinError) as caught:
        softhsm.module().list_certificates(softhsm.selector(), wrong)
    assert wrong.calls == 1
    assert caught.value.tries is PinTries.COUNT_LOW  # what SoftHSM reports after a failure
    with pytest.raises(PinEntryCancelledError):
        softhsm.module().list_certificates(softhsm.selector(), softhsm.pin_provider(""))
    # A correct login clears SoftHSM's "count low" flag again.
    softhsm.module().list_certificates(softhsm.selector(), softhsm.pin_provider())
    assert softhsm.module().find_token(softhsm.selector()).pin_tries is PinTries.UNKNOWN
