"""The vault's `staging/` folder: encrypted work in progress, and the vault's process lock.

Everything the store writes goes first into `staging/` under a random name, is fsynced there,
then renamed into its final place (same file system, so the rename is atomic) and the target
folder is fsynced. Staging holds **only encrypted data** (blob files being written); it is emptied
at every open, which is how a crash half-way through a write is cleaned up.

`staging/.lock` is the vault's single-writer lock: an advisory OS lock (flock on POSIX, msvcrt on
Windows) held for as long as a `Store` is open. A second open of the same vault, from this process
or another, is refused instead of emptying staging under a running import.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from crypto.age.streamio import OutputFile
from crypto.errors import ScelleError
from storage.staging_ahead import FilesAhead, create_staging_file

LOCK_NAME = ".lock"


class VaultBusyError(ScelleError):
    """Another Scellé process (or another window of this one) already has the vault open."""

    def __init__(self) -> None:
        super().__init__("The vault is already open in another Scellé window or process.")


def fsync_directory(path: Path) -> None:
    """Make a rename or unlink inside `path` durable (a no-op where the OS cannot do it)."""
    if sys.platform == "win32":  # NTFS journals metadata; directories cannot be opened to fsync
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _load_syncfs() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.syncfs  # type: ignore[no-any-return]
    except (OSError, AttributeError):
        return None


_SYNCFS = _load_syncfs()


def sync_paths(anchor_fd: int | None, paths: Iterable[Path]) -> None:
    """Make the files and folders `paths` durable, in one pass where the OS allows it.

    On Linux, one `syncfs` of the vault's file system replaces an fsync per file and per folder:
    each of those is a journal commit and a disk cache flush (1 to 10 ms each on the benchmark
    machine), one `syncfs` is one of each for a whole batch. It also writes back other dirty
    data of that file system, which costs time, never safety. `anchor_fd` must have been opened
    on the file system before the files were written: `syncfs` then reports any write-back error
    since (Linux ≥ 5.8). Elsewhere, or without an anchor, every path is fsynced."""
    if anchor_fd is not None and _SYNCFS is not None:
        if _SYNCFS(anchor_fd) != 0:
            err = ctypes.get_errno()
            raise OSError(err, os.strerror(err))
        return
    for path in paths:
        if path.is_dir():
            fsync_directory(path)
        else:
            fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))  # Windows: needs write
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def fsync_file(fileobj: BinaryIO) -> None:
    fileobj.flush()
    os.fsync(fileobj.fileno())


class StagingOutput(OutputFile):
    """age's output file (crypto/age/streamio.py): every 8 MiB it asks the kernel to start
    writing back, so the fsync that makes a large blob durable waits for the tail only instead
    of for a whole gigabyte written at the end. `flush()` exists for file-like callers; there
    is no buffer to flush."""

    def flush(self) -> None:
        return None


class Staging:
    """The staging folder of one vault; create with `Staging(path)`, then `lock()`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock_fd: int | None = None
        self._ahead: FilesAhead | None = None

    def ensure(self) -> None:
        self.path.mkdir(mode=0o700, exist_ok=True)

    # -- lock -------------------------------------------------------------------------------
    def lock(self) -> None:
        """Take the vault's exclusive lock or raise `VaultBusyError`."""
        self.ensure()
        fd = os.open(self.path / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _lock_fd(fd)
        except OSError:
            os.close(fd)
            raise VaultBusyError() from None
        self._lock_fd = fd

    def unlock(self) -> None:
        if self._lock_fd is not None:
            fd, self._lock_fd = self._lock_fd, None
            _unlock_fd(fd)
            os.close(fd)

    # -- files ------------------------------------------------------------------------------
    def empty(self) -> int:
        """Remove everything in staging except the lock file; return how many entries went.

        Safe only while holding the lock: nobody else can be writing here then.
        """
        removed = 0
        for entry in self.path.iterdir():
            if entry.name == LOCK_NAME:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)  # never follows symbolic links inside
            else:
                entry.unlink()
            removed += 1
        if removed:
            fsync_directory(self.path)
        return removed

    def new_file(self) -> tuple[Path, BinaryIO]:
        """Create a fresh, private staging file (random name, mode 0600) opened for writing.

        Unbuffered (blob writers write whole sealed chunks), with early write-back: see
        `StagingOutput`. While `files_ahead` runs, the file is one it created in advance."""
        path, fd = self._ahead.take() if self._ahead is not None else \
            create_staging_file(self.path)
        return path, StagingOutput(fd)  # type: ignore[return-value]

    @contextmanager
    def files_ahead(self, total: int) -> Iterator[None]:
        """For the duration, up to `total` staging files are created in advance on a helper
        thread (storage/staging_ahead.py); those not taken are removed at the end."""
        if self._ahead is not None:
            raise RuntimeError("staging files are already being prepared")
        self._ahead = FilesAhead(self.path, total)
        try:
            yield
        finally:
            ahead, self._ahead = self._ahead, None
            ahead.close()

    def entries(self) -> list[str]:
        """Names present in staging (the lock excluded); used by tests and the integrity check."""
        return sorted(e.name for e in self.path.iterdir() if e.name != LOCK_NAME)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
    import msvcrt

    def _lock_fd(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock_fd(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock_fd(fd: int) -> None:
        # flock (not fcntl/POSIX record locks): a second open file description conflicts even
        # inside the same process, so two Store objects on one vault are refused too.
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock_fd(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
