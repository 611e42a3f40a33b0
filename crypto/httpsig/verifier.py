"""Verifying member requests (the relay) and relay responses (a client), strictly.

Cheap checks come first (fields, label, parameters, clock, coverage), then the key is resolved
and the Ed25519 signature checked: an unknown key id and a wrong signature give the same error.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from crypto.httpsig.base import (
    Component,
    Headers,
    Target,
    Unusable,
    base_line,
    component_id,
    field_value,
    parse_target,
    sf_bytes,
    signature_base,
)
from crypto.httpsig.digest import parse_content_digest
from crypto.httpsig.errors import (
    DigestMismatch,
    SignatureCoverage,
    SignatureExpired,
    SignatureInvalid,
    SignatureMalformed,
)
from crypto.httpsig.fields import LABEL, SignatureFields, read_signature, request_signature
from crypto.httpsig.signer import REQUEST_BINDING, REQUEST_COMPONENTS, relay_key_id

DEFAULT_MAX_SKEW = 300  # seconds either way
_NONCE_RE = re.compile(r"[A-Za-z0-9_-]{22,64}")
_KEY_ID_RE = re.compile(r"[0-9a-f]{64}")
_REQUEST_IDS = [f'"{c}"' for c in REQUEST_COMPONENTS]


@dataclass(frozen=True)
class VerifiedRequest:
    """What a valid request signature vouches for."""

    key_id: str
    created: int
    nonce: str
    content_sha256: bytes  # the signed digest; the caller checks the body against it


def check_body(verified: VerifiedRequest, body: bytes) -> None:
    """Raise `DigestMismatch` unless `body` is what the request signature's digest covers."""
    if hashlib.sha256(body).digest() != verified.content_sha256:
        raise DigestMismatch("The request body does not match its signed Content-Digest.")


def _check_time(fields: SignatureFields, now: float, skew: int) -> None:
    created = fields.params.get("created")
    if type(created) is not int:
        raise SignatureMalformed("The request signature has no valid creation time.")
    if abs(now - created) > skew:
        raise SignatureExpired("The signature was made too long ago or in the future; check "
                               "the computer's clock.")
    expires = fields.params.get("expires", now)
    if type(expires) is not int and "expires" in fields.params:
        raise SignatureMalformed("The signature's expiry is malformed.")
    if expires < now:
        raise SignatureExpired("The signature has expired.")


def _key_id(fields: SignatureFields) -> str:
    key_id = fields.params.get("keyid")
    if type(key_id) is not str:
        raise SignatureInvalid("The signature does not verify.")
    return key_id


def _check(key: Ed25519PublicKey | None, fields: SignatureFields, lines: list[str]) -> None:
    try:
        base = signature_base(lines, fields.components, fields.params)
    except Unusable:
        raise SignatureMalformed("The signed message cannot be expressed.") from None
    if key is None:
        raise SignatureInvalid("The signature does not verify.")
    try:
        key.verify(fields.signature, base)
    except InvalidSignature:
        raise SignatureInvalid("The signature does not verify.") from None


def _target(url: str) -> Target:
    try:
        return parse_target(url)
    except Unusable:
        raise SignatureMalformed("The request target cannot be expressed.") from None


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
        fields = read_signature(headers)
        _check_time(fields, self._now(), self._skew)
        if [component_id(c) for c in fields.components] != _REQUEST_IDS:
            missing = [c for c in REQUEST_COMPONENTS
                       if (c, {}) not in fields.components] or ["exactly our components"]
            raise SignatureCoverage("The signature does not cover " + ", ".join(missing) + ".")
        nonce = fields.params.get("nonce")
        if type(nonce) is not str or not _NONCE_RE.fullmatch(nonce):
            raise SignatureMalformed("The request signature lacks a valid nonce.")
        key_id = _key_id(fields)
        digest = field_value(headers, "content-digest")
        if digest is None:
            raise SignatureMalformed("The request has no Content-Digest header.")
        target = _target(url)
        values = (method, target.authority, target.path, target.query, digest)
        try:
            lines = [base_line(c, v) for c, v in zip(fields.components, values, strict=True)]
        except Unusable:
            raise SignatureMalformed("The signed message cannot be expressed.") from None
        key = self._resolve(key_id) if _KEY_ID_RE.fullmatch(key_id) else None
        _check(key, fields, lines)
        return VerifiedRequest(key_id=key_id, created=int(fields.params["created"]), nonce=nonce,
                               content_sha256=parse_content_digest(digest))


def _binding(request_headers: Headers) -> tuple[str, ...]:
    """Request components a response must cover: all of them when the request was signed."""
    return REQUEST_BINDING if request_signature(request_headers) is not None \
        else REQUEST_BINDING[:3]


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
        fields = read_signature(headers)
        _check_time(fields, self.now(), self.max_skew)
        required = ['"@status"', *_binding(request_headers),
                    *[f'"{h.lower()}"' for h in required_headers]]
        if body is not None:
            required.append('"content-digest"')
        covered = {component_id(c) for c in fields.components}
        missing = [c for c in required if c not in covered]
        if missing:
            raise SignatureCoverage("The signature does not cover " + ", ".join(missing) + ".")
        if len(covered) != len(fields.components):
            raise SignatureMalformed("A component is covered twice.")
        expected = relay_key_id(self.relay_public_key)
        key = Ed25519PublicKey.from_public_bytes(self.relay_public_key) \
            if _key_id(fields) == expected else None
        request = _RequestParts(request_method.upper(), request_url, request_headers)
        try:
            lines = [base_line(c, _response_value(c, status, headers, request))
                     for c in fields.components] if key is not None else []
        except Unusable:
            raise SignatureMalformed("The signed message cannot be expressed.") from None
        _check(key, fields, lines)
        if body is not None:
            digest = parse_content_digest(field_value(headers, "content-digest") or "")
            if hashlib.sha256(body).digest() != digest:
                raise DigestMismatch("The response body does not match its signed digest.")


@dataclass(frozen=True)
class _RequestParts:
    method: str
    url: str
    headers: Headers


def _response_value(component: Component, status: int, headers: Headers,
                    request: _RequestParts) -> str:
    """The value of one component a response covers; refuses anything outside the profile."""
    name, params = component
    if not params and name == "@status":
        return str(status)
    if not params and not name.startswith("@"):
        value = field_value(headers, name)
        if value is not None:
            return value
    elif params == {"req": True} and name in ("@method", "@path", "@query"):
        if name == "@method":
            return request.method
        target = _target(request.url)
        return target.path if name == "@path" else target.query
    elif params == {"req": True, "key": LABEL} and name == "signature":
        signature = request_signature(request.headers)
        if signature is not None:
            return sf_bytes(signature)
    raise SignatureMalformed("The response signature covers a component outside the profile.")
