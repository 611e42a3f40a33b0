"""Sealed files larger than one pipeline block: block edges, the hashing thread, cancellation.

The content is hashed on a worker thread over 1 MiB blocks (crypto/sealed/pipeline.py); the
other sealed-file tests use files smaller than one block, so these cover the block edges.
"""

from __future__ import annotations

import hashlib
import io
import os
import threading

import pytest

from crypto.identity import PrivateIdentity
from crypto.sealed.errors import Cancelled, TamperedError
from crypto.sealed.pipeline import BLOCK_COUNT, BLOCK_SIZE, ContentHasher, content_part
from crypto.sealed.reader import open_sealed
from crypto.sealed.writer import Letter, seal
from tests.sealed.craft import split_age
from tests.sealed.test_roundtrip import NOW, content_size_for, open_bytes, seal_bytes, sources

CHUNK = 64 * 1024


@pytest.mark.parametrize("total", [BLOCK_SIZE - 1, BLOCK_SIZE, BLOCK_SIZE + 1,
                                   2 * BLOCK_SIZE + CHUNK + 7])
def test_plaintext_sizes_around_block_boundaries(alice: PrivateIdentity, bob: PrivateIdentity,
                                                 total: int) -> None:
    size = content_size_for(alice, [bob.card], total)
    content = os.urandom(size)
    out = io.BytesIO()
    seal(out, alice, [bob.card], sources([("f.bin", content)]), Letter(), classic=True, now=NOW)
    _header, _nonce, payload = split_age(out.getvalue())
    assert len(payload) == total + 16 * -(-total // CHUNK)
    assert open_bytes(out.getvalue(), bob, alice)[1] == [content]


def test_several_files_across_blocks(alice: PrivateIdentity, bob: PrivateIdentity) -> None:
    contents = [(f"f{i}", os.urandom(n)) for i, n in
                enumerate([BLOCK_SIZE - 5, 0, 10, 2 * BLOCK_SIZE + 3, CHUNK, 1])]
    opened, files = open_bytes(seal_bytes(alice, [bob.card], contents), bob, alice)
    assert files == [c for _n, c in contents]
    assert opened.metadata.content_size == sum(len(c) for _n, c in contents)


def test_a_flipped_bit_in_a_later_block_is_refused(alice: PrivateIdentity,
                                                   bob: PrivateIdentity) -> None:
    data = bytearray(seal_bytes(alice, [bob.card], [("f", os.urandom(3 * BLOCK_SIZE))]))
    data[len(data) - BLOCK_SIZE] ^= 0x10  # inside the third block's ciphertext
    with pytest.raises(TamperedError):
        open_sealed(io.BytesIO(bytes(data)), bob, expected_sender=alice.card, replay_guard=None)


def test_progress_runs_to_the_total_across_blocks(alice: PrivateIdentity,
                                                  bob: PrivateIdentity) -> None:
    total = 2 * BLOCK_SIZE + 12345
    seen: list[int] = []
    out = io.BytesIO()
    seal(out, alice, [bob.card], sources([("a", bytes(total))]),
         progress=lambda done, _t: seen.append(done))
    assert seen == sorted(seen) and seen[-1] == total and len(seen) >= total // CHUNK
    read: list[tuple[int, int]] = []
    open_sealed(io.BytesIO(out.getvalue()), bob, expected_sender=alice.card, replay_guard=None,
                progress=lambda d, t: read.append((d, t)))
    assert read[-1][0] == read[-1][1] and len(read) >= total // CHUNK


def _hasher_threads() -> int:
    return sum(t.name == "scelle-sha256" for t in threading.enumerate())


def test_cancelling_in_a_later_block_stops_the_worker(alice: PrivateIdentity,
                                                      bob: PrivateIdentity) -> None:
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 40  # in the third block

    content = bytes(4 * BLOCK_SIZE)
    with pytest.raises(Cancelled):
        seal(io.BytesIO(), alice, [bob.card], sources([("a", content)]), cancel=cancel)
    assert _hasher_threads() == 0
    data = seal_bytes(alice, [bob.card], [("a", content)])
    calls.clear()
    with pytest.raises(Cancelled):
        open_sealed(io.BytesIO(data), bob, expected_sender=alice.card, replay_guard=None,
                    cancel=cancel)
    assert _hasher_threads() == 0


def test_content_hasher_matches_hashlib_and_wipes_its_blocks() -> None:
    expected = hashlib.sha256()
    start, end = 100, 3 * BLOCK_COUNT * BLOCK_SIZE - 7
    with ContentHasher() as hasher:
        for index in range(3 * BLOCK_COUNT):  # more blocks than exist: they are recycled
            block = hasher.take()
            block[:] = os.urandom(BLOCK_SIZE)
            part = content_part(block, index * BLOCK_SIZE, start, end)
            expected.update(part)
            hasher.submit(part)
        assert hasher.digest() == expected.digest()
    assert block == bytes(BLOCK_SIZE)  # the plaintext it held is gone
    assert _hasher_threads() == 0


@pytest.mark.parametrize(("offset", "start", "end", "expected"), [
    (0, 10, 20, (10, 20)), (100, 10, 20, (0, 0)), (0, 50, 500, (50, 100)),
    (100, 50, 150, (0, 50)), (100, 0, 1000, (0, 100)), (0, 0, 0, (0, 0)),
])
def test_content_part_clips_to_the_block(offset: int, start: int, end: int,
                                         expected: tuple[int, int]) -> None:
    block = memoryview(bytes(range(100)))
    part = content_part(block, offset, start, end)
    assert bytes(part) == bytes(block[expected[0]:expected[1]])


class _CountingSinks:
    """Sinks that keep each file's bytes and count the write calls they get."""

    def __init__(self) -> None:
        self.files: dict[int, bytearray] = {}
        self.writes = 0

    def __call__(self, index: int, _entry: object) -> _CountingSinks:
        self.files[index] = bytearray()
        self._current = index
        return self

    def write(self, data: memoryview) -> None:
        self.writes += 1
        self.files[self._current] += data

    def close(self) -> None:
        pass


def test_sinks_get_a_write_per_block_not_per_chunk(alice: PrivateIdentity,
                                                   bob: PrivateIdentity) -> None:
    content = os.urandom(3 * BLOCK_SIZE + 5)
    sinks = _CountingSinks()
    open_sealed(io.BytesIO(seal_bytes(alice, [bob.card], [("f", content)])), bob,
                expected_sender=alice.card, replay_guard=None, sinks=sinks)
    assert bytes(sinks.files[0]) == content
    # the first chunk (metadata and the start of the content), then two per block (the bytes
    # held back in case they were the trailer, then the rest); per chunk it would be 98
    assert sinks.writes <= 10


def test_files_split_inside_a_block_get_their_own_bytes(alice: PrivateIdentity,
                                                        bob: PrivateIdentity) -> None:
    contents = [(f"f{i}", os.urandom(n)) for i, n in
                enumerate([CHUNK + 3, 5, BLOCK_SIZE, 2 * CHUNK - 1, 0, BLOCK_SIZE + 17])]
    sinks = _CountingSinks()
    open_sealed(io.BytesIO(seal_bytes(alice, [bob.card], contents)), bob,
                expected_sender=alice.card, replay_guard=None, sinks=sinks)
    assert [bytes(sinks.files[i]) for i in sorted(sinks.files)] == [c for _n, c in contents]


def test_progress_is_reported_per_chunk_within_the_first_block(alice: PrivateIdentity,
                                                               bob: PrivateIdentity) -> None:
    total = BLOCK_SIZE // 2
    seen: list[tuple[int, int]] = []
    open_sealed(io.BytesIO(seal_bytes(alice, [bob.card], [("a", bytes(total))])), bob,
                expected_sender=alice.card, replay_guard=None,
                progress=lambda d, t: seen.append((d, t)))
    assert len(seen) >= total // CHUNK
    done = [d for d, _t in seen]
    assert done == sorted(set(done))  # strictly increasing: each chunk counted once
    assert seen[-1][0] == seen[-1][1] > total
