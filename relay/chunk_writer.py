"""One chunk of a chunked upload received in place, and the boot id its leaf records.

relay/blobs.py describes the upload's folder and why a leaf records the boot it was written
under. A chunk is written straight into the upload's `data` file at its offset (no chunk file,
no copy afterwards) by one request at a time, so several chunks of one upload can arrive at
once, in any order. The exclusion is a lock on the chunk's leaf record: an open file
description lock (Linux), which excludes other threads and other relay processes sharing the
folder and dies with its holder, so a killed relay leaves no chunk locked; plus a set per
process (the only exclusion where such locks do not exist).
"""

from __future__ import annotations

import ctypes
import fcntl
import hashlib
import os
import struct
import threading
import uuid
from collections.abc import Callable
from pathlib import Path

from crypto.content_digest import CONTENT_CHUNK, LEAF_SIZE

_BOOT_ID_FILE = Path("/proc/sys/kernel/random/boot_id")
RECORD_SIZE = LEAF_SIZE + 16  # a leaf and the boot it was written under
NO_BOOT_ID = bytes(16)


def _read_boot_id() -> bytes:
    """This boot's id (16 bytes); zeros where there is none, and then every chunk is re-checked
    at commit."""
    try:
        return uuid.UUID(_BOOT_ID_FILE.read_text().strip()).bytes
    except (OSError, ValueError):
        return NO_BOOT_ID


BOOT_ID = _read_boot_id()


def _libc_sync_file_range() -> Callable[[int, int, int, int], int] | None:
    try:
        function = ctypes.CDLL(None, use_errno=True).sync_file_range
    except (OSError, AttributeError):  # not Linux (or no such call): commit's fsync does it all
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function  # type: ignore[no-any-return]


_SYNC_FILE_RANGE = _libc_sync_file_range()
_SYNC_FILE_RANGE_WRITE = 2  # start writing the dirty pages out; do not wait for them


def start_writeback(fd: int, offset: int, size: int) -> None:
    """Ask the kernel to start writing [offset, offset+size) to disk now, without waiting.

    Not a durability step (commit's fsync is): it spreads the disk writes over the upload, so
    that the fsync before the deposit proof finds little left to write instead of a whole
    envelope's worth of dirty pages."""
    if _SYNC_FILE_RANGE is not None:
        _SYNC_FILE_RANGE(fd, offset, size, _SYNC_FILE_RANGE_WRITE)  # errors: harmless, ignored


class ChunkClaimed(Exception):
    """Another request (in this process or another sharing the folder) is receiving this
    chunk."""


_OFD_SETLK = getattr(fcntl, "F_OFD_SETLK", None)  # Linux; elsewhere the lock is per process
_HELD: set[tuple[str, int]] = set()  # the per-process half: (upload folder, chunk index)
_HELD_LOCK = threading.Lock()


def _lock_record(fd: int, position: int) -> None:
    """An exclusive lock on one leaf record, owned by this open file description: another
    thread or relay process asking for it fails at once; closing the file (or dying) frees it."""
    if _OFD_SETLK is None:
        return
    flock = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, position, RECORD_SIZE, 0)
    try:
        fcntl.fcntl(fd, _OFD_SETLK, flock)
    except (BlockingIOError, PermissionError):
        raise ChunkClaimed() from None


class IncomingChunk:
    """One chunk being received at `offset` of an upload, claimed by this request alone.

    Blocking methods, called from worker threads in this order: `forget` (the old leaf goes
    before any byte is overwritten), `write` as the body arrives (each piece written at its
    place and added to the digest), `keep` once the digest matched, and always `close`."""

    def __init__(self, folder: Path, offset: int) -> None:
        self.offset, self.size = offset, 0
        self.sha256 = hashlib.sha256()
        self._key = (str(folder), offset // CONTENT_CHUNK)
        self._record = offset // CONTENT_CHUNK * RECORD_SIZE
        with _HELD_LOCK:
            if self._key in _HELD:
                raise ChunkClaimed()
            _HELD.add(self._key)
        self._fds: list[int] = []
        try:
            flags = getattr(os, "O_CLOEXEC", 0)
            self._leaves = self._open(folder / "leaves", os.O_RDWR | os.O_CREAT | flags)
            _lock_record(self._leaves, self._record)
            self._data = self._open(folder / "data", os.O_WRONLY | flags)
        except BaseException:
            self.close()
            raise

    def _open(self, path: Path, flags: int) -> int:
        fd = os.open(path, flags, 0o600)
        self._fds.append(fd)
        return fd

    def forget(self) -> None:
        """Clear this chunk's leaf: until `keep`, its bytes count for nothing."""
        os.pwrite(self._leaves, bytes(RECORD_SIZE), self._record)

    def write(self, pieces: list[bytes]) -> None:
        """Write `pieces` (as received: no joining copy) at their place and hash them."""
        for piece in pieces:
            view = memoryview(piece)
            while view:
                written = os.pwrite(self._data, view, self.offset + self.size)
                self.sha256.update(view[:written])
                self.size += written
                view = view[written:]

    def keep(self) -> None:
        """The chunk matched its signed digest: record its leaf, start its writeback."""
        os.pwrite(self._leaves, self.sha256.digest() + BOOT_ID, self._record)
        start_writeback(self._data, self.offset, self.size)

    def close(self) -> None:
        for fd in self._fds:
            os.close(fd)
        self._fds.clear()
        with _HELD_LOCK:
            _HELD.discard(self._key)
