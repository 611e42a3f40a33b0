"""crypto.httpsig: the RFC 9421 profile between clients and the relay (no server needed)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from http_message_signatures import HTTPMessageSigner, MappingKeyResolver, algorithms

from crypto import httpsig
from crypto.httpsig import (
    DigestMismatch,
    RequestSigner,
    RequestVerifier,
    ResponseSigner,
    ResponseVerifier,
    SignatureCoverage,
    SignatureExpired,
    SignatureInvalid,
    SignatureMalformed,
    SignatureMissing,
)

NOW = 1_800_000_000
URL = "https://relay.example:8443/v1/envelopes?box=sent"
KEY = Ed25519PrivateKey.generate()
KEY_ID = "ab" * 32
OTHER = Ed25519PrivateKey.generate()
OTHER_ID = "cd" * 32
KEYS = {KEY_ID: KEY.public_key(), OTHER_ID: OTHER.public_key()}


def _verifier(now: int = NOW) -> RequestVerifier:
    return RequestVerifier(KEYS.get, now=lambda: now, max_skew=300)


def _signed(body: bytes = b'{"a":1}', *, created: int = NOW, key=KEY, key_id=KEY_ID,
            method: str = "POST", url: str = URL, nonce: str | None = None):
    return RequestSigner(key, key_id).sign(method, url, [("Host", "relay.example:8443")],
                                           body=body, created=created, nonce=nonce)


def _replace(headers, name: str, value: str):
    return [(n, value if n.lower() == name else v) for n, v in headers]


def test_rfc9421_b26_vector_through_the_library() -> None:
    """The library we rely on reproduces the RFC's Ed25519 example byte for byte."""
    pem = (b"-----BEGIN PRIVATE KEY-----\n"
           b"MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF\n"
           b"-----END PRIVATE KEY-----\n")
    key = serialization.load_pem_private_key(pem, None)

    class Request:
        method = "POST"
        url = "https://example.com/foo?param=Value&Pet=dog"
        headers = {"Host": "example.com", "Date": "Tue, 20 Apr 2021 02:07:55 GMT",
                   "Content-Type": "application/json", "Content-Length": "18"}

    message = Request()
    signer = HTTPMessageSigner(signature_algorithm=algorithms.ED25519, key_resolver=
                               MappingKeyResolver(public_keys={},
                                                  private_keys={"test-key-ed25519": key}))
    signer.sign(message, key_id="test-key-ed25519", label="sig-b26", include_alg=False,
                created=datetime.fromtimestamp(1618884473, UTC),
                covered_component_ids=("date", "@method", "@path", "@authority",
                                       "content-type", "content-length"))
    assert message.headers["Signature"] == (
        "sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5"
        "WPpBKRCw==:")


def test_round_trip_reports_key_nonce_and_digest() -> None:
    headers = _signed(nonce="n" * 22)
    verified = _verifier().verify("POST", URL, headers)
    assert verified.key_id == KEY_ID
    assert verified.nonce == "n" * 22
    assert verified.created == NOW
    assert verified.content_sha256 == hashlib.sha256(b'{"a":1}').digest()
    httpsig.check_body(verified, b'{"a":1}')
    signature_input = dict(headers)["Signature-Input"]
    assert signature_input.startswith(
        'scelle=("@method" "@authority" "@path" "@query" "content-digest");created=')
    assert 'alg="ed25519"' in signature_input and 'tag="scelle-relay"' in signature_input


def test_streamed_body_is_signed_by_its_sha256() -> None:
    digest = hashlib.sha256(b"chunk").digest()
    headers = RequestSigner(KEY, KEY_ID).sign("PUT", URL, [], body_sha256=digest, created=NOW)
    verified = _verifier().verify("PUT", URL, headers)
    assert verified.content_sha256 == digest
    with pytest.raises(DigestMismatch):
        httpsig.check_body(verified, b"other chunk")


@pytest.mark.parametrize("method,url", [
    ("PUT", URL),
    ("POST", "https://relay.example:8443/v1/envelopes?box=inbox"),
    ("POST", "https://relay.example:8443/v1/directory?box=sent"),
    ("POST", "https://other.example:8443/v1/envelopes?box=sent"),
])
def test_tampered_method_target_or_authority_is_refused(method: str, url: str) -> None:
    with pytest.raises(SignatureInvalid):
        _verifier().verify(method, url, _signed())


