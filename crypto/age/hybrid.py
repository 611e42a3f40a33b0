"""The native post-quantum hybrid recipient type `mlkem768x25519` (`age1pq1…`).

The KEM is MLKEM768-X25519 (X-Wing style) from draft-ietf-hpke-pq-03 / filippo.io/hpke-pq, used
through HPKE base mode with HKDF-SHA256 and ChaCha20Poly1305. The identity is a 32-byte seed,
expanded with SHAKE256 into a 64-byte ML-KEM-768 seed and a 32-byte X25519 secret; the recipient
is the ML-KEM encapsulation key followed by the X25519 public key.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.mlkem import MLKEM768PrivateKey, MLKEM768PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from crypto.age import b64, bech32
from crypto.age.errors import IdentityError, RecipientError, StanzaError
from crypto.age.keystring import decode_key_string
from crypto.age.primitives import WRAPPED_KEY_SIZE
from crypto.age.stanza import Stanza, decode_argument
from crypto.age.x25519 import raw_public, x25519_shared_secret

STANZA_TYPE = "mlkem768x25519"
RECIPIENT_HRP = "age1pq"
IDENTITY_HRP = "AGE-SECRET-KEY-PQ-"
_INFO = b"age-encryption.org/mlkem768x25519"
_SEED_SIZE = 32
_MLKEM_SEED_SIZE = 64
_MLKEM_EK_SIZE = 1184
_MLKEM_CT_SIZE = 1088
_X25519_SIZE = 32
PUBLIC_KEY_SIZE = _MLKEM_EK_SIZE + _X25519_SIZE  # 1216
ENC_SIZE = _MLKEM_CT_SIZE + _X25519_SIZE  # 1120
#: Recipients of this type are only ever combined with other post-quantum recipients.
POSTQUANTUM_LABEL = "postquantum"

_SUITE = hpke.Suite(hpke.KEM.MLKEM768_X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)


def _expand_seed(seed: bytes) -> tuple[MLKEM768PrivateKey, X25519PrivateKey]:
    """expandKey: SHAKE256(seed, 96) split into the ML-KEM seed and the X25519 secret."""
    expanded = hashlib.shake_256(seed).digest(_MLKEM_SEED_SIZE + _X25519_SIZE)
    mlkem_key = MLKEM768PrivateKey.from_seed_bytes(expanded[:_MLKEM_SEED_SIZE])
    x25519_key = X25519PrivateKey.from_private_bytes(expanded[_MLKEM_SEED_SIZE:])
    return mlkem_key, x25519_key


class HybridRecipient:
    """An MLKEM768-X25519 public key (1216 bytes); encodes as `age1pq1…`."""

    def __init__(self, public_bytes: bytes) -> None:
        if len(public_bytes) != PUBLIC_KEY_SIZE:
            raise RecipientError("a post-quantum age public key must be 1216 bytes long")
        try:
            mlkem_key = MLKEM768PublicKey.from_public_bytes(public_bytes[:_MLKEM_EK_SIZE])
            x25519_key = X25519PublicKey.from_public_bytes(public_bytes[_MLKEM_EK_SIZE:])
        except ValueError:
            raise RecipientError("the post-quantum age public key is not a valid key") from None
        self.public_bytes = bytes(public_bytes)
        self._key = hpke.MLKEM768X25519PublicKey(mlkem_key, x25519_key)

    @classmethod
    def from_string(cls, text: str) -> HybridRecipient:
        """Parse an `age1pq1…` recipient string."""
        kind = "post-quantum age public key"
        return cls(decode_key_string(text, RECIPIENT_HRP, None, RecipientError, kind))

    def __str__(self) -> str:
        return bech32.encode(RECIPIENT_HRP, self.public_bytes)

    def __repr__(self) -> str:
        return f"HybridRecipient({str(self)[:20]}…)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, HybridRecipient) and other.public_bytes == self.public_bytes

    def __hash__(self) -> int:
        return hash(self.public_bytes)

    def labels(self) -> frozenset[str]:
        return frozenset({POSTQUANTUM_LABEL})

    def wrap(self, file_key: bytes) -> list[Stanza]:
        try:
            sealed = _SUITE.encrypt(file_key, self._key, info=_INFO)
        except ValueError:  # OpenSSL refuses a low-order X25519 part
            raise RecipientError("the post-quantum age public key is invalid") from None
        enc, body = sealed[:ENC_SIZE], sealed[ENC_SIZE:]
        return [Stanza(STANZA_TYPE, [b64.encode(enc).decode("ascii")], body)]


class HybridIdentity:
    """An MLKEM768-X25519 identity (32-byte seed); encodes as `AGE-SECRET-KEY-PQ-1…`."""

    def __init__(self, seed: bytes) -> None:
        if len(seed) != _SEED_SIZE:
            raise IdentityError("a post-quantum age secret key must be 32 bytes long")
        self._seed = bytes(seed)
        mlkem_key, self._x25519_key = _expand_seed(self._seed)
        self._key = hpke.MLKEM768X25519PrivateKey(mlkem_key, self._x25519_key)
        public = mlkem_key.public_key().public_bytes_raw() + raw_public(
            self._x25519_key.public_key()
        )
        self._recipient = HybridRecipient(public)

    @classmethod
    def generate(cls) -> HybridIdentity:
        return cls(os.urandom(_SEED_SIZE))

    @classmethod
    def from_string(cls, text: str) -> HybridIdentity:
        """Parse an `AGE-SECRET-KEY-PQ-1…` string. Error messages never echo the key."""
        kind = "post-quantum age secret key"
        return cls(decode_key_string(text, IDENTITY_HRP, None, IdentityError, kind))

    def recipient(self) -> HybridRecipient:
        return self._recipient

    def __str__(self) -> str:
        return bech32.encode(IDENTITY_HRP, self._seed).upper()

    def __repr__(self) -> str:
        return f"HybridIdentity(recipient={self._recipient!r})"

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
            raise StanzaError("an mlkem768x25519 recipient stanza must have exactly one argument")
        enc = decode_argument(stanza.args[0], ENC_SIZE, "mlkem768x25519 encapsulated key")
        if len(stanza.body) != WRAPPED_KEY_SIZE:
            # Checked before decrypting, against partitioning-oracle attacks.
            raise StanzaError("an mlkem768x25519 recipient stanza body has the wrong length")
        # Rejects a low-order X25519 share with a header error, as the spec requires, rather
        # than letting it pass for a stanza addressed to someone else.
        x25519_shared_secret(self._x25519_key, enc[_MLKEM_CT_SIZE:])
        try:
            return _SUITE.decrypt(enc + stanza.body, self._key, info=_INFO)
        except InvalidTag:
            return None
