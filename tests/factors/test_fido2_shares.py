"""FIDO2 hmac-secret shares through the real python-fido2 client and an emulated key."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import pytest

from crypto.factors.base import SHARE_LEN
from crypto.factors.fido2_factor import RP_ID, Fido2Extension, Fido2Factor, UvPolicy
from crypto.factors.token_thread import token_thread
from tests.factors._helpers import CountingPin, altered, slot_context
from tests.support.ctap2_emulator import Ctap2Emulator, Touch

PIN = "4711-cabinet"


def factor(*devices: Ctap2Emulator, pin: Any = None, **kw: Any) -> Fido2Factor:
    return Fido2Factor(pin=pin, devices=lambda: list(devices), **kw)


def expected_output(key: Ctap2Emulator, params: dict[str, Any], context: bytes) -> bytes:
    """The share recomputed outside the client: HMAC-SHA-256(CredRandom, salt)."""
    seed = base64.b64decode(params["salt_seed"])
    salt = hashlib.sha256(b"scelle/v1 fido2 hmac-secret salt\0" + seed + context).digest()
    if params["extension"] == "prf":  # WebAuthn PRF: the client hashes the salt first
        salt = hashlib.sha256(b"WebAuthn PRF\0" + salt).digest()
    credential = key.credentials[base64.b64decode(params["credential_id"])]
    return credential.hmac_output(salt, uv=params["uv"])


KEYS = {
    "ctap2.1-protocol2": dict(pin_protocols=(2, 1), ctap21=True),
    "ctap2.0-protocol1": dict(pin_protocols=(1,), ctap21=False),
}


@pytest.mark.parametrize("extension", list(Fido2Extension), ids=lambda e: e.value)
@pytest.mark.parametrize("kind", list(KEYS))
def test_enrol_and_share_with_pin_match_the_keys_own_hmac(
    kind: str, extension: Fido2Extension
) -> None:
    key = Ctap2Emulator(pin=PIN, **KEYS[kind])
    pin = CountingPin(PIN)
    fido = factor(key, pin=pin, uv=UvPolicy.REQUIRED, extension=extension)
    context = slot_context()
    enrollment = fido.enroll(context)
    params = json.loads(json.dumps(enrollment.params))
    assert params["uv"] is True and params["uv_policy"] == "required"
    assert params["rp_id"] == RP_ID and params["extension"] == extension.value
    assert len(enrollment.share) == SHARE_LEN
    assert fido.share(params, context) == enrollment.share
    # Independent check: the emulator's CredRandom (with UV) and the salt give the same bytes,
    # so the client's key agreement, salt encryption and output decryption all ran for real.
    assert enrollment.share == expected_output(key, params, context)
    assert pin.calls == 2  # once for enrolment, once for the unlock
    assert key.pin_retries == 8


def test_another_context_or_salt_gives_another_share() -> None:
    key = Ctap2Emulator()
    fido = factor(key, uv=UvPolicy.DISCOURAGED)
    enrollment = fido.enroll(slot_context(1))
    assert fido.share(enrollment.params, slot_context(2)) != enrollment.share
    assert fido.share(enrollment.params, slot_context(1, b"W" * 16)) != enrollment.share
    other_seed = base64.b64encode(b"\x01" * 32).decode()
    # A changed salt seed is not detected here (nothing to check it against): the share
    # differs and the key-slot layer's authenticated unwrap fails.
    reseeded = altered(enrollment.params, salt_seed=other_seed)
    assert fido.share(reseeded, slot_context(1)) != enrollment.share
    assert fido.enroll(slot_context(1)).share != enrollment.share  # new credential, new share


def test_discouraged_uv_never_asks_for_the_pin_and_uses_the_no_uv_secret() -> None:
    key = Ctap2Emulator(pin=PIN)
    pin = CountingPin(PIN)
    fido = factor(key, pin=pin, uv=UvPolicy.DISCOURAGED)
    enrollment = fido.enroll(slot_context())
    assert enrollment.params["uv"] is False
    assert fido.share(enrollment.params, slot_context()) == enrollment.share
    assert pin.calls == 0  # CTAP 2.1 key: makeCredUvNotRqd, no PIN needed even to register
    assert enrollment.share == expected_output(key, enrollment.params, slot_context())
    with_uv = expected_output(key, {**enrollment.params, "uv": True}, slot_context())
    assert with_uv != enrollment.share


def test_a_ctap20_key_with_a_pin_needs_it_to_register_but_not_to_unlock_without_uv() -> None:
    key = Ctap2Emulator(pin=PIN, **KEYS["ctap2.0-protocol1"])
    pin = CountingPin(PIN)
    fido = factor(key, pin=pin, uv=UvPolicy.DISCOURAGED)
    enrollment = fido.enroll(slot_context())
    assert pin.calls == 1 and enrollment.params["uv"] is False
    assert fido.share(enrollment.params, slot_context()) == enrollment.share
    assert pin.calls == 1


def test_preferred_uv_follows_the_key_at_enrolment_then_stays_fixed() -> None:
    without_pin = Ctap2Emulator()
    pin = CountingPin(PIN)
    fido = factor(without_pin, pin=pin, uv=UvPolicy.PREFERRED)
    enrollment = fido.enroll(slot_context())
    assert enrollment.params["uv"] is False and enrollment.params["uv_policy"] == "preferred"
    # A PIN set later changes nothing: the slot keeps using the no-UV secret, without PIN.
    without_pin.pin = PIN
    assert fido.share(enrollment.params, slot_context()) == enrollment.share
    assert pin.calls == 0

    with_pin = Ctap2Emulator(pin=PIN)
    fido = factor(with_pin, pin=pin, uv=UvPolicy.PREFERRED)
    assert fido.enroll(slot_context()).params["uv"] is True
    assert pin.calls == 1


def test_bytearray_pins_are_accepted() -> None:
    key = Ctap2Emulator(pin=PIN)
    fido = factor(key, pin=lambda: bytearray(PIN.encode()), uv=UvPolicy.REQUIRED)
    enrollment = fido.enroll(slot_context())
    assert fido.share(enrollment.params, slot_context()) == enrollment.share


def test_the_right_key_is_found_among_several_without_touching_the_others() -> None:
    right, stranger = Ctap2Emulator(), Ctap2Emulator()
    enrollment = factor(right, uv=UvPolicy.DISCOURAGED).enroll(slot_context())
    touched_before = right.touch_requests
    both = factor(stranger, right, uv=UvPolicy.DISCOURAGED)
    share = both.share(enrollment.params, slot_context())
    assert share == enrollment.share
    assert stranger.touch_requests == 0  # probed silently (up=false), never asked for a touch
    assert right.touch_requests == touched_before + 1


def test_every_device_call_runs_on_the_token_thread() -> None:
    key = Ctap2Emulator(pin=PIN)
    fido = factor(key, pin=lambda: PIN, uv=UvPolicy.REQUIRED)
    fido.share(fido.enroll(slot_context()).params, slot_context())
    commands = {command for _, command in key.calls}
    assert {0x01, 0x02, 0x04, 0x06} <= commands  # register, assert, info, client PIN
    assert {thread for thread, _ in key.calls} == {token_thread().ident}


def test_the_touch_prompt_is_announced_to_the_caller_when_the_key_waits() -> None:
    key = Ctap2Emulator(touch=Touch.WAIT)
    prompts: list[str] = []

    def user_touches() -> None:  # the GUI shows "touch your key"; the user does
        prompts.append("touch")
        key.touch = Touch.YES

    fido = factor(key, uv=UvPolicy.DISCOURAGED, on_touch=user_touches)
    enrollment = fido.enroll(slot_context())
    assert prompts == ["touch"]  # register waited; the derive right after found it touched
    key.touch = Touch.WAIT
    assert fido.share(enrollment.params, slot_context()) == enrollment.share
    assert prompts == ["touch", "touch"]