def test_tampered_digest_header_is_refused() -> None:
    headers = _replace(_signed(), "content-digest", httpsig.content_digest(b"evil"))
    with pytest.raises(SignatureInvalid):
        _verifier().verify("POST", URL, headers)


def test_tampered_signature_is_refused() -> None:
    headers = _signed()
    value = dict(headers)["Signature"]
    flipped = value[:10] + ("A" if value[10] != "A" else "B") + value[11:]
    with pytest.raises(SignatureInvalid):
        _verifier().verify("POST", URL, _replace(headers, "signature", flipped))


def test_wrong_and_unknown_key_ids_look_the_same() -> None:
    forged = _signed(key=KEY, key_id=OTHER_ID)  # Alice's key, Bob's fingerprint
    unknown = _signed(key=KEY, key_id="ef" * 32)
    errors = []
    for headers in (forged, unknown):
        with pytest.raises(SignatureInvalid) as caught:
            _verifier().verify("POST", URL, headers)
        errors.append(str(caught.value))
    assert errors[0] == errors[1]


@pytest.mark.parametrize("created", [NOW - 301, NOW + 301])
def test_created_outside_the_skew_is_refused(created: int) -> None:
    with pytest.raises(SignatureExpired):
        _verifier().verify("POST", URL, _signed(created=created))


@pytest.mark.parametrize("created", [NOW - 300, NOW + 300])
def test_created_at_the_edge_of_the_skew_is_accepted(created: int) -> None:
    _verifier().verify("POST", URL, _signed(created=created))


def test_unsigned_request_is_missing_a_signature() -> None:
    with pytest.raises(SignatureMissing):
        _verifier().verify("GET", URL, [("Host", "relay.example:8443")])


def _library_signed(**kwargs):
    class Message:
        method = "POST"
        url = URL
        headers = {"Host": "relay.example:8443",
                   "Content-Digest": httpsig.content_digest(b'{"a":1}')}

    message = Message()
    options = dict(key_id=KEY_ID, created=datetime.fromtimestamp(NOW, UTC), label="scelle",
                   tag="scelle-relay", nonce="x" * 22, use_existing_digest=True,
                   covered_component_ids=("@method", "@authority", "@path", "@query",
                                          "content-digest"))
    options.update(kwargs)
    HTTPMessageSigner(signature_algorithm=algorithms.ED25519, key_resolver=MappingKeyResolver(
        public_keys={}, private_keys={KEY_ID: KEY})).sign(message, **options)
    return list(message.headers.items())


def test_library_signed_request_with_our_profile_verifies() -> None:
    _verifier().verify("POST", URL, _library_signed())


@pytest.mark.parametrize("change,error", [
    ({"nonce": None}, SignatureMalformed),
    ({"nonce": "short"}, SignatureMalformed),
    ({"tag": "someone-else"}, SignatureMalformed),
    ({"label": "other"}, SignatureMalformed),
    ({"include_alg": False}, SignatureMalformed),
    ({"covered_component_ids": ("@method", "@authority", "@path", "@query")},
     SignatureCoverage),
    ({"covered_component_ids": ("@method", "@authority", "@path", "content-digest")},
     SignatureCoverage),
])
def test_signatures_outside_our_profile_are_refused(change, error) -> None:
    with pytest.raises(error):
        _verifier().verify("POST", URL, _library_signed(**change))


def test_a_second_signature_label_is_refused() -> None:
    headers = dict(_signed())
    headers["Signature-Input"] += ', extra=("@method");created=1;keyid="x"'
    headers["Signature"] += ", extra=:AAAA:"
    with pytest.raises(SignatureMalformed):
        _verifier().verify("POST", URL, list(headers.items()))


def test_content_digest_must_be_a_single_sha256() -> None:
    assert httpsig.parse_content_digest(httpsig.content_digest(b"")) == hashlib.sha256().digest()
    for bad in ("sha-512=:" + "A" * 86 + "==:", "sha-256=:AAAA:", "garbage",
                httpsig.content_digest(b"") + ", sha-512=:AAAA:"):
        with pytest.raises(SignatureMalformed):
            httpsig.parse_content_digest(bad)


# --- responses ---

RELAY = Ed25519PrivateKey.generate()


