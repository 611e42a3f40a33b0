"""The gate that bounds how many small deposits run Python at once (`Limits.deposit_workers`),
and that a deposit leaves while it waits for the disk.

A small deposit's blocking trip (relay/deposit.py `_at_once`) is mostly Python under the
interpreter lock, with three waits for the disk in the middle: the envelope's fsync, its
folder's, and the database log's (relay/deposit_store.py `store`). Run 32 of them in 32 threads
and each waits behind the others for the lock and the switches between them, so every deposit
takes as long as the slowest; run them in a pool of one thread per core and the pool sits idle
while its threads wait for fsync, which is what throttled a loaded machine, where an fsync takes
longer. So the trip runs in a thread of its own but holds one of `slots` places while it runs
Python, and gives its place up while it waits for the disk (`outside`).

Places are handed over first come, first served, directly from the thread that gives one up to
the longest waiter, so no deposit overtakes another; a deposit coming back from the disk goes
before any that has not started, so deposits already begun finish first (lower latency, and
the number of half-done deposits stays small).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")

_held = threading.local()  # the gate the current thread holds a place in, if any


class DepositGate:
    def __init__(self, slots: int) -> None:
        if slots < 1:
            raise ValueError("A deposit gate needs at least one place.")
        self._lock = threading.Lock()
        self._free = slots
        self._resuming: deque[threading.Lock] = deque()  # back from the disk: served first
        self._starting: deque[threading.Lock] = deque()

    def _acquire(self, *, resuming: bool) -> None:
        with self._lock:
            if self._free and not self._resuming and not self._starting:
                self._free -= 1
                return
            waiter = threading.Lock()
            waiter.acquire()
            (self._resuming if resuming else self._starting).append(waiter)
        waiter.acquire()  # released by `_release`, which hands this thread its place

    def _release(self) -> None:
        with self._lock:
            queue = self._resuming or self._starting
            if queue:
                queue.popleft().release()  # the place goes straight to the next in line
            else:
                self._free += 1

    def run(self, func: Callable[..., T], *args: object) -> T:
        """Blocking: `func(*args)` holding a place (call it from a worker thread)."""
        self._acquire(resuming=False)
        _held.gate = self
        try:
            return func(*args)
        finally:
            _held.gate = None
            self._release()


@contextmanager
def outside() -> Iterator[None]:
    """Give the current thread's place up for the block (a wait for the disk, which needs no
    interpreter lock), then take it back ahead of deposits not yet started. Does nothing in a
    thread that holds no place (the chunked path's commit, the tests' direct calls)."""
    gate: DepositGate | None = getattr(_held, "gate", None)
    if gate is None:
        yield
        return
    _held.gate = None
    gate._release()
    try:
        yield
    finally:
        gate._acquire(resuming=True)
        _held.gate = gate
