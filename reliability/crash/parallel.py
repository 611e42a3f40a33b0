"""Operations by name, and the run spread over worker processes (`--jobs`): each worker has its
own world (folders, SoftHSM2 token, relays) and runs its share of the operations in turn."""

from __future__ import annotations

import multiprocessing
import shutil
import tempfile
import time
from pathlib import Path

from reliability.crash.runner import OpReport, Operation, run_operations
from reliability.crash.world import World


def operations() -> dict[str, type]:
    from reliability.crash.relay_ops import RELAY_OPERATIONS
    from reliability.crash.vault_ops import VAULT_OPERATIONS

    return {op.name: op for op in (*VAULT_OPERATIONS, *RELAY_OPERATIONS)}


def worker(names: list[str], kills: int, seed: int, deadline: float | None,
           keep: bool) -> list[OpReport]:
    """One process: its own world (folders, SoftHSM2 token, relays) for `names`, in turn."""
    known = operations()
    folder = Path(tempfile.mkdtemp(prefix="scelle-crash-"))
    world = World(folder)
    try:
        ops: list[Operation] = [known[name]() for name in names]
        return run_operations(world, ops, kills, seed, deadline,
                              log=lambda s: print(s, flush=True))
    finally:
        world.close()
        if keep:
            print(f"work folder kept: {folder}", flush=True)
        else:
            shutil.rmtree(folder, ignore_errors=True)


def run(chosen: list[str], kills: int, seed: int, jobs: int, minutes: float | None,
        keep: bool) -> list[OpReport]:
    deadline = time.monotonic() + minutes * 60 if minutes else None
    groups = [chosen[j::jobs] for j in range(jobs) if chosen[j::jobs]]
    if len(groups) == 1:
        return worker(groups[0], kills, seed, deadline, keep)
    # time.monotonic() is system-wide on Linux: the workers share the deadline.
    context = multiprocessing.get_context("spawn")
    with context.Pool(len(groups)) as pool:
        parts = pool.starmap(worker, [(g, kills, seed, deadline, keep) for g in groups])
    by_name = {r.name: r for part in parts for r in part}
    return [by_name[name] for name in chosen if name in by_name]


