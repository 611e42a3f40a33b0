"""An event-loop lag probe for the GUI tests and bench/gui_lag.py.

A precise QTimer fires every 5 ms on the GUI thread; each firing notes how much later than
due it came. The largest delay is how long the GUI thread was kept from its event loop (a slow
slot, a model reset, a synchronous query, a signal storm): the window could not repaint or
take a key press for that long. Nothing here asserts a timing (a shared machine adds its own
delays); the tests record what they measured (`LagReport`) and docs/performance.md reports it.

    with lag_probe.measure("import"):
        drop(window, files)
        qtbot.waitUntil(done)
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer

INTERVAL_MS = 5
REPORT_ENV = "SCELLE_LAG_REPORT"  # where the tests write what they measured (JSON), if set
STACKS_ENV = "SCELLE_LAG_STACKS"  # a file: where the GUI thread was during each long delay
STALL_S = 0.03  # a delay this long has its GUI-thread stack noted (with SCELLE_LAG_STACKS)
STALL_MS_ENV = "SCELLE_LAG_STALL_MS"  # another threshold for the stacks, in ms
STACK_DEPTH = 24  # innermost frames written per sample


@dataclass
class Lag:
    """What one measured operation showed: its worst delay and how its delays spread."""

    worst_ms: float
    p99_ms: float
    ticks: int
    seconds: float
    # The most CPU the GUI thread itself used between two firings: the part of a delay that
    # is work on the GUI thread, as opposed to waiting for a core or the interpreter lock on a
    # busy machine (a long delay with little CPU is the machine, not the application).
    worst_busy_ms: float = 0.0


class LagProbe(QObject):
    """The 5 ms timer and what it saw since `start`."""

    def __init__(self) -> None:
        super().__init__()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0
        self._last_cpu = 0.0
        self._began = 0.0
        self._delays: list[float] = []
        self._busy = 0.0
        self._to_drop: list[object] = []  # references the stall watch hands back (see there)

    def start(self) -> None:
        self._delays = []
        self._busy = 0.0
        self._began = self._last = time.perf_counter()
        self._last_cpu = time.thread_time()
        self._timer.start()
        if os.environ.get(STACKS_ENV):
            self._watch = _StallWatch(self, threading.get_ident())
            self._watch.start()

    @property
    def last_tick(self) -> float:
        return self._last

    def drop_later(self, held: object) -> None:
        """Keep `held` until the GUI thread's next firing, which drops it (list.append and
        list.clear are atomic under the interpreter lock)."""
        self._to_drop.append(held)

    def _tick(self) -> None:
        if self._to_drop:
            self._to_drop.clear()
        now, cpu = time.perf_counter(), time.thread_time()
        self._delays.append(max(0.0, now - self._last - INTERVAL_MS / 1000))
        self._busy = max(self._busy, cpu - self._last_cpu)
        self._last, self._last_cpu = now, cpu

    def stop(self, operation: str = "") -> Lag:
        self._timer.stop()
        watch: _StallWatch | None = getattr(self, "_watch", None)
        if watch is not None:
            watch.finish(Path(os.environ[STACKS_ENV]), operation)
            self._watch = None
            self._to_drop.clear()
        # The time since the last firing counts too: an operation that blocks to its very end
        # would otherwise show no delay at all.
        now = time.perf_counter()
        delays = sorted([*self._delays, max(0.0, now - self._last - INTERVAL_MS / 1000)])
        busy = max(self._busy, time.thread_time() - self._last_cpu)
        p99 = delays[min(len(delays) - 1, int(len(delays) * 0.99))]
        return Lag(worst_ms=delays[-1] * 1000, p99_ms=p99 * 1000, ticks=len(self._delays),
                   seconds=now - self._began, worst_busy_ms=busy * 1000)


class _StallWatch(threading.Thread):
    """A diagnostic, not a measure: while the GUI thread keeps the timer from firing for
    `stall_s` or more, sample its stack every `INTERVAL_MS`, and write each stall's length and
    the distinct stacks seen during it, so that a long delay names its cause (several samples:
    one stack would show only where a long piece of work happened to be). It needs the
    interpreter lock to look, so a stall inside one long C call is seen as it ends."""

    def __init__(self, probe: LagProbe, gui_thread: int) -> None:
        super().__init__(daemon=True, name="lag-stall-watch")
        self._probe, self._gui = probe, gui_thread
        self._stop_event = threading.Event()
        self.stall_s = float(os.environ.get(STALL_MS_ENV, STALL_S * 1000)) / 1000
        self.stalls: list[tuple[float, dict[str, int]]] = []  # (length, stack -> samples)
        self._since = -1.0  # the last firing before the stall being sampled
        self._samples: dict[str, int] = {}

    def run(self) -> None:
        while not self._stop_event.wait(INTERVAL_MS / 1000):
            last = self._probe.last_tick
            if last != self._since:
                self._close_stall(last)
            if time.perf_counter() - last < self.stall_s:
                continue
            frames = sys._current_frames()
            frame = frames.get(self._gui)
            if frame is not None:
                self._since = last
                text = "".join(traceback.format_stack(frame, limit=STACK_DEPTH))
                self._samples[text] = self._samples.get(text, 0) + 1
            # Another thread's frame may end while held here: dropping the last reference on
            # this thread would free its locals here, and a slot's connection freed off the
            # GUI thread deadlocked PySide (Qt's connection lock against the interpreter's).
            # The GUI thread drops them at its next firing.
            self._probe.drop_later(frames)
            del frames, frame

    def _close_stall(self, ended: float) -> None:
        if self._samples:
            self.stalls.append((ended - self._since - INTERVAL_MS / 1000, self._samples))
        self._since, self._samples = -1.0, {}

    def finish(self, path: Path, operation: str) -> None:
        self._stop_event.set()
        self.join()
        self._close_stall(time.perf_counter())  # a stall lasting to the end counts too
        if not self.stalls:
            return
        with open(path, "a", encoding="utf-8") as out:
            for length, samples in self.stalls:
                out.write(f"=== {operation}: GUI thread held {length * 1000:.0f} ms, "
                          f"{sum(samples.values())} sample(s)\n")
                for text, count in sorted(samples.items(), key=lambda i: -i[1]):
                    out.write(f"--- {count} sample(s) in:\n{text}\n")


@dataclass
class LagReport:
    """The worst lag per operation over a test session (or a benchmark run)."""

    operations: dict[str, Lag] = field(default_factory=dict)
    probe: LagProbe | None = None

    @contextmanager
    def measure(self, operation: str) -> Iterator[None]:
        """Measure the block's event-loop lag under `operation`; the worst run is kept."""
        if self.probe is None:
            self.probe = LagProbe()
        self.probe.start()
        try:
            yield
        finally:
            lag = self.probe.stop(operation)
            known = self.operations.get(operation)
            if known is None or lag.worst_ms > known.worst_ms:
                self.operations[operation] = lag

    def to_json(self) -> dict[str, dict[str, float]]:
        return {name: asdict(lag) for name, lag in sorted(self.operations.items())}

    def write(self, path: Path) -> None:
        """Merge into `path` (several test modules or runs may write the same file), keeping
        the worst of each operation."""
        merged: dict[str, dict[str, float]] = {}
        if path.exists():
            merged = json.loads(path.read_text(encoding="utf-8"))
        for name, lag in self.to_json().items():
            if name not in merged or lag["worst_ms"] > merged[name]["worst_ms"]:
                merged[name] = lag
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(merged, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def report_path() -> Path | None:
    value = os.environ.get(REPORT_ENV)
    return Path(value) if value else None


_session = LagReport()


def session_report() -> LagReport:
    """The test session's report (the `lag_probe` fixture), also for helpers that take no
    fixture; tests/ui/conftest.py writes it at the end of the session."""
    return _session
