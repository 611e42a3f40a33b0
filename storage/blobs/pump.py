"""Copying a stream into a blob with its SHA-256 computed on a second thread.

SHA-256 costs about five times what ChaCha20-Poly1305 does on CPUs without SHA extensions, and
was half of a large import's time when computed on the importing thread. `hashlib` releases the
GIL for buffers over 2 KiB, so the sealer's `ContentHasher` (crypto/sealed/pipeline.py, imported
rather than copied) hashes whole 1 MiB blocks on its worker while this thread reads the next
chunks into another block, encrypts and writes: the plaintext is read once, into the block,
and neither copied nor joined afterwards.

A chunk is sealed only once it is known whether more content follows (the final flag). So when
a block is full, its last chunk is held back, with the block not yet submitted for hashing (a
submitted block may come back from `take()` as soon as it is hashed), until the next read says
whether the stream has ended.

Small contents (below `PUMP_MIN_SIZE`) do not pay for a thread and 4 MiB of blocks: they go
through `BlobWriter.write`, hashing inline.
"""

from __future__ import annotations

from typing import BinaryIO

from crypto.sealed.pipeline import BLOCK_SIZE, ContentHasher
from storage.blobs.errors import CancelledError, SizeMismatchError
from storage.blobs.format import DEFAULT_CHUNK_SIZE, BlobWriter, Cancel, Progress

#: Announced sizes below this are sealed with the hash on the calling thread.
PUMP_MIN_SIZE = BLOCK_SIZE
CHUNK = DEFAULT_CHUNK_SIZE


def read_into(stream: BinaryIO, view: memoryview) -> int:
    """One read of at most `len(view)` bytes into `view` (0 at end of stream)."""
    readinto = getattr(stream, "readinto", None)
    if readinto is not None:
        try:
            return int(readinto(view) or 0)
        except NotImplementedError:  # io.RawIOBase subclasses that only define read()
            pass
    data = stream.read(len(view))
    view[: len(data)] = data
    return len(data)


class _Counter:
    """Bytes read so far, checked against the announced size, with progress and cancel."""

    def __init__(self, expected: int | None, progress: Progress | None,
                 cancel: Cancel | None) -> None:
        self.done, self.expected = 0, expected
        self._total = -1 if expected is None else expected
        self._progress, self._cancel = progress, cancel

    def check_cancel(self) -> None:
        if self._cancel is not None and self._cancel():
            raise CancelledError()

    def add(self, got: int) -> None:
        self.done += got
        if self.expected is not None and self.done > self.expected:
            raise SizeMismatchError(self.expected, self.done)
        if got and self._progress is not None:
            self._progress(self.done, self._total)

    def check_end(self) -> None:
        if self.expected is not None and self.done != self.expected:
            raise SizeMismatchError(self.expected, self.done)


def pump(stream: BinaryIO, writer: BlobWriter, *, expected_size: int | None,
         progress: Progress | None, cancel: Cancel | None) -> tuple[int, bytes]:
    """Seal all of `stream` through `writer`; return (size, SHA-256). Reads one chunk at a
    time (cancel is checked and progress reported per chunk, as before)."""
    count = _Counter(expected_size, progress, cancel)
    with ContentHasher() as hasher:
        held: memoryview | None = None  # a full block whose last chunk awaits its final flag
        block, filled = hasher.take(), 0
        while True:
            count.check_cancel()
            limit = CHUNK - filled % CHUNK
            got = read_into(stream, block[filled : filled + limit])
            count.add(got)
            if held is not None:
                writer.seal_chunks(held[-CHUNK:], final=not got)
                hasher.submit(held)  # hashed on the worker while this thread goes on
                held = None
            if not got:
                break
            filled += got
            if filled == BLOCK_SIZE:
                writer.seal_chunks(block[: BLOCK_SIZE - CHUNK], final=False)
                held, block, filled = block, hasher.take(), 0
        count.check_end()
        if filled or writer.chunks_written == 0:  # an empty blob still has its one chunk
            writer.seal_chunks(block[:filled], final=True)
        hasher.submit(block[:filled])
        return writer.finish_hashed(hasher.digest())
