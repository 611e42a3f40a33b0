"""Rate limits of the intake routes, per client address, in memory only.

The requester's address must not be kept anywhere (docs/relay.md "Intake"), so these buckets
are not the shared `rate_buckets` table: each process holds them in a dictionary keyed by
HMAC-SHA256(k, address), where `k` is random and replaced every ROTATION seconds together with
every bucket. Nothing written to disk or to the log holds an address or a key derived from it,
and once `k` is gone not even the process can tell whether two requests came from one address.
An IPv6 address counts by its /64 (one subscriber's prefix, which they can vary at will).

Each process counts on its own: several relay processes allow a client that many times the
rate, which the proof of work of deposits (relay/intake_pow.py) still bounds.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from dataclasses import dataclass, field
from ipaddress import IPv6Address, ip_address

from relay.clock import Clock

ROTATION = 600  # seconds a key, and the buckets it keys, live
MAX_BUCKETS = 100_000  # a full table refuses newcomers until the next rotation, never grows


@dataclass
class _Table:
    rate: float  # tokens per second
    burst: int
    buckets: dict[bytes, tuple[float, float]] = field(default_factory=dict)  # key -> (tokens, at)

    def take(self, key: bytes, now: float) -> float | None:
        """Spend one token; None if granted, else the seconds until one is there."""
        tokens, at = self.buckets.get(key, (float(self.burst), now))
        if key not in self.buckets and len(self.buckets) >= MAX_BUCKETS:
            return ROTATION / 2
        tokens = min(float(self.burst), tokens + (now - at) * self.rate)
        if tokens >= 1:
            self.buckets[key] = (tokens - 1, now)
            return None
        self.buckets[key] = (tokens, now)
        return (1 - tokens) / self.rate if self.rate > 0 else float(ROTATION)


class IntakeLimiter:
    """The intake routes' buckets (all requests) and the deposits' (fewer)."""

    def __init__(self, clock: Clock, rate: float, burst: int, deposits_per_hour: float,
                 deposit_burst: int) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._requests = _Table(rate, burst)
        self._deposits = _Table(deposits_per_hour / 3600, deposit_burst)
        self._key = secrets.token_bytes(32)
        self._since = clock.now()

    def _bucket(self, address: str | None, now: float) -> bytes:
        if now - self._since >= ROTATION or now < self._since:
            self._key, self._since = secrets.token_bytes(32), now
            self._requests.buckets.clear()
            self._deposits.buckets.clear()
        return hmac.new(self._key, _counted_as(address), hashlib.sha256).digest()

    def take(self, address: str | None) -> float | None:
        """Spend from the address's request bucket; None if allowed, else the seconds to
        wait."""
        with self._lock:
            now = self._clock.now()
            return self._requests.take(self._bucket(address, now), now)

    def take_deposit(self, address: str | None) -> float | None:
        """Spend from the address's deposit bucket, likewise."""
        with self._lock:
            now = self._clock.now()
            return self._deposits.take(self._bucket(address, now), now)


def _counted_as(address: str | None) -> bytes:
    """What one client is: the address, an IPv6 one by its /64; all unknown peers together."""
    if address is None:
        return b"unknown"
    try:
        parsed = ip_address(address)
    except ValueError:
        return b"unknown"
    if isinstance(parsed, IPv6Address) and parsed.ipv4_mapped is None:
        return b"6:" + parsed.packed[:8]
    mapped = parsed.ipv4_mapped if isinstance(parsed, IPv6Address) else parsed
    return b"4:" + (mapped or parsed).packed
