"""Copying a stream into a blob: one read, the hash and the encryption on the other threads.

The source is read with `readinto` straight into the 1 MiB blocks of the sealed files' pipeline
(crypto/sealed/pipeline.py, shared rather than copied): its hash thread computes the SHA-256 of
each block while its output thread encrypts the block's chunks in place and writes them to the
staging file (which asks for write-back as it grows, storage/staging.py). This thread only
reads, so on two cores an import takes about as long as the larger of the hash and the
encryption with the writes. The plaintext is read once, into a block, and neither copied nor
joined afterwards.

A chunk is sealed only once it is known whether more content follows (the final flag). So when
a block is full, its last chunk is held back, with the block not yet submitted for hashing (a
submitted block may come back from `take()` as soon as it is hashed), until the next read says
whether the stream has ended.

Small contents (below `PUMP_MIN_SIZE`) do not pay for threads and 4 MiB of blocks: they go
through `BlobWriter.write`, hashing inline.
"""

from __future__ import annotations

from functools import partial
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
    """Seal all of `stream` through `writer`; return (size, SHA-256). Reads up to a block at a
    time; cancel is checked and progress reported after each read (at most 1 MiB)."""
    count = _Counter(expected_size, progress, cancel)
    with ContentHasher(output=True) as pipe:
        held: memoryview | None = None  # a full block whose last chunk awaits its final flag
        block, filled, sealed_any = pipe.take(), 0, False
        while True:
            count.check_cancel()
            got = read_into(stream, block[filled:])
            count.add(got)
            if held is not None:
                pipe.output(partial(writer.seal_chunks, final=not got), held[-CHUNK:])
                pipe.submit(held)  # hashed on the worker while this thread reads on
                held, sealed_any = None, True
            if not got:
                break
            filled += got
            if filled == BLOCK_SIZE:
                pipe.output(partial(writer.seal_chunks, final=False), block[: BLOCK_SIZE - CHUNK])
                held, block, filled = block, pipe.take(), 0
        count.check_end()
        if filled or not sealed_any:  # an empty blob still has its one chunk
            pipe.output(partial(writer.seal_chunks, final=True), block[:filled])
        pipe.submit(block[:filled])
        pipe.drain()
        return writer.finish_hashed(pipe.digest())

