"""Bit flips and truncations of a real three-chunk sealed file: every one is refused.

Flipping all ~1.1 million bits of a 140 KiB file would take many minutes (each attempt decrypts
up to three chunks), so the flips are chosen where structure lives, plus a seeded random sample:

- every bit of the age header (version line, both stanzas, MAC line) and of the payload nonce;
- every bit of the first and last 16 bytes of every encrypted chunk (a chunk's first ciphertext
  bytes and its Poly1305 tag, where a reader that mishandled the boundary would look);
- one bit (rotating bit index) of every byte of the first and last 256 bytes of every chunk
  (chunk starts carry the inner magic, metadata length and metadata; the last chunk's end
  carries the trailer);
- 500 more (byte, bit) pairs drawn with a fixed seed anywhere else.

Inside a chunk every ciphertext bit is behind the same Poly1305 tag, so the sample stands for
the rest. That is about 5 000 attempts, a dozen seconds on one core; each attempt still opens the
whole file through the real reader. Each must raise a `SealedFileRejected`
(never succeed, never another exception). The reader is Bob, a recipient; files are classic
(X25519) to keep the header small enough to flip entirely; the hybrid header is covered by a
stride of its own.
"""

from __future__ import annotations

import io
import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.sealing import FileReplayGuard, open_to_directory
from crypto.identity import PrivateIdentity
from crypto.sealed.errors import (
    Cancelled,
    SealedFileRejected,
    TamperedError,
    TruncatedSealedFile,
)
from crypto.sealed.reader import open_sealed
from tests.sealed.craft import split_age
from tests.sealed.test_roundtrip import seal_bytes

ENCRYPTED_CHUNK = 64 * 1024 + 16
EDGE = 256
DENSE_EDGE = 16
RANDOM_FLIPS = 500
SEED = 20261206


@pytest.fixture(scope="module")
def sealed(alice: PrivateIdentity, bob: PrivateIdentity) -> bytes:
    return seal_bytes(alice, [bob.card], [("a.bin", os.urandom(100_000)),
                                          ("b.bin", os.urandom(40_000))], classic=True)


def chunk_starts(data: bytes) -> list[int]:
    header, nonce, payload = split_age(data)
    start = len(header) + len(nonce)
    return [start + i for i in range(0, len(payload), ENCRYPTED_CHUNK)]


def flip_positions(data: bytes) -> Iterator[tuple[int, int]]:
    starts = chunk_starts(data)
    every_bit: set[int] = set(range(starts[0]))  # header and nonce
    one_bit: set[int] = set()
    for begin, end in zip(starts, starts[1:] + [len(data)]):
        every_bit.update(range(begin, begin + DENSE_EDGE), range(end - DENSE_EDGE, end))
        one_bit.update(range(begin, min(end, begin + EDGE)), range(max(begin, end - EDGE), end))
    chosen = {(p, bit) for p in every_bit for bit in range(8)}
    chosen.update((p, p % 8) for p in one_bit - every_bit)
    rest = [p for p in range(len(data)) if p not in every_bit and p not in one_bit]
    rng = random.Random(SEED)
    chosen.update((p, rng.randrange(8)) for p in rng.sample(rest, RANDOM_FLIPS))
    yield from sorted(chosen)


def assert_refused(data: bytes, reader: PrivateIdentity, sender: PrivateIdentity) -> None:
    try:
        open_sealed(io.BytesIO(data), reader, expected_sender=sender.card, replay_guard=None)
    except SealedFileRejected:
        return
    raise AssertionError("an altered sealed file was accepted")


def test_the_file_has_three_chunks_and_opens_untouched(sealed: bytes, alice: PrivateIdentity,
                                                       bob: PrivateIdentity) -> None:
    assert len(chunk_starts(sealed)) == 3
    assert open_sealed(io.BytesIO(sealed), bob, expected_sender=alice.card, replay_guard=None)


@pytest.mark.slow
def test_every_chosen_bit_flip_is_refused(sealed: bytes, alice: PrivateIdentity,
                                          bob: PrivateIdentity) -> None:
    buffer = bytearray(sealed)
    count = 0
    for position, bit in flip_positions(sealed):
        buffer[position] ^= 1 << bit
        try:
            assert_refused(bytes(buffer), bob, alice)
        except AssertionError:
            raise AssertionError(f"flip of bit {bit} at byte {position} was accepted") from None
        finally:
            buffer[position] ^= 1 << bit
        count += 1
    assert count > 4_500


def test_hybrid_header_flips_are_refused(alice: PrivateIdentity, bob: PrivateIdentity) -> None:
    data = seal_bytes(alice, [bob.card], [("a", b"x" * 1000)])
    header, _nonce, _payload = split_age(data)
    buffer = bytearray(data)
    for position in [*range(0, len(header), 7), *range(len(header) - 80, len(header) + 16)]:
        bit = position % 8
        buffer[position] ^= 1 << bit
        assert_refused(bytes(buffer), bob, alice)
        buffer[position] ^= 1 << bit


def test_flips_leave_the_output_folder_empty(tmp_path: Path, sealed: bytes,
                                             alice: PrivateIdentity, bob: PrivateIdentity
                                             ) -> None:
    """A sample through the real use case: header, first chunk, middle, trailer."""
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    starts = chunk_starts(sealed)
    for position in (40, starts[0] - 20, starts[0] + 3, starts[1] + 100, len(sealed) - 30):
        buffer = bytearray(sealed)
        buffer[position] ^= 0x01
        path = tmp_path / "in.scelle"
        path.write_bytes(bytes(buffer))
        with pytest.raises(SealedFileRejected):
            open_to_directory(path, out_dir, bob, expected_sender_card=alice.card,
                              replay_guard=FileReplayGuard.for_identity(bob, tmp_path / "seen"))
        assert os.listdir(out_dir) == [] and not (tmp_path / "seen").exists()


def truncation_points(data: bytes) -> list[int]:
    header, _nonce, _payload = split_age(data)
    points = {0, 1, len(header) // 2, len(header) - 1, len(header), len(header) + 8}
    for start in chunk_starts(data):
        points.update({start - 1, start, start + 1, start + 15, start + 16, start + 17})
    points.update({len(data) - 1, len(data) - 16, len(data) - 17})
    return sorted(p for p in points if 0 <= p < len(data))


def test_truncation_anywhere_near_a_boundary_is_refused(
        tmp_path: Path, sealed: bytes, alice: PrivateIdentity, bob: PrivateIdentity) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    starts = chunk_starts(sealed)
    for cut in truncation_points(sealed):
        path = tmp_path / "in.scelle"
        path.write_bytes(sealed[:cut])
        with pytest.raises(SealedFileRejected) as info:
            open_to_directory(path, out_dir, bob, expected_sender_card=alice.card,
                              replay_guard=None)
        assert os.listdir(out_dir) == [], cut
        if cut in starts:  # cut exactly between chunks: the final chunk is missing
            assert type(info.value) is TruncatedSealedFile, cut
        elif cut > starts[0]:
            assert isinstance(info.value, (TruncatedSealedFile, TamperedError)), cut


def test_cancelling_leaves_nothing(tmp_path: Path, sealed: bytes, alice: PrivateIdentity,
                                   bob: PrivateIdentity) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    path = tmp_path / "in.scelle"
    path.write_bytes(sealed)
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 2  # after two chunks, with a file half written in staging

    with pytest.raises(Cancelled):
        open_to_directory(path, out_dir, bob, expected_sender_card=alice.card,
                          replay_guard=None, cancel=cancel)
    assert os.listdir(out_dir) == []
