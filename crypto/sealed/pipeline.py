"""SHA-256 of the content on a second thread, over a fixed set of plaintext blocks.

Sealing and opening spend their time in SHA-256 of the content (about 2.6 ns a byte on a CPU
without SHA extensions: the largest cost), ChaCha20-Poly1305 (about 0.5 ns a byte) and file
I/O. `hashlib` releases the GIL while it hashes a buffer longer than 2 KiB, and so do file reads
and writes (cryptography's AEAD calls do not). So the hash runs on a worker thread while the
calling thread reads, encrypts or decrypts, and writes: on two cores a sealed file takes about
as long as its hash alone.

The plaintext travels in BLOCK_COUNT blocks of BLOCK_SIZE bytes: the caller `take()`s a free
block, fills it with whole chunks of the plaintext stream, `submit()`s the part of it that is
content, and carries on with the block (encrypting it, or writing it out). The worker hashes the
submitted parts in order and then frees their blocks. Memory is therefore bounded whatever the
file size, and a caller that gets ahead of the hash waits in `take()` for a block.

Rule for callers: once submitted, a block may still be read but not modified, until it comes
back from `take()`.
"""

from __future__ import annotations

import hashlib
import queue
import threading
from types import TracebackType

from crypto.age import CHUNK_SIZE

#: 1 MiB: one hash call of a few milliseconds per block, so the worker seldom waits for the GIL.
BLOCK_SIZE = 16 * CHUNK_SIZE
#: Four blocks (4 MiB): enough for the caller to work on one while the worker hashes another.
BLOCK_COUNT = 4


class ContentHasher:
    """SHA-256 over the submitted parts, in order, on a worker thread. Use it in a `with` block."""

    def __init__(self) -> None:
        self._blocks = [bytearray(BLOCK_SIZE) for _ in range(BLOCK_COUNT)]
        self._free: queue.SimpleQueue[bytearray] = queue.SimpleQueue()
        for block in self._blocks:
            self._free.put(block)
        self._todo: queue.SimpleQueue[memoryview | None] = queue.SimpleQueue()
        self._sha = hashlib.sha256()
        self._error: BaseException | None = None
        # A daemon thread: an interpreter exiting on an unexpected error never waits for it.
        self._thread = threading.Thread(target=self._work, name="scelle-sha256", daemon=True)
        self._thread.start()

    def take(self) -> memoryview:
        """A free block (waits while every block is queued for hashing)."""
        return memoryview(self._free.get())

    def submit(self, part: memoryview) -> None:
        """Hash `part` (a slice of a block from `take()`, possibly empty), then free its block."""
        self._todo.put(part)

    def digest(self) -> bytes:
        """Wait for every submitted part to be hashed and return the SHA-256."""
        self._stop()
        if self._error is not None:
            raise self._error
        return self._sha.digest()

    def _work(self) -> None:
        while (part := self._todo.get()) is not None:
            try:
                if self._error is None:
                    self._sha.update(part)
            except BaseException as exc:  # noqa: BLE001 - handed to the caller by digest()
                self._error = exc
            finally:
                self._free.put(part.obj)  # type: ignore[arg-type]

    def _stop(self) -> None:
        if self._thread.is_alive():
            self._todo.put(None)
            self._thread.join()

    def close(self) -> None:
        """Stop the worker and wipe the blocks (they held plaintext)."""
        self._stop()
        zeros = bytes(BLOCK_SIZE)
        for block in self._blocks:
            block[:] = zeros

    def __enter__(self) -> ContentHasher:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def content_part(block: memoryview, offset: int, start: int, end: int) -> memoryview:
    """The bytes of `block` (at `offset` in the plaintext stream) inside [start, end)."""
    low = min(max(start - offset, 0), len(block))
    high = min(max(end - offset, low), len(block))
    return block[low:high]
