"""HTTP Message Signatures (RFC 9421) between Scellé clients and the relay, Ed25519 only.

The signature format (signature base, Structured Fields, Content-Digest per RFC 9530) is left to
the maintained `http-message-signatures` library, which reproduces the RFC 9421 B.2.6 Ed25519
vector byte for byte; this module fixes the *profile* on top of it and refuses anything else:

Requests (signed by a member; key id = the member's card fingerprint, 64 lowercase hex):
  covered   "@method" "@authority" "@path" "@query" "content-digest"
  params    created (integer seconds), keyid, nonce (random, 22-64 base64url chars),
            alg="ed25519", tag="scelle-relay"; label "scelle"
  digest    Content-Digest with exactly one member, sha-256, even for an empty body.

Responses (signed by the relay; key id = `relay_key_id(public key)`):
  covered   "@status", then "content-digest" (buffered bodies) or the headers the relay names
            for streamed bodies ("scelle-sealed-sha256", "scelle-envelope-size", "content-range"),
            and, when the request was signed, "@method";req "@path";req "@query";req and
            "signature";req;key="scelle", which binds the response to that one request
            (and so to its nonce): a response cannot be replayed or swapped.

Created times are checked against the caller's clock within `max_skew` seconds, both ways. Replay
protection (remembering nonces) is the verifier's caller's job: `VerifiedRequest.nonce` is what
to remember, until `created + max_skew`.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import http_sf
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from http_message_signatures import (
    HTTPMessageSignaturesException,
    HTTPMessageSigner,
    HTTPMessageVerifier,
    HTTPSignatureKeyResolver,
    InvalidSignature,
    algorithms,
)
from http_message_signatures.structures import CaseInsensitiveDict

from crypto.errors import ScelleError

LABEL = "scelle"
TAG = "scelle-relay"
ALGORITHM = "ed25519"
REQUEST_COMPONENTS = ("@method", "@authority", "@path", "@query", "content-digest")
REQUEST_BINDING = ('"@method";req', '"@path";req', '"@query";req',
                   f'"signature";req;key="{LABEL}"')
DEFAULT_MAX_SKEW = 300  # seconds either way
_NONCE_RE = re.compile(r"[A-Za-z0-9_-]{22,64}")
_KEY_ID_RE = re.compile(r"[0-9a-f]{64}")

Headers = Sequence[tuple[str, str]]


class HttpSigError(ScelleError):
    """A signed HTTP message is refused. `code` is the stable machine-readable reason."""

    code = "signature_invalid"


def _error(name: str, code: str) -> type[HttpSigError]:
    return type(name, (HttpSigError,), {"code": code, "__module__": __name__})


SignatureMissing = _error("SignatureMissing", "signature_missing")
SignatureMalformed = _error("SignatureMalformed", "signature_malformed")
SignatureExpired = _error("SignatureExpired", "signature_expired")  # created outside the skew
SignatureCoverage = _error("SignatureCoverage", "signature_coverage")
SignatureInvalid = _error("SignatureInvalid", "signature_invalid")  # also: unknown key id
DigestMismatch = _error("DigestMismatch", "digest_mismatch")


# --- message views the library reads (method, url, headers.items(), status_code, request) ---

class _Lines:
    """Field lines in wire order, repeats kept: all that the library's verifier reads."""

    def __init__(self, items: Iterable[tuple[str, str]]) -> None:
        self._items = [(str(n), str(v)) for n, v in items]

    def items(self) -> list[tuple[str, str]]:
        return list(self._items)


def _get(headers: _Lines | CaseInsensitiveDict, name: str) -> str | None:
    values = [v for n, v in headers.items() if n.lower() == name]
    return ", ".join(values) if values else None


@dataclass
class _Request:
    method: str
    url: str
    headers: _Lines | CaseInsensitiveDict  # the signer needs a mutable mapping


@dataclass
class _Response:
    status_code: int
    headers: _Lines | CaseInsensitiveDict
    request: _Request | None


