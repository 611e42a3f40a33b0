"""The age v1 header: version line, recipient stanzas, and the `---` MAC line.

Parsing reads the header line by line straight from the source, never more than
`MAX_HEADER_SIZE` bytes, and never past the final LF of the MAC line, so the payload can be read
from the same stream afterwards. Parsing is strict: LF only, canonical unpadded base64,
64-column body lines ending with a short line, exact version line, exact MAC line.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

from crypto.age import b64
from crypto.age.errors import (
    HeaderError,
    HeaderMacError,
    HeaderTooLargeError,
    UnsupportedVersionError,
)
from crypto.age.primitives import hkdf_sha256
from crypto.age.stanza import BODY_COLUMNS, Stanza, is_valid_argument

#: Larger headers are refused without being read in full. One post-quantum stanza is about
#: 1.6 KB, so this still allows over 600 post-quantum recipients (thousands of X25519 ones).
MAX_HEADER_SIZE = 1024 * 1024

VERSION_PREFIX = b"age-encryption.org/"
VERSION_LINE = b"age-encryption.org/v1\n"
_MAC_MARK = b"---"
_MAC_SIZE = 32
_MAC_B64_LEN = 43


@dataclass(frozen=True)
class Header:
    """A parsed (or freshly built) header and its exact encoding."""

    stanzas: list[Stanza]
    mac: bytes
    #: The exact header bytes, from the version line to the LF closing the MAC line.
    raw: bytes

    @property
    def mac_input(self) -> bytes:
        """The bytes covered by the MAC: everything up to and including the `---` mark."""
        return self.raw[: len(self.raw) - (len(b" \n") + _MAC_B64_LEN)]


def _header_mac(file_key: bytes, mac_input: bytes) -> bytes:
    key = hkdf_sha256(file_key, b"", b"header")
    return hmac.new(key, mac_input, hashlib.sha256).digest()


def build_header(stanzas: Sequence[Stanza], file_key: bytes) -> Header:
    """Encode `stanzas` into a header and compute its MAC with `file_key`."""
    if not stanzas:
        raise HeaderError("an age header needs at least one recipient stanza")
    mac_input = VERSION_LINE + b"".join(s.encode() for s in stanzas) + _MAC_MARK
    mac = _header_mac(file_key, mac_input)
    raw = mac_input + b" " + b64.encode(mac) + b"\n"
    return Header(stanzas=list(stanzas), mac=mac, raw=raw)


def verify_mac(header: Header, file_key: bytes) -> None:
    """Raise `HeaderMacError` unless the header MAC matches (constant-time comparison)."""
    expected = _header_mac(file_key, header.mac_input)
    if not hmac.compare_digest(expected, header.mac):
        raise HeaderMacError("the file header was altered: its authentication code does not match")


class _LineSource:
    """Reads LF-terminated lines from a stream while enforcing the header size budget."""

    def __init__(self, src: BinaryIO) -> None:
        self._src = src
        self.consumed = bytearray()

    def line(self) -> bytes:
        """Return the next line without its LF; raise if the stream ends or the budget runs out."""
        budget = MAX_HEADER_SIZE - len(self.consumed)
        line = self._src.readline(budget) if budget > 0 else b""
        if not line and not self.consumed:
            raise HeaderError("the file is empty: it is not an age encrypted file")
        self.consumed += line
        if not line.endswith(b"\n"):
            if len(line) == max(budget, 0):
                raise HeaderTooLargeError(
                    f"the file header is larger than {MAX_HEADER_SIZE // 1024} KiB"
                )
            raise HeaderError("the file header is truncated: the file ends inside it")
        if line.endswith(b"\r\n"):
            # No header line may end in CR, and CRLF files are a known malleability trap.
            raise HeaderError("the file header has CRLF line endings; age headers use LF only")
        return line[:-1]


def _parse_arguments(line: bytes) -> list[str]:
    parts = line[len(b"-> ") :].split(b" ")
    args = [p.decode("ascii", errors="replace") for p in parts]
    if not all(is_valid_argument(a) for a in args):
        raise HeaderError(
            "a recipient stanza line has an empty argument or a character that is not visible ASCII"
        )
    return args


def _parse_body(lines: _LineSource) -> bytes:
    body = bytearray()
    while True:
        line = lines.line()
        if len(line) > BODY_COLUMNS:
            raise HeaderError("a recipient stanza body line is longer than 64 columns")
        try:
            body += b64.decode(line)
        except b64.InvalidBase64:
            raise HeaderError(
                "a recipient stanza body is not canonical base64, or lacks its final short line"
            ) from None
        if len(line) < BODY_COLUMNS:
            return bytes(body)


def _parse_mac_line(line: bytes) -> bytes:
    encoded = line[len(b"--- ") :]
    if not line.startswith(b"--- ") or len(encoded) != _MAC_B64_LEN:
        raise HeaderError("the header's final MAC line is malformed")
    try:
        return b64.decode(encoded)
    except b64.InvalidBase64:
        raise HeaderError("the header's MAC is not canonical base64") from None


def _parse_version(line: bytes) -> None:
    if not line.startswith(VERSION_PREFIX):
        raise HeaderError("this is not an age encrypted file (its first line is not an age header)")
    if line + b"\n" != VERSION_LINE:
        raise UnsupportedVersionError(
            "the file uses an age format version other than v1, which is not supported"
        )


def parse_header(src: BinaryIO) -> Header:
    """Read and parse a header from `src`, leaving the stream at the first payload byte."""
    lines = _LineSource(src)
    _parse_version(lines.line())
    stanzas: list[Stanza] = []
    while True:
        line = lines.line()
        if line.startswith(b"-> "):
            args = _parse_arguments(line)
            stanzas.append(Stanza(type=args[0], args=args[1:], body=_parse_body(lines)))
        elif line.startswith(_MAC_MARK):
            mac = _parse_mac_line(line)
            break
        else:
            raise HeaderError(
                "the file header has a line that is neither a recipient stanza nor the MAC line"
            )
    if not stanzas:
        raise HeaderError("the file header has no recipient stanza")
    return Header(stanzas=stanzas, mac=mac, raw=bytes(lines.consumed))
