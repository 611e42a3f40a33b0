"""Bech32 (BIP 173) without the 90-character length limit, as age uses for key strings.

Post-quantum recipients are over 1900 characters long, so the BIP 173 length limit cannot apply.
Strings may be all lowercase or all uppercase, never mixed; the checksum is always computed over
the lowercase form. Decoding returns the human-readable part in lowercase so callers compare it
case-insensitively.
"""

from __future__ import annotations

from dataclasses import dataclass

_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_CHARSET_INDEX = {c: i for i, c in enumerate(_CHARSET)}
_GENERATORS = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)


class InvalidBech32(ValueError):
    """The text is not a valid Bech32 string."""


@dataclass(frozen=True)
class Bech32:
    """A decoded Bech32 string: lowercase human-readable part and 8-bit data."""

    hrp: str
    data: bytes


def _polymod(values: list[int]) -> int:
    check = 1
    for value in values:
        top = check >> 25
        check = ((check & 0x1FFFFFF) << 5) ^ value
        for i, generator in enumerate(_GENERATORS):
            if (top >> i) & 1:
                check ^= generator
    return check


def _hrp_expand(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _convert_bits(data: bytes | list[int], from_bits: int, to_bits: int, pad: bool) -> list[int]:
    acc = 0
    bits = 0
    out: list[int] = []
    max_value = (1 << to_bits) - 1
    for value in data:
        acc = (acc << from_bits) | value
        bits += from_bits
        while bits >= to_bits:
            bits -= to_bits
            out.append((acc >> bits) & max_value)
    if pad:
        if bits:
            out.append((acc << (to_bits - bits)) & max_value)
    elif bits >= from_bits or (acc << (to_bits - bits)) & max_value:
        # Leftover bits must be fewer than one input group and all zero (canonical padding).
        raise InvalidBech32("Bech32 data has non-zero or excessive padding")
    return out


def encode(hrp: str, data: bytes) -> str:
    """Encode `data` under the lowercase of `hrp`; callers uppercase the result if they wish."""
    hrp = hrp.lower()
    values = _convert_bits(data, 8, 5, pad=True)
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
    return Bech32(hrp=hrp, data=bytes(_convert_bits(values[:-6], 5, 8, pad=False)))
