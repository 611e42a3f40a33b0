"""One SQLCipher 4 connection to `vault.db`, configured the way the vault needs it.

Settings and why:

* ``PRAGMA key = "x'…'"``: a raw 256-bit key (derived from the VMK by HKDF), so SQLCipher runs
  no PBKDF2 of its own; ``cipher_compatibility = 4`` pins the page format so a future SQLCipher
  with other defaults still opens (and writes) this file the same way.
* ``cipher_memory_security = ON``: SQLCipher locks and wipes the memory it allocates.
* ``secure_delete = ON``: deleted rows and freed pages are overwritten with zeros, which is what
  makes deleting a document's key row a crypto-shred.
* ``temp_store = MEMORY``: sorts and temporary b-trees never spill to an on-disk temp file.
* ``cache_size`` 32 MiB: decrypted pages stay cached (SQLCipher cannot use mmap).
* a lookaside pool of 600 KiB (storage/db/lookaside.py): with memory security on, every
  allocation outside that pool costs an mlock and an munlock system call.
* ``foreign_keys = ON``, ``trusted_schema = OFF``.
* ``journal_mode = WAL`` with ``synchronous = FULL``: a commit is one fsync of the WAL (imports of
  many files commit twice per file), readers never see a half transaction, and FULL makes every
  commit durable before we act on it, which the blob journal relies on (a blob is renamed into
  place only after the row announcing it is on disk). ``journal_size_limit = 0`` plus an explicit
  ``wal_checkpoint(TRUNCATE)`` after every shred and at close keep old page images (including
  shredded keys) from lingering in the live WAL file.

WAL is switched on only by `enable_writes()`, after the caller has checked the schema version:
that pragma rewrites the file header, and a newer vault must be left untouched.

A `Database` may be shared between threads: every statement and transaction runs under one
re-entrant lock, so a worker's import and the GUI's queries interleave between statements.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3

from storage.db import lookaside
from storage.db.errors import (
    DatabaseError,
    DatabaseKeyError,
    MissingDatabaseError,
    NotAVaultDatabaseError,
)

KEY_LEN = 32
PAGE_SIZE = 4096  # SQLCipher 4 default, pinned by cipher_compatibility = 4
_SQLITE_MAGIC = b"SQLite format 3\x00"

Row = sqlcipher3.Row
SQLError = sqlcipher3.Error


class Database:
    """A keyed, configured connection. Build with `Database.open()`."""

    def __init__(self, conn: sqlcipher3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._lock = threading.RLock()
        self._depth = 0
        self.large_lookaside = False  # see storage/db/lookaside.py

    # -- opening ------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path, key: bytes, *, create: bool = False) -> Database:
        """Open (or with `create`, make) `path` with `key`; read-only settings only.

        Raises `NotAVaultDatabaseError` for a file that cannot be one of ours, `DatabaseKeyError`
        when the key does not decrypt it. Nothing is written to an existing file here.
        """
        if len(key) != KEY_LEN:
            raise ValueError("the database key must be 32 bytes")
        if create:
            _create_private(path)
        else:
            _precheck_file(path)
        conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
        pooled = lookaside.enlarge(conn, path)  # before any statement: the pool must be unused
        try:
            _configure(conn, key)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError:
            conn.close()
            raise DatabaseKeyError() from None
        conn.row_factory = sqlcipher3.Row
        db = cls(conn, path)
        db.large_lookaside = pooled
        return db

    def enable_writes(self) -> None:
        """Switch on WAL and durable commits (rewrites the file header; see module doc)."""
        with self._lock:
            mode = self._conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise DatabaseError("The vault database could not switch to its journal mode.")
            self._conn.execute("PRAGMA synchronous = FULL")
            self._conn.execute("PRAGMA journal_size_limit = 0")

    # -- statements ---------------------------------------------------------------------------
    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlcipher3.Cursor:
        with self._lock:
            return self._conn.execute(sql, params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._lock:
            self._conn.executemany(sql, rows)

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def query_one(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Row | None:
        with self._lock:
            return self._conn.execute(sql, params).fetchone()

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        row = self.query_one(sql, params)
        return None if row is None else row[0]

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """A write transaction (BEGIN IMMEDIATE … COMMIT, ROLLBACK on any exception).

        Re-entrant: an inner `transaction()` joins the outer one, so a service can call another
        service's helpers and still commit once. The lock is held throughout, so other threads
        wait rather than see or join it.
        """
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self
                finally:
                    self._depth -= 1
                return
            self._conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self
            except BaseException:
                self._depth = 0
                if self._conn.in_transaction:  # SQLite may already have rolled back (disk full)
                    self._conn.execute("ROLLBACK")
                raise
            self._depth = 0
            self._conn.execute("COMMIT")

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    # -- maintenance --------------------------------------------------------------------------
    def schema_version(self) -> int:
        return int(self.scalar("PRAGMA user_version"))

    def checkpoint(self) -> bool:
        """Copy the WAL into the database and truncate it to zero bytes; True if complete."""
        with self._lock:
            if self._depth:
                raise RuntimeError("checkpoint inside a transaction")
            busy, _log, _done = self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            return busy == 0

    def close(self, *, checkpoint: bool = True) -> None:
        """Close; by default first fold the WAL into the database and truncate it."""
        with self._lock:
            if self._conn is not None:
                try:
                    if checkpoint:
                        self.checkpoint()
                finally:
                    self._conn.close()
                    self._conn = None  # type: ignore[assignment]

    @property
    def closed(self) -> bool:
        return self._conn is None


def _configure(conn: sqlcipher3.Connection, key: bytes) -> None:
    # Logging off first: SQLCipher otherwise prints "hmac check failed" noise to stderr on a
    # wrong key; the error itself reaches the caller as DatabaseKeyError.
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute("PRAGMA cipher_memory_security = ON")
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("PRAGMA cipher_compatibility = 4")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA trusted_schema = OFF")
    # 32 MiB of page cache: every page read from disk costs a decryption, and search walks the
    # same index pages again and again (SQLCipher cannot use mmap).
    conn.execute("PRAGMA cache_size = -32768")


def _create_private(path: Path) -> None:
    """Make the empty file SQLCipher then initialises, 0600 whatever the umask: SQLite would
    create it 0644 minus the umask, and it gives its -wal and -shm files the database's mode."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        if os.name == "posix":
            os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def _precheck_file(path: Path) -> None:
    """Recognise files that cannot be a SQLCipher database before trying the key on them."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
    except FileNotFoundError:
        raise MissingDatabaseError() from None
    except OSError as exc:
        raise DatabaseError(f"The vault database could not be read ({exc.strerror}).") from None
    if head == _SQLITE_MAGIC:
        raise NotAVaultDatabaseError("it is an unencrypted SQLite file")
    if size == 0:
        raise NotAVaultDatabaseError("it is empty")
    if size % PAGE_SIZE:
        raise NotAVaultDatabaseError("its size is not a whole number of pages; it may be truncated")
