"""Decoding of Bech32 key strings with errors that name the problem but never the key."""

from __future__ import annotations

from crypto.age import bech32
from crypto.age.errors import AgeError


def decode_key_string(
    text: str, hrp: str, size: int | None, error: type[AgeError], kind: str
) -> bytes:
    """Decode `text` as Bech32 under `hrp` (case-insensitive) holding `size` bytes.

    `kind` names the key in messages ("age public key"); `error` is the class raised.
    """
    try:
        decoded = bech32.decode(text)
    except bech32.InvalidBech32:
        raise error(f"the {kind} is not valid: mistyped, truncated or not a key") from None
    if decoded.hrp != hrp.lower():
        prefix = hrp.upper() if hrp.upper() == hrp else hrp.lower()
        raise error(f"the {kind} is of another type: it should start with {prefix}1")
    if size is not None and len(decoded.data) != size:
        raise error(f"the {kind} has the wrong length")
    return decoded.data
