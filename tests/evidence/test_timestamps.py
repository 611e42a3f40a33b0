"""crypto/timestamps.py against tokens made by a real RFC 3161 authority (`openssl ts`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from crypto import timestamps as ts
from tests.support.tsa import RunningTsa, TestPki

MESSAGE = b'{"version":2,"statement":{}}'


def _token(pki: TestPki, message: bytes = MESSAGE) -> tuple[bytes, int]:
    request = ts.build_request(message)
    return pki.reply(request.der), request.nonce


def test_good_token_verifies_with_time_and_authority(pki: TestPki) -> None:
    token, nonce = _token(pki)
    stamp = ts.accept_response(token, MESSAGE, nonce, ts.load_anchors(pki.root_pem))
    assert stamp.authority == "CN=Test TSA"
    assert abs(stamp.time - datetime.now(UTC)) < timedelta(minutes=5)
    again = ts.verify_token(token, MESSAGE, ts.load_anchors(pki.root_pem),
                            not_before=stamp.time, now=stamp.time)
    assert again == stamp


def test_over_http_from_the_local_authority(pki: TestPki, tsa: RunningTsa) -> None:
    request = ts.build_request(MESSAGE)
    answer = httpx.post(tsa.url, content=request.der,
                        headers={"Content-Type": "application/timestamp-query"})
    assert answer.status_code == 200
    ts.accept_response(answer.content, MESSAGE, request.nonce, ts.load_anchors(pki.root_pem))


def test_wrong_imprint_is_refused(pki: TestPki) -> None:
    token, _ = _token(pki)
    with pytest.raises(ts.TimestampError, match="message imprint differs"):
        ts.verify_token(token, MESSAGE + b" ", ts.load_anchors(pki.root_pem))


def test_untrusted_authority_is_refused(pki: TestPki, other_pki: TestPki) -> None:
    token, _ = _token(other_pki)
    with pytest.raises(ts.TimestampError, match="not signed by a trusted"):
        ts.verify_token(token, MESSAGE, ts.load_anchors(pki.root_pem))


def test_expired_authority_certificate_is_refused(expired_pki: TestPki) -> None:
    token, _ = _token(expired_pki)
    with pytest.raises(ts.TimestampError, match="not valid at the token's time"):
        ts.verify_token(token, MESSAGE, ts.load_anchors(expired_pki.root_pem))


def test_answer_to_another_request_is_refused(pki: TestPki) -> None:
    token, nonce = _token(pki)
    with pytest.raises(ts.TimestampError, match="another request"):
        ts.accept_response(token, MESSAGE, nonce + 1, ts.load_anchors(pki.root_pem))


def test_time_bounds(pki: TestPki) -> None:
    token, _ = _token(pki)
    anchors = ts.load_anchors(pki.root_pem)
    time = ts.verify_token(token, MESSAGE, anchors).time
    with pytest.raises(ts.TimestampError, match="dated before the proof"):
        ts.verify_token(token, MESSAGE, anchors, not_before=time + timedelta(seconds=61),
                        skew=60)
    ts.verify_token(token, MESSAGE, anchors, not_before=time + timedelta(seconds=59), skew=60)
    with pytest.raises(ts.TimestampError, match="in the future"):
        ts.verify_token(token, MESSAGE, anchors, now=time - timedelta(seconds=61), skew=60)


@pytest.mark.parametrize("data", [b"", b"\x30\x03\x02\x01\x00", b"not der at all",
                                  b"\x00" * (ts.MAX_TOKEN_BYTES + 1)])
def test_garbage_tokens_are_refused(pki: TestPki, data: bytes) -> None:
    with pytest.raises(ts.TimestampError):
        ts.verify_token(data, MESSAGE, ts.load_anchors(pki.root_pem))


def test_no_anchor_and_bad_anchor_files() -> None:
    with pytest.raises(ts.TimestampError, match="No trusted time-stamping authority"):
        ts.verify_token(b"", MESSAGE, [])
    with pytest.raises(ts.TimestampError, match="holds no PEM certificate"):
        ts.load_anchors(b"-----BEGIN NOTHING-----\n")
