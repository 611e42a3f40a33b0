"""relay/deposit_gate.py: at most `slots` deposits run Python at once, a deposit waiting for
the disk gives its place up, places go first come first served, and a deposit coming back
from the disk goes before the ones not started."""

from __future__ import annotations

import threading
import time

import pytest

from relay.deposit_gate import DepositGate, outside


def _wait_for(condition, what: str) -> None:  # noqa: ANN001
    deadline = time.monotonic() + 30
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.002)


def test_a_gate_needs_a_place() -> None:
    with pytest.raises(ValueError, match="at least one place"):
        DepositGate(0)


def test_outside_a_gate_does_nothing() -> None:
    with outside():  # the chunked path's commit and direct calls hold no place
        pass


def test_a_trip_waiting_for_the_disk_lets_another_run_then_comes_back_first() -> None:
    gate = DepositGate(1)
    order: list[str] = []
    on_disk, disk_done = threading.Event(), threading.Event()
    running: list[str] = []

    def first() -> None:
        order.append("first: python")
        with outside():
            on_disk.set()
            disk_done.wait(30)  # the fsync
        order.append("first: back")

    def blocked(name: str, started: threading.Event, go: threading.Event) -> None:
        running.append(name)
        started.set()
        go.wait(30)
        order.append(name)

    a_started, a_go = threading.Event(), threading.Event()
    threads = [threading.Thread(target=gate.run, args=(first,))]
    threads[0].start()
    on_disk.wait(30)
    # While the first waits for the disk, its place is free: a second trip runs.
    threads.append(threading.Thread(target=gate.run, args=(blocked, "a", a_started, a_go)))
    threads[1].start()
    assert a_started.wait(30)
    # A third one waits for a place; the first comes back from the disk and must go before it.
    b_started, b_go = threading.Event(), threading.Event()
    b_go.set()
    threads.append(threading.Thread(target=gate.run, args=(blocked, "b", b_started, b_go)))
    threads[2].start()
    _wait_for(lambda: len(gate._starting) == 1, "the third trip to queue")
    disk_done.set()
    _wait_for(lambda: len(gate._resuming) == 1, "the first trip to queue on its way back")
    assert running == ["a"]  # one place: nobody else runs while "a" holds it
    a_go.set()
    for thread in threads:
        thread.join(30)
    assert order == ["first: python", "a", "first: back", "b"]


def test_places_go_first_come_first_served_and_never_exceed_the_slots() -> None:
    gate = DepositGate(2)
    lock = threading.Lock()
    state = {"active": 0, "peak": 0}
    started: list[int] = []
    releases = [threading.Event() for _ in range(8)]

    def trip(index: int) -> int:
        with lock:
            state["active"] += 1
            state["peak"] = max(state["peak"], state["active"])
            started.append(index)
        releases[index].wait(30)
        with lock:
            state["active"] -= 1
        return index

    threads = []
    for index in range(8):
        threads.append(threading.Thread(target=gate.run, args=(trip, index)))
        threads[-1].start()
        if index >= 2:  # queue the rest one by one, so their order is known
            _wait_for(lambda n=index: len(gate._starting) == n - 1, "a trip to queue")
        else:
            _wait_for(lambda n=index: len(started) == n + 1, "a trip to start")
    # Free one place at a time and wait for the trip that takes it: which one starts is then
    # the gate's choice alone, not the order in which woken threads happen to be scheduled.
    for index in range(6):
        releases[index].set()
        _wait_for(lambda n=index: len(started) == n + 3, "the next trip to start")
        assert started[-1] == index + 2
    for event in releases:
        event.set()
    for thread in threads:
        thread.join(30)
    assert state["peak"] == 2
    assert started == list(range(8))


def test_an_error_in_a_trip_gives_its_place_back() -> None:
    gate = DepositGate(1)

    def fails() -> None:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        gate.run(fails)
    assert gate.run(lambda: 7) == 7
