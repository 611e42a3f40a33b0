"""The content digest (crypto/content_digest.py): the test vectors of docs/format.md §5, the
header that separates chunkings and lengths, and the incremental hasher against the one-shot
form whatever the pieces."""

from __future__ import annotations

import hashlib
import os
import struct

import pytest

from crypto.content_digest import (
    CONTENT_CHUNK,
    ContentDigestError,
    ContentHasher,
    chunk_end,
    from_leaves,
    leaf_count,
    of_bytes,
)

# docs/format.md §5 "Test vectors": keep both in step.
VECTOR_ABC = "dd69a2c1fb944b7b080e3af44b37e1c74daae6f6d7ee726cb3235f0aa26bc862"
VECTOR_EMPTY = "8ba8a7c04de900f3b6326470aed1760fb264ea66f81ac0ca38b71c54bbac4fdb"
VECTOR_TWO = "d47a0c438442c5377abc15a74abf26868ab583cf341fa33be6b8c7e36ca10e4e"
TWO_LEAVES = ("bdf23837181f5808331800c1ae2b4f7d7a839536b10d58491471c50dde23833a",
              "26e5bfe4b0686167e3e4e0aac40cbae03515171d375f91ea563c9c044e9c5cc7")
DOMAIN = b"scelle/v1 content digest\0"


def _two_chunks() -> bytes:
    return bytes(i % 251 for i in range(CONTENT_CHUNK + 1))


def test_vectors() -> None:
    assert CONTENT_CHUNK == 8 * 1024 * 1024
    assert of_bytes(b"abc").hex() == VECTOR_ABC
    assert of_bytes(b"").hex() == VECTOR_EMPTY
    data = _two_chunks()
    leaves = [hashlib.sha256(data[:CONTENT_CHUNK]).digest(),
              hashlib.sha256(data[CONTENT_CHUNK:]).digest()]
    assert tuple(leaf.hex() for leaf in leaves) == TWO_LEAVES
    assert of_bytes(data).hex() == VECTOR_TWO
    assert from_leaves(leaves, len(data)).hex() == VECTOR_TWO


def test_the_definition_written_out() -> None:
    """The value is SHA-256 over the domain, version 1, chunk size and length (big-endian
    u32, u64, u64), then the leaves: computed here by hand, not by the module."""
    leaf = hashlib.sha256(b"abc").digest()
    header = DOMAIN + struct.pack(">IQQ", 1, CONTENT_CHUNK, 3)
    assert header.hex().endswith("0000000100000000008000000000000000000003")
    assert of_bytes(b"abc") == hashlib.sha256(header + leaf).digest()
    assert of_bytes(b"abc") != leaf  # never a plain SHA-256 of the bytes


def test_length_and_chunking_are_bound() -> None:
    """The same leaves under another length, or the same bytes cut otherwise, differ."""
    data = os.urandom(1000)
    leaves = [hashlib.sha256(data).digest()]
    assert from_leaves(leaves, 1000) != from_leaves(leaves, 999)
    assert of_bytes(data, chunk_size=500) != of_bytes(data)
    halves = [hashlib.sha256(data[:500]).digest(), hashlib.sha256(data[500:]).digest()]
    assert from_leaves(halves, 1000, chunk_size=500) == of_bytes(data, chunk_size=500)
    assert from_leaves(halves[::-1], 1000, chunk_size=500) != of_bytes(data, chunk_size=500)


@pytest.mark.parametrize("leaves,size", [
    ([], 1),  # a missing leaf
    ([bytes(32)], 0),  # one too many
    ([bytes(32)] * 2, CONTENT_CHUNK),
    ([bytes(31)], 5),  # not a SHA-256
    ([bytes(33)], 5),
])
def test_leaves_that_cannot_describe_the_size_are_refused(leaves: list[bytes],
                                                          size: int) -> None:
    with pytest.raises(ContentDigestError):
        from_leaves(leaves, size)


def test_counts_and_ends() -> None:
    assert [leaf_count(n) for n in (0, 1, CONTENT_CHUNK, CONTENT_CHUNK + 1)] == [0, 1, 1, 2]
    assert chunk_end(0, 10) == 10
    assert chunk_end(0, 3 * CONTENT_CHUNK) == CONTENT_CHUNK
    assert chunk_end(2 * CONTENT_CHUNK, 2 * CONTENT_CHUNK + 5) == 2 * CONTENT_CHUNK + 5
    for bad in ((-1, CONTENT_CHUNK), (5, 0), (5, -1)):
        with pytest.raises(ContentDigestError):
            leaf_count(*bad)
    with pytest.raises(ContentDigestError):
        ContentHasher(0)


@pytest.mark.parametrize("piece", [1, 7, 4096, CONTENT_CHUNK - 1, CONTENT_CHUNK,
                                   CONTENT_CHUNK + 3])
def test_the_hasher_matches_whatever_the_pieces(piece: int) -> None:
    data = _two_chunks() + os.urandom(1234) if piece > 4096 else os.urandom(50_000)
    chunk = CONTENT_CHUNK if piece > 4096 else 4096  # small chunks keep small pieces quick
    hasher = ContentHasher(chunk)
    for start in range(0, len(data), piece):
        hasher.update(memoryview(data)[start:start + piece])
    assert hasher.size == len(data)
    assert hasher.digest() == of_bytes(data, chunk)
    assert hasher.hexdigest() == of_bytes(data, chunk).hex()


def test_the_hasher_can_go_on_after_a_digest() -> None:
    """A resumed download: the value of what is here, then more bytes."""
    hasher = ContentHasher(10)
    hasher.update(b"0123456789abc")
    assert hasher.digest() == of_bytes(b"0123456789abc", 10)
    hasher.update(b"def")
    assert hasher.digest() == of_bytes(b"0123456789abcdef", 10)
    assert len(hasher.leaves) == 1


def test_edges_of_the_hasher_and_the_smallest_chunk() -> None:
    """No bytes, an exact number of chunks (no empty last leaf), chunks of one byte."""
    assert ContentHasher().hexdigest() == VECTOR_EMPTY
    exact = ContentHasher(10)
    exact.update(b"x" * 20)
    assert exact.digest() == of_bytes(b"x" * 20, 10) and len(exact.leaves) == 2
    assert leaf_count(5, 1) == 5
    one = ContentHasher(1)
    one.update(b"abc")
    assert one.digest() == of_bytes(b"abc", 1)
