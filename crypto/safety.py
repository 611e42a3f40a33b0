"""Safety numbers: Signal's numeric fingerprint scheme applied to identity cards.

Per party (docs/format.md §5):

    h0 = u16be(0) || key || stable_id        key = card fingerprint (32 bytes, all public keys)
    h(i+1) = SHA-512(h(i) || key)            5200 times     stable_id = Ed25519 key (32 bytes)

The party's 30 digits are six groups of five: each group is the 5-byte big-endian integer at
offsets 0, 5, …, 25 of the final hash, modulo 100000, zero-padded. A pair's safety number is the
two 30-digit strings, the smaller first, so both people see the same 60 digits.

The QR form carries more than the digits: the first 32 bytes of each party's final hash, in the
same order as the digits, as upper-case hex (QR alphanumeric mode):
`SCELLE-SN1:<64 hex>:<64 hex>`.
"""

from __future__ import annotations

import hashlib
import hmac
import struct
import zlib
from dataclasses import dataclass

from crypto.identity import IdentityCard

VERSION = 0
ITERATIONS = 5200
QR_PREFIX = "SCELLE-SN1:"


@dataclass(frozen=True)
class PartyDigest:
    digits: str  # 30 digits
    scannable: bytes  # first 32 bytes of the iterated hash


def numeric_digest(key: bytes, stable_id: bytes, iterations: int = ITERATIONS) -> bytes:
    """Signal's NumericFingerprintGenerator hash for one party (64 bytes)."""
    value = struct.pack(">H", VERSION) + key + stable_id
    for _ in range(iterations):
        value = hashlib.sha512(value + key).digest()
    return value


def digits_of(digest: bytes) -> str:
    """The 30 displayed digits of a party's hash."""
    return "".join(f"{int.from_bytes(digest[i:i + 5], 'big') % 100000:05d}"
                   for i in range(0, 30, 5))


def party_digest(card: IdentityCard) -> PartyDigest:
    digest = numeric_digest(card.fingerprint, card.signing_key)
    return PartyDigest(digits_of(digest), digest[:32])


def party_number(card: IdentityCard) -> str:
    """The 30 digits of one party."""
    return party_digest(card).digits


def _ordered(a: IdentityCard, b: IdentityCard) -> tuple[PartyDigest, PartyDigest]:
    da, db = party_digest(a), party_digest(b)
    return (da, db) if da.digits <= db.digits else (db, da)


def safety_number(a: IdentityCard, b: IdentityCard) -> str:
    """The 60 digits two people compare; the same whichever way round the cards are given."""
    first, second = _ordered(a, b)
    return first.digits + second.digits


def format_safety_number(digits: str) -> str:
    """Groups of five, four groups a line, as Signal shows them (three lines for 60 digits)."""
    groups = [digits[i:i + 5] for i in range(0, len(digits), 5)]
    lines = [" ".join(groups[i:i + 4]) for i in range(0, len(groups), 4)]
    return "\n".join(lines)


def qr_payload(a: IdentityCard, b: IdentityCard) -> str:
    first, second = _ordered(a, b)
    return f"{QR_PREFIX}{first.scannable.hex().upper()}:{second.scannable.hex().upper()}"


def qr_matches(payload: str, mine: IdentityCard, theirs: IdentityCard) -> bool:
    """True if a scanned payload is the one our two cards produce (constant-time compare)."""
    expected = qr_payload(mine, theirs).encode("ascii")
    try:
        scanned = payload.strip().upper().encode("ascii")
    except UnicodeError:
        return False
    return hmac.compare_digest(expected, scanned)


def _matrix(payload: str, border: int = 4) -> list[list[bool]]:
    # Imported here: the qrcode package builds its tables at import (some 8 ms of every
    # start-up), and most processes never draw a code.
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=border)
    qr.add_data(payload)
    qr.make(fit=True)
    return qr.get_matrix()


_HALF_BLOCKS = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def qr_text(payload: str, *, invert: bool = False) -> str:
    """The QR code as text with half-block characters (two module rows per line).

    Dark modules are drawn as ink; `invert=True` suits light-on-dark terminals.
    """
    matrix = _matrix(payload, border=2)
    if len(matrix) % 2:
        matrix.append([False] * len(matrix[0]))
    lines = []
    for top, bottom in zip(matrix[::2], matrix[1::2]):
        lines.append("".join(_HALF_BLOCKS[(a != invert, b != invert)]
                             for a, b in zip(top, bottom)))
    return "\n".join(lines) + "\n"


def qr_png(payload: str, *, scale: int = 8) -> bytes:
    """The QR code as an 8-bit greyscale PNG (black modules on white, 4-module quiet zone).

    Written directly (zlib + CRC chunks) so no imaging library is needed.
    """
    if not 1 <= scale <= 64:
        raise ValueError("scale must be between 1 and 64")
    matrix = _matrix(payload)
    raw = bytearray()
    for row in matrix:
        line = b"".join((b"\x00" if dark else b"\xff") * scale for dark in row)
        for _ in range(scale):
            raw += b"\x00" + line  # filter type 0 (None) per scanline
    size = len(matrix) * scale
    ihdr = struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr)
            + _png_chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + _png_chunk(b"IEND", b""))


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)
