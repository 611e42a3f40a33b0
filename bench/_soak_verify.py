"""bench/relay_soak.py's judgement: every envelope received exactly once, intact, with its
proofs; the relay's own log (statuses, errors); latency percentiles; memory and descriptors.

Exactly once is judged per (envelope, recipient) pair: every pair a sender deposited must have
been received by that recipient once (`lost` if never, `duplicated` if more), and no recipient
may receive a pair no one deposited for it (`unexpected`). Intact: the SHA-256 the receiver
computed over the bytes it got, and their count, equal what the sender computed before sending
(not what the relay says). Proofs: the deposit proof checked by the sender at deposit, the
deposit and the recipient's own delivery proof checked by the receiver, and, collected by the
sender at the end, one delivery proof and one `opened` receipt per recipient, each checked, and
the whole bundle verified offline against the relay's key id.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _soak_records import CollectedRecord, ErrorRecord, ReceivedRecord, SentRecord
from _soak_relay import ProcessSample

MiB = 1024 * 1024
MEMORY_TOLERANCE = 0.10  # "flat": the last window's mean within 10 % of the first's ...
MEMORY_FLOOR = 16 * MiB  # ... or within 16 MiB, whichever is larger


@dataclass
class Verdict:
    pairs: int = 0  # (envelope, recipient) pairs deposited
    lost: list[tuple[str, str]] = field(default_factory=list)
    duplicated: list[tuple[str, str]] = field(default_factory=list)
    unexpected: list[tuple[str, str]] = field(default_factory=list)
    corrupted: list[tuple[str, str]] = field(default_factory=list)
    proofs_missing: list[str] = field(default_factory=list)  # envelope ids

    @property
    def ok(self) -> bool:
        return not (self.lost or self.duplicated or self.unexpected or self.corrupted
                    or self.proofs_missing)

    def summary(self) -> dict[str, int]:
        return {"pairs": self.pairs, "lost": len(self.lost), "duplicated": len(self.duplicated),
                "unexpected": len(self.unexpected), "corrupted": len(self.corrupted),
                "proofs_missing": len(self.proofs_missing)}


def judge(sent: list[SentRecord], received: list[ReceivedRecord],
          collected: list[CollectedRecord]) -> Verdict:
    verdict = Verdict()
    by_id = {s.envelope_id: s for s in sent}
    expected = {(s.envelope_id, r) for s in sent for r in s.recipients}
    verdict.pairs = len(expected)
    if len(by_id) != len(sent):  # two deposits answered with the same envelope id
        verdict.duplicated += [(e, "(sender)") for e, n in
                               Counter(s.envelope_id for s in sent).items() if n > 1]
    counts = Counter((r.envelope_id, r.recipient) for r in received)
    verdict.lost = sorted(expected - set(counts))
    verdict.duplicated += sorted(pair for pair, n in counts.items() if n > 1)
    verdict.unexpected = sorted(set(counts) - expected)
    for r in received:
        s = by_id.get(r.envelope_id)
        if s is not None and (r.sha256 != s.sha256 or r.size != s.size or r.sender != s.sender):
            verdict.corrupted.append((r.envelope_id, r.recipient))
    proofs = {c.envelope_id: c for c in collected}
    for s in sent:
        c = proofs.get(s.envelope_id)
        if c is None or c.deliveries != s.recipients or c.receipts != s.recipients or \
                not c.offline_ok:
            verdict.proofs_missing.append(s.envelope_id)
    return verdict


def percentiles(values: list[float]) -> dict[str, float]:
    """p50, p95, p99 (nearest rank) and the maximum; zeros when there is nothing."""
    if not values:
        return {"p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0}
    ordered = sorted(values)

    def rank(q: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]

    return {"p50": rank(0.50), "p95": rank(0.95), "p99": rank(0.99), "max": ordered[-1]}


def slope_per_minute(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, bytes) points, in MiB per minute."""
    if len(points) < 2:
        return 0.0
    n = len(points)
    mean_t = sum(t for t, _ in points) / n
    mean_v = sum(v for _, v in points) / n
    var = sum((t - mean_t) ** 2 for t, _ in points)
    if var == 0:
        return 0.0
    cov = sum((t - mean_t) * (v - mean_v) for t, v in points)
    return cov / var * 60 / MiB


