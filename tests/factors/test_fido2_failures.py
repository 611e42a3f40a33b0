"""FIDO2 bad paths: no key, wrong key, PIN and UV problems, no touch, tampered params."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from fido2 import cbor

from crypto.factors.fido2_errors import (
    Fido2DeviceNotFoundError,
    Fido2InvalidParamsError,
    Fido2MultipleDevicesError,
    Fido2PinBlockedError,
    Fido2PinRequiredError,
    Fido2ResponseError,
    Fido2TouchTimeoutError,
    Fido2UnsupportedError,
    Fido2UvMismatchError,
    Fido2UvUnavailableError,
    Fido2WrongCredentialError,
    Fido2WrongPinError,
)
from crypto.factors.fido2_factor import Fido2Factor, UvPolicy
from tests.factors._helpers import CountingPin, altered, flip_b64, slot_context
from tests.support.ctap2_emulator import Ctap2Emulator, Touch

PIN = "4711-cabinet"


def factor(*devices: Ctap2Emulator, pin: Any = None, **kw: Any) -> Fido2Factor:
    return Fido2Factor(pin=pin, devices=lambda: list(devices), **kw)


def enrolled(
    uv: UvPolicy = UvPolicy.REQUIRED, **key_kw: Any
) -> tuple[Ctap2Emulator, dict[str, Any], bytes]:
    key = Ctap2Emulator(pin=PIN, **key_kw)
    enrollment = factor(key, pin=lambda: PIN, uv=uv).enroll(slot_context())
    return key, enrollment.params, enrollment.share


def test_no_key_plugged_in() -> None:
    with pytest.raises(Fido2DeviceNotFoundError, match="No FIDO2 security key"):
        factor().enroll(slot_context())
    _, params, _ = enrolled()
    with pytest.raises(Fido2DeviceNotFoundError):
        factor(pin=lambda: PIN).share(params, slot_context())


def test_enrolment_with_several_keys_plugged_in_is_refused() -> None:
    with pytest.raises(Fido2MultipleDevicesError, match="keep only the one"):
        factor(Ctap2Emulator(), Ctap2Emulator()).enroll(slot_context())


def test_another_key_is_reported_as_the_wrong_credential() -> None:
    _, params, _ = enrolled(UvPolicy.DISCOURAGED)
    stranger = Ctap2Emulator(pin=PIN)
    with pytest.raises(Fido2WrongCredentialError, match="not the one enrolled"):
        factor(stranger, pin=lambda: PIN).share(params, slot_context())
    with pytest.raises(Fido2WrongCredentialError, match="None of the plugged-in"):
        factor(stranger, Ctap2Emulator()).share(params, slot_context())


def test_a_reset_key_no_longer_holds_the_credential() -> None:
    key, params, _ = enrolled(UvPolicy.DISCOURAGED)
    key.credentials.clear()
    with pytest.raises(Fido2WrongCredentialError):
        factor(key).share(params, slot_context())


def test_required_uv_on_a_key_without_pin_fails_before_any_touch() -> None:
    key = Ctap2Emulator()
    pin = CountingPin(PIN)
    with pytest.raises(Fido2UvUnavailableError, match="no PIN set"):
        factor(key, pin=pin, uv=UvPolicy.REQUIRED).enroll(slot_context())
    assert key.touch_requests == 0 and pin.calls == 0 and not key.credentials


def test_a_uv_slot_on_a_key_that_lost_its_pin_is_unsatisfiable() -> None:
    key, params, _ = enrolled(UvPolicy.REQUIRED)
    key.pin = None
    with pytest.raises(Fido2UvUnavailableError, match="has none set"):
        factor(key, pin=lambda: PIN).share(params, slot_context())


@pytest.mark.parametrize("answer", [None, "", bytearray()])
def test_a_cancelled_pin_entry_costs_no_pin_try(answer: Any) -> None:
    key, params, _ = enrolled()
    pin = CountingPin(answer)
    with pytest.raises(Fido2PinRequiredError, match="PIN is needed"):
        factor(key, pin=pin).share(params, slot_context())
    with pytest.raises(Fido2PinRequiredError):
        factor(key).share(params, slot_context())  # no provider at all
    assert pin.calls == 1 and key.pin_retries == 8


def test_a_wrong_pin_is_reported_with_the_tries_left_and_not_retried() -> None:
    key, params, share = enrolled()
    wrong = CountingPin("0000")
    with pytest.raises(Fido2WrongPinError, match="7 tries left") as caught:
        factor(key, pin=wrong).share(params, slot_context())
    assert caught.value.retries == 7 and key.pin_retries == 7  # exactly one try spent
    assert wrong.calls == 1 and "0000" not in str(caught.value)
    assert factor(key, pin=lambda: PIN).share(params, slot_context()) == share
    assert key.pin_retries == 8


def test_three_wrong_pins_in_a_row_block_until_replugged() -> None:
    key, params, share = enrolled()
    for _ in range(2):
        with pytest.raises(Fido2WrongPinError):
            factor(key, pin=lambda: "0000").share(params, slot_context())
    with pytest.raises(Fido2PinBlockedError, match="unplug the security key"):
        factor(key, pin=lambda: "0000").share(params, slot_context())
    with pytest.raises(Fido2PinBlockedError):  # even the right PIN, until power cycle
        factor(key, pin=lambda: PIN).share(params, slot_context())
    key.power_cycle()
    assert factor(key, pin=lambda: PIN).share(params, slot_context()) == share


def test_the_last_wrong_pin_blocks_the_key_for_good() -> None:
    key, params, _ = enrolled()
    key.pin_retries = 1
    with pytest.raises(Fido2PinBlockedError, match="must be reset"):
        factor(key, pin=lambda: "0000").share(params, slot_context())
    assert key.pin_retries == 0


@pytest.mark.parametrize("when", ["enrol", "unlock"])
def test_nobody_touches_the_key(when: str) -> None:
    key, params, _ = enrolled(UvPolicy.DISCOURAGED)
    key.touch = Touch.NO
    with pytest.raises(Fido2TouchTimeoutError, match="not touched in time"):
        if when == "enrol":
            factor(key, uv=UvPolicy.DISCOURAGED).enroll(slot_context())
        else:
            factor(key).share(params, slot_context())


def test_a_waiting_request_is_cancelled_from_the_touch_prompt() -> None:
    key, params, _ = enrolled(UvPolicy.DISCOURAGED)
    key.touch = Touch.WAIT
    prompts: list[str] = []

    def user_clicks_cancel() -> None:
        prompts.append("touch")
        fido.cancel()

    fido = factor(key, on_touch=user_clicks_cancel)
    with pytest.raises(Fido2TouchTimeoutError, match="cancelled"):
        fido.share(params, slot_context())
    assert prompts == ["touch"]
    key.touch = Touch.YES  # a new request is not affected by the old cancel
    assert len(fido.share(params, slot_context())) == 32


def test_a_key_without_hmac_secret_is_unsupported() -> None:
    key = Ctap2Emulator(hmac_secret=False)
    with pytest.raises(Fido2UnsupportedError, match="hmac-secret"):
        factor(key).enroll(slot_context())
    assert key.touch_requests == 0


class _AlwaysVerifyingKey(Ctap2Emulator):
    """A key that verifies the user on its own (say a fingerprint it always checks)."""

    def _verify_uv(self, *args: Any) -> bool:
        super()._verify_uv(*args)
        return True


def test_a_key_verifying_the_user_unasked_is_detected() -> None:
    with pytest.raises(Fido2UvMismatchError, match="differently than at enrolment"):
        factor(_AlwaysVerifyingKey(), uv=UvPolicy.DISCOURAGED).enroll(slot_context())


# -- tampered params -------------------------------------------------------------------------------


def test_another_public_key_in_the_params_rejects_the_answer() -> None:
    key, params, _ = enrolled()
    other_key, other_params, _ = enrolled()
    swapped = altered(params, public_key=other_params["public_key"])
    with pytest.raises(Fido2ResponseError, match="signature does not verify"):
        factor(key, pin=lambda: PIN).share(swapped, slot_context())


def test_an_altered_credential_id_finds_no_credential() -> None:
    key, params, _ = enrolled()
    tampered = altered(params, credential_id=flip_b64(params["credential_id"]))
    with pytest.raises(Fido2WrongCredentialError):
        factor(key, pin=lambda: PIN).share(tampered, slot_context())


def test_a_flipped_uv_flag_gives_another_share_rejected_later() -> None:
    key, params, share = enrolled(UvPolicy.REQUIRED)
    pin = CountingPin(PIN)
    # Without UV the key uses its other secret: no error here, a different share, which the
    # key-slot layer's authenticated unwrap rejects.
    assert factor(key, pin=pin).share(altered(params, uv=False), slot_context()) != share
    assert pin.calls == 0


@pytest.mark.parametrize(
    "change",
    [
        {"v": 0},
        {"rp_id": ""},
        {"rp_id": 7},
        {"uv": "yes"},
        {"extension": "largeBlob"},
        {"credential_id": ""},
        {"credential_id": "%%%"},
        {"salt_seed": base64.b64encode(b"short").decode()},
        {"public_key": base64.b64encode(b"\xa0").decode()},
        {"public_key": base64.b64encode(cbor.encode({1: 2})).decode()},
    ],
    ids=lambda c: ",".join(f"{k}={v!r}"[:24] for k, v in c.items()),
)
def test_malformed_params_are_refused_before_talking_to_a_key(change: dict[str, Any]) -> None:
    key, params, _ = enrolled()
    calls_before = len(key.calls)
    with pytest.raises(Fido2InvalidParamsError):
        factor(key, pin=lambda: PIN).share(altered(params, **change), slot_context())
    assert len(key.calls) == calls_before
