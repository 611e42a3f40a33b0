"""Content-Digest (RFC 9530) with exactly one member, sha-256, in its canonical serialisation."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re

from crypto.httpsig.errors import SignatureMalformed

_DIGEST_RE = re.compile(r"sha-256=:([A-Za-z0-9+/]{43}=):")


def content_digest(body: bytes) -> str:
    """The Content-Digest field value for `body` (sha-256)."""
    return content_digest_from_sha256(hashlib.sha256(body).digest())


def content_digest_from_sha256(digest: bytes) -> str:
    """The Content-Digest value for a body whose SHA-256 is already known (streamed bodies)."""
    if len(digest) != 32:
        raise ValueError("a SHA-256 digest has 32 bytes")
    return "sha-256=:" + base64.b64encode(digest).decode("ascii") + ":"


def parse_content_digest(value: str) -> bytes:
    """The SHA-256 of a Content-Digest value holding exactly one sha-256 member.

    Strict: only the canonical serialisation (what `content_digest` writes) is accepted.
    """
    match = _DIGEST_RE.fullmatch(value.strip(" \t"))
    if match is None:
        raise SignatureMalformed("The Content-Digest header must hold one sha-256 digest.")
    try:
        digest = base64.b64decode(match[1], validate=True)
    except binascii.Error:
        raise SignatureMalformed("The Content-Digest header is malformed.") from None
    if len(digest) != 32 or base64.b64encode(digest).decode("ascii") != match[1]:
        raise SignatureMalformed("The Content-Digest header must hold one sha-256 digest.")
    return digest
