"""How far a job is and how long it has left, for the progress lines: "acte.pdf — 42 % —
about 2 min left".

`RateEstimator` turns `progress(done, total)` reports into a percentage and a time left. The
rate is an exponential average of the rate measured over windows of at least a quarter of a
second, so one slow disk write or one fast cached chunk does not make the estimate jump; no
time is shown before one second of data (the first chunks say nothing about the rest). The
time left is then rounded coarsely (5 s, then minutes) by `time_left_text`. The clock is a
parameter: tests drive it by hand, with no timing of their own.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

#: No time left is shown before this much data (seconds).
WARMUP_SECONDS = 1.0
#: Rates are measured over at least this long (seconds).
_WINDOW = 0.25
#: Weight of the newest window in the average (0..1): lower is smoother.
_ALPHA = 0.3


@dataclass(frozen=True)
class Estimate:
    percent: int | None  # None while the total is unknown
    seconds_left: float | None  # None until the rate is known (WARMUP_SECONDS of data)


class RateEstimator:
    """Percentage and smoothed time left from successive (done, total) reports."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.restart()

    def restart(self) -> None:
        now = self._clock()
        self._start = now
        self._mark_time, self._mark_done = now, 0
        self._rate: float | None = None
        self._last: Estimate = Estimate(None, None)

    @property
    def last(self) -> Estimate:
        return self._last

    def update(self, done: int, total: int) -> Estimate:
        now = self._clock()
        if total <= 0:
            self._last = Estimate(None, None)
            return self._last
        done = max(0, min(done, total))
        if done < self._mark_done:  # the job started over (a new total): measure afresh
            self._mark_time, self._mark_done, self._rate = now, done, None
        elapsed = now - self._mark_time
        if elapsed >= _WINDOW:
            sample = (done - self._mark_done) / elapsed
            self._rate = sample if self._rate is None else (
                _ALPHA * sample + (1 - _ALPHA) * self._rate)
            self._mark_time, self._mark_done = now, done
        seconds: float | None = None
        if self._rate and now - self._start >= WARMUP_SECONDS and done < total:
            seconds = (total - done) / self._rate
        self._last = Estimate(min(100, done * 100 // total), seconds)
        return self._last


def _tr(text: str) -> str:
    return QCoreApplication.translate("Progress", text)


def time_left_text(seconds: float) -> str:
    """ "a few seconds left", "about 25 s left", "about 3 min left", "about 1 h 05 left"."""
    if seconds < 10:
        return _tr("a few seconds left")
    if seconds < 60:
        return _tr("about %1 s left").replace("%1", str(int(math.ceil(seconds / 5) * 5)))
    minutes = int(math.ceil(seconds / 60))
    if minutes < 60:
        return _tr("about %1 min left").replace("%1", str(minutes))
    return _tr("about %1 h %2 left").replace("%1", str(minutes // 60)).replace(
        "%2", f"{minutes % 60:02d}")


def progress_line(name: str, estimate: Estimate) -> str:
    """What the progress line says under its title: name, percentage, time left."""
    parts = [name] if name else []
    if estimate.percent is not None:
        parts.append(_tr("%1%").replace("%1", str(estimate.percent)))
    if estimate.seconds_left is not None:
        parts.append(time_left_text(estimate.seconds_left))
    return " — ".join(parts)
