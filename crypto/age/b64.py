"""Strict unpadded ("raw") standard base64, as the age header uses it.

The age format requires encoders to emit canonical base64 without `=` padding and decoders to
reject anything else: padding, characters outside the standard alphabet, and encodings whose
unused trailing bits are not zero (two distinct strings for the same bytes would make the header
malleable).
"""

from __future__ import annotations

import base64
import binascii
import re

_ALPHABET = re.compile(rb"[A-Za-z0-9+/]*")


class InvalidBase64(ValueError):
    """The text is not canonical unpadded standard base64."""


def encode(data: bytes) -> bytes:
    """Encode `data` as canonical base64 without padding."""
    return base64.b64encode(data).rstrip(b"=")


def decode(text: bytes) -> bytes:
    """Decode canonical unpadded base64, rejecting padding and non-canonical trailing bits."""
    if _ALPHABET.fullmatch(text) is None:
        raise InvalidBase64("base64 text contains a character outside the alphabet or padding")
    if len(text) % 4 == 1:
        raise InvalidBase64("base64 text has an impossible length")
    padded = text + b"=" * (-len(text) % 4)
    try:
        data = binascii.a2b_base64(padded, strict_mode=True)
    except binascii.Error as exc:
        raise InvalidBase64("base64 text does not decode") from exc
    # a2b_base64 ignores non-zero unused bits; re-encoding exposes them.
    if encode(data) != text:
        raise InvalidBase64("base64 text is not canonical")
    return data

