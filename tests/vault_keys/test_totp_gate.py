"""The TOTP gate on its own: window, replay, back-off, enrolment URI and QR code."""

from __future__ import annotations

import struct
import urllib.parse
import zlib

import pyotp
import pytest

from crypto.factors.totp import (
    TotpEnrollment,
    TotpGate,
    TotpRejectReason,
    TotpState,
    backoff_delay,
    new_totp_secret,
    totp_enrollment,
)

from tests.vault_keys.conftest import T0, FakeClock, code_at, wrong_code

VAULT_ID = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def secret() -> bytearray:
    return new_totp_secret()


@pytest.fixture
def uri(secret: bytearray) -> str:
    return totp_enrollment(secret, VAULT_ID).uri


def _gate(secret: bytearray, clock: FakeClock) -> TotpGate:
    return TotpGate(secret, clock=clock)


def test_current_and_adjacent_steps_accepted(secret: bytearray, uri: str, clock: FakeClock) -> None:
    for offset in (-1, 0, 1):
        decision = _gate(secret, clock).verify(code_at(uri, T0, offset), TotpState())
        assert decision.accepted
        assert decision.state == TotpState(last_step=int(T0 // 30) + offset)


@pytest.mark.parametrize("offset", [-2, 2, 10])
def test_steps_outside_the_window_rejected(secret: bytearray, uri: str, clock: FakeClock,
                                           offset: int) -> None:
    decision = _gate(secret, clock).verify(code_at(uri, T0, offset), TotpState())
    assert decision.error is not None and decision.error.reason is TotpRejectReason.WRONG
    assert decision.state.failures == 1


def test_used_step_never_accepted_again(secret: bytearray, uri: str, clock: FakeClock) -> None:
    gate = _gate(secret, clock)
    code = code_at(uri, T0)
    first = gate.verify(code, TotpState())
    again = gate.verify(code, first.state)
    assert again.error is not None and again.error.reason is TotpRejectReason.REPLAYED
    assert "already used" in str(again.error)
    assert again.state.last_step == first.state.last_step and again.state.failures == 1
    # An older, never-used step is refused too once a later one was accepted.
    later = gate.verify(code_at(uri, T0, 1), TotpState())
    assert gate.verify(code_at(uri, T0, 0), later.state).error.reason is TotpRejectReason.REPLAYED
    # The next step is fine.
    clock.advance(30)
    assert gate.verify(code_at(uri, clock.now), first.state).accepted


def test_backoff_after_three_failures(secret: bytearray, uri: str, clock: FakeClock) -> None:
    gate = _gate(secret, clock)
    state = TotpState()
    for expected_delay in (0, 0, 30):
        decision = gate.verify(wrong_code(uri, T0), state)
        state = decision.state
        assert decision.error is not None and decision.error.retry_after == expected_delay
    assert state.failures == 3 and state.not_before == T0 + 30
    assert "try again in 30 s" in str(decision.error)
    # During the delay even the right code is not checked, and nothing changes.
    blocked = gate.verify(code_at(uri, T0), state)
    assert blocked.error.reason is TotpRejectReason.BACKOFF and blocked.state == state
    assert blocked.error.retry_after == 30
    clock.advance(29.5)
    assert gate.verify(code_at(uri, clock.now), state).error.retry_after == 1
    clock.advance(0.5)
    ok = gate.verify(code_at(uri, clock.now), state)
    assert ok.accepted and ok.state.failures == 0 and ok.state.not_before == 0


def test_backoff_grows_exponentially_and_is_capped() -> None:
    assert [backoff_delay(n) for n in range(1, 8)] == [0, 0, 30, 60, 120, 240, 480]
    assert backoff_delay(50) == 3600


def test_malformed_code_not_counted(secret: bytearray, clock: FakeClock) -> None:
    for typed in ("12345", "1234567", "12a456", "", "١٢٣٤٥٦"):
        decision = _gate(secret, clock).verify(typed, TotpState())
        assert decision.error.reason is TotpRejectReason.MALFORMED
        assert decision.state == TotpState()


def test_spaces_inside_a_code_are_ignored(secret: bytearray, uri: str, clock: FakeClock) -> None:
    code = code_at(uri, T0)
    assert _gate(secret, clock).verify(f"{code[:3]} {code[3:]}", TotpState()).accepted


def test_other_secret_rejected(uri: str, clock: FakeClock) -> None:
    other = _gate(new_totp_secret(), clock)
    assert other.verify(code_at(uri, T0), TotpState()).error.reason is TotpRejectReason.WRONG


def test_eight_digit_codes(secret: bytearray, clock: FakeClock) -> None:
    uri = totp_enrollment(secret, VAULT_ID, digits=8).uri
    code = code_at(uri, T0)
    assert len(code) == 8
    assert TotpGate(secret, digits=8, clock=clock).verify(code, TotpState()).accepted


def test_state_json_round_trip_and_strictness() -> None:
    state = TotpState(41, 2, T0)
    assert TotpState.from_json(state.to_json()) == state
    for bad in ({"last_step": 1}, {"last_step": True, "failures": 0, "not_before": 0},
                {"last_step": 1, "failures": -1, "not_before": 0},
                {"last_step": 1, "failures": 0, "not_before": "0"}, []):
        with pytest.raises(ValueError):
            TotpState.from_json(bad)


def test_enrollment_uri(secret: bytearray, uri: str) -> None:
    parsed = urllib.parse.urlparse(uri)
    assert parsed.scheme == "otpauth" and parsed.netloc == "totp"
    assert urllib.parse.unquote(parsed.path) == "/Scellé:Coffre 01234567"
    query = urllib.parse.parse_qs(parsed.query)
    assert query["issuer"] == ["Scellé"]
    assert pyotp.parse_uri(uri).byte_secret() == bytes(secret)
    assert "secret" not in repr(totp_enrollment(secret, VAULT_ID)).lower().replace("<secret>", "")


def test_qr_text(uri: str) -> None:
    text = TotpEnrollment(uri).qr_text()
    lines = text.splitlines()
    assert len(lines) > 10 and len({len(line) for line in lines}) == 1
    assert set(text) <= set("█▀▄ \n")
    # Inverting for a light terminal swaps every glyph.
    light = TotpEnrollment(uri).qr_text(dark_terminal=False)
    swap = str.maketrans("█▀▄ ", " ▄▀█")
    assert light == text.translate(swap)


def _png_pixels(png: bytes) -> tuple[int, int, bytes]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        tag, data = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", png[pos + 8 + length : pos + 12 + length])
        assert crc == zlib.crc32(tag + data)
        if tag == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", data[:10])
            assert (width, depth, colour) == (height, 8, 0)
        idat += data if tag == b"IDAT" else b""
        pos += 12 + length
    return width, width, zlib.decompress(idat)


def test_qr_png_matches_the_qr_matrix(uri: str) -> None:
    enrollment = TotpEnrollment(uri)
    matrix = enrollment._matrix()
    width, height, raw = _png_pixels(enrollment.qr_png(scale=4))
    assert width == len(matrix) * 4
    stride = width + 1
    for y, row in enumerate(matrix):
        line = raw[(y * 4) * stride : (y * 4) * stride + stride]
        assert line[0] == 0  # filter byte
        assert [line[1 + x * 4] == 0 for x in range(len(row))] == row
