"""Blob chunks written in batches: any split of the writes gives the same file.

`BlobWriter.write` seals whole chunks straight from the caller's buffer, a batch per write
call, and keeps at most one chunk back (it is final only if nothing follows); `seal_chunks`
(the import pump) batches too. The format knows nothing of this: the file must be byte for
byte what one write of everything gives, and read back whole.
"""

from __future__ import annotations

import io
import os

import pytest

from crypto.age.stream import BATCH_CHUNKS
from storage.blobs.format import DEFAULT_CHUNK_SIZE, BlobReader, BlobWriter

CHUNK = DEFAULT_CHUNK_SIZE
KEY = bytes(range(32))
BLOB_ID = bytes(range(16))


class _CountingFile(io.BytesIO):
    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def write(self, data: object) -> int:  # type: ignore[override]
        self.calls += 1
        return super().write(data)  # type: ignore[arg-type]


def _write(pieces: list[bytes]) -> tuple[bytes, bytes, int]:
    out = _CountingFile()
    writer = BlobWriter(out, KEY, BLOB_ID)
    for piece in pieces:
        writer.write(memoryview(piece))
    size, digest = writer.finish()
    assert size == sum(map(len, pieces))
    return out.getvalue(), digest, out.calls


def _read(blob: bytes, size: int) -> bytes:
    reader = BlobReader(io.BytesIO(blob), KEY, BLOB_ID, size=size)
    return b"".join(reader.iter_chunks())


CONTENT = os.urandom(9 * CHUNK + 123)
SPLITS = {
    "one write": [len(CONTENT)],
    "chunk by chunk": [CHUNK] * 9 + [123],
    "odd sizes": [1, CHUNK - 1, CHUNK + 1, 3 * CHUNK, 7, 2 * CHUNK, CHUNK - 8, 123 + CHUNK],
    "a full chunk then the rest": [CHUNK, 8 * CHUNK + 123],
    "tiny then large": [5, 9 * CHUNK + 118],
}


@pytest.mark.parametrize("split", list(SPLITS))
def test_any_split_of_the_writes_gives_the_same_blob(split: str) -> None:
    sizes = SPLITS[split]
    assert sum(sizes) == len(CONTENT)
    pieces, start = [], 0
    for size in sizes:
        pieces.append(CONTENT[start:start + size])
        start += size
    blob, digest, _calls = _write(pieces)
    reference, reference_digest, _ = _write([CONTENT])
    assert blob == reference and digest == reference_digest
    assert _read(blob, len(CONTENT)) == CONTENT


@pytest.mark.parametrize("size", [0, 1, CHUNK, 2 * CHUNK, BATCH_CHUNKS * CHUNK + 1])
def test_sizes_at_chunk_edges_read_back(size: int) -> None:
    content = os.urandom(size)
    blob, _digest, _calls = _write([content] if content else [])
    assert _read(blob, size) == content


def test_a_large_write_goes_out_a_batch_per_call() -> None:
    _blob, _digest, calls = _write([CONTENT])
    # 10 chunks, the last (123 bytes) held back for finish(): 4 + 4 + 1, then the final one
    assert calls == 4


@pytest.mark.parametrize("size", [CHUNK * BATCH_CHUNKS * 2, 3 * CHUNK + 1, CHUNK, 0])
def test_seal_chunks_batches_like_write(size: int) -> None:
    content = os.urandom(size)
    out = io.BytesIO()
    writer = BlobWriter(out, KEY, BLOB_ID)
    writer.seal_chunks(memoryview(content), final=True)
    assert writer.chunks_written == max(1, -(-size // CHUNK))
    writer.finish_hashed(b"")
    reference, _digest, _calls = _write([content] if content else [])
    assert out.getvalue() == reference
