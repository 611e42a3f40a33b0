"""The native X25519 recipient type (`age1…` / `AGE-SECRET-KEY-1…`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from crypto.age import b64, bech32
from crypto.age.errors import IdentityError, RecipientError, StanzaError
from crypto.age.keystring import decode_key_string
from crypto.age.primitives import WRAPPED_KEY_SIZE, hkdf_sha256, unwrap_file_key, wrap_file_key
from crypto.age.stanza import Stanza, decode_argument

STANZA_TYPE = "X25519"
RECIPIENT_HRP = "age"
IDENTITY_HRP = "AGE-SECRET-KEY-"
_INFO = b"age-encryption.org/v1/X25519"
_KEY_SIZE = 32
_SHARE_B64_LEN = 43


def x25519_shared_secret(private: X25519PrivateKey, peer_public: bytes) -> bytes:
    """X25519 with the all-zero result rejected as `StanzaError` (low-order peer point).

    OpenSSL already refuses an all-zero shared secret; we map that refusal to a header error, as
    the specification and the test vectors require.
    """
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(peer_public))
    except ValueError:
        shared = bytes(_KEY_SIZE)
    if shared == bytes(_KEY_SIZE):
        raise StanzaError(
            "a recipient stanza carries a low-order X25519 share (all-zero shared secret)"
        )
    return shared


def raw_public(key: X25519PublicKey) -> bytes:
    """The 32-byte encoding of an X25519 public key."""
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


@dataclass(frozen=True)
class X25519Recipient:
    """An X25519 public key; encodes as `age1…`."""

    public_bytes: bytes

    def __post_init__(self) -> None:
        if len(self.public_bytes) != _KEY_SIZE:
            raise RecipientError("an X25519 recipient must be 32 bytes long")

    @classmethod
    def from_string(cls, text: str) -> X25519Recipient:
        """Parse an `age1…` recipient string."""
        raw = decode_key_string(text, RECIPIENT_HRP, _KEY_SIZE, RecipientError, "age public key")
        return cls(raw)

    def __str__(self) -> str:
        return bech32.encode(RECIPIENT_HRP, self.public_bytes)

    def wrap(self, file_key: bytes) -> list[Stanza]:
        ephemeral = X25519PrivateKey.generate()
        share = raw_public(ephemeral.public_key())
        try:
            shared = x25519_shared_secret(ephemeral, self.public_bytes)
        except StanzaError:
            raise RecipientError("the age public key is invalid (a low-order point)") from None
        wrap_key = hkdf_sha256(shared, share + self.public_bytes, _INFO)
        body = wrap_file_key(wrap_key, file_key)
        return [Stanza(STANZA_TYPE, [b64.encode(share).decode("ascii")], body)]


class X25519Identity:
    """An X25519 secret key; encodes as `AGE-SECRET-KEY-1…`. Its repr never shows the key."""

    def __init__(self, private_key: X25519PrivateKey) -> None:
        self._key = private_key
        self._recipient = X25519Recipient(raw_public(private_key.public_key()))

    @classmethod
    def generate(cls) -> X25519Identity:
        return cls(X25519PrivateKey.generate())

    @classmethod
    def from_string(cls, text: str) -> X25519Identity:
        """Parse an `AGE-SECRET-KEY-1…` string. Error messages never echo the key."""
        raw = decode_key_string(text, IDENTITY_HRP, _KEY_SIZE, IdentityError, "age secret key")
        return cls(X25519PrivateKey.from_private_bytes(raw))

    def recipient(self) -> X25519Recipient:
        return self._recipient

    def __str__(self) -> str:
        raw = self._key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return bech32.encode(IDENTITY_HRP, raw).upper()

    def __repr__(self) -> str:
        return f"X25519Identity(recipient={self._recipient})"

    def unwrap(self, stanzas: Sequence[Stanza]) -> bytes | None:
        for stanza in stanzas:
            if stanza.type != STANZA_TYPE:
                continue
            file_key = self._unwrap_one(stanza)
            if file_key is not None:
                return file_key
        return None

    def _unwrap_one(self, stanza: Stanza) -> bytes | None:
        if len(stanza.args) != 1:
            raise StanzaError("an X25519 recipient stanza must have exactly one argument")
        share = decode_argument(stanza.args[0], _KEY_SIZE, "X25519 share")
        if len(stanza.body) != WRAPPED_KEY_SIZE:
            # Checked before decrypting, against partitioning-oracle attacks.
            raise StanzaError("an X25519 recipient stanza body has the wrong length")
        shared = x25519_shared_secret(self._key, share)
        wrap_key = hkdf_sha256(shared, share + self._recipient.public_bytes, _INFO)
        return unwrap_file_key(wrap_key, stanza.body)

