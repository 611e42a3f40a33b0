"""Small cryptographic building blocks shared by the header, the payload and the recipients."""

from __future__ import annotations

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

#: The file key is 128 bits (spec: "16 bytes of CSPRNG output").
FILE_KEY_SIZE = 16
#: A wrapped file key: 16 bytes of key plus the 16-byte Poly1305 tag.
WRAPPED_KEY_SIZE = FILE_KEY_SIZE + 16
_ZERO_NONCE = bytes(12)


def hkdf_sha256(ikm: bytes, salt: bytes, info: bytes) -> bytes:
    """HKDF-SHA-256 (extract then expand) producing 32 bytes, as everywhere in age."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(ikm)


def wrap_file_key(wrap_key: bytes, file_key: bytes) -> bytes:
    """Encrypt the file key under `wrap_key` with ChaCha20-Poly1305 and the all-zero nonce.

    The zero nonce is safe because every wrap key is used exactly once (fresh ephemeral share or
    fresh salt per stanza).
    """
    return ChaCha20Poly1305(wrap_key).encrypt(_ZERO_NONCE, file_key, None)


def unwrap_file_key(wrap_key: bytes, body: bytes) -> bytes | None:
    """Decrypt a wrapped file key; None if the tag does not verify (stanza not for us)."""
    try:
        return ChaCha20Poly1305(wrap_key).decrypt(_ZERO_NONCE, body, None)
    except InvalidTag:
        return None
