"""Byte-stream helpers that cope with short reads and short writes."""

from __future__ import annotations

import os
from typing import BinaryIO


def read_full(src: BinaryIO, view: memoryview) -> int:
    """Fill `view` from `src`, looping over short reads; return the byte count (< len at EOF)."""
    filled = 0
    size = len(view)
    readinto = getattr(src, "readinto", None)
    while filled < size:
        if readinto is not None:
            got = readinto(view[filled:])
        else:
            data = src.read(size - filled)
            got = len(data)
            view[filled : filled + got] = data
        if not got:
            break
        filled += got
    return filled


def write_all(dst: BinaryIO, data: memoryview | bytes) -> None:
    """Write all of `data`, looping over the short writes raw files may do.

    A `write` returning None is taken as complete: duck-typed writers often return nothing.
    (Non-blocking raw streams, which return None when not ready, are not supported.)
    """
    view = memoryview(data)
    while view:
        count = dst.write(view)
        if count is None:
            return
        view = view[count:]


#: Bytes written between two requests to start write-back (see `OutputFile`).
WRITEBACK_STEP = 8 * 1024 * 1024


class OutputFile:
    """Unbuffered writer of a new output file (callers write whole chunks), made durable by
    `finish()`.

    Left alone, the kernel keeps up to gigabytes of written data in memory and an fsync at the
    end then waits for all of it to reach the disk (about half a second per GiB on the benchmark
    machine), after the work is done. Every WRITEBACK_STEP bytes, POSIX_FADV_DONTNEED on what
    was written makes Linux start the write-back without waiting, and forget the pages already
    on disk (no point keeping a large output cached; for plaintext, the less the better). The
    disk then works while we compute and the final fsync only waits for the tail. Where
    `posix_fadvise` does not exist (macOS, Windows), nothing is asked; the result is the same.
    """

    def __init__(self, fd: int, *, durable: bool = True) -> None:
        self._file = open(fd, "wb", buffering=0, closefd=True)  # noqa: SIM115
        self._durable = durable
        self._advise = getattr(os, "posix_fadvise", None) if durable else None
        self._written = 0
        self._marks = (0, 0)  # where the previous and the current write-back steps began

    def write(self, data: bytes | bytearray | memoryview) -> int | None:
        count = self._file.write(data)
        if count and self._advise is not None:
            self._written += count
            if self._written - self._marks[1] >= WRITEBACK_STEP:
                self._start_writeback()
        return count

    def _start_writeback(self) -> None:
        # From the previous step's start: its pages are on disk by now and can be dropped.
        previous, current = self._marks
        advise = self._advise
        assert advise is not None
        try:
            advise(self._file.fileno(), previous, self._written - previous,
                   os.POSIX_FADV_DONTNEED)
        except OSError:
            self._advise = None  # only advice: the final fsync still makes the file durable
        self._marks = (current, self._written)

    def fileno(self) -> int:
        return self._file.fileno()

    def finish(self) -> None:
        """Make the file durable (if asked) and close it."""
        try:
            if self._durable:
                os.fsync(self._file.fileno())
        finally:
            self._file.close()

    def close(self) -> None:
        self._file.close()

    @property
    def closed(self) -> bool:
        return self._file.closed
