"""Per-member (and per-address for unsigned requests) token buckets, in memory.

Each request costs one token; a bucket holds at most `burst` tokens and refills at `rate` per
second of the relay's clock. In memory per process: the relay runs as one process per data set.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from relay.clock import Clock

MAX_BUCKETS = 100_000


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class RateLimiter:
    def __init__(self, clock: Clock, rate: float, burst: int) -> None:
        self._clock = clock
        self._rate = rate
        self._burst = burst
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, key: str) -> float | None:
        """Spend one token for `key`: None if allowed, else seconds until a token is back."""
        now = self._clock.now()
        with self._lock:
            bucket = self._buckets.pop(key, None) or _Bucket(float(self._burst), now)
            bucket.tokens = min(self._burst, bucket.tokens + (now - bucket.stamp) * self._rate)
            bucket.stamp = now
            self._buckets[key] = bucket
            if len(self._buckets) > MAX_BUCKETS:
                self._buckets.popitem(last=False)  # forget the least recently seen
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return None
            return (1 - bucket.tokens) / self._rate if self._rate > 0 else 3600.0
