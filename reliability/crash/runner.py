"""The kill loop: per operation, measure its duration, then run it again and again, each time
killed (SIGKILL or SIGTERM, alternately) at a moment drawn uniformly over that duration, and
judge the state it left.

Draws are seeded per operation and per iteration (`random.Random(f"{seed}:{op}:{i}")`): the same
seed gives the same fractions of the measured duration whatever operations are chosen.
"""

from __future__ import annotations

import random
import shutil
import signal
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from reliability.crash.checks import Verdict
from reliability.crash.world import World

SIGNALS = (signal.SIGKILL, signal.SIGTERM)
CALIBRATION_RUNS = 3
TERM_GRACE = 60  # seconds a SIGTERMed child may take to stop before it counts as hung


@dataclass
class Case:
    """One iteration's material: its folder, the command to kill and what the checks need."""

    folder: Path
    argv: list[str]
    vault: Path
    data: dict[str, object] = field(default_factory=dict)


class Operation(Protocol):
    name: str

    def prepare(self, world: World) -> None:
        """Build the templates (once per run)."""

    def setup(self, world: World, folder: Path) -> Case:
        """A fresh case (a copy of the template) for one run of the command."""

    def verify(self, world: World, case: Case, verdict: Verdict) -> None:
        """The next command and the checks, after the command was killed (or finished).
        An operation may also define `run_and_kill(world, case, delay, sig)` to kill something
        other than its command (the relay server)."""


@dataclass
class Outcome:
    iteration: int
    signal: str
    fraction: float
    delay: float
    exited_first: bool  # the command ended before the signal was sent
    seconds: float
    failures: list[str]


@dataclass
class OpReport:
    name: str
    duration: float  # median of the uninterrupted runs, seconds
    outcomes: list[Outcome] = field(default_factory=list)


def _kill(proc: subprocess.Popen[bytes], delay: float, sig: signal.Signals) -> tuple[bool, str]:
    """Send `sig` at `delay` seconds after the start, unless the child ended first; returns
    (ended before the signal, a failure text or '')."""
    started = _start_ticks(proc.pid)  # not reaped yet: alive or a zombie, its /proc entry holds
    try:
        proc.wait(timeout=delay)
        exited = True
    except subprocess.TimeoutExpired:
        exited = False
        proc.send_signal(sig)
    problem = ""
    try:
        err = proc.communicate(timeout=TERM_GRACE)[1]
    except subprocess.TimeoutExpired:
        problem = f"still running {TERM_GRACE} s after {sig.name}"
        err = b""
    _reap_group(proc, started)
    if b"Traceback" in err:
        problem = problem or "Python traceback on stderr: " + err.decode("utf-8", "replace")[-300:]
    return exited, problem


def _reap_group(proc: subprocess.Popen[bytes], started: int | None) -> None:
    """Whatever the child started dies with it (its session is its own).

    Once the child is reaped its pid, and so the number of its group, may be given to another
    process that leads a group of its own (pids wrap during the suite; other workers start
    session leaders): killing the group by number could kill another test's processes. So only
    the processes of the group that started after the child are killed."""
    import os

    if started is None:
        proc.wait()
        return
    for pid in _group_members(proc.pid):
        ticks = _start_ticks(pid)
        if ticks is not None and ticks >= started:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
    proc.wait()


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()  # after the command name, which may hold spaces


def _start_ticks(pid: int) -> int | None:
    fields = _stat_fields(pid)
    return int(fields[19]) if fields else None  # field 22 of proc(5): start time, in ticks


def _group_members(pgid: int) -> list[int]:
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat_fields(int(entry.name))
            if fields and int(fields[2]) == pgid:  # field 5 of proc(5): the process group
                members.append(int(entry.name))
    return members


def _run_uninterrupted(world: World, case: Case) -> None:
    proc = world.start(case.argv)
    _out, err = proc.communicate(timeout=300)
    if proc.returncode != 0:
        raise RuntimeError(f"the uninterrupted command failed: "
                           f"{err.decode('utf-8', 'replace').strip()[-400:]}")


def calibrate(world: World, op: Operation) -> float:
    """Median wall time of uninterrupted runs; each must succeed and pass the checks."""
    times = []
    for run in range(CALIBRATION_RUNS):
        folder = world.root / "work" / f"{op.name}-calibration-{run}"
        case = op.setup(world, folder)
        start = time.monotonic()
        _run_uninterrupted(world, case)
        times.append(time.monotonic() - start)
        verdict = Verdict()
        op.verify(world, case, verdict)
        if not verdict.ok:
            raise RuntimeError(f"{op.name}: checks fail without any kill: {verdict.failures}")
        shutil.rmtree(folder, ignore_errors=True)
        world.clear_scratch()
    return statistics.median(times)


def one_kill(world: World, op: Operation, report: OpReport, i: int, seed: int) -> Outcome:
    """Iteration `i`: set up, start, kill at the drawn moment, check."""
    fraction = random.Random(f"{seed}:{op.name}:{i}").random()
    sig = SIGNALS[i % 2]
    delay = fraction * report.duration
    started = time.monotonic()
    folder = world.root / "work" / f"{op.name}-{i}"
    verdict = Verdict()
    exited = False
    # Any error is this iteration's failure, reported with the others: the run goes on.
    try:
        case = op.setup(world, folder)
        custom = getattr(op, "run_and_kill", None)
        if custom is not None:
            exited, problem = custom(world, case, delay, sig)
        else:
            exited, problem = _kill(world.start(case.argv), delay, sig)
        if problem:
            verdict.fail(problem)
        op.verify(world, case, verdict)
    except Exception as error:  # noqa: BLE001 - a harness error is reported, not hidden
        verdict.fail(f"error during the iteration: {type(error).__name__}: {error}")
    shutil.rmtree(folder, ignore_errors=True)
    world.clear_scratch()
    return Outcome(i, sig.name, fraction, delay, exited, time.monotonic() - started,
                   verdict.failures)


def run_operations(world: World, ops: list[Operation], kills: int, seed: int,
                   deadline: float | None = None, log: Callable[[str], None] = print,
                   duration: float | None = None) -> list[OpReport]:
    """Prepare and measure every operation, then kill them in turn (iteration 0 of each, then
    1…), so that a run stopped by `deadline` (time.monotonic()) leaves similar counts. A given
    `duration` replaces the measurement (the short run in the test suite)."""
    reports = []
    for op in ops:
        op.prepare(world)
        reports.append(OpReport(op.name, duration or calibrate(world, op)))
        log(f"{op.name}: uninterrupted run {reports[-1].duration:.2f} s; seed {seed}")
    for i in range(kills):
        for op, report in zip(ops, reports):
            if deadline is not None and time.monotonic() > deadline:
                log(f"deadline reached before iteration {i} of {op.name}")
                return reports
            outcome = one_kill(world, op, report, i, seed)
            report.outcomes.append(outcome)
            if outcome.failures:
                log(f"  FAIL {op.name} #{i} {outcome.signal} at {outcome.delay:.3f} s "
                    f"({outcome.fraction:.4f}): " + " | ".join(outcome.failures)[:3000])
    return reports
