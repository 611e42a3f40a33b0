"""PostgreSQL back end (psycopg 3): a small pool of connections, one transaction per use.

Statements are the same portable SQL as SQLite's; only the placeholder differs (`?` -> `%s`).
The repositories never put a literal `?` or `%` in SQL text, so the rewrite is safe.
"""

from __future__ import annotations

import hashlib
import queue
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg

from relay.db.base import Database, Row, Tx, plain_row
from relay.errors import DatabaseUnavailable

LOCK_TIMEOUT = "60s"  # a step on one upload takes seconds at most; longer means a stuck holder


def _pg(sql: str) -> str:
    return sql.replace("?", "%s")


def lock_key(name: str) -> int:
    """The 64-bit advisory lock key of a lock name (hashed: names are upload ids or words)."""
    digest = hashlib.sha256(b"scelle-relay lock\0" + name.encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class _PgTx(Tx):
    def __init__(self, conn: psycopg.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return self._conn.execute(_pg(sql), tuple(params)).rowcount

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        cursor = self._conn.execute(_pg(sql), tuple(params))
        return [plain_row(r) for r in cursor.fetchall()] if cursor.description else []


class PostgresDatabase(Database):
    dialect = "postgres"
    shared = True

    def __init__(self, url: str, pool_size: int = 8, lock_slots: int = 8) -> None:
        self._url = url
        self._idle: queue.LifoQueue[psycopg.Connection] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(pool_size)
        # Lock holders count apart from transactions: a holder runs transactions while it holds
        # its lock, and must never wait for a connection that another holder keeps.
        self._lock_slots = threading.BoundedSemaphore(lock_slots)
        self._closed = False
        self._put(self._connect())  # fail now, at start-up, if the database is unreachable

    def _connect(self) -> psycopg.Connection:
        try:
            return psycopg.connect(self._url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            # The URL may hold a password: name the problem, not the URL.
            raise DatabaseUnavailable("Cannot connect to the PostgreSQL database "
                                      f"({type(exc).__name__}).") from None

    def _put(self, conn: psycopg.Connection) -> None:
        if self._closed or conn.closed or conn.broken:
            conn.close()
        else:
            self._idle.put(conn)

    def _take(self) -> psycopg.Connection:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            return self._connect()

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        with self._slots:
            conn = self._take()
            try:
                with conn.transaction():
                    yield _PgTx(conn)
            finally:
                self._put(conn)

    @contextmanager
    def exclusive(self, name: str, *, wait: bool = True) -> Iterator[bool]:
        """A transaction-level advisory lock, held by an open transaction on a connection of
        its own: released by the commit, or by the server if this process dies. Transaction
        level (not session level) so that it also works through PgBouncer's transaction
        pooling, which pins a server connection only for a transaction."""
        with self._lock_slots:
            conn = self._take()
            try:
                with conn.transaction():
                    yield self._lock(conn, lock_key(name), wait)
            finally:
                self._put(conn)

    @staticmethod
    def _lock(conn: psycopg.Connection, key: int, wait: bool) -> bool:
        if not wait:
            row = conn.execute("SELECT pg_try_advisory_xact_lock(%s)", (key,)).fetchone()
            return bool(row and row[0])
        conn.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
        try:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (key,))
        except psycopg.errors.LockNotAvailable:
            raise DatabaseUnavailable("Another relay process holds this upload; try again.",
                                      retry_after=5) from None
        return True

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return
