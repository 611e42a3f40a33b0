"""Recipient stanzas and the two plug-in points of age: recipients and identities."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from crypto.age import b64
from crypto.age.errors import StanzaError

#: Body lines are wrapped at this many base64 columns; the last line is always shorter.
BODY_COLUMNS = 64


def is_valid_argument(arg: str) -> bool:
    """True if `arg` is a non-empty run of visible ASCII characters (ABNF `1*VCHAR`)."""
    return bool(arg) and all(33 <= ord(c) <= 126 for c in arg)


def decode_argument(arg: str, size: int, what: str) -> bytes:
    """Decode a canonical base64 stanza argument that must hold exactly `size` bytes."""
    try:
        value = b64.decode(arg.encode("ascii"))
    except (b64.InvalidBase64, UnicodeEncodeError):
        raise StanzaError(f"the {what} in a recipient stanza is not canonical base64") from None
    if len(value) != size:
        raise StanzaError(f"the {what} in a recipient stanza has the wrong length")
    return value


@dataclass
class Stanza:
    """One recipient stanza: its type (first argument), further arguments, and binary body."""

    type: str
    args: list[str] = field(default_factory=list)
    body: bytes = b""

    def __post_init__(self) -> None:
        # Refuse to build a stanza that could not be written back byte-for-byte.
        for arg in [self.type, *self.args]:
            if not is_valid_argument(arg):
                raise ValueError("a stanza argument must be non-empty visible ASCII")

    def encode(self) -> bytes:
        """Serialize as in the header: argument line, then base64 body wrapped at 64 columns."""
        out = bytearray(b"-> ")
        out += " ".join([self.type, *self.args]).encode("ascii")
        out += b"\n"
        encoded = b64.encode(self.body)
        for start in range(0, len(encoded), BODY_COLUMNS):
            out += encoded[start : start + BODY_COLUMNS] + b"\n"
        if len(encoded) % BODY_COLUMNS == 0:
            out += b"\n"  # the body always ends with a short (here empty) line
        return bytes(out)


@runtime_checkable
class Recipient(Protocol):
    """Something the file key can be wrapped to (a public key, a passphrase...)."""

    def wrap(self, file_key: bytes) -> list[Stanza]:
        """Return the stanza(s) that carry `file_key` for this recipient."""
        ...


@runtime_checkable
class Identity(Protocol):
    """Something that can unwrap a file key from the stanzas of a header."""

    def unwrap(self, stanzas: Sequence[Stanza]) -> bytes | None:
        """Return the file key, or None if no stanza is for this identity.

        Raise a `HeaderError` (usually `StanzaError`) for a malformed stanza of this identity's
        own type: the test vectors require such files to fail, not to be skipped.
        """
        ...


def recipient_labels(recipient: Recipient) -> frozenset[str]:
    """The labels of a recipient (optional `labels()` method); all recipients of a file must agree.

    Following the reference implementation, post-quantum recipients carry the label
    "postquantum" so that they are never mixed with classic ones (which would void the
    post-quantum protection), and each passphrase recipient carries a unique label so that it can
    only be used alone.
    """
    labels = getattr(recipient, "labels", None)
    return frozenset(labels()) if callable(labels) else frozenset()
