"""This process's counters, in the Prometheus text exposition format (version 0.0.4).

    scelle_relay_requests_total{method,route,status}    requests answered
    scelle_relay_errors_total{code}                      error answers, by stable error code
    scelle_relay_deposits_total                          envelopes committed (deposit or commit)
    scelle_relay_received_bytes_total{route}             request body bytes read
    scelle_relay_sent_bytes_total{route}                 response body bytes sent
    scelle_relay_request_duration_seconds{route}         latency histogram

Labels are route templates (`/v1/envelopes/{envelope_id}/content`), methods, status codes and
error codes: bounded sets chosen by the relay, never a value from a request. No member, card
fingerprint, envelope id, organisation or address ever becomes a label, and a path that is no
route is counted as `other`, so the text holds no personal data and its size stays fixed.

Counters are per process and start at zero (Prometheus scrapes each relay process and sums;
`rate()` copes with restarts). Every update runs on the event loop thread, as does rendering,
so no lock is needed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
OTHER = "other"
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
_PARAM = re.compile(r"\{[a-z_]+\}")
# A template's parameters are ids, offsets or fingerprints: one path segment of these.
_SEGMENT = "[0-9a-f]{1,64}|[0-9]{1,19}"
DEPOSIT_ANSWERS = {("POST", "/v1/envelopes/deposit", 201),
                   ("POST", "/v1/envelopes/{envelope_id}/commit", 200)}


class RouteTemplates:
    """Maps a request path to the template of the route it addresses, or `other`."""

    def __init__(self, templates: Iterable[str]) -> None:
        self._exact = {t for t in templates if "{" not in t}
        self._patterns = [(re.compile(f"(?:{_SEGMENT})".join(
            re.escape(part) for part in _PARAM.split(t))), t)
            for t in sorted(set(templates) - self._exact)]

    def of(self, path: str) -> str:
        if path in self._exact:
            return path
        for pattern, template in self._patterns:
            if pattern.fullmatch(path):
                return template
        return OTHER


@dataclass
class _Histogram:
    counts: list[int] = field(default_factory=lambda: [0] * len(BUCKETS))
    total: float = 0.0
    count: int = 0

    def observe(self, seconds: float) -> None:
        for index, bound in enumerate(BUCKETS):
            if seconds <= bound:
                self.counts[index] += 1
                break
        self.total += seconds
        self.count += 1


@dataclass
class Metrics:
    routes: RouteTemplates = field(default_factory=lambda: RouteTemplates(()))
    requests: defaultdict[tuple[str, str, int], int] = field(
        default_factory=lambda: defaultdict(int))
    errors: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))
    received: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))
    sent: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))
    latency: defaultdict[str, _Histogram] = field(default_factory=lambda: defaultdict(_Histogram))
    deposits: int = 0

    def observe(self, method: str, path: str, status: int, error: str | None,
                received: int, sent: int, seconds: float) -> None:
        route = self.routes.of(path)
        method = method if method in ("GET", "POST", "PUT", "DELETE", "HEAD") else OTHER
        self.requests[(method, route, status)] += 1
        if error:
            self.errors[error] += 1
        if (method, route, status) in DEPOSIT_ANSWERS:
            self.deposits += 1
        self.received[route] += received
        self.sent[route] += sent
        self.latency[route].observe(seconds)

    def render(self) -> str:
        lines: list[str] = []
        _family(lines, "requests_total", "counter", "Requests answered.",
                ((f'method="{m}",route="{r}",status="{s}"', n)
                 for (m, r, s), n in sorted(self.requests.items())))
        _family(lines, "errors_total", "counter", "Error answers, by error code.",
                ((f'code="{c}"', n) for c, n in sorted(self.errors.items())))
        _family(lines, "deposits_total", "counter", "Envelopes committed.", [("", self.deposits)])
        _family(lines, "received_bytes_total", "counter", "Request body bytes read.",
                ((f'route="{r}"', n) for r, n in sorted(self.received.items())))
        _family(lines, "sent_bytes_total", "counter", "Response body bytes sent.",
                ((f'route="{r}"', n) for r, n in sorted(self.sent.items())))
        lines.append("# HELP scelle_relay_request_duration_seconds Time to answer a request.")
        lines.append("# TYPE scelle_relay_request_duration_seconds histogram")
        for route, histogram in sorted(self.latency.items()):
            _histogram(lines, route, histogram)
        return "\n".join(lines) + "\n"


def _family(lines: list[str], name: str, kind: str, help_text: str,
            samples: Iterable[tuple[str, int]]) -> None:
    full = "scelle_relay_" + name
    lines.append(f"# HELP {full} {help_text}")
    lines.append(f"# TYPE {full} {kind}")
    for labels, value in samples:
        lines.append(f"{full}{{{labels}}} {value}" if labels else f"{full} {value}")


def _histogram(lines: list[str], route: str, histogram: _Histogram) -> None:
    name = "scelle_relay_request_duration_seconds"
    cumulative = 0
    for bound, count in zip(BUCKETS, histogram.counts, strict=True):
        cumulative += count
        lines.append(f'{name}_bucket{{route="{route}",le="{bound}"}} {cumulative}')
    lines.append(f'{name}_bucket{{route="{route}",le="+Inf"}} {histogram.count}')
    lines.append(f'{name}_sum{{route="{route}"}} {histogram.total:.6f}')
    lines.append(f'{name}_count{{route="{route}"}} {histogram.count}')
