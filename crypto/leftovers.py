"""Staging files that outlive their process, and the sweep that removes them.

Where the file system allows it (Linux with O_TMPFILE), an output being written has no name at
all (crypto/durable.py): when the process dies, even by SIGKILL, the kernel frees it, and after
a power loss the journal drops it at the next mount. Elsewhere (FAT or exFAT on a USB key,
network file systems, macOS, Windows) it is a named staging file beside the target. This module
makes those named files findable and removable once their process is gone:

* **Names tied to a process**: `.scelle-staging-<pid>-<start>-<random>.part`, where `<start>`
  is the process's start time (Linux: clock ticks since boot, from /proc) so that a recycled
  pid does not pass for the owner. A name reveals nothing of the target's name.
* **A record of the process's staging paths**, kept only in `$XDG_RUNTIME_DIR` (a tmpfs, in
  RAM, private to the user, emptied at logout and at boot). Output paths hold folder and file
  names that may be clients' names: they are never written to a disk in clear. An encrypted
  record on disk would need a key that outlives the killed process without sitting on the same
  disk; the OS keyring could hold it, but reaching it at every start (D-Bus, a session that may
  not exist in scripts or over SSH) is neither cheap nor reliable. Without a runtime folder
  there is no record.
* **Sweeps**: `sweep()` runs at the start of every command and of the desktop application and
  removes what the record of a dead process lists; `sweep_folder()` runs wherever a named
  staging file is about to be created and removes dead processes' staging files in that folder
  (this covers power loss, which empties the record, and systems without a runtime folder).

A sweep never removes a live process's file: it checks the owner by pid and start time (on
Windows, where neither is read here, nothing is treated as dead), and it removes only names of
the pattern above, whatever a record says.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import threading
from pathlib import Path

PREFIX = ".scelle-staging-"
_NAME = re.compile(r"\.scelle-staging-(\d+)-(\d+)-[0-9a-f]{24}\.part")
_RECORD = re.compile(r"(\d+)-(\d+)\.rec")
_RECORD_FOLDER = "scelle-outputs"

_own_tag: tuple[int, int] | None = None
_own_paths: set[str] = set()
_lock = threading.Lock()


def _start_time(pid: int) -> int | None:
    """The start time of `pid` (Linux), 0 where it cannot be read here, None if no such pid."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
    except FileNotFoundError:
        return None if os.path.isdir("/proc/self") else _exists_elsewhere(pid)
    except (OSError, IndexError):
        return 0
    try:
        return int(fields[19])  # field 22 of proc_pid_stat(5); fields here start at field 3
    except (IndexError, ValueError):
        return 0


def _exists_elsewhere(pid: int) -> int | None:
    """Without /proc: 0 if `pid` exists (or if that cannot be asked safely), None if not."""
    if sys.platform == "win32":
        return 0  # os.kill would terminate the process there: never treat one as dead
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except OSError:
        return 0  # exists, owned by someone else
    return 0


def process_tag() -> tuple[int, int]:
    """This process's (pid, start time), computed once (and again after a fork)."""
    global _own_tag, _own_paths
    if _own_tag is None or _own_tag[0] != os.getpid():
        if _own_tag is not None:
            _own_paths = set()  # a forked child owns none of its parent's files
        pid = os.getpid()
        _own_tag = (pid, _start_time(pid) or 0)
    return _own_tag


def is_alive(pid: int, start: int) -> bool:
    """Whether the process that named a staging file (pid, start time) may still run."""
    now = _start_time(pid)
    if now is None:
        return False
    return now == 0 or start == 0 or now == start


def staging_name() -> str:
    """A fresh staging name for this process (see the module docstring)."""
    pid, start = process_tag()
    return f"{PREFIX}{pid}-{start}-{os.urandom(12).hex()}.part"


def owner_of(name: str) -> tuple[int, int] | None:
    """The (pid, start) in a staging name, None if `name` is not one of ours."""
    match = _NAME.fullmatch(name)
    return None if match is None else (int(match[1]), int(match[2]))


# ---------------------------------------------------------------------------------------------
# The record, in the runtime folder


