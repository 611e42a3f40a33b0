"""File-system helpers for the sealing use cases: private files, no-overwrite commits, cleanup."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

from crypto.errors import ScelleError


class OutputConflict(ScelleError):
    """The destination already holds something we would overwrite; nothing was written."""


class InputError(ScelleError):
    """A path given to a use case cannot be used."""


class StorageError(ScelleError):
    """Reading or writing failed part-way (disk full, medium removed…); nothing was kept."""

    @classmethod
    def from_os_error(cls, exc: OSError, what: str) -> StorageError:
        # strerror only ("No space left on device"): str(exc) would show a file name.
        return cls(f"{what} failed ({exc.strerror or 'input/output error'}); nothing was kept.")


def create_private(path: Path) -> int:
    """Create `path` exclusively, readable and writable by its owner only; return the fd."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    return os.open(path, flags, 0o600)


def fsync_dir(path: Path) -> None:
    """Make a rename durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def move_no_replace(src: Path, dst: Path) -> None:
    """Move `src` to `dst` atomically, refusing to replace anything already at `dst`.

    A hard link then unlink is atomic and never overwrites (it fails with FileExistsError, also
    on case-insensitive file systems for a name differing in case). File systems without hard
    links (FAT, some network shares) get a check-then-rename, the best they allow.
    """
    try:
        os.link(src, dst)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK,
                             errno.ENOSYS, errno.EACCES):
            raise
        if os.path.lexists(dst):
            raise FileExistsError(errno.EEXIST, "exists") from None
        os.rename(src, dst)
        return
    os.unlink(src)


def remove_quietly(path: Path) -> None:
    """Remove a file or a folder tree we created, ignoring what is already gone."""
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        pass