def memory(samples: list[ProcessSample], start: float, end: float) -> dict[str, Any]:
    """RSS over the load [start, end] (seconds of the sampler's clock): the mean of the first
    and of the last window (a minute, or a third of a shorter run), peak, slopes, and whether
    it stayed flat."""
    during = [s for s in samples if start <= s.t <= end]
    if len(during) < 3:
        return {"samples": len(during), "flat": None}
    window = min(60.0, (end - start) / 3)
    first = [s.rss for s in during if s.t <= start + window]
    last = [s.rss for s in during if s.t >= end - window]
    first_mean, last_mean = sum(first) / len(first), sum(last) / len(last)
    allowed = max(MEMORY_FLOOR, MEMORY_TOLERANCE * first_mean)
    after_warmup = [(s.t, s.rss) for s in during if s.t >= start + window]
    return {
        "samples": len(during), "window_s": round(window, 1),
        "rss_start_mib": during[0].rss / MiB, "rss_end_mib": during[-1].rss / MiB,
        "rss_first_window_mean_mib": first_mean / MiB,
        "rss_last_window_mean_mib": last_mean / MiB,
        "rss_peak_sampled_mib": max(s.rss for s in during) / MiB,
        "vmhwm_end_mib": during[-1].hwm / MiB,
        "slope_mib_per_min": slope_per_minute([(s.t, s.rss) for s in during]),
        "slope_after_first_window_mib_per_min": slope_per_minute(after_warmup),
        "per_minute_mean_mib": [round(sum(b) / len(b) / MiB, 1) for b in _minutes(during, start)],
        "drift_mib": (last_mean - first_mean) / MiB, "allowed_drift_mib": allowed / MiB,
        "flat": last_mean - first_mean <= allowed,
        "threads_start": during[0].threads, "threads_end": during[-1].threads,
        "anon_first_window_mean_mib": sum(s.anon for s in during if s.t <= start + window)
        / len(first) / MiB,
        "anon_last_window_mean_mib": sum(s.anon for s in during if s.t >= end - window)
        / len(last) / MiB,
    }


def _minutes(samples: list[ProcessSample], start: float) -> list[list[int]]:
    """RSS samples in consecutive minutes of the load (the last one may be partial)."""
    bins: dict[int, list[int]] = {}
    for s in samples:
        bins.setdefault(int((s.t - start) // 60), []).append(s.rss)
    return [bins[k] for k in sorted(bins)]


def relay_log(path: Path) -> dict[str, Any]:
    """What the relay itself logged: requests by status, error codes, 5xx, exceptions, and
    every line that is not a request (warnings, errors) by event."""
    statuses: Counter[int] = Counter()
    codes: Counter[str] = Counter()
    events: Counter[str] = Counter()
    exceptions: Counter[str] = Counter()
    unreadable = 0
    for line in path.read_text(errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            unreadable += 1  # not JSON: uvicorn or Python wrote something of its own
            continue
        if entry.get("exception"):
            exceptions[str(entry["exception"])] += 1
        if entry.get("event") == "request":
            statuses[int(entry.get("status") or 0)] += 1
            if entry.get("error"):
                codes[str(entry["error"])] += 1
        elif entry.get("level") not in ("info", "debug"):
            events[f"{entry.get('level')}: {entry.get('event')}"] += 1
    return {"requests": sum(statuses.values()),
            "by_status": {str(k): v for k, v in sorted(statuses.items())},
            "server_errors": sum(v for k, v in statuses.items() if k >= 500 or k == 0),
            "client_errors": sum(v for k, v in statuses.items() if 400 <= k < 500),
            "error_codes": dict(codes), "warnings": dict(events),
            "exceptions": dict(exceptions), "unreadable_lines": unreadable}


def client_errors(errors: list[ErrorRecord]) -> dict[str, int]:
    """The members' failures, by role, operation, kind and relay code."""
    return dict(Counter(f"{e.role} {e.operation}: {e.kind}{' ' + e.code if e.code else ''}"
                        for e in errors))
