"""Shared helpers for the age tests."""

from __future__ import annotations

import io
from collections.abc import Sequence

from crypto.age import AgeReader, AgeWriter, Identity, Recipient


def seal(plaintext: bytes, recipients: Sequence[Recipient], *, armor: bool = False) -> bytes:
    """Encrypt `plaintext` in one write and return the age file."""
    out = io.BytesIO()
    with AgeWriter(out, recipients, armor=armor) as writer:
        writer.write(plaintext)
    return out.getvalue()


def open_sealed(data: bytes, identities: Sequence[Identity]) -> bytes:
    """Decrypt a whole age file held in memory."""
    reader = AgeReader(io.BytesIO(data), identities)
    return b"".join(reader.chunks())


def flip_bit(data: bytes, position: int, bit: int = 0) -> bytes:
    changed = bytearray(data)
    changed[position] ^= 1 << bit
    return bytes(changed)
