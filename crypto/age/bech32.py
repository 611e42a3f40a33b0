"""Bech32 (BIP 173) without the 90-character length limit, as age uses for key strings.

Post-quantum recipients are over 1900 characters long, so the BIP 173 length limit cannot apply.
Strings may be all lowercase or all uppercase, never mixed; the checksum is always computed over
the lowercase form. Decoding returns the human-readable part in lowercase so callers compare it
case-insensitively.
"""

from __future__ import annotations

import base64
import functools
import operator
from dataclasses import dataclass

_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_CHARSET_INDEX = {c: i for i, c in enumerate(_CHARSET)}
_GENERATORS = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
# The generators XORed together for each value of the checksum's top five bits: one lookup per
# character instead of five tests. A post-quantum key is ~2,000 characters, and every vault
# process decodes and re-encodes its holder's keys at start-up (5 ms each, before this table).
_GENERATOR_TABLE = tuple(
    functools.reduce(operator.xor, (g for i, g in enumerate(_GENERATORS) if top >> i & 1), 0)
    for top in range(32)
)
# 8-bit to 5-bit groups is what Base32 (RFC 4648) does, most significant bits first and the
# last group padded with zero bits, as Bech32 wants: the C codec then does the bit work.
_B32 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_B32_TO_VALUE = bytes.maketrans(_B32, bytes(range(32)))
_VALUE_TO_B32 = bytes.maketrans(bytes(range(32)), _B32)


class InvalidBech32(ValueError):
    """The text is not a valid Bech32 string."""


@dataclass(frozen=True)
class Bech32:
    """A decoded Bech32 string: lowercase human-readable part and 8-bit data."""

    hrp: str
    data: bytes


def _polymod(values: list[int]) -> int:
    check = 1
    table = _GENERATOR_TABLE
    for value in values:
        check = ((check & 0x1FFFFFF) << 5) ^ value ^ table[check >> 25]
    return check


def _hrp_expand(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _to_5bit(data: bytes) -> list[int]:
    """8-bit bytes as 5-bit groups, the last one padded with zero bits."""
    return list(base64.b32encode(data).rstrip(b"=").translate(_B32_TO_VALUE))


def _from_5bit(values: list[int]) -> bytes:
    """5-bit groups back to bytes; the padding must be short (under five bits) and zero."""
    count = len(values)
    leftover = count * 5 % 8
    # Five or more bits left over is a whole group too many; those left must be zero.
    if leftover >= 5 or (count and values[-1] & ((1 << leftover) - 1)):
        raise InvalidBech32("Bech32 data has non-zero or excessive padding")
    return base64.b32decode(bytes(values).translate(_VALUE_TO_B32) + b"=" * (-count % 8))


def encode(hrp: str, data: bytes) -> str:
    """Encode `data` under the lowercase of `hrp`; callers uppercase the result if they wish."""
    hrp = hrp.lower()
    values = _to_5bit(data)
    polymod = _polymod(_hrp_expand(hrp) + values + [0] * 6) ^ 1
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_CHARSET[v] for v in values + checksum)


def decode(text: str) -> Bech32:
    """Decode a Bech32 string of any length; raise `InvalidBech32` on any defect."""
    if any(ord(c) < 33 or ord(c) > 126 for c in text):
        raise InvalidBech32("Bech32 string contains a character outside printable ASCII")
    if text.lower() != text and text.upper() != text:
        raise InvalidBech32("Bech32 string mixes uppercase and lowercase")
    text = text.lower()
    separator = text.rfind("1")
    if separator < 1 or separator + 7 > len(text):
        raise InvalidBech32("Bech32 string has no valid separator or is too short")
    hrp, payload = text[:separator], text[separator + 1 :]
    try:
        values = [_CHARSET_INDEX[c] for c in payload]
    except KeyError:
        raise InvalidBech32("Bech32 string contains a character outside its alphabet") from None
    if _polymod(_hrp_expand(hrp) + values) != 1:
        raise InvalidBech32("Bech32 checksum does not match")
    return Bech32(hrp=hrp, data=_from_5bit(values[:-6]))
