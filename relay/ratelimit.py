"""Per-member (and per-address for unsigned requests) token buckets, in the shared database.

Each request costs one token; a bucket holds at most `burst` tokens and refills at `rate` per
second of the relay's clock. The buckets live in the `rate_buckets` table, not in a process:
several relay processes share one database (docs/relay.md, "Growing past one machine"), and a
client spreading its requests over them must be counted once. A take is one upsert that reads,
refills, spends and writes the bucket in a single statement, so two processes taking from one
bucket at once are serialised by the row, never both granted the last token.

A member's take runs with the statement that records its request's nonce (relay/auth.py,
`take_after_nonce`), so a signed request pays no extra transaction, and on PostgreSQL no extra
round trip.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from relay.clock import Clock
from relay.db.base import Database, Tx
from relay.db.housekeeping import remember_nonce

# One statement for both back ends: `{least}` is LEAST (PostgreSQL) or the scalar MIN (SQLite).
# x = the bucket refilled up to now; a take spends one token only when x >= 1, so a refused
# request does not push the next allowed one further away.
_TAKE = """
INSERT INTO rate_buckets (key, tokens, stamp_ms, allowed) VALUES (?, ?, ?, 1)
ON CONFLICT (key) DO UPDATE SET
    tokens = CASE WHEN {x} >= 1 THEN {x} - 1 ELSE {x} END,
    allowed = CASE WHEN {x} >= 1 THEN 1 ELSE 0 END,
    stamp_ms = excluded.stamp_ms
RETURNING tokens, allowed
"""
_REFILLED = ("{least}(?, rate_buckets.tokens + "
             "(excluded.stamp_ms - rate_buckets.stamp_ms) * ? / 1000.0)")


_AFTER_NONCE = ("WITH fresh AS (INSERT INTO nonces (key_id, nonce, expires) VALUES (?, ?, ?) "
                "ON CONFLICT DO NOTHING RETURNING 1) ")


@cache
def _take_sql(dialect: str) -> str:
    refilled = _REFILLED.format(least="LEAST" if dialect == "postgres" else "MIN")
    return _TAKE.format(x=refilled)


@dataclass(frozen=True)
class RateLimit:
    """One kind of bucket: `prefix` keeps members' and addresses' buckets apart."""

    prefix: str
    rate: float  # tokens per second
    burst: int

    @property
    def refill_seconds(self) -> float:
        """How long an untouched bucket takes to be full again (then it may be forgotten)."""
        return self.burst / self.rate if self.rate > 0 else 3600.0

    def _parameters(self, key: str, now: float) -> list[object]:
        # {x} appears four times in the statement, each with its two parameters.
        return [self.prefix + key, float(self.burst - 1), int(now * 1000),
                *[self.burst, self.rate] * 4]

    def _wait(self, row: tuple[object, ...]) -> float | None:
        tokens, allowed = float(row[0]), int(row[1])  # type: ignore[arg-type]
        if allowed:
            return None
        return (1 - tokens) / self.rate if self.rate > 0 else 3600.0

    def take(self, tx: Tx, dialect: str, key: str, now: float) -> float | None:
        """Spend one token for `key`: None if allowed, else seconds until a token is back."""
        row = tx.one(_take_sql(dialect), self._parameters(key, now))
        assert row is not None
        return self._wait(row)

    def take_after_nonce(self, tx: Tx, dialect: str, key: str, nonce: str, expires: int,
                         now: float) -> tuple[bool, float | None]:
        """Record `key`'s nonce and, if it is fresh, take from its bucket: (fresh, wait).

        On PostgreSQL both are one statement (a data-modifying WITH), so a signed request
        costs the shared database one round trip more than its transaction, not two: the
        bucket's upsert runs only on the row the nonce insert returned (none for a replay)."""
        if dialect != "postgres":
            if not remember_nonce(tx, key, nonce, expires):
                return False, None
            return True, self.take(tx, dialect, key, now)
        rows = tx.all(_AFTER_NONCE + _take_sql(dialect).replace(
            "VALUES (?, ?, ?, 1)", "SELECT ?, ?, ?, 1 FROM fresh"),
            [key, nonce, expires, *self._parameters(key, now)])
        return (True, self._wait(rows[0])) if rows else (False, None)


class RateLimiter:
    """A `RateLimit` that opens its own transaction (unsigned requests, enrolment)."""

    def __init__(self, db: Database, clock: Clock, limit: RateLimit) -> None:
        self._db = db
        self._clock = clock
        self.limit = limit

    def take(self, key: str) -> float | None:
        with self._db.transaction() as tx:
            return self.limit.take(tx, self._db.dialect, key, self._clock.now())


def purge_buckets(tx: Tx, now: float, limits: list[RateLimit]) -> int:
    """Forget buckets untouched long enough to be full again: a new bucket is full too."""
    horizon = max(limit.refill_seconds for limit in limits) + 1
    return tx.execute("DELETE FROM rate_buckets WHERE stamp_ms < ?",
                      (int((now - horizon) * 1000),))
