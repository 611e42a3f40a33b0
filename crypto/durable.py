"""Durable file writes: a file appears under its final name complete and on disk, or not at all.

Every file Scellé writes outside the vault's own blob store goes through here: age and sealed
files, identity files and cards, `vault.json`, exported documents, command-line outputs.

The one recipe (`new_file`, or `write_file` for bytes already in memory):

1. a new file is created in the target's folder (same file system, so naming it is atomic),
   mode 0600 unless told otherwise (`PendingFile`): on Linux an unnamed file (O_TMPFILE) that
   the kernel frees if the process dies, SIGKILL included; elsewhere a staging file whose name
   reveals nothing of the target, tied to this process and swept once the process is gone
   (crypto/leftovers.py);
2. the caller writes into it; it is fsynced;
3. it gets its final name: without replacing anything by default (a hard link, which fails if
   the name appeared meanwhile, then, for a staging file, unlink; file systems without hard
   links, such as FAT on a USB key, get check-then-rename, the best they allow), or with an
   explicit `replace=True` where replacing is the point (vault.json, an output the user asked
   to overwrite: a complete staging file then an atomic rename over the target);
4. the folder is fsynced, so the new name survives a crash.

On any failure, including KeyboardInterrupt, the termination signals the faces turn into it,
and cancellation, the new file is removed and the target is untouched. A target that already
exists is refused with `FileExistsError` (an `OSError`): callers turn that and other `OSError`s
into their own errors.

`OutputFile` is the writer `new_file` hands out: unbuffered by default, with early write-back
for large outputs (see its docstring).
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from crypto import leftovers

#: Bytes written between two requests to start write-back (see `OutputFile`).
WRITEBACK_STEP = 8 * 1024 * 1024

PRIVATE_MODE = 0o600
_CREATE_FLAGS = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
                 | getattr(os, "O_CLOEXEC", 0))
# link() errors meaning "this file system has no hard links here", not "the name is taken".
_NO_LINKS = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK,
                       errno.ENOSYS, errno.EACCES})
# O_TMPFILE (Linux); tests set it to 0 to run the named-staging path on any file system.
_UNNAMED = getattr(os, "O_TMPFILE", 0)
_PROC_FD = "/proc/self/fd"
# open(O_TMPFILE) errors meaning "no unnamed files here" (FAT, network file systems, old
# kernels that take O_TMPFILE for O_DIRECTORY), not "the folder is missing or refused".
_NO_UNNAMED = frozenset({errno.EOPNOTSUPP, errno.ENOTSUP, errno.EISDIR, errno.EINVAL,
                         errno.ENOSYS})
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


def _create_unnamed(folder: Path, mode: int) -> int | None:
    """An unnamed file in `folder` (O_TMPFILE), or None where the system cannot make one."""
    if not _UNNAMED or not os.path.isdir(_PROC_FD):
        return None
    try:
        # Readable too: if it cannot be linked after all, its content is copied (`_copy`).
        return os.open(folder, _UNNAMED | os.O_RDWR | getattr(os, "O_CLOEXEC", 0), mode)
    except OSError as exc:
        if exc.errno in _NO_UNNAMED:
            return None
        raise


def _create_named(folder: Path, mode: int) -> tuple[int, Path]:
    """A named staging file in `folder`, recorded before it exists (crypto/leftovers.py)."""
    for _ in range(16):
        path = folder / leftovers.staging_name()
        try:
            # Inside the try: a stop (Ctrl-C, SIGTERM) raised once the record is written but
            # before `remember` returns must still take the path out of the record.
            leftovers.remember(path)
            return create_private(path, mode), path
        except FileExistsError:
            leftovers.forget(path)
        except BaseException:
            # The stop may land once the exclusive create has returned, before the caller
            # holds the descriptor: the file then exists under this process's fresh random
            # name, which nobody else creates, and nobody else would ever remove it.
            remove_quietly(path)
            leftovers.forget(path)
            raise
    raise FileExistsError(errno.EEXIST, "could not create a temporary file", str(folder))


class _NoLink(Exception):
    """The unnamed file cannot be linked here (no /proc, or no hard links): copy it instead."""


class PendingFile:
    """A new file being written, which gets its final name only at `commit`.

    On Linux it has no name at all until then (O_TMPFILE in the target's folder): if the
    process dies, SIGKILL included, the kernel frees it, and a power loss leaves an orphan
    that the file system's journal drops at the next mount; nothing to sweep. `commit` gives
    it its name with linkat() through /proc/self/fd, which fails if the name is taken. Where
    unnamed files do not exist (FAT, exFAT, network file systems, macOS, Windows), it is a
    named staging file (crypto/leftovers.py: tied to this process, recorded, swept once the
    process is gone).
    """

    def __init__(self, fd: int, folder: Path, path: Path | None) -> None:
        self.fd = fd
        self.folder = folder
        self.path = path  # None while unnamed
        self._open = True

    @classmethod
    def create(cls, folder: Path, mode: int = PRIVATE_MODE) -> PendingFile:
        fd = _create_unnamed(folder, mode)
        if fd is not None:
            return cls(fd, folder, None)
        leftovers.sweep_folder(folder)  # what dead processes left here (power loss, SIGKILL)
        fd, path = _create_named(folder, mode)
        return cls(fd, folder, path)

    def writer(self, *, durable: bool = True, buffering: int = 0) -> OutputFile:
        """A writer on this file, with its own descriptor (finishing it keeps this one open)."""
        return OutputFile(os.dup(self.fd), durable=durable, buffering=buffering)

    def commit(self, target: Path, *, replace: bool = False) -> None:
        """Give the written (and, if wanted, synced) file the name `target`.

        Without `replace`, an existing `target` is refused with FileExistsError naming it.
        """
        if self.path is None:
            self._name_unnamed(target, replace)
        elif replace:
            os.replace(self.path, target)
        else:
            move_no_replace(self.path, target)
        self._close()  # committed: `discard` no longer touches anything

    def discard(self) -> None:
        """Drop the file (nothing happens to a file already committed)."""
        if self._open and self.path is not None:
            remove_quietly(self.path)
        self._close()

    def _close(self) -> None:
        if self._open:
            self._open = False
            os.close(self.fd)
            if self.path is not None:
                leftovers.forget(self.path)

    def _name_unnamed(self, target: Path, replace: bool) -> None:
        try:
            self._link(target)  # also when replacing: most targets do not exist yet
            return
        except FileExistsError:
            if not replace:
                raise
        except _NoLink:
            pass
        # Replacing (or no linking here): a staging name first, then an atomic move. Between
        # the two the content is complete; it is recorded like any named staging file.
        staging = self.folder / leftovers.staging_name()
        try:
            leftovers.remember(staging)  # in the try, as in _create_named
            try:
                self._link(staging)
            except _NoLink:
                self._copy(staging)
            if replace:
                os.replace(staging, target)
            else:
                move_no_replace(staging, target)
        finally:
            if os.path.lexists(staging):
                remove_quietly(staging)
            leftovers.forget(staging)

    def _link(self, target: Path) -> None:
        try:
            proc = os.open(_PROC_FD, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        except OSError:
            raise _NoLink() from None
        try:
            # linkat(/proc/self/fd, "N", AT_FDCWD, target, AT_SYMLINK_FOLLOW): the way an
            # unprivileged process names an O_TMPFILE file; never replaces an existing name.
            os.link(str(self.fd), target, src_dir_fd=proc, follow_symlinks=True)
        except FileExistsError:
            raise FileExistsError(errno.EEXIST, "the destination exists", str(target)) from None
        except OSError as exc:
            if exc.errno not in _NO_LINKS and exc.errno != errno.ENOENT:
                raise
            raise _NoLink() from None
        finally:
            os.close(proc)

    def _copy(self, path: Path) -> None:
        fd = create_private(path, stat.S_IMODE(os.fstat(self.fd).st_mode))
        try:
            offset = 0
            while chunk := os.pread(self.fd, 1 << 20, offset):
                view = memoryview(chunk)
                while view:
                    view = view[os.write(fd, view):]
                offset += len(chunk)
            os.fsync(fd)
        finally:
            os.close(fd)


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
    pending = PendingFile.create(target.parent, mode)
    try:
        out = pending.writer(durable=durable, buffering=buffering)
    except BaseException:
        pending.discard()
        raise
    try:
        yield out
        out.finish()
        pending.commit(target, replace=replace)
    except BaseException:
        out.close()
        pending.discard()
        raise
    if durable:
        sync_folder(target.parent)


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
