"""Time sources. The server takes a clock so that tests can move time instead of waiting."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Seconds since the epoch (UTC)."""


class SystemClock:
    def now(self) -> float:
        return time.time()


class ManualClock:
    """A clock that moves only when told to (tests); safe to share with the server's threads."""

    def __init__(self, start: float | None = None) -> None:
        self._now = float(int(time.time()) if start is None else start)
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += seconds


def seconds(clock: Clock) -> int:
    """Whole seconds: every time the relay stores or signs is to the second."""
    return int(clock.now())


def as_datetime(epoch_seconds: int) -> datetime:
    return datetime.fromtimestamp(epoch_seconds, UTC)
