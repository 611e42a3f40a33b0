"""Durable file writes: a file appears under its final name complete and on disk, or not at all.

Every file Scellé writes outside the vault's own blob store goes through here: age and sealed
files, identity files and cards, `vault.json`, exported documents, command-line outputs.

The one recipe (`new_file`, or `write_file` for bytes already in memory):

1. a temporary file is created beside the target (same folder, so the move is atomic), with
   O_EXCL under a random name that reveals nothing, mode 0600 unless told otherwise;
2. the caller writes into it; it is fsynced and closed;
3. it is moved into place: without replacing anything by default (a hard link, which fails if
   the name appeared meanwhile, then unlink; file systems without hard links, such as FAT on a
   USB key, get check-then-rename, the best they allow), or with an explicit `replace=True`
   where replacing is the point (vault.json, an output the user asked to overwrite);
4. the folder is fsynced, so the new name survives a crash.

On any failure, including KeyboardInterrupt and cancellation, the temporary file is removed and
the target is untouched. A target that already exists is refused with `FileExistsError` (an
`OSError`): callers turn that and other `OSError`s into their own errors.

`OutputFile` is the writer `new_file` hands out: unbuffered by default, with early write-back
for large outputs (see its docstring).
"""

from __future__ import annotations

import errno
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: Bytes written between two requests to start write-back (see `OutputFile`).
WRITEBACK_STEP = 8 * 1024 * 1024

PRIVATE_MODE = 0o600
_CREATE_FLAGS = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
                 | getattr(os, "O_CLOEXEC", 0))
# link() errors meaning "this file system has no hard links here", not "the name is taken".
_NO_LINKS = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK,
                       errno.ENOSYS, errno.EACCES})
# fsync() of a folder refused by the file system itself (some network and FUSE file systems):
# nothing more can be done there, and the write is as durable as that file system allows.
_NO_FOLDER_SYNC = frozenset({errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EBADF})


class OutputFile:
    """Writer of a new output file (unbuffered unless asked: callers write whole chunks), made
    durable by `finish()`.

    Left alone, the kernel keeps up to gigabytes of written data in memory and an fsync at the
    end then waits for all of it to reach the disk (about half a second per GiB on the benchmark
    machine), after the work is done. Every WRITEBACK_STEP bytes, POSIX_FADV_DONTNEED on what
    was written makes Linux start the write-back without waiting, and forget the pages already
    on disk (no point keeping a large output cached; for plaintext, the less the better). The
    disk then works while we compute and the final fsync only waits for the tail. Where
    `posix_fadvise` does not exist (macOS, Windows), nothing is asked; the result is the same.
    """

    def __init__(self, fd: int, *, durable: bool = True, buffering: int = 0) -> None:
        self._file = open(fd, "wb", buffering=buffering, closefd=True)  # noqa: SIM115
        self._buffered = buffering != 0
        self._durable = durable
        # Advice on pages the buffer has not written yet would be wasted: only unbuffered.
        advise = getattr(os, "posix_fadvise", None)
        self._advise = advise if durable and not self._buffered else None
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

    def flush(self) -> None:
        self._file.flush()

    def fileno(self) -> int:
        return self._file.fileno()

    def finish(self) -> None:
        """Make the file durable (if asked) and close it."""
        try:
            self._file.flush()
            if self._durable:
                os.fsync(self._file.fileno())
        finally:
            self._file.close()

    def close(self) -> None:
        self._file.close()

    @property
    def closed(self) -> bool:
        return self._file.closed


def create_private(path: Path, mode: int = PRIVATE_MODE) -> int:
    """Create `path` exclusively (never an existing file, never through a link); return the fd."""
    return os.open(path, _CREATE_FLAGS, mode)


def create_temporary(folder: Path, *, mode: int = PRIVATE_MODE,
                     prefix: str = ".scelle-", suffix: str = ".part") -> tuple[int, Path]:
    """Create a new temporary file in `folder` under a random name; return its fd and path."""
    for _ in range(16):
        path = folder / f"{prefix}{os.urandom(12).hex()}{suffix}"
        try:
            return create_private(path, mode), path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "could not create a temporary file", str(folder))


def move_no_replace(src: Path, dst: Path) -> None:
    """Move `src` to `dst` atomically, refusing (FileExistsError) to replace anything at `dst`.

    A hard link then unlink is atomic and never overwrites (it fails with FileExistsError, also
    on case-insensitive file systems for a name differing in case). File systems without hard
    links get a check-then-rename, the best they allow.
    """
    try:
        os.link(src, dst)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        if os.path.lexists(dst):
            raise FileExistsError(errno.EEXIST, "the destination exists", str(dst)) from None
        os.rename(src, dst)
        return
    os.unlink(src)


def sync_folder(path: Path) -> None:
    """Make a rename, link or unlink inside `path` durable.

    Windows cannot open a folder to fsync it (and NTFS journals renames); a file system that
    refuses to fsync a folder is left as it is. Real I/O errors are raised.
    """
    if sys.platform == "win32":
        return
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in _NO_FOLDER_SYNC:
            raise
    finally:
        os.close(fd)


def remove_quietly(path: Path) -> None:
    """Remove a file or a folder tree we created, ignoring what is already gone."""
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        pass


@contextmanager
def new_file(target: Path, *, replace: bool = False, mode: int = PRIVATE_MODE,
             durable: bool = True, buffering: int = 0) -> Iterator[OutputFile]:
    """Write `target` through a temporary file beside it (see the module docstring).

    The block writes into the `OutputFile` it is given; when the block ends normally the file is
    fsynced (unless `durable=False`), moved into place (replacing an existing `target` only with
    `replace=True`) and its folder fsynced. If the block raises, or the move fails, nothing is
    left: no temporary file, and `target` as it was.
    """
    if not replace and os.path.lexists(target):
        raise FileExistsError(errno.EEXIST, "the destination exists", str(target))
    folder = target.parent
    fd, tmp = create_temporary(folder, mode=mode)
    try:
        out = OutputFile(fd, durable=durable, buffering=buffering)
    except BaseException:
        os.close(fd)
        remove_quietly(tmp)
        raise
    try:
        yield out
        out.finish()
        if replace:
            os.replace(tmp, target)
        else:
            move_no_replace(tmp, target)
    except BaseException:
        out.close()
        remove_quietly(tmp)
        raise
    if durable:
        sync_folder(folder)


def write_file(target: Path, data: bytes | bytearray | memoryview, *, replace: bool = False,
               mode: int = PRIVATE_MODE) -> None:
    """Write `data` to `target` durably, in one piece or not at all (see `new_file`)."""
    with new_file(target, replace=replace, mode=mode) as out:
        view = memoryview(data)
        while view:  # a raw write may be short
            count = out.write(view)
            if count is None:
                break
            view = view[count:]
