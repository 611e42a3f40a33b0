"""Reading the files a user imports: opened safely (no symbolic link followed, no FIFO waited
on), their read errors reported as the source's, and a folder walked in a stable order. Used by
app/importer.py."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from crypto.age.streamio import read_sequentially
from crypto.errors import ScelleError
from crypto.text_rules import shown, text_problem


class ImportSourceError(ScelleError):
    """The file or folder to import cannot be read."""

    def __init__(self, why: str) -> None:
        super().__init__(f"The file to import cannot be read ({why}).")


class Source:
    """A source file whose read errors are reported as the source's, not the vault's."""

    def __init__(self, fh: BinaryIO) -> None:
        self._fh = fh

    def read(self, n: int = -1) -> bytes:
        return self._call(self._fh.read, n)  # type: ignore[no-any-return]

    def readinto(self, view: memoryview) -> int:  # into the pump's blocks: no copy
        return self._call(self._fh.readinto, view) or 0  # type: ignore[attr-defined]

    @staticmethod
    def _call(method: Callable[..., object], arg: object) -> object:
        try:
            return method(arg)
        except OSError as exc:
            raise ImportSourceError(exc.strerror or "read error") from None


#: Files from this size on are announced to the kernel as read front to back (larger
#: read-ahead); below, the advice would cost a system call per file for nothing.
_READ_AHEAD_FROM = 1 << 20


def open_source(path: Path) -> tuple[BinaryIO, os.stat_result]:
    """The opened file and its status (size, modification time), taken from the open file."""
    try:
        return _open_regular(path)
    except OSError as exc:
        raise ImportSourceError(exc.strerror or "unreadable") from None


def _open_regular(path: Path) -> tuple[BinaryIO, os.stat_result]:
    # O_NOFOLLOW: a symbolic link swapped in after the walk is refused, not followed.
    # O_NONBLOCK: opening a FIFO would otherwise wait forever for a writer.
    flags = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
             | getattr(os, "O_BINARY", 0))
    fd = os.open(path, flags)
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise OSError(0, "not a regular file")
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    if st.st_size >= _READ_AHEAD_FROM:
        read_sequentially(fd)
    return os.fdopen(fd, "rb"), st


def walk(folder: Path) -> tuple[list[tuple[Path, str, int]], list[tuple[str, str]]]:
    """The regular files under `folder` (path, relative name, size) and the entries skipped
    (relative name, reason): symbolic links, special files, unreadable entries, and names the
    display rule refuses (crypto/text_rules.py), among them names that are not valid UTF-8.
    Skipped names are listed escaped (`bad\\xff.pdf`, `a\\u{200b}b`), safe to print."""
    files: list[tuple[Path, str, int]] = []
    skipped: list[tuple[str, str]] = []
    for root, dirs, names in os.walk(folder, followlinks=False):
        dirs.sort()
        base = Path(root)
        for d in list(dirs):
            why = _skip_folder(base / d)
            if why is not None:
                dirs.remove(d)
                skipped.append((shown((base / d).relative_to(folder).as_posix()), why))
        for fname in sorted(names):
            path = base / fname
            rel = path.relative_to(folder).as_posix()
            why, size = _check_file(path)
            if why is not None:
                skipped.append((shown(rel), why))
            else:
                files.append((path, rel, size))
    return files, skipped


def _skip_folder(path: Path) -> str | None:
    if path.is_symlink():
        return "symbolic link"
    problem = text_problem(path.name)
    return None if problem is None else f"folder name {problem}"


def _check_file(path: Path) -> tuple[str | None, int]:
    """(why the file is skipped or None, its size)."""
    try:
        st = path.lstat()
    except OSError as exc:
        return exc.strerror or "unreadable", 0
    if stat.S_ISLNK(st.st_mode):
        return "symbolic link", 0
    if not stat.S_ISREG(st.st_mode):
        return "not a regular file", 0
    # The vault would refuse the name (app/records `clean_name`); skipping it here keeps it
    # out of the listing unescaped. Bytes that are not UTF-8 reach us as lone surrogates.
    problem = text_problem(path.name)
    return (None, st.st_size) if problem is None else (f"file name {problem}", 0)
