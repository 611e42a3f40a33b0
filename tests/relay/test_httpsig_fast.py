"""crypto.httpsig (our direct implementation) against the http-message-signatures library,
kept here as the reference: byte-identical signature fields for random requests and responses,
and each side verifies what the other signs."""

from __future__ import annotations

import random
import string
from datetime import UTC, datetime

import http_sf
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from http_message_signatures import (
    HTTPMessageSigner,
    HTTPMessageVerifier,
    MappingKeyResolver,
    algorithms,
)
from http_message_signatures.structures import CaseInsensitiveDict

from crypto import httpsig
from crypto.httpsig import fields as fields_module
from crypto.httpsig import RequestSigner, RequestVerifier, ResponseSigner, ResponseVerifier

KEY = Ed25519PrivateKey.generate()
KEY_ID = "0123456789abcdef" * 4
RELAY = Ed25519PrivateKey.generate()
RELAY_ID = httpsig.relay_key_id(RELAY.public_key().public_bytes_raw())
SAFE = string.ascii_letters + string.digits + "-._~%!$&'()*+,;=:@"


class _Request:
    def __init__(self, method: str, url: str, headers: list[tuple[str, str]]) -> None:
        self.method, self.url, self.headers = method, url, CaseInsensitiveDict(headers)


class _Response:
    def __init__(self, status: int, headers: list[tuple[str, str]], request: _Request) -> None:
        self.status_code, self.headers, self.request = status, CaseInsensitiveDict(headers), request


def _segment(rng: random.Random) -> str:
    text = "".join(rng.choice(SAFE) for _ in range(rng.randint(1, 12)))
    return text.replace("%", "%25")


def _random_request(rng: random.Random) -> tuple[str, str, list[tuple[str, str]]]:
    host = rng.choice(["relay.example", "127.0.0.1", "Relay.Example.ORG", "[::1]", "a-b.c"])
    scheme = rng.choice(["http", "https"])
    port = rng.choice(["", ":8080", ":443", ":80", ":08443"])
    path = "".join("/" + _segment(rng) for _ in range(rng.randint(0, 4)))
    query = rng.choice(["", "?", "?box=inbox", "?" + _segment(rng) + "=" + _segment(rng)])
    headers = [("Host", host + port)]
    if rng.random() < 0.5:
        headers.append(("Content-Type", "application/json"))
    if rng.random() < 0.3:
        headers.append(("Range", f"bytes={rng.randint(0, 10**9)}-"))
    method = rng.choice(["GET", "POST", "PUT", "DELETE"])
    return method, f"{scheme}://{host}{port}{path}{query}", headers


def _library(key: Ed25519PrivateKey, key_id: str) -> HTTPMessageSigner:
    return HTTPMessageSigner(signature_algorithm=algorithms.ED25519, key_resolver=
                             MappingKeyResolver(public_keys={}, private_keys={key_id: key}))


def _library_request(method: str, url: str, headers: list[tuple[str, str]], body: bytes,
                     created: int, nonce: str) -> list[tuple[str, str]]:
    message = _Request(method, url, [*headers, ("Content-Digest", httpsig.content_digest(body))])
    _library(KEY, KEY_ID).sign(message, key_id=KEY_ID, created=datetime.fromtimestamp(
        created, UTC), nonce=nonce, label="scelle", tag="scelle-relay",
        covered_component_ids=httpsig.REQUEST_COMPONENTS, use_existing_digest=True)
    return list(message.headers.items())


@pytest.mark.parametrize("seed", range(200))
def test_request_signature_is_byte_identical_to_the_library(seed: int) -> None:
    rng = random.Random(seed)
    method, url, headers = _random_request(rng)
    body = rng.randbytes(rng.randint(0, 300))
    created = rng.randint(1_600_000_000, 2_000_000_000)
    nonce = httpsig.new_nonce()
    ours = RequestSigner(KEY, KEY_ID).sign(method, url, headers, body=body, created=created,
                                           nonce=nonce)
    assert ours == _library_request(method, url, headers, body, created, nonce)
    verified = RequestVerifier({KEY_ID: KEY.public_key()}.get, now=lambda: created).verify(
        method, url, ours)
    assert verified.nonce == nonce and verified.key_id == KEY_ID
    library = HTTPMessageVerifier(signature_algorithm=algorithms.ED25519, key_resolver=
                                  MappingKeyResolver(public_keys={KEY_ID: KEY.public_key()},
                                                     private_keys={}))
    library.max_clock_skew = library.max_clock_skew * 10**9  # created is random
    library.verify(_Request(method, url, ours), max_age=None)