class _Keys(HTTPSignatureKeyResolver):
    def __init__(self, private: Ed25519PrivateKey | None = None,
                 public: Callable[[str], Ed25519PublicKey | None] | None = None) -> None:
        self._private = private
        self._public = public

    def resolve_private_key(self, key_id: str) -> Ed25519PrivateKey:
        assert self._private is not None
        return self._private

    def resolve_public_key(self, key_id: str) -> Ed25519PublicKey | None:
        return self._public(key_id) if self._public else None


class _ClockedVerifier(HTTPMessageVerifier):
    """The library's verifier with our clock and skew instead of its wall clock and 5 s."""

    def __init__(self, keys: _Keys, now: Callable[[], float], max_skew: int) -> None:
        super().__init__(signature_algorithm=algorithms.ED25519, key_resolver=keys)
        self._now = now
        self._skew = max_skew

    def validate_created_and_expires(self, sig_input, max_age=None) -> None:  # noqa: ANN001
        now = self._now()
        created = sig_input.params.get("created")
        if type(created) is not int:
            raise _Refused(SignatureMalformed("The request signature has no valid creation time."))
        if abs(now - created) > self._skew:
            raise _Refused(SignatureExpired("The signature was made too long ago or in the "
                                            "future; check the computer's clock."))
        expires = sig_input.params.get("expires")
        if expires is not None and (type(expires) is not int or expires < now):
            raise _Refused(SignatureExpired("The signature has expired."))


class _Refused(InvalidSignature):
    """Carries one of our errors through the library's verification loop."""

    def __init__(self, error: HttpSigError) -> None:
        super().__init__(str(error))
        self.error = error


def content_digest(body: bytes) -> str:
    """The Content-Digest field value for `body` (sha-256)."""
    return content_digest_from_sha256(hashlib.sha256(body).digest())


def content_digest_from_sha256(digest: bytes) -> str:
    """The Content-Digest value for a body whose SHA-256 is already known (streamed bodies)."""
    if len(digest) != 32:
        raise ValueError("a SHA-256 digest has 32 bytes")
    return http_sf.ser({"sha-256": (digest, {})})


def parse_content_digest(value: str) -> bytes:
    """The SHA-256 of a Content-Digest value holding exactly one sha-256 member."""
    try:
        parsed = http_sf.parse(value.encode("ascii"), tltype="dictionary")
    except (ValueError, TypeError, UnicodeError):
        raise SignatureMalformed("The Content-Digest header is malformed.") from None
    member = parsed.get("sha-256") if isinstance(parsed, dict) else None
    if len(parsed) != 1 or not isinstance(member, tuple) or not isinstance(member[0], bytes) \
            or len(member[0]) != 32 or member[1]:
        raise SignatureMalformed("The Content-Digest header must hold one sha-256 digest.")
    return member[0]


def new_nonce() -> str:
    """128 random bits, base64url without padding (22 characters)."""
    return base64.urlsafe_b64encode(secrets.token_bytes(16)).rstrip(b"=").decode("ascii")


def relay_key_id(public_key: bytes) -> str:
    """The relay's key id (responses, pinning): hex SHA-256 of a domain tag and its raw key."""
    return hashlib.sha256(b"scelle/v1 relay key\0" + public_key).hexdigest()


def _signer(key: Ed25519PrivateKey) -> HTTPMessageSigner:
    return HTTPMessageSigner(signature_algorithm=algorithms.ED25519, key_resolver=_Keys(key))


def _unsigned(headers: Headers) -> list[tuple[str, str]]:
    """`headers` without any digest or signature field (the signer writes its own)."""
    return [(n, v) for n, v in headers
            if n.lower() not in ("content-digest", "signature", "signature-input")]


@dataclass(frozen=True)
class RequestSigner:
    """Signs a member's requests. `key_id` is the member's card fingerprint (hex)."""

    key: Ed25519PrivateKey = field(repr=False)
    key_id: str

    def sign(self, method: str, url: str, headers: Headers = (), *, body: bytes | None = None,
             body_sha256: bytes | None = None, created: int, nonce: str | None = None
             ) -> list[tuple[str, str]]:
        """Return `headers` plus Content-Digest, Signature-Input and Signature.

        Pass the body's bytes, or for a streamed body its SHA-256 (`body_sha256`); with neither,
        the body is empty. `created` is the signer's clock in whole seconds.
        """
        if body is not None and body_sha256 is not None:
            raise ValueError("pass body or body_sha256, not both")
        digest = body_sha256 if body_sha256 is not None else hashlib.sha256(body or b"").digest()
        base = _unsigned(headers) + [("Content-Digest", content_digest_from_sha256(digest))]
        message = _Request(method.upper(), url, CaseInsensitiveDict(base))
        _signer(self.key).sign(message, key_id=self.key_id,
                               created=datetime.fromtimestamp(created, UTC),
                               nonce=nonce or new_nonce(), label=LABEL, tag=TAG,
                               covered_component_ids=REQUEST_COMPONENTS,
                               use_existing_digest=True)
        return list(message.headers.items())


