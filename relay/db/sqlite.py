"""SQLite back end: one file in the data dir, one connection shared under a lock (WAL mode).

A single process serves the relay, so one serialised connection is both correct and fast enough
for metadata (blobs never go through the database).

Durability: `synchronous=NORMAL`, so a commit costs no fsync while the lock is held (nonces,
upload progress: a power loss may undo the last of them, which the protocol survives: a client
resumes from the offset the relay reports). What the relay promises (deposit, delivery,
receipts, enrolment) is followed by `sync()`, an fsync of the write-ahead log, before the
answer leaves: exactly what `synchronous=FULL` does at every commit, paid only where it counts.

Group commit: `sync()` callers that arrive while an fsync runs wait for it, then find their
commit already covered by the next one (or by a later caller's), so concurrent deposits share
one fsync of the log instead of queueing one each.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from relay.db.base import Database, Row, Tx, plain_row
from relay.deposit_gate import outside


class _SqliteTx(Tx):
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return self._conn.execute(sql, tuple(params)).rowcount

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return [plain_row(r) for r in self._conn.execute(sql, tuple(params)).fetchall()]


def _create_private(path: Path) -> None:
    """Create the database file 0600 (it holds identity cards: private to the relay).

    Only when it does not exist: opening and closing an existing database file would drop every
    POSIX lock SQLite holds on it in this process (closing any descriptor of a file releases the
    process's locks on it), which lets another connection write under it and corrupt it."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass


class SqliteDatabase(Database):
    dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        _create_private(path)
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None,
                                     timeout=30)
        self._lock = threading.RLock()
        self._wal = Path(f"{path}-wal")
        self._sync_lock = threading.Lock()
        self._committed = 0  # commits so far (under _lock)
        self._synced = 0  # commits known durable (under _sync_lock)
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL",
                       "secure_delete=ON"):
            self._conn.execute(f"PRAGMA {pragma}")

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield _SqliteTx(self._conn)
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
            self._committed += 1

    def sync(self) -> None:
        # Plain reads of an int: our own commits are counted (same thread), and a count read a
        # little low only makes the fsync cover less than it could, never less than claimed.
        mine = self._committed  # every commit up to here must be durable when we return
        with outside(), self._sync_lock:  # a wait for the disk: another deposit may run
            if self._synced >= mine:
                return  # an fsync that started after our commit already covered it
            upto = self._committed  # commits written to the log before this fsync starts
            self._fsync_log()
            self._synced = upto

    def _fsync_log(self) -> None:
        try:
            fd = os.open(self._wal, os.O_RDONLY)
        except FileNotFoundError:
            return  # checkpointed and removed: everything is in the database file, synced
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def close(self) -> None:
        with self._lock:
            self._conn.close()
