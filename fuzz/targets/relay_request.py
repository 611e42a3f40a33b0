"""Requests to the relay (relay/): bodies, query strings, path parameters and Range headers of
a signed member, sent over HTTP to the real relay on loopback (tests/support/relay_server.py,
SQLite). The fuzzer cannot forge signatures, so the requests are signed as a certified member
would sign them: what is fuzzed is what a member (or a stolen member key) controls.

Input: one byte choosing the route, a line (query, path part or Range value), then the body.
Any answer is fine except a server error (5xx) or one the relay did not sign: those are bugs.
"""

from __future__ import annotations

import atexit
import logging
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _harness  # noqa: E402

import httpx  # noqa: E402

with _harness.instrumented():
    from crypto.httpsig.errors import HttpSigError
    from relay.config import Limits
    from tests.support.relay_server import running_relay

ALLOWED: tuple[type[BaseException], ...] = ()
ROUTES = [
    ("POST", "/v1/envelopes", "json"), ("POST", "/v1/envelopes/{E}/commit", "json"),
    ("POST", "/v1/envelopes/{E}/receipts", "json"), ("POST", "/v1/enrol", "json"),
    ("GET", "/v1/envelopes?{L}", ""), ("GET", "/v1/directory?{L}", ""),
    ("PUT", "/v1/envelopes/{E}/chunks/{L}", "raw"), ("POST", "/v1/envelopes/deposit?{L}", "raw"),
    ("GET", "/v1/envelopes/{L}", ""), ("GET", "/v1/envelopes/{E}/content", "range"),
    ("DELETE", "/v1/envelopes/{L}", ""), ("GET", "/v1/me?{L}", ""),
]

#: What uvicorn answers to bytes that are not HTTP (a control character in a header…).
_PROTOCOL_ERROR = b"Invalid HTTP request received."


class _Relay:
    """One relay for the whole run: two certified members, one upload from Alice to Bob."""

    def __init__(self) -> None:
        logging.disable(logging.ERROR)  # refusals are expected by the thousand
        limits = Limits(rate_per_second=1e9, rate_burst=10**9, anonymous_rate_per_second=1e9,
                        anonymous_rate_burst=10**9)
        # The relay's folder and the organisation's key (written beside it) in one temporary
        # folder, removed when Python exits (a test worker importing this module); under
        # libFuzzer, which exits without Python's handlers, the runner's TMPDIR holds it.
        self._folder = Path(tempfile.mkdtemp(prefix="scelle-fuzz-relay-"))
        self._context = running_relay(self._folder / "relay", limits=limits)
        server = self._context.__enter__()
        atexit.register(self.close)
        org = server.create_org("Fuzz")
        self.alice, bob = server.member(org, "Alice"), server.member(org, "Bob")
        created = self.alice.create([bob.fingerprint], 100)
        self.envelope = created.json()["envelope_id"]

    def close(self) -> None:
        self._context.__exit__(None, None, None)
        shutil.rmtree(self._folder, ignore_errors=True)


RELAY = _Relay()


def check(data: bytes) -> None:
    if not data:
        return
    method, template, kind = ROUTES[data[0] % len(ROUTES)]
    line, _, body = data[1:].partition(b"\n")
    text = line.decode("latin-1")
    path = template.replace("{E}", RELAY.envelope).replace("{L}", text)
    headers = [("Content-Type", "application/json")] if kind == "json" else \
        [("Range", text)] if kind == "range" else []
    client = RELAY.alice
    try:
        signed = client.sign(method, path, body, headers)
        response = client.send(method, path, signed, body)
    except (ValueError, UnicodeError, httpx.LocalProtocolError, httpx.InvalidURL):
        return  # a URL or header the HTTP client itself refuses to send
    if "signature" not in response.headers and response.content == _PROTOCOL_ERROR:
        return  # uvicorn refused the bytes at the HTTP layer: the relay never saw a request
    assert response.status_code < 500, f"HTTP {response.status_code}: {response.text[:300]}"
    if kind == "range" and response.status_code < 300:
        return  # a download: its signed headers describe the stream, checked by the client
    try:
        client.check(response, signed)
    except HttpSigError as exc:
        raise AssertionError(f"an answer the relay did not sign properly: {exc}") from None


if __name__ == "__main__":
    _harness.main(check, ALLOWED)
