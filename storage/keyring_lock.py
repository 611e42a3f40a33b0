"""A per-user OS file lock for one keyring entry (the TOTP gate state of one slot).

The OS keyring has no transactions: two processes that each read an entry, decide, and write it
back can lose each other's update. Every read → check → write of a TOTP gate state is therefore
done while holding an exclusive lock on a small file of this user's, one file per keyring entry:
`flock` on POSIX, `msvcrt.locking` on Windows. Every process of this user that opens the vault,
whatever folder or copy of the vault it was given, takes the same file, because the file is named
after the keyring entry (a hash of `<vault id>:<slot id>`), not after the vault folder.

Where the lock files live (created 0700, files 0600, whatever the umask):
- Linux and other POSIX: `$XDG_RUNTIME_DIR/scelle` (a private tmpfs), else
  `${XDG_STATE_HOME:-~/.local/state}/scelle/locks`;
- macOS: `~/Library/Caches/Scelle/locks`;
- Windows: `%LOCALAPPDATA%\\Scelle\\locks`.

The files hold nothing; a lock is released when its holder closes the file or dies, so a
crashed process never leaves the vault locked.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from crypto.errors import ScelleError


class KeyringLockError(ScelleError):
    """The lock file that serialises TOTP checks could not be created or locked."""


def default_lock_dir() -> Path:
    """This user's folder for keyring-entry locks (see the module's documentation)."""
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "Scelle" / "locks"
    if sys.platform == "darwin":  # pragma: no cover - exercised on macOS builds only
        return Path.home() / "Library" / "Caches" / "Scelle" / "locks"
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isabs(runtime) and os.path.isdir(runtime):
        return Path(runtime) / "scelle"
    state = os.environ.get("XDG_STATE_HOME")
    base = Path(state) if state and os.path.isabs(state) else Path.home() / ".local" / "state"
    return base / "scelle" / "locks"


def lock_file_name(username: str) -> str:
    """The lock file of one keyring entry: a hash, so the name carries no path characters."""
    return "totp-" + hashlib.sha256(username.encode("utf-8")).hexdigest()[:32] + ".lock"


def _private_dir(path: Path) -> None:
    """Create `path` (and its parents) and make the last folder 0700 whatever the umask."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = path.lstat()
        if not stat.S_ISDIR(info.st_mode):
            raise KeyringLockError(f"The lock folder {path} is not a folder.")
        if os.name == "posix" and stat.S_IMODE(info.st_mode) != 0o700:
            os.chmod(path, 0o700)
    except OSError as exc:
        raise KeyringLockError(
            f"Could not create the lock folder {path} ({exc.strerror or type(exc).__name__})."
        ) from exc


def _open_lock_file(path: Path) -> int:
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except OSError as exc:
        raise KeyringLockError(
            f"Could not open the lock file {path} ({exc.strerror or type(exc).__name__})."
        ) from exc
    if os.name == "posix":
        os.fchmod(fd, 0o600)  # the umask may have removed bits, never added: set it exactly
    return fd


@contextmanager
def entry_lock(username: str, lock_dir: Path | None = None) -> Iterator[None]:
    """Hold the exclusive lock of one keyring entry; waits while another process holds it."""
    folder = lock_dir if lock_dir is not None else default_lock_dir()
    _private_dir(folder)
    fd = _open_lock_file(folder / lock_file_name(username))
    try:
        _lock_fd(fd)
        try:
            yield
        finally:
            _unlock_fd(fd)
    finally:
        os.close(fd)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
    import msvcrt

    def _lock_fd(fd: int) -> None:
        while True:  # LK_LOCK retries for about 10 s, then raises EDEADLOCK: keep waiting
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
                return
            except OSError as exc:
                if exc.errno not in (errno.EDEADLOCK, errno.EACCES):
                    raise KeyringLockError(f"Could not lock a TOTP lock file ({exc}).") from exc

    def _unlock_fd(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock_fd(fd: int) -> None:
        # flock, not POSIX record locks: two handles inside one process conflict too, so two
        # threads of the GUI serialise exactly as two processes do.
        fcntl.flock(fd, fcntl.LOCK_EX)

    def _unlock_fd(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