@dataclass(frozen=True)
class VerifiedRequest:
    """What a valid request signature vouches for."""

    key_id: str
    created: int
    nonce: str
    content_sha256: bytes  # the signed digest; the caller checks the body against it


class RequestVerifier:
    """Verifies member requests. `resolve_key(key_id)` returns the member's key or None."""

    def __init__(self, resolve_key: Callable[[str], Ed25519PublicKey | None], *,
                 now: Callable[[], float], max_skew: int = DEFAULT_MAX_SKEW) -> None:
        self._resolve = resolve_key
        self._now = now
        self._skew = max_skew

    def verify(self, method: str, url: str, headers: Headers) -> VerifiedRequest:
        """Check the signature of a request; raise an `HttpSigError` naming the reason.

        An unknown key id and a wrong signature give the same error, so that an unsigned probe
        learns nothing about which fingerprints are registered.
        """
        message = _Request(method, url, _Lines(headers))
        if _get(message.headers, "signature") is None or \
                _get(message.headers, "signature-input") is None:
            raise SignatureMissing("This request is not signed (no Signature header).")

        def resolve(key_id: str) -> Ed25519PublicKey | None:
            return self._resolve(key_id) if _KEY_ID_RE.fullmatch(key_id) else None

        result = _verify(message, resolve, self._now, self._skew, REQUEST_COMPONENTS)
        params = result.parameters
        nonce = params.get("nonce")
        if not isinstance(nonce, str) or not _NONCE_RE.fullmatch(nonce):
            raise SignatureMalformed("The request signature lacks a valid nonce.")
        digest = parse_content_digest(result.covered_components['"content-digest"'])
        return VerifiedRequest(key_id=str(params["keyid"]), created=int(params["created"]),
                               nonce=nonce, content_sha256=digest)


def check_body(verified: VerifiedRequest, body: bytes) -> None:
    """Raise `DigestMismatch` unless `body` is what the request signature's digest covers."""
    if hashlib.sha256(body).digest() != verified.content_sha256:
        raise DigestMismatch("The request body does not match its signed Content-Digest.")


def _verify(message: _Request | _Response, resolve: Callable[[str], Ed25519PublicKey | None],
            now: Callable[[], float], skew: int, required: Sequence[str]):  # noqa: ANN202
    verifier = _ClockedVerifier(_Keys(public=resolve), now, skew)
    try:
        labels = _signature_labels(message.headers)
        results = verifier.verify(message, max_age=None, expect_tag=TAG)
    except _Refused as exc:
        raise exc.error from None
    except InvalidSignature as exc:
        # The library has one exception class; its wording separates "not ours" from "wrong".
        if "No signatures found matching" in str(exc) or "Malformed" in str(exc):
            raise SignatureMalformed("The signature headers are malformed or not ours.") from None
        raise SignatureInvalid("The signature does not verify.") from None
    except HTTPMessageSignaturesException:
        raise SignatureMalformed("The signature headers are malformed.") from None
    if len(results) != 1 or results[0].label != LABEL or labels != [LABEL]:
        raise SignatureMalformed(f'Exactly one signature, labelled "{LABEL}", is expected.')
    result = results[0]
    params = result.parameters
    if params.get("alg") != ALGORITHM or set(params) - {"alg", "created", "keyid", "nonce",
                                                           "tag", "expires"}:
        raise SignatureMalformed("The signature must declare alg=\"ed25519\" and no unknown "
                                 "parameter.")
    covered = set(result.covered_components)
    missing = [c for c in required if (c if c.startswith('"') else f'"{c}"') not in covered]
    if missing:
        raise SignatureCoverage("The signature does not cover " + ", ".join(missing) + ".")
    return result


