"""The one storage interface both back ends implement: transactions running portable SQL.

Repositories (relay/db/repos_*.py) write SQL once, with `?` placeholders and integer epoch
seconds; each back end adapts placeholders and hands rows back as tuples of plain Python values
(bytes, never memoryview). Calls are synchronous: the app runs them in worker threads.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

Row = tuple[Any, ...]


class Tx(ABC):
    """One open transaction."""

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run a statement; return the number of rows it changed."""

    @abstractmethod
    def all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        ...

    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        rows = self.all(sql, params)
        return rows[0] if rows else None


class Database(ABC):
    dialect: str  # "sqlite" or "postgres"
    shared = False  # may several relay processes use this database at once?

    @abstractmethod
    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        """Commit when the block ends normally, roll back if it raises."""

    @contextmanager
    def exclusive(self, name: str, *, wait: bool = True) -> Iterator[bool]:
        """Hold the lock `name` against every relay process sharing this database.

        Yields True when held; with `wait=False`, yields False at once if another holds it.
        SQLite serves a single relay process (one per data folder), whose own in-memory locks
        already serialise its work, so the default holds nothing; PostgreSQL, which several
        processes may share, overrides it with an advisory lock."""
        yield True

    def sync(self) -> None:
        """Make every transaction committed so far durable (power loss included). Called
        before the relay signs or answers a promise: deposit, delivery, receipt, enrolment."""

    @abstractmethod
    def close(self) -> None:
        ...


def plain(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview) else value


def plain_row(row: Sequence[Any]) -> Row:
    return tuple(plain(v) for v in row)
