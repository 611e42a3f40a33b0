"""Byte layout of a sealed file's plaintext, and what its signature covers (docs/format.md §3).

    "SCELLE/1\\n" || u32be(len(metadata)) || metadata || content || "SIG1" || signature(64)

    signature = Ed25519(sender, "scelle/v1 signature\\0"
                                || SHA-256(age header incl. MAC line || payload nonce)
                                || SHA-256(metadata) || SHA-256(content))

Binding the age header and payload nonce (which differ for every encryption) is what defeats
re-encryption to a third party; binding the content hash stops a co-recipient, who knows the file
key, from swapping the content under an untouched header.
"""

from __future__ import annotations

import hashlib

MAGIC = b"SCELLE/1\n"
LENGTH_SIZE = 4
PREFIX_SIZE = len(MAGIC) + LENGTH_SIZE
TRAILER_MAGIC = b"SIG1"
SIGNATURE_SIZE = 64
TRAILER_SIZE = len(TRAILER_MAGIC) + SIGNATURE_SIZE
SIGNATURE_DOMAIN = b"scelle/v1 signature\0"
MESSAGE_ID_SIZE = 16


def envelope_digest(header_bytes: bytes, nonce: bytes) -> bytes:
    """SHA-256 over the exact age header (through the MAC line's newline) and payload nonce."""
    return hashlib.sha256(header_bytes + nonce).digest()


def signed_message(envelope: bytes, metadata_digest: bytes, content_digest: bytes) -> bytes:
    return SIGNATURE_DOMAIN + envelope + metadata_digest + content_digest


def prefix(metadata: bytes) -> bytes:
    return MAGIC + len(metadata).to_bytes(LENGTH_SIZE, "big")
