"""Byte-stream helpers that cope with short reads and short writes."""

from __future__ import annotations

import os
from typing import BinaryIO

# The durable output writer lives with the durable-write helper; re-exported for age's users.
from crypto.durable import WRITEBACK_STEP, OutputFile

__all__ = ["WRITEBACK_STEP", "OutputFile", "read_full", "read_sequentially", "write_all"]


def read_sequentially(src: BinaryIO | int) -> None:
    """Tell the kernel that `src` (a file or a descriptor) will be read once, front to back.

    Linux then reads ahead twice as far, so a file that is not in the page cache arrives in
    larger requests while we encrypt or decrypt. Only advice: where `posix_fadvise` does not
    exist (macOS, Windows) or the file refuses it (a pipe), nothing happens.
    """
    advise = getattr(os, "posix_fadvise", None)
    if advise is None:
        return
    try:
        fd = src if isinstance(src, int) else src.fileno()
        advise(fd, 0, 0, os.POSIX_FADV_SEQUENTIAL)
    except (OSError, ValueError, AttributeError):
        pass  # no descriptor (an in-memory stream) or not a regular file


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
