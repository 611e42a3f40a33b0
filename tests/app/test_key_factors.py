"""Second factors built from user input (app/key_factors.py), certificate eligibility and the
imposed PKCS#11 library, against the real SoftHSM2 token and an emulated FIDO2 key."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.key_factors import (
    FactorRequest,
    FactorRequestError,
    KeyNotFoundError,
    Pkcs11ModuleError,
    eligible_certificates,
    is_eligible,
    new_key_factor,
    pkcs11_module,
    unlock_factor,
    usable_tokens,
)
from app.policy import PolicyRefusal
from app.unlock import RecoveryCode, TotpCode, TotpSetup
from app.vault import create_vault, open_vault
from tests.support.ctap2_emulator import Ctap2Emulator
from tests.support.softhsm import SOFTHSM_LIB, SoftHsm
from tests.vault_keys.conftest import FAST_KDF

STRONG = "une phrase de passe assez longue pour le coffre, é"


def test_codes_become_the_inputs_open_vault_takes() -> None:
    assert unlock_factor(FactorRequest("totp", code="123 456")) == TotpCode("123456")
    code = "111111-222222"
    assert unlock_factor(FactorRequest("recovery", code=code)) == RecoveryCode(code)
    assert isinstance(new_key_factor(FactorRequest("totp")), TotpSetup)
    with pytest.raises(ValueError):
        new_key_factor(FactorRequest("recovery"))


def test_a_new_token_key_needs_its_token_and_key(softhsm: SoftHsm) -> None:
    with pytest.raises(FactorRequestError):
        new_key_factor(FactorRequest("pkcs11", pin=softhsm.user_pin, module_path=SOFTHSM_LIB))


def test_token_vault_made_and_opened_from_requests(softhsm: SoftHsm, tmp_path: Path) -> None:
    asked: list[str] = []

    def pin() -> str:
        asked.append("pin")
        return softhsm.user_pin

    enrol = FactorRequest("pkcs11", pin=pin, module_path=SOFTHSM_LIB,
                          token=softhsm.selector(), key_id=softhsm.ec_derive.key_id)
    new = create_vault(tmp_path / "v", STRONG, new_key_factor(enrol), name="Me Test",
                       kdf=FAST_KDF)
    new.session.lock()
    assert asked  # the PIN provider was asked by the token, when it needed it
    typed = unlock_factor(FactorRequest("pkcs11", pin=softhsm.user_pin,
                                        module_path=SOFTHSM_LIB))
    with open_vault(tmp_path / "v", STRONG, typed) as session:
        assert session.identity.card.name == "Me Test"


def test_fido2_key_from_a_request(tmp_path: Path) -> None:
    key = Ctap2Emulator(pin="1234")
    request = FactorRequest("fido2", pin="1234", uv="discouraged", fido2_devices=lambda: [key])
    new = create_vault(tmp_path / "v", STRONG, new_key_factor(request), name="Me Fido",
                       kdf=FAST_KDF)
    new.session.lock()
    with open_vault(tmp_path / "v", STRONG, unlock_factor(request)) as session:
        assert session.identity.card.name == "Me Fido"
        assert session.slots.list()[0].kind == "fido2"


def test_only_keys_present_on_the_token_are_eligible(softhsm: SoftHsm) -> None:
    module = pkcs11_module(SOFTHSM_LIB)
    assert softhsm.token_serial in {t.serial for t in usable_tokens(module)}
    shared = {softhsm.rsa_decrypt.key_id, softhsm.ec_derive.key_id, softhsm.rsa_sign.key_id}
    orphan = softhsm.add_key("rsa-decrypt", "certificate without its key")
    softhsm.delete_key(orphan.key_id, keep_certificate=True)
    try:
        listed = {c.key_id: c for c in module.list_certificates(softhsm.selector(),
                                                                softhsm.pin_provider())}
        # The certificate alone says its key may decrypt: a share mechanism exists for it,
        # which is all the command line used to check. Its key is not on the token.
        alone = listed[orphan.key_id]
        assert alone.mechanism is not None and alone.has_private_key is False
        assert not is_eligible(alone)
        eligible = eligible_certificates(module, softhsm.selector(), softhsm.user_pin)
        # The token is shared by the worker's tests, which may have added keys of their own:
        # the three it was made with are offered, the orphan never, and nothing without its key.
        offered = {c.key_id for c in eligible}
        assert shared <= offered and orphan.key_id not in offered
        assert all(c.has_private_key for c in eligible)
        # Why: enrolling it fails, after the PIN was typed.
        factor = new_key_factor(FactorRequest("pkcs11", pin=softhsm.user_pin,
                                              module_path=SOFTHSM_LIB,
                                              token=softhsm.selector(), key_id=orphan.key_id))
        with pytest.raises(KeyNotFoundError):
            factor.enroll(b"context")
    finally:
        softhsm.delete_key(orphan.key_id)


def test_the_imposed_library_is_used_and_another_is_refused(softhsm: SoftHsm, policy_file,
                                                            tmp_path: Path) -> None:
    other = tmp_path / "other-pkcs11.so"
    other.write_bytes(b"not a library")
    path = policy_file(pkcs11_module=SOFTHSM_LIB)
    assert pkcs11_module(None).path == SOFTHSM_LIB
    assert pkcs11_module("").path == SOFTHSM_LIB
    assert pkcs11_module(SOFTHSM_LIB).path == SOFTHSM_LIB
    with pytest.raises(PolicyRefusal) as refused:
        pkcs11_module(str(other))
    message = str(refused.value)
    assert "pkcs11_module" in message and str(path) in message and str(other) in message
    with pytest.raises(PolicyRefusal):
        unlock_factor(FactorRequest("pkcs11", pin="0000", module_path=str(other)))


def test_a_missing_library_is_named(tmp_path: Path) -> None:
    with pytest.raises(Pkcs11ModuleError) as missing:
        pkcs11_module(str(tmp_path / "absent.so"))
    assert str(tmp_path / "absent.so") in str(missing.value)