def _response(request_headers, body: bytes = b'{"ok":true}', status: int = 200):
    return ResponseSigner(RELAY).sign(status, [("content-type", "application/json")],
                                      request_method="POST", request_url=URL,
                                      request_headers=request_headers, created=NOW, body=body)


def _client(key: bytes | None = None) -> ResponseVerifier:
    return ResponseVerifier(key or RELAY.public_key().public_bytes_raw(), now=lambda: NOW)


def test_response_round_trip_is_bound_to_its_request() -> None:
    request = _signed()
    _client().verify(200, _response(request), request_method="POST", request_url=URL,
                     request_headers=request, body=b'{"ok":true}')
    assert '"signature";req;key="scelle"' in dict(_response(request))["Signature-Input"]


def test_response_to_another_request_is_refused() -> None:
    first, second = _signed(), _signed()
    with pytest.raises(SignatureInvalid):
        _client().verify(200, _response(first), request_method="POST", request_url=URL,
                         request_headers=second, body=b'{"ok":true}')


def test_response_with_tampered_body_or_status_is_refused() -> None:
    request = _signed()
    with pytest.raises(DigestMismatch):
        _client().verify(200, _response(request), request_method="POST", request_url=URL,
                         request_headers=request, body=b'{"ok":false}')
    with pytest.raises(SignatureInvalid):
        _client().verify(201, _response(request), request_method="POST", request_url=URL,
                         request_headers=request, body=b'{"ok":true}')


def test_response_from_another_key_is_refused() -> None:
    request = _signed()
    with pytest.raises(SignatureInvalid):
        _client(OTHER.public_key().public_bytes_raw()).verify(
            200, _response(request), request_method="POST", request_url=URL,
            request_headers=request, body=b'{"ok":true}')


def test_streamed_response_must_cover_the_named_headers() -> None:
    request = _signed()
    headers = ResponseSigner(RELAY).sign(
        200, [("content-length", "5"), ("scelle-content-digest", "00" * 32)],
        request_method="POST", request_url=URL, request_headers=request, created=NOW,
        covered_headers=["content-length", "scelle-content-digest"])
    _client().verify(200, headers, request_method="POST", request_url=URL,
                     request_headers=request, required_headers=["scelle-content-digest"])
    with pytest.raises(SignatureCoverage):
        _client().verify(200, headers, request_method="POST", request_url=URL,
                         request_headers=request, required_headers=["content-range"])
    tampered = _replace(headers, "scelle-content-digest", "11" * 32)
    with pytest.raises(SignatureInvalid):
        _client().verify(200, tampered, request_method="POST", request_url=URL,
                         request_headers=request, required_headers=["scelle-content-digest"])


def _lines(headers, name: str):
    return [(n, v) for n, v in headers if n.lower() == name]


@pytest.mark.parametrize("name", ["signature", "signature-input"])
def test_a_second_signature_field_line_is_refused(name: str) -> None:
    """Two valid signatures of one request: joined, the last one used to win."""
    first, second = _signed(nonce="a" * 22), _signed(nonce="b" * 22)
    for headers in (first + _lines(second, name), _lines(second, name) + first):
        with pytest.raises(SignatureMalformed, match="exactly one is allowed") as refused:
            _verifier().verify("POST", URL, headers)
        assert refused.value.code == "signature_malformed"
        shown = "Signature-Input" if name == "signature-input" else "Signature"
        assert f"2 {shown} headers" in str(refused.value)
    assert _verifier().verify("POST", URL, second).nonce == "b" * 22  # either alone verifies


def test_three_signature_lines_are_counted() -> None:
    headers = _signed() + _lines(_signed(), "signature") + _lines(_signed(), "signature")
    with pytest.raises(SignatureMalformed, match="3 Signature headers"):
        _verifier().verify("POST", URL, headers)


@pytest.mark.parametrize("name", ["Signature", "Signature-Input"])
def test_a_repeated_member_in_one_line_is_refused(name: str) -> None:
    first, second = dict(_signed(nonce="a" * 22)), dict(_signed(nonce="b" * 22))
    headers = _replace(_signed(), name.lower(), f"{first[name]}, {second[name]}")
    with pytest.raises(SignatureMalformed, match="repeat"):
        _verifier().verify("POST", URL, headers)


