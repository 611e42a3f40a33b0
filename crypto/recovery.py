"""Printed recovery codes: 128 random bits, typed back by a human.

Format: 8 groups of 6 decimal digits, e.g. `123456-234567-…` (48 digits). Digits because they
read and type the same on every keyboard layout and in every font (no O/0 or l/1 confusion).
Each group carries 16 bits of the code, `k`, and is written as the number `11*k + g` where `g` is
the group's position (0 to 7). A group is valid only if its value ≡ g (mod 11), which catches:

- every single mistyped digit (10^i ≡ ±1 mod 11, so changing one digit by d changes the value by
  ±d mod 11, never 0),
- every swap of two adjacent digits (changes the value by 9·(a−b)·10^i, never 0 mod 11),
- two groups typed in the wrong order (their positions differ, so their residues do).

The error names the group that is wrong, so the user knows where to look. The canonical key
material fed to Argon2id is the 16 raw bytes, not the text.
"""

from __future__ import annotations

import os
import re

from crypto.errors import ScelleError

CODE_BYTES = 16
GROUPS = 8
GROUP_DIGITS = 6
_MODULUS = 11
_SEPARATORS = re.compile(r"[\s\-_.]+")


class InvalidRecoveryCode(ScelleError):
    """The text typed is not a well-formed recovery code (a typo); names the wrong group."""


def new_recovery_code() -> bytearray:
    """128 fresh random bits; wipe the bytearray once the code has been printed and used."""
    return bytearray(os.urandom(CODE_BYTES))


def format_recovery_code(code: bytes | bytearray) -> str:
    """The printable form: 8 groups of 6 digits separated by hyphens."""
    if len(code) != CODE_BYTES:
        raise ValueError("a recovery code is 16 bytes")
    groups = []
    for g in range(GROUPS):
        k = int.from_bytes(code[2 * g : 2 * g + 2], "big")
        groups.append(f"{_MODULUS * k + g:0{GROUP_DIGITS}d}")
    return "-".join(groups)


def parse_recovery_code(text: str) -> bytearray:
    """Turn what the user typed back into the 16 bytes, or raise InvalidRecoveryCode.

    Spaces, hyphens, dots and underscores between digits are ignored, so the code may be typed
    with or without the printed separators.
    """
    if not isinstance(text, str):
        raise InvalidRecoveryCode("The recovery code must be typed as text.")
    digits = _SEPARATORS.sub("", text.strip())
    if digits and not (digits.isascii() and digits.isdigit()):
        raise InvalidRecoveryCode(
            "A recovery code contains only digits (8 groups of 6); the text typed contains "
            "other characters."
        )
    expected = GROUPS * GROUP_DIGITS
    if len(digits) != expected:
        raise InvalidRecoveryCode(
            f"A recovery code has {expected} digits (8 groups of 6); {len(digits)} were typed."
        )
    out = bytearray(CODE_BYTES)
    for g in range(GROUPS):
        value = int(digits[g * GROUP_DIGITS : (g + 1) * GROUP_DIGITS])
        k, residue = divmod(value, _MODULUS)
        if residue != g or k > 0xFFFF:
            raise InvalidRecoveryCode(
                f"Group {g + 1} of the recovery code contains a typo "
                "(check its digits and that the groups are in order)."
            )
        out[2 * g : 2 * g + 2] = k.to_bytes(2, "big")
    return out
