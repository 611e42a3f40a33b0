"""Per-version data keys and their wrapping.

Each document version gets a fresh random 256-bit data key. It is stored in the `versions` row
wrapped with the vault's key-wrapping key (HKDF of the VMK, see storage/store.py):

    wrapped = nonce (12 random bytes) || ChaCha20-Poly1305(kwk, nonce, data key,
                                                          aad = "scelle/v1 blob key\\0" || blob id)

The database is already encrypted; wrapping adds that a copy of the database pages alone (say,
a SQLCipher key recovered from a memory dump) still does not open the blobs, and the AAD ties
each wrapped key to its blob so rows cannot be swapped. Deleting the row (secure_delete) is the
crypto-shred: without it, the blob is random noise even to someone holding the VMK.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from storage.blobs.errors import CorruptBlobError
from storage.blobs.format import KEY_LEN

_AAD_PREFIX = b"scelle/v1 blob key\x00"
_NONCE_LEN = 12
WRAPPED_LEN = _NONCE_LEN + KEY_LEN + 16


def new_data_key() -> bytes:
    return os.urandom(KEY_LEN)


def wrap_data_key(kwk: bytes, data_key: bytes, blob_id: bytes) -> bytes:
    nonce = os.urandom(_NONCE_LEN)
    return nonce + ChaCha20Poly1305(kwk).encrypt(nonce, data_key, _AAD_PREFIX + blob_id)


def unwrap_data_key(
    kwk: bytes, wrapped: bytes, blob_id: bytes, document_id: int | None = None
) -> bytes:
    if len(wrapped) != WRAPPED_LEN:
        raise CorruptBlobError(document_id, "its key record is malformed", blob_id.hex())
    try:
        key = ChaCha20Poly1305(kwk).decrypt(
            wrapped[:_NONCE_LEN], wrapped[_NONCE_LEN:], _AAD_PREFIX + blob_id
        )
    except InvalidTag:
        raise CorruptBlobError(
            document_id, "its key record does not belong to it", blob_id.hex()
        ) from None
    return key
