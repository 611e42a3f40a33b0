"""The content digest of an envelope: a hash list over fixed 8 MiB chunks (relay protocol 2).

    leaf_i = SHA-256(chunk_i)      chunk_i = bytes [i*C, min((i+1)*C, size)), C = 8 MiB
    value  = SHA-256("scelle/v1 content digest\\0" || u32 version || u64 C || u64 size
                     || leaf_0 || ... || leaf_{n-1})          (big-endian, n = ceil(size / C))

Each byte is hashed once, into its chunk's leaf; the whole-envelope value is derived from the
leaves (32 bytes per 8 MiB), never from a second pass over the bytes. A chunk's leaf is exactly
the SHA-256 the client signs as that chunk's Content-Digest, so the relay checks and keeps it in
the same pass that writes the chunk.

A flat list, not a tree: nothing needs to prove one chunk without the others (a download is
checked whole), and a 2 GiB envelope has 256 leaves (8 KiB), so the list is as cheap as a tree's
root and simpler to state and to check. The chunk size and the length are inside the hashed
header, so the same bytes cut differently, or a list of leaves read as a shorter or longer
envelope, give a different value; the domain string keeps the value apart from any plain
SHA-256 of a file.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Sequence

CONTENT_CHUNK = 8 * 1024 * 1024
DIGEST_VERSION = 1
_DOMAIN = b"scelle/v1 content digest\0"
LEAF_SIZE = 32


class ContentDigestError(ValueError):
    """Leaves that cannot describe an envelope of the stated size."""


def leaf_count(size: int, chunk_size: int = CONTENT_CHUNK) -> int:
    """How many chunks (and leaves) an envelope of `size` bytes has."""
    if size < 0 or chunk_size <= 0:
        raise ContentDigestError("A size cannot be negative and a chunk size must be positive.")
    return -(-size // chunk_size)


def chunk_end(offset: int, size: int, chunk_size: int = CONTENT_CHUNK) -> int:
    """Where the chunk starting at `offset` must end (the last chunk may be shorter)."""
    return min(offset + chunk_size, size)


def from_leaves(leaves: Sequence[bytes], size: int, chunk_size: int = CONTENT_CHUNK) -> bytes:
    """The 32-byte value from the chunks' SHA-256 digests, in order."""
    if len(leaves) != leaf_count(size, chunk_size):
        raise ContentDigestError(f"An envelope of {size} bytes has "
                                 f"{leaf_count(size, chunk_size)} chunks, not {len(leaves)}.")
    if any(len(leaf) != LEAF_SIZE for leaf in leaves):
        raise ContentDigestError("A chunk digest has 32 bytes.")
    state = hashlib.sha256(_DOMAIN + struct.pack(">IQQ", DIGEST_VERSION, chunk_size, size))
    for leaf in leaves:
        state.update(leaf)
    return state.digest()


def of_bytes(data: bytes, chunk_size: int = CONTENT_CHUNK) -> bytes:
    """The value of an envelope held in memory (tests, small deposits)."""
    view = memoryview(data)
    leaves = [hashlib.sha256(view[i:i + chunk_size]).digest()
              for i in range(0, len(data), chunk_size)]
    return from_leaves(leaves, len(data), chunk_size)


class ContentHasher:
    """The value over bytes arriving in pieces of any size (a download, a file read)."""

    def __init__(self, chunk_size: int = CONTENT_CHUNK) -> None:
        if chunk_size <= 0:
            raise ContentDigestError("A chunk size must be positive.")
        self.chunk_size = chunk_size
        self.size = 0
        self.leaves: list[bytes] = []
        self._chunk = hashlib.sha256()
        self._filled = 0

    def update(self, data: bytes | memoryview) -> None:
        view = memoryview(data)
        while view:
            take = min(len(view), self.chunk_size - self._filled)
            self._chunk.update(view[:take])
            self._filled += take
            self.size += take
            view = view[take:]
            if self._filled == self.chunk_size:
                self.leaves.append(self._chunk.digest())
                self._chunk, self._filled = hashlib.sha256(), 0

    def digest(self) -> bytes:
        """The value over everything so far (the hasher may go on afterwards)."""
        leaves = self.leaves + ([self._chunk.digest()] if self._filled else [])
        return from_leaves(leaves, self.size, self.chunk_size)

    def hexdigest(self) -> str:
        return self.digest().hex()
