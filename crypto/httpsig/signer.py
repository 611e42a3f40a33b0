"""Signing requests (a member) and responses (the relay) with our fixed RFC 9421 profile."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crypto.httpsig.base import (
    Component,
    Headers,
    Unusable,
    base_line,
    field_value,
    parse_target,
    sf_bytes,
    signature_base,
    signature_params,
)
from crypto.httpsig.digest import content_digest, content_digest_from_sha256
from crypto.httpsig.fields import ALGORITHM, LABEL, TAG, request_signature
from crypto.org_signer import OrgSigner

REQUEST_COMPONENTS = ("@method", "@authority", "@path", "@query", "content-digest")
REQUEST_BINDING = ('"@method";req', '"@path";req', '"@query";req',
                   f'"signature";req;key="{LABEL}"')
_REQUEST_PARTS: list[Component] = [(c, {}) for c in REQUEST_COMPONENTS]
_BINDING: list[Component] = [("@method", {"req": True}), ("@path", {"req": True}),
                             ("@query", {"req": True})]
_SIGNATURE_BINDING: Component = ("signature", {"req": True, "key": LABEL})


def new_nonce() -> str:
    """128 random bits, base64url without padding (22 characters)."""
    return base64.urlsafe_b64encode(secrets.token_bytes(16)).rstrip(b"=").decode("ascii")


def relay_key_id(public_key: bytes) -> str:
    """The relay's key id (responses, pinning): hex SHA-256 of a domain tag and its raw key."""
    return hashlib.sha256(b"scelle/v1 relay key\0" + public_key).hexdigest()


def _unsigned(headers: Headers) -> list[tuple[str, str]]:
    """`headers` without any digest or signature field (the signer writes its own)."""
    return [(n, v) for n, v in headers
            if n.lower() not in ("content-digest", "signature", "signature-input")]


def _sign(key: Ed25519PrivateKey | OrgSigner, lines: list[str], components: Sequence[Component],
          params: dict) -> list[tuple[str, str]]:
    base = signature_base(lines, components, params)
    signature = key.sign(base)
    return [("Signature-Input", f"{LABEL}={signature_params(components, params)}"),
            ("Signature", f"{LABEL}={sf_bytes(signature)}")]


@dataclass(frozen=True)
class RequestSigner:
    """Signs a member's requests. `key_id` is the member's card fingerprint (hex); for an
    organisation's administration requests, the organisation key in hex, signed through its
    `OrgSigner` (crypto/org_admin.py)."""

    key: Ed25519PrivateKey | OrgSigner = field(repr=False)
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
        digest_value = content_digest_from_sha256(digest)
        method = method.upper()
        target = parse_target(url)
        values = (method, target.authority, target.path, target.query, digest_value)
        lines = [base_line(c, v) for c, v in zip(_REQUEST_PARTS, values, strict=True)]
        params = {"created": int(created), "keyid": self.key_id, "alg": ALGORITHM,
                  "nonce": nonce or new_nonce(), "tag": TAG}
        signed = _sign(self.key, lines, _REQUEST_PARTS, params)
        return [*_unsigned(headers), ("Content-Digest", digest_value), *signed]


@dataclass(frozen=True)
class ResponseSigner:
    """The relay's response signer."""

    key: Ed25519PrivateKey = field(repr=False)

    @cached_property
    def key_id(self) -> str:
        # Written once into the instance's __dict__ (allowed on a frozen dataclass): every
        # response needs it, and it costs a public-key derivation and a SHA-256.
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
        if body is not None:
            base.append(("content-digest", content_digest(body)))
        components: list[Component] = [("@status", {})]
        lines = [base_line(components[0], str(status))]
        names = (["content-digest"] if body is not None else []) + \
            [h.lower() for h in covered_headers]
        for name in names:
            value = field_value(base, name)
            if value is None:
                raise ValueError(f"the response has no {name} field to cover")
            components.append((name, {}))
            lines.append(base_line(components[-1], value))
        bound = _binding(request_method, request_url, request_headers)
        for component, value in bound:
            components.append(component)
            lines.append(base_line(component, value))
        return [*base, *_sign(self.key, lines, components, self._params(created))]

    def _params(self, created: int) -> dict:
        return {"created": int(created), "keyid": self.key_id, "alg": ALGORITHM, "tag": TAG}


def _binding(method: str | None, url: str | None, headers: Headers
             ) -> list[tuple[Component, str]]:
    """The request components a response covers; none when the request cannot be expressed."""
    if not method or not url:
        return []
    try:
        target = parse_target(url)
        values = [method.upper(), target.path, target.query]
        for component, value in zip(_BINDING, values, strict=True):
            base_line(component, value)
    except Unusable:
        return []
    bound = list(zip(_BINDING, values, strict=True))
    signature = request_signature(headers)
    if signature is not None:
        bound.append((_SIGNATURE_BINDING, sf_bytes(signature)))
    return bound