@pytest.mark.parametrize("seed", range(200))
def test_response_signature_is_byte_identical_to_the_library(seed: int) -> None:
    rng = random.Random(1000 + seed)
    method, url, headers = _random_request(rng)
    created = rng.randint(1_600_000_000, 2_000_000_000)
    request = RequestSigner(KEY, KEY_ID).sign(method, url, headers, body=b"", created=created)
    status = rng.choice([200, 201, 204, 206, 400, 404, 429])
    body = None if rng.random() < 0.3 else rng.randbytes(rng.randint(0, 200))
    extra = [("scelle-content-digest", "ab" * 32), ("scelle-envelope-size", "12345")]
    covered = [] if body is not None else ["scelle-content-digest", "scelle-envelope-size"]
    ours = ResponseSigner(RELAY).sign(status, [("content-type", "application/json"), *extra],
                                      request_method=method, request_url=url,
                                      request_headers=request, created=created, body=body,
                                      covered_headers=covered)
    base = [("content-type", "application/json"), *extra]
    ids = ["@status"]
    if body is not None:
        base.append(("content-digest", httpsig.content_digest(body)))
        ids.append("content-digest")
    message = _Response(status, base, _Request(method, url, request))
    _library(RELAY, RELAY_ID).sign(message, key_id=RELAY_ID, created=datetime.fromtimestamp(
        created, UTC), label="scelle", tag="scelle-relay", use_existing_digest=body is not None,
        covered_component_ids=[*ids, *covered, *httpsig.REQUEST_BINDING])
    assert ours == list(message.headers.items())
    ResponseVerifier(RELAY.public_key().public_bytes_raw(), now=lambda: created).verify(
        status, ours, request_method=method, request_url=url, request_headers=request,
        body=body, required_headers=covered)


def test_an_unusable_request_url_gets_an_unbound_response_like_the_library() -> None:
    ours = ResponseSigner(RELAY).sign(400, [], request_method="GET", request_url="http://a b/",
                                      request_headers=[], created=1_800_000_000, body=b"{}")
    assert '("@status" "content-digest")' in dict(ours)["Signature-Input"]


def _slow(value: str) -> object:
    return http_sf.parse(value.encode("ascii"), tltype="dictionary")


@pytest.mark.parametrize("seed", range(100))
def test_fast_field_reader_agrees_with_http_sf(seed: int) -> None:
    """Our signers' fields take the fast path and read exactly as http_sf reads them."""
    rng = random.Random(5000 + seed)
    method, url, headers = _random_request(rng)
    request = RequestSigner(KEY, KEY_ID).sign(method, url, headers, body=b"x", created=seed)
    response = ResponseSigner(RELAY).sign(200, [], request_method=method, request_url=url,
                                          request_headers=request, created=seed, body=b"{}")
    for fields in (dict(request), dict(response)):
        fast_input = fields_module._fast_input(fields["Signature-Input"])
        fast_signature = fields_module._fast_signature(fields["Signature"])
        assert fast_input is not None and fast_signature is not None
        slow_input = _slow(fields["Signature-Input"])
        assert [(n, dict(p)) for n, p in slow_input["scelle"][0]] == fast_input["scelle"][0]
        assert dict(slow_input["scelle"][1]) == fast_input["scelle"][1]
        assert all(type(v) is type(fast_input["scelle"][1][k])
                   for k, v in slow_input["scelle"][1].items())
        assert _slow(fields["Signature"])["scelle"][0] == fast_signature["scelle"][0]


@pytest.mark.parametrize("value", [
    'scelle=("@method"  "@path");created=1',  # two spaces
    'scelle=("@method");created=01',  # leading zero
    'scelle=("@method");alg=ed25519',  # a token, not a string
    'scelle=("@me\\"thod");created=1',  # an escape
    'scelle=("@method");created=1, other=("@path")',  # a second member
    'scelle=("@method");created=1;created=2',  # a repeated parameter
    'scelle=("@method";req=?1);created=1',  # an explicit boolean
    'scelle=( "@method");created=1',
    'scelle=("@method")created=1',
])
def test_fast_field_reader_leaves_anything_else_to_http_sf(value: str) -> None:
    assert fields_module._fast_input(value) is None


@pytest.mark.parametrize("value", ["scelle=:YQ:", "scelle=:YQ=:", "scelle=:YQ==:x",
                                   "scelle=:YR==:", "scelle=:YQ==:, a=:YQ==:"])
def test_fast_signature_reader_takes_only_canonical_bytes(value: str) -> None:
    fast = fields_module._fast_signature(value)
    assert fast is None or (value == "scelle=:YQ==:" and fast == {"scelle": (b"a", {})})