def test_a_repeated_parameter_is_refused() -> None:
    headers = _signed()
    value = dict(headers)["Signature-Input"]
    with pytest.raises(SignatureMalformed, match="repeat"):
        _verifier().verify("POST", URL, _replace(headers, "signature-input",
                                                 value + f";created={NOW}"))


def test_a_response_with_two_signatures_is_refused() -> None:
    request = _signed()
    response = ResponseSigner(KEY).sign(200, [("Content-Type", "application/json")],
                                        body=b"{}", request_method="POST", request_url=URL,
                                        request_headers=request, created=NOW)
    verifier = ResponseVerifier(KEY.public_key().public_bytes_raw(), now=lambda: NOW)
    doubled = response + _lines(response, "signature")
    with pytest.raises(SignatureMalformed, match="2 Signature headers"):
        verifier.verify(200, doubled, request_method="POST", request_url=URL,
                        request_headers=request, body=b"{}")
    verifier.verify(200, response, request_method="POST", request_url=URL,
                    request_headers=request, body=b"{}")


def test_field_lines_are_trimmed_and_matched_without_case() -> None:
    headers = [(n.upper(), f" \t{v}\t ") if n.lower().startswith("signature") else (n, v)
               for n, v in _signed(nonce="c" * 22)]
    assert _verifier().verify("POST", URL, headers).nonce == "c" * 22


def test_the_refusals_of_repeats_say_what_is_wrong() -> None:
    first, second = _signed(nonce="a" * 22), _signed(nonce="b" * 22)
    with pytest.raises(SignatureMalformed) as refused:
        _verifier().verify("POST", URL, first + _lines(second, "signature-input"))
    assert str(refused.value) == ("The message carries 2 Signature-Input headers; exactly one "
                                  "is allowed.")
    joined = f"{dict(first)['Signature']}, {dict(second)['Signature']}"
    with pytest.raises(SignatureMalformed) as refused:
        _verifier().verify("POST", URL, _replace(first, "signature", joined))
    assert str(refused.value) == "The signature headers repeat a member or parameter."


@pytest.mark.parametrize("kept", ["signature", "signature-input"])
def test_one_of_the_two_signature_fields_alone_is_missing(kept: str) -> None:
    headers = [(n, v) for n, v in _signed()
               if n.lower() not in ("signature", "signature-input") or n.lower() == kept]
    with pytest.raises(SignatureMissing):
        _verifier().verify("POST", URL, headers)


@pytest.mark.parametrize(("field", "old", "new"), [
    ("signature-input", "scelle=(", "other=("),          # labels that do not match
    ("signature", "scelle=:", "other=:"),
    ("signature", ":\n", ":;x=1"),                        # a parameter on the signature
    ("signature-input", '"@method"', '"@method";x=1.5'),  # a decimal component parameter
    ("signature-input", 'alg="ed25519"', "alg=ed25519"),  # a token, not a string
    ("signature-input", 'tag="scelle-relay"', "tag=scelle-relay"),
])
def test_fields_outside_the_profile_are_malformed(field: str, old: str, new: str) -> None:
    headers = _signed()
    value = dict(headers)["Signature-Input" if field == "signature-input" else "Signature"]
    changed = (value + "\n").replace(old, new).rstrip("\n")
    assert changed != value
    with pytest.raises(SignatureMalformed):
        _verifier().verify("POST", URL, _replace(headers, field, changed))


@pytest.mark.parametrize(("field", "value"), [
    ("signature", "scelle=1"),                                 # not a byte sequence
    ("signature", "scelle=(:AAAA:)"),
    ("signature-input", 'scelle="@method";created=1'),         # not an inner list
])
def test_members_of_the_wrong_type_are_malformed(field: str, value: str) -> None:
    with pytest.raises(SignatureMalformed):
        _verifier().verify("POST", URL, _replace(_signed(), field, value))


def test_a_valid_signature_in_another_serialisation_is_read_by_the_general_parser() -> None:
    """Not our signers' exact form (spaces after ';' inside the inner list's parameters are
    allowed by RFC 8941): the fast reader declines it and http_sf reads the same meaning."""
    headers = _signed(nonce="d" * 22)
    value = dict(headers)["Signature-Input"]
    spaced = value.replace(";created", "; created").replace(";keyid", ";  keyid")
    assert spaced != value
    verified = _verifier().verify("POST", URL, _replace(headers, "signature-input", spaced))
    assert verified.nonce == "d" * 22