def _signature_labels(headers: _Lines | CaseInsensitiveDict) -> list[str]:
    value = _get(headers, "signature-input")
    try:
        parsed = http_sf.parse((value or "").encode("ascii"), tltype="dictionary")
    except (ValueError, TypeError, UnicodeError):
        raise SignatureMalformed("The Signature-Input header is malformed.") from None
    return list(parsed)


def _binding(request: _Request) -> tuple[str, ...]:
    """Request components a response can cover: all of them when the request was signed by us."""
    signature = _get(request.headers, "signature")
    try:
        members = (http_sf.parse(signature.encode("ascii"), tltype="dictionary")
                   if signature else {})
    except (ValueError, TypeError, UnicodeError):
        members = {}
    return REQUEST_BINDING if LABEL in members else REQUEST_BINDING[:3]


@dataclass(frozen=True)
class ResponseSigner:
    """The relay's response signer."""

    key: Ed25519PrivateKey = field(repr=False)

    @property
    def key_id(self) -> str:
        return relay_key_id(self.key.public_key().public_bytes_raw())

    def sign(self, status: int, headers: Headers, *, request_method: str | None,
             request_url: str | None, request_headers: Headers, created: int,
             body: bytes | None = None, covered_headers: Sequence[str] = ()
             ) -> list[tuple[str, str]]:
        """Return `headers` plus the signature fields (and Content-Digest when `body` is given).

        A streamed body is not digested: name instead the headers that describe it
        (`covered_headers`, e.g. scelle-sealed-sha256). Without a usable request (no URL, or
        one the signature base cannot express), the response is signed unbound.
        """
        base = _unsigned(headers)
        covered = ["@status"]
        if body is not None:
            base.append(("content-digest", content_digest(body)))
            covered.append("content-digest")
        covered += [h.lower() for h in covered_headers]
        if request_method and request_url:
            request = _Request(request_method.upper(), request_url, _Lines(request_headers))
            try:
                return self._sign(_Response(status, CaseInsensitiveDict(base), request),
                                  covered + list(_binding(request)), created, body is not None)
            except HTTPMessageSignaturesException:
                pass  # the request's URL or signature fields are unusable: sign unbound
        return self._sign(_Response(status, CaseInsensitiveDict(base), None), covered, created,
                          body is not None)

    def _sign(self, message: _Response, covered: list[str], created: int,
              digested: bool) -> list[tuple[str, str]]:
        _signer(self.key).sign(message, key_id=self.key_id,
                               created=datetime.fromtimestamp(created, UTC), label=LABEL,
                               tag=TAG, covered_component_ids=covered,
                               use_existing_digest=digested)
        return list(message.headers.items())


@dataclass(frozen=True)
class ResponseVerifier:
    """A client's check that a response comes from its pinned relay and answers its request."""

    relay_public_key: bytes
    now: Callable[[], float]
    max_skew: int = DEFAULT_MAX_SKEW

    def verify(self, status: int, headers: Headers, *, request_method: str, request_url: str,
               request_headers: Headers, body: bytes | None = None,
               required_headers: Sequence[str] = ()) -> None:
        """Raise an `HttpSigError` unless the response is the relay's answer to this request.

        Pass `body` for a buffered body (checked against the signed Content-Digest); for a
        streamed body pass None and name the headers that must be covered, then check the data
        against them yourself (e.g. the whole envelope's SHA-256 once downloaded).
        """
        key = Ed25519PublicKey.from_public_bytes(self.relay_public_key)
        expected_id = relay_key_id(self.relay_public_key)
        request = _Request(request_method.upper(), request_url, _Lines(request_headers))
        message = _Response(status, _Lines(headers), request)
        required = ["@status", *_binding(request), *[h.lower() for h in required_headers]]
        if body is not None:
            required.append("content-digest")
        result = _verify(message, lambda kid: key if kid == expected_id else None,
                         self.now, self.max_skew, required)
        if body is not None:
            digest = parse_content_digest(result.covered_components['"content-digest"'])
            if hashlib.sha256(body).digest() != digest:
                raise DigestMismatch("The response body does not match its signed digest.")

