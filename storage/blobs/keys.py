"""Per-version data keys and their wrapping.

Each document version gets a fresh random 256-bit data key. It is stored in the `versions` row
wrapped with a key derived from the vault's key-wrapping key (itself an HKDF of the VMK, see
storage/store.py) and the blob id:

    wrap key = HKDF-SHA256(ikm = kwk, salt = blob id, info = "scelle/v1 blob key wrap")
    wrapped  = ChaCha20-Poly1305(wrap key, nonce = 0, data key)        (48 bytes)

The all-zero nonce is safe because a wrap key exists for one blob id (128 random bits) and wraps
exactly one data key, once (crypto/age/primitives.py makes the same argument for age). Deriving
the wrap key from the blob id ties each wrapped key to its blob, so rows cannot be swapped.

The database is already encrypted; wrapping adds that a copy of the database pages alone (say,
a SQLCipher key recovered from a memory dump) still does not open the blobs. Deleting the row
(secure_delete) is the crypto-shred: without it, the blob is noise even to the VMK's holder.
"""

from __future__ import annotations

import os

from crypto.age.primitives import hkdf_sha256, unwrap_file_key, wrap_file_key
from storage.blobs.errors import CorruptBlobError
from storage.blobs.format import KEY_LEN

_INFO = b"scelle/v1 blob key wrap"
WRAPPED_LEN = KEY_LEN + 16


def new_data_key() -> bytes:
    return os.urandom(KEY_LEN)


def wrap_data_key(kwk: bytes, data_key: bytes, blob_id: bytes) -> bytes:
    if len(data_key) != KEY_LEN:
        raise ValueError("data key must be 32 bytes")
    return wrap_file_key(hkdf_sha256(kwk, blob_id, _INFO), data_key)


def unwrap_data_key(
    kwk: bytes, wrapped: bytes, blob_id: bytes, document_id: int | None = None
) -> bytes:
    if len(wrapped) != WRAPPED_LEN:
        raise CorruptBlobError(document_id, "its key record is malformed", blob_id.hex())
    key = unwrap_file_key(hkdf_sha256(kwk, blob_id, _INFO), wrapped)
    if key is None:
        raise CorruptBlobError(document_id, "its key record does not belong to it", blob_id.hex())
    return key
