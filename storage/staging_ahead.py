"""Staging files created ahead of need, on a helper thread, for a batch of small blobs.

Creating a file is the single most expensive step of importing a small document on the
machines we measure: 40 µs to 0.8 ms of kernel time per `open(O_CREAT | O_EXCL)` (inode and
directory-entry allocation, under whatever the disk's other tenants are doing), against about
12 µs to write its 10 KiB. A batch (storage/blobs/batch.py) knows it will need up to a few
hundred staging files, so a helper thread creates them a few at a time while the importing
thread reads, encrypts and writes: the creation then costs the second core, not the import.

The files are exactly those `Staging.new_file` would create (random name, mode 0600, empty,
opened for writing, in `staging/`), so nothing changes for crash safety: a file created ahead
and never used is removed when the batch ends, or at the vault's next open if the process dies
first (staging is emptied at every open). The thread only creates files; everything else stays
on the caller's thread.
"""

from __future__ import annotations

import os
import queue
import secrets
import threading
from pathlib import Path

STAGING_SUFFIX = ".part"
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def create_staging_file(folder: Path) -> tuple[Path, int]:
    """A fresh private file in `folder` under a random name, opened for writing."""
    path = folder / f"{secrets.token_hex(16)}{STAGING_SUFFIX}"
    return path, os.open(path, _CREATE_FLAGS, 0o600)


class FilesAhead:
    """Up to `total` staging files, at most `ahead` of them waiting; `take()` one at a time.

    Use as a context manager (or call `close()`): leftovers are closed and removed, and the
    thread is stopped. An error creating a file (disk full, permissions) is raised by the
    `take()` that would have received it, never lost."""

    def __init__(self, folder: Path, total: int, ahead: int = 16) -> None:
        self._folder = folder
        self._ready: queue.Queue[tuple[Path, int] | BaseException] = queue.Queue(max(1, ahead))
        self._stop = threading.Event()
        self._left = total  # files the caller may still take
        self._thread = threading.Thread(target=self._run, args=(total,),
                                        name="scelle-staging-ahead", daemon=True)
        self._thread.start()

    def take(self) -> tuple[Path, int]:
        """The next prepared (path, fd); the caller owns both from here."""
        if self._left <= 0:
            raise RuntimeError("every prepared staging file has been taken")
        item = self._ready.get()
        if isinstance(item, BaseException):
            self._left = 0  # the thread has stopped
            raise item
        self._left -= 1
        return item

    def close(self) -> None:
        self._stop.set()
        while self._thread.is_alive():
            self._drain()  # unblocks a thread waiting for room, so that it sees the stop
            self._thread.join(0.05)
        self._drain()

    def __enter__(self) -> FilesAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _run(self, total: int) -> None:
        for _ in range(total):
            if self._stop.is_set():
                return
            try:
                item: tuple[Path, int] | BaseException = create_staging_file(self._folder)
            except OSError as exc:
                item = exc
            while not self._stop.is_set():
                try:
                    self._ready.put(item, timeout=0.05)
                    break
                except queue.Full:
                    continue
            else:
                _discard(item)
                return
            if isinstance(item, BaseException):
                return

    def _drain(self) -> None:
        while True:
            try:
                _discard(self._ready.get_nowait())
            except queue.Empty:
                return


def _discard(item: tuple[Path, int] | BaseException) -> None:
    if isinstance(item, BaseException):
        return
    path, fd = item
    os.close(fd)
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
