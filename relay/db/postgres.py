"""PostgreSQL back end (psycopg 3): a small pool of connections, one transaction per use.

Statements are the same portable SQL as SQLite's; only the placeholder differs (`?` -> `%s`).
The repositories never put a literal `?` or `%` in SQL text, so the rewrite is safe.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg

from relay.db.base import Database, Row, Tx, plain_row
from relay.errors import DatabaseUnavailable


def _pg(sql: str) -> str:
    return sql.replace("?", "%s")


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

    def __init__(self, url: str, pool_size: int = 8) -> None:
        self._url = url
        self._idle: queue.LifoQueue[psycopg.Connection] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(pool_size)
        self._closed = False
        self._put(self._connect())  # fail now, at start-up, if the database is unreachable

    def _connect(self) -> psycopg.Connection:
        try:
            return psycopg.connect(self._url, autocommit=True)
        except psycopg.Error as exc:
            # The URL may hold a password: name the problem, not the URL.
            raise DatabaseUnavailable("Cannot connect to the PostgreSQL database "
                                      f"({type(exc).__name__}).") from None

    def _put(self, conn: psycopg.Connection) -> None:
        if self._closed or conn.closed or conn.broken:
            conn.close()
        else:
            self._idle.put(conn)

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        with self._slots:
            try:
                conn = self._idle.get_nowait()
            except queue.Empty:
                conn = self._connect()
            try:
                with conn.transaction():
                    yield _PgTx(conn)
            finally:
                self._put(conn)

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return
