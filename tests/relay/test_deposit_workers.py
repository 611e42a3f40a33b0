"""Small deposits run their blocking trip in a bounded pool (`Relay.run_deposit`)."""

from __future__ import annotations

import threading
from pathlib import Path

import anyio
import pytest

from relay.app import build_relay
from relay.cli import main
from relay.config import Limits, RelayConfig


def test_default_is_one_worker_per_core_and_never_below_two() -> None:
    assert Limits().deposit_workers >= 2


def test_at_most_the_configured_number_of_trips_run_at_once(tmp_path: Path) -> None:
    relay = build_relay(RelayConfig(tmp_path / "data", limits=Limits(deposit_workers=2)))
    lock, release = threading.Lock(), threading.Event()
    state = {"active": 0, "peak": 0, "done": 0}

    def trip(index: int) -> int:
        with lock:
            state["active"] += 1
            state["peak"] = max(state["peak"], state["active"])
        release.wait(30)
        with lock:
            state["active"] -= 1
            state["done"] += 1
        return index

    async def scenario() -> list[int]:
        results: list[int] = []

        async def one(index: int) -> None:
            results.append(await relay.run_deposit(trip, index))

        async with anyio.create_task_group() as group:
            for index in range(6):
                group.start_soon(one, index)
            with anyio.fail_after(30):
                while state["active"] < 2:  # two trips are in their threads, waiting
                    await anyio.sleep(0.01)
            for _ in range(20):  # give the other four every chance to start (they must not)
                await anyio.sleep(0.005)
            assert state["active"] == 2 and state["done"] == 0
            release.set()
        return results

    try:
        assert sorted(anyio.run(scenario)) == list(range(6))
    finally:
        relay.db.close()
    assert state["peak"] == 2 and state["done"] == 6


def test_serve_refuses_a_pool_of_no_workers(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    status = main(["--data", str(tmp_path / "data"), "serve", "--deposit-workers", "0"])
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith("scelle-relay: error: ") and "--deposit-workers" in err
    assert not (tmp_path / "data").exists()  # refused before anything was created
