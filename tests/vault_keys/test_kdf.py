"""Argon2id parameters: DESIGN defaults, the 64 MiB floor, strict header parsing, calibration."""

from __future__ import annotations

import pytest

from crypto.kdf import (
    MAX_CALIBRATED_ITERATIONS,
    MIN_MEMORY_KIB,
    Argon2Params,
    KdfParamsError,
    WeakKdfError,
    calibrate,
    derive,
)

from tests.vault_keys.conftest import FAST_KDF


def test_defaults_follow_design() -> None:
    params = Argon2Params()
    assert (params.memory_kib, params.iterations, params.lanes) == (256 * 1024, 3, 4)
    assert len(params.salt) == 16
    assert Argon2Params().salt != params.salt  # a fresh salt every time


@pytest.mark.parametrize(
    "kwargs",
    [{"memory_kib": MIN_MEMORY_KIB - 1}, {"memory_kib": 1024}, {"iterations": 0}, {"lanes": 0}],
)
def test_below_floor_is_refused(kwargs: dict[str, int]) -> None:
    with pytest.raises(WeakKdfError):
        Argon2Params(**kwargs)


def test_weak_message_names_the_floor() -> None:
    with pytest.raises(WeakKdfError, match="below 64 MiB"):
        Argon2Params(memory_kib=32 * 1024)


def test_json_round_trip() -> None:
    assert Argon2Params.from_json(FAST_KDF.to_json()) == FAST_KDF


def test_lowered_header_memory_is_weak_not_malformed() -> None:
    obj = FAST_KDF.to_json() | {"memory_kib": 65535}
    with pytest.raises(WeakKdfError):
        Argon2Params.from_json(obj)


@pytest.mark.parametrize(
    "change",
    [
        {"memory_kib": True},
        {"iterations": 1.0},
        {"lanes": "1"},
        {"alg": "scrypt"},
        {"salt": "AAAA"},  # 3 bytes
        {"salt": "not base64!"},
        {"salt": FAST_KDF.to_json()["salt"].rstrip("=")},  # unpadded: not canonical
        {"memory_kib": 64 * 1024 * 1024},  # absurd: would only exhaust memory
        {"iterations": 10_000},
        {"extra": 1},
    ],
)
def test_malformed_header_params(change: dict[str, object]) -> None:
    with pytest.raises(KdfParamsError):
        Argon2Params.from_json(FAST_KDF.to_json() | change)


def test_missing_field() -> None:
    obj = FAST_KDF.to_json()
    del obj["lanes"]
    with pytest.raises(KdfParamsError):
        Argon2Params.from_json(obj)


def test_derive_is_deterministic_and_salted() -> None:
    a = derive(b"secret", FAST_KDF)
    assert isinstance(a, bytearray) and len(a) == 32
    assert derive(bytearray(b"secret"), FAST_KDF) == a
    assert derive(b"secret", FAST_KDF.with_new_salt()) != a
    assert derive(b"secreT", FAST_KDF) != a


def test_calibration_raises_iterations_on_fast_machines() -> None:
    base = Argon2Params()
    tuned = calibrate(1.0, base, measure=lambda p: 0.25)
    assert tuned.iterations == 12 and tuned.memory_kib == base.memory_kib
    assert tuned.lanes == base.lanes and tuned.salt != base.salt


def test_calibration_is_capped() -> None:
    tuned = calibrate(1.0, Argon2Params(), measure=lambda p: 0.001)
    assert tuned.iterations == MAX_CALIBRATED_ITERATIONS


def test_calibration_never_lowers_the_cost() -> None:
    base = Argon2Params()
    tuned = calibrate(1.0, base, measure=lambda p: 3.0)
    assert tuned.cost() == base.cost()
    strong = Argon2Params(iterations=20)
    assert calibrate(1.0, strong, measure=lambda p: 0.01).iterations == 20


def test_calibration_measures_the_base_cost() -> None:
    seen: list[Argon2Params] = []
    calibrate(1.0, FAST_KDF, measure=lambda p: seen.append(p) or 0.5)
    assert seen == [FAST_KDF]
