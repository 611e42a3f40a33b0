"""Chunks sealed in batches (`ChunkSealer.seal_many`) and reads announced as sequential.

A batch must be byte for byte the chunks `seal` makes one at a time (the format does not know
about batches), continue the chunk counter, put the final flag on the batch's last chunk only
when asked, and refuse more than one batch of plaintext.
"""

from __future__ import annotations

import io
import os

import pytest

from crypto.age.stream import (
    BATCH_CHUNKS,
    CHUNK_SIZE,
    TAG_SIZE,
    ChunkOpener,
    ChunkSealer,
)
from crypto.age.streamio import read_sequentially

KEY = bytes(range(32))


def _one_by_one(plain: bytes, final: bool, sealer: ChunkSealer) -> bytes:
    pieces = [plain[i:i + CHUNK_SIZE] for i in range(0, len(plain), CHUNK_SIZE)] or [b""]
    return b"".join(bytes(sealer.seal(p, final and i == len(pieces) - 1))
                    for i, p in enumerate(pieces))


# An empty chunk is only ever the final one: no (0, False).
@pytest.mark.parametrize(("size", "final"), [(0, True)] + [
    (size, final) for size in (1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1,
                               3 * CHUNK_SIZE + 5, BATCH_CHUNKS * CHUNK_SIZE)
    for final in (False, True)])
def test_a_batch_is_the_chunks_sealed_one_by_one(size: int, final: bool) -> None:
    plain = os.urandom(size)
    batch = bytes(ChunkSealer(KEY).seal_many(plain, final))
    assert batch == _one_by_one(plain, final, ChunkSealer(KEY))
    assert len(batch) == size + TAG_SIZE * max(1, -(-size // CHUNK_SIZE))


def test_the_counter_runs_on_across_batches_and_single_chunks() -> None:
    plain = os.urandom(9 * CHUNK_SIZE + 100)
    batched = ChunkSealer(KEY)
    out = bytes(batched.seal(plain[:CHUNK_SIZE], False))
    out += bytes(batched.seal_many(plain[CHUNK_SIZE:5 * CHUNK_SIZE], False))
    out += bytes(batched.seal_many(plain[5 * CHUNK_SIZE:9 * CHUNK_SIZE], False))
    out += bytes(batched.seal_many(plain[9 * CHUNK_SIZE:], True))
    assert out == _one_by_one(plain, True, ChunkSealer(KEY))


def test_only_the_last_chunk_of_a_final_batch_opens_as_final() -> None:
    plain = os.urandom(2 * CHUNK_SIZE + 3)
    sealed = bytes(ChunkSealer(KEY).seal_many(plain, True))
    step = CHUNK_SIZE + TAG_SIZE
    opener = ChunkOpener(KEY)
    assert opener.open(sealed[:step], True) is None  # not final: refused as final
    assert bytes(opener.open(sealed[:step], False) or b"") == plain[:CHUNK_SIZE]
    assert bytes(opener.open(sealed[step:2 * step], False) or b"") == plain[CHUNK_SIZE:2 * CHUNK_SIZE]
    assert opener.open(sealed[2 * step:], False) is None
    assert bytes(opener.open(sealed[2 * step:], True) or b"") == plain[2 * CHUNK_SIZE:]


def test_a_non_final_batch_ends_on_a_non_final_chunk() -> None:
    sealed = bytes(ChunkSealer(KEY).seal_many(os.urandom(CHUNK_SIZE + 1), False))
    opener = ChunkOpener(KEY)
    opener.counter = 1
    assert opener.open(sealed[CHUNK_SIZE + TAG_SIZE:], True) is None
    assert opener.open(sealed[CHUNK_SIZE + TAG_SIZE:], False) is not None


def test_more_than_one_batch_is_refused() -> None:
    sealer = ChunkSealer(KEY)
    with pytest.raises(ValueError, match="^more plaintext than one batch of chunks$"):
        sealer.seal_many(bytes(BATCH_CHUNKS * CHUNK_SIZE + 1), False)
    # nothing was consumed: the next chunk is still chunk 0
    assert bytes(sealer.seal(b"x", True)) == bytes(ChunkSealer(KEY).seal(b"x", True))


def test_the_returned_view_is_the_batch_buffer_reused() -> None:
    sealer = ChunkSealer(KEY)
    first = sealer.seal_many(bytes(CHUNK_SIZE), False)
    second = sealer.seal_many(bytes(CHUNK_SIZE), False)
    assert first.obj is second.obj  # no allocation per batch


def test_reads_are_announced_as_sequential(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    if not hasattr(os, "posix_fadvise"):
        pytest.skip("no posix_fadvise here")
    calls: list[tuple[int, int, int, int]] = []
    monkeypatch.setattr(os, "posix_fadvise", lambda *a: calls.append(a))
    path = tmp_path / "f"
    path.write_bytes(b"data")
    with open(path, "rb") as src:
        read_sequentially(src)
        read_sequentially(src.fileno())
        assert calls == [(src.fileno(), 0, 0, os.POSIX_FADV_SEQUENTIAL)] * 2


def test_sequential_advice_never_fails(tmp_path) -> None:  # type: ignore[no-untyped-def]
    read_sequentially(io.BytesIO(b"no descriptor"))
    read_fd, write_fd = os.pipe()
    try:
        read_sequentially(read_fd)  # a pipe refuses the advice (ESPIPE): ignored
    finally:
        os.close(read_fd)
        os.close(write_fd)
    with open(tmp_path / "f", "wb") as closed:
        pass
    read_sequentially(closed)  # closed file: fileno() raises ValueError, ignored


def test_writing_after_close_is_refused_by_name() -> None:
    from crypto.age.writer import AgeWriter
    from crypto.age.x25519 import X25519Identity

    writer = AgeWriter(io.BytesIO(), [X25519Identity.generate().recipient()])
    writer.close()
    with pytest.raises(ValueError, match="^write to a closed AgeWriter$"):
        writer.write(b"more")
