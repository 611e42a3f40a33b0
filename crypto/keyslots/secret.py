"""Handling of secret byte strings: wipeable buffers and passphrase normalisation.

Python cannot guarantee erasure (the interpreter and `cryptography` make immutable copies we do
not control), so this is best effort: every secret we own lives in a `bytearray` that is zeroed
in place as soon as it is no longer needed, which keeps the number of lingering copies small.
"""

from __future__ import annotations

import ctypes
import unicodedata


def wipe(buf: bytearray | None) -> None:
    """Zero `buf` in place (memset on its own storage, no reallocation)."""
    if buf is None or len(buf) == 0:
        return
    ctypes.memset((ctypes.c_char * len(buf)).from_buffer(buf), 0, len(buf))


def secret_bytes(value: str | bytes | bytearray) -> bytearray:
    """A passphrase as UTF-8 bytes in a fresh bytearray.

    Text is NFC-normalised first: the same passphrase typed on different systems (composed or
    decomposed accents, frequent in French) must give the same key.
    """
    if isinstance(value, str):
        return bytearray(unicodedata.normalize("NFC", value).encode("utf-8"))
    if isinstance(value, (bytes, bytearray)):
        return bytearray(value)
    raise TypeError("a passphrase is text or bytes")


def concat(*parts: bytes | bytearray) -> bytearray:
    """Concatenate into one new bytearray (the caller wipes it) without temporary bytes objects."""
    out = bytearray(sum(len(p) for p in parts))
    pos = 0
    for part in parts:
        out[pos : pos + len(part)] = part
        pos += len(part)
    return out