def record_folder(*, create: bool) -> Path | None:
    """`$XDG_RUNTIME_DIR/scelle-outputs` if the runtime folder is usable, else None.

    Usable: an absolute path to a folder of ours that nobody else may enter (what the XDG
    specification promises; anything else is not trusted with paths).
    """
    base = os.environ.get("XDG_RUNTIME_DIR", "")
    if not base or not os.path.isabs(base):
        return None
    try:
        info = os.stat(base)
    except OSError:
        return None
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o077):
        return None
    folder = Path(base) / _RECORD_FOLDER
    if create:
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=0o700)
    return folder if folder.is_dir() else None


def _record_path(folder: Path) -> Path:
    pid, start = process_tag()
    return folder / f"{pid}-{start}.rec"


def remember(path: Path) -> None:
    """Add `path` to this process's record, before the file is created (see `forget`).

    Best effort: a record that cannot be written (runtime folder full) does not stop the
    output; `sweep_folder` still finds the file the next time that folder is written to.
    """
    with _lock:
        process_tag()
        _own_paths.add(str(path))
        folder = record_folder(create=True)
        if folder is None:
            return
        try:
            fd = os.open(_record_path(folder), os.O_WRONLY | os.O_CREAT | os.O_APPEND
                         | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except OSError:
            return
        try:
            os.write(fd, os.fsencode(os.path.abspath(path)) + b"\0")
        except OSError:
            pass
        finally:
            os.close(fd)


def forget(path: Path) -> None:
    """`path` is gone or has its final name: out of the record (removed once it is empty)."""
    with _lock:  # outputs are written from several threads in the desktop application
        process_tag()
        _own_paths.discard(str(path))
        if _own_paths:
            return  # the record only grows; a sweep checks each entry before removing it
        folder = record_folder(create=False)
        if folder is not None:
            with contextlib.suppress(OSError):
                _record_path(folder).unlink(missing_ok=True)


def discard_own() -> int:
    """Remove this process's staging files still on record; how many were removed.

    For a process that is stopping (Ctrl-C, SIGTERM, SIGHUP, SIGQUIT) once its work has
    unwound: the exception a signal raises can land between a file's creation and the moment
    its owner holds it (or on another thread's write), so the owner never drops it. Anything
    still recorded then is a staging file nobody will name; only names of this process's
    pattern are removed."""
    removed = 0
    with _lock:
        own = process_tag()
        paths = list(_own_paths)
    for path in paths:
        if owner_of(os.path.basename(path)) == own:
            try:
                os.unlink(path)
                removed += 1
            except FileNotFoundError:
                pass  # not created yet, or already named and gone from here
            except OSError:
                continue  # left to the next sweep
        forget(Path(path))
    return removed


# ---------------------------------------------------------------------------------------------
# Sweeps


def _remove_if_stale(path: str, owner: tuple[int, int] | None = None) -> bool:
    """Remove `path` if it is a staging file (of `owner`, if given) whose process is gone."""
    found = owner_of(os.path.basename(path))
    if found is None or (owner is not None and found != owner) or is_alive(*found):
        return False
    try:
        os.unlink(path)  # never follows a link; a folder of that name raises and is left
    except OSError:
        return False
    return True


def sweep() -> int:
    """Remove the staging files that dead processes recorded; return how many were removed.

    Cheap when there is nothing to do (one listing of a small folder in RAM, usually empty).
    """
    folder = record_folder(create=False)
    if folder is None:
        return 0
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        match = _RECORD.fullmatch(entry.name)
        if match is None:
            continue
        owner = (int(match[1]), int(match[2]))
        if is_alive(*owner):
            continue
        try:
            with open(entry.path, "rb") as record:
                paths = [p for p in record.read().split(b"\0") if p]
        except OSError:
            continue
        removed += sum(_remove_if_stale(os.fsdecode(p), owner) for p in paths)
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
    return removed


def sweep_folder(folder: Path) -> int:
    """Remove dead processes' staging files from `folder`; return how many were removed."""
    try:
        names = [e.name for e in os.scandir(folder) if e.name.startswith(PREFIX)]
    except OSError:
        return 0
    return sum(_remove_if_stale(os.path.join(folder, n)) for n in names)
