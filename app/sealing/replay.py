"""A replay guard kept in a file, for use without a vault.

The file never holds a message id in clear: each accepted id is stored as
HMAC-SHA256(key, message_id), the key being derived from the identity's Ed25519 secret key with
HKDF-SHA256 (no salt, info "scelle/v1 replay guard"). Someone who reads the file learns how many
messages were opened, not which ones (ids travel with the sealed files and the relay's records).

Format: the line "scelle-seen/1", then one lowercase-hex HMAC per line. Appends are flushed and
synced before `record` returns; writers take an exclusive lock where the platform offers one.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
from collections.abc import Iterator
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from crypto.errors import ScelleError
from crypto.identity import PrivateIdentity

MAGIC = b"scelle-seen/1\n"
_INFO = b"scelle/v1 replay guard"
_ENTRY_LEN = 64


class ReplayGuardError(ScelleError):
    """The list of already-opened messages cannot be read or written."""


def replay_key(identity: PrivateIdentity) -> bytes:
    seed = identity.signing_key.private_bytes_raw()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(seed)


def default_path(identity_path: str | Path) -> Path:
    """Beside the identity file: `<identity file>.seen`."""
    path = Path(identity_path)
    return path.with_name(path.name + ".seen")


@contextlib.contextmanager
def _locked(fd: int) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # Windows: appends of one short line are effectively atomic
        yield
        return
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)


class FileReplayGuard:
    """Implements the `ReplayGuard` protocol of crypto.sealed.reader over a 0600 file."""

    def __init__(self, path: str | Path, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("the replay-guard key must be 32 bytes")
        self.path = Path(path)
        self._key = key

    @classmethod
    def for_identity(cls, identity: PrivateIdentity, path: str | Path) -> FileReplayGuard:
        return cls(path, replay_key(identity))

    def _entry(self, message_id: bytes) -> bytes:
        return hmac.new(self._key, message_id, hashlib.sha256).hexdigest().encode("ascii")

    def _entries(self, data: bytes) -> set[bytes]:
        if MAGIC.startswith(data):  # empty, or the first write was cut short
            return set()
        if not data.startswith(MAGIC):
            raise ReplayGuardError("The list of already-opened messages is not in the expected "
                                   "format; it was left untouched.")
        lines = data[len(MAGIC):].split(b"\n")
        # A line cut short by a crash during an append is ignored; every other must be an entry.
        complete, last = lines[:-1], lines[-1]
        if any(len(line) != _ENTRY_LEN for line in complete) or len(last) > _ENTRY_LEN:
            raise ReplayGuardError("The list of already-opened messages is damaged.")
        return set(complete)

    def seen(self, message_id: bytes) -> bool:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return False
        except OSError:
            raise ReplayGuardError("The list of already-opened messages cannot be read.") from None
        return self._entry(message_id) in self._entries(data)

    def record(self, message_id: bytes) -> None:
        entry = self._entry(message_id)
        flags = os.O_RDWR | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0)
        try:
            fd = os.open(self.path, flags, 0o600)
        except OSError:
            raise ReplayGuardError("The list of already-opened messages cannot be written.") \
                from None
        try:
            with _locked(fd):
                data = _read_all(fd)
                if entry in self._entries(data):
                    return
                if not data.endswith(b"\n"):
                    # Drop a line cut short by an earlier crash (or an incomplete first line).
                    keep = data.rfind(b"\n") + 1
                    data = data[:keep] if keep >= len(MAGIC) else b""
                    os.ftruncate(fd, len(data))
                os.write(fd, (b"" if data else MAGIC) + entry + b"\n")
                os.fsync(fd)
        except OSError:
            raise ReplayGuardError("The list of already-opened messages cannot be written.") \
                from None
        finally:
            os.close(fd)


def _read_all(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    parts = []
    while chunk := os.read(fd, 1 << 16):
        parts.append(chunk)
    return b"".join(parts)
