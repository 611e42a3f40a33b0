#!/usr/bin/env python3
"""What the shared rate limit costs a signed request: the request's nonce transaction alone,
then with the member's bucket taken in it (relay/ratelimit.py `take_after_nonce`).

    .venv/bin/python bench/relay_ratelimit.py            # SQLite, then a throwaway PostgreSQL

SQLite: CPU time of this process (the database is in it), best of 10 runs of 2000 requests.
PostgreSQL (a private server from tests/support/postgres.py, fsync off): wall time per request,
median of 5 runs of 1000, which includes the server's work and the round trips. 32 members
take turns, as in bench/relay.py.
"""

from __future__ import annotations

import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from relay.app import build_relay  # noqa: E402
from relay.config import RelayConfig  # noqa: E402
from relay.context import Relay  # noqa: E402
from relay.db import housekeeping  # noqa: E402

MEMBERS = [secrets.token_hex(32) for _ in range(32)]


def _requests(relay: Relay, take: bool, count: int, timer: Callable[[], float]) -> float:
    started = timer()
    for n in range(count):
        key, nonce = MEMBERS[n % len(MEMBERS)], secrets.token_urlsafe(16)
        with relay.db.transaction() as tx:
            if take:
                relay.member_limit.take_after_nonce(tx, relay.db.dialect, key, nonce, 10**10,
                                                    time.time())
            else:
                housekeeping.remember_nonce(tx, key, nonce, 10**10)
    return (timer() - started) / count * 1e6


def measure(url: str | None, runs: int, count: int, timer: Callable[[], float],
            pick: Callable[[list[float]], float]) -> tuple[float, float]:
    relay = build_relay(RelayConfig(data_dir=Path(tempfile.mkdtemp()) / "data",
                                    database_url=url))
    try:
        alone, taken = [], []
        for _ in range(runs):  # alternate, so that load from elsewhere hits both alike
            alone.append(_requests(relay, False, count, timer))
            taken.append(_requests(relay, True, count, timer))
        return pick(alone), pick(taken)
    finally:
        relay.db.close()


def main() -> int:
    alone, taken = measure(None, 10, 2000, time.process_time, min)
    print(f"SQLite, CPU per signed request: nonce {alone:.0f} us, nonce + rate limit "
          f"{taken:.0f} us (+{taken - alone:.0f} us)")
    from tests.support.postgres import PostgresServer, _free_port

    server = PostgresServer(Path(tempfile.mkdtemp(prefix="scelle-bench-pg-")), _free_port())
    server.start()
    try:
        url = server.url(server.create_database())
        alone, taken = measure(url, 5, 1000, time.perf_counter,
                               lambda xs: sorted(xs)[len(xs) // 2])
    finally:
        server.stop()
    print(f"PostgreSQL, wall time per signed request: nonce {alone:.0f} us, nonce + rate "
          f"limit {taken:.0f} us (+{taken - alone:.0f} us)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
