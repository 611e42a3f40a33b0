"""A larger lookaside allocator for each connection: why, and how it is switched on.

With ``cipher_memory_security = ON`` (storage/db/connection.py), SQLCipher's allocator calls
mlock(2) on every block SQLite allocates and munlock(2) when it frees it: two system calls of
3 to 8 µs each on the benchmark machine, and VMA splits and merges in the kernel. SQLite serves
most short-lived allocations (cursors, record buffers, bound values) from the connection's
*lookaside* pool instead, without calling the allocator. Its default pool (40 slots of 1200
bytes, carved into about 120 slots) is permanently held by the prepared statements that Python's
statement cache keeps, so in practice every cursor and record buffer fell through to
malloc + mlock: about 100 mlock/munlock pairs per imported file, 0.5 to 1 ms of system time.

`enlarge()` gives the connection `SLOTS` slots of `SLOT_SIZE` bytes (600 KiB): an import or a
search then allocates almost nothing outside the pool (measured high-water: about 440 slots
after an import of 400 files and a few searches). Security is unchanged in kind: the pool is one
allocation made through SQLCipher's allocator, so it is locked in memory (never swapped) for the
connection's life and wiped when the connection closes; SQLite reuses its slots as it already
did with the default pool, which SQLCipher keeps enabled.

SQLite exposes this only through `sqlite3_db_config(db, SQLITE_DBCONFIG_LOOKASIDE, …)` on the
connection's handle, which the Python module does not offer. The handle is the first field after
the object header of the module's Connection object (the layout of CPython's _sqlite module,
which sqlcipher3 follows); before using it we check that SQLite names the same database file
through it. If anything does not match (another layout, another platform's module), the default
pool stays: only speed is lost.
"""

from __future__ import annotations

import ctypes
import os
from pathlib import Path

import sqlcipher3

SLOT_SIZE = 1200  # SQLite's own default slot size
SLOTS = 500
_SQLITE_DBCONFIG_LOOKASIDE = 1001
_SQLITE_OK = 0


def _library() -> ctypes.CDLL | None:
    try:
        lib = ctypes.CDLL(sqlcipher3._sqlite3.__file__)  # the module's own, statically linked
        lib.sqlite3_db_filename.restype = ctypes.c_char_p
        lib.sqlite3_db_filename.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
        lib.sqlite3_db_config.restype = ctypes.c_int
        # Only the fixed arguments: ctypes then calls it as the variadic function it is
        # (the calling conventions differ on some platforms, e.g. macOS on arm64).
        lib.sqlite3_db_config.argtypes = [ctypes.c_void_p, ctypes.c_int]
        return lib
    except (OSError, AttributeError):
        return None


_LIB = _library()


def _handle(conn: sqlcipher3.Connection) -> int | None:
    offset = object.__basicsize__  # the object header; `sqlite3 *db` follows it
    if type(conn).__basicsize__ < offset + ctypes.sizeof(ctypes.c_void_p):
        return None
    return ctypes.c_void_p.from_address(id(conn) + offset).value


def enlarge(conn: sqlcipher3.Connection, path: Path) -> bool:
    """Give a freshly opened connection (no statement run yet) the larger lookaside pool;
    True if it was done. `path` is the database file it was opened on (the handle check)."""
    if _LIB is None:
        return False
    handle = _handle(conn)
    if not handle:
        return False
    name = _LIB.sqlite3_db_filename(handle, b"main")
    if not name or os.path.realpath(os.fsdecode(name)) != os.path.realpath(path):
        return False
    rc = _LIB.sqlite3_db_config(handle, _SQLITE_DBCONFIG_LOOKASIDE, ctypes.c_void_p(None),
                                ctypes.c_int(SLOT_SIZE), ctypes.c_int(SLOTS))
    return bool(rc == _SQLITE_OK)
