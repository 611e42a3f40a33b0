"""What the relay keeps about a requester: nothing that names their address (docs/relay.md
"Intake"). A browser on its own loopback address (127.0.0.7) loads the intake point, deposits,
and fetches a reply; then every row of every table, every file of the relay's data folder and
every log line the relay wrote are searched for that address: it is nowhere. The per-address
buckets (relay/intake_limits.py) are checked on their own: keyed, rotated, bounded."""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Iterator

import pytest

from relay.config import Limits
from relay.intake_limits import MAX_BUCKETS, ROTATION, IntakeLimiter
from relay.clock import ManualClock
from relay.logs import JsonFormatter
from tests.relay.conftest import World
from tests.relay.intake_support import NAME, POW_BITS, Browser, encrypt_for, intake_world

ADDRESS = "127.0.0.7"


@pytest.fixture
def limits() -> Limits:
    return Limits(intake_pow_bits=POW_BITS)


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        # The relay's and its server's records; the test's own HTTP client logs its side.
        if record.name.startswith(("scelle", "uvicorn", "relay")):
            self.lines.append(self.format(record))


@pytest.fixture
def log_lines() -> Iterator[list[str]]:
    handler = _Lines()
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler.lines
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)


def _tables(world: World) -> dict[str, list[tuple]]:
    db = world.server.relay.db
    listing = ("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
               if db.dialect == "postgres" else
               "SELECT name FROM sqlite_master WHERE type = 'table'")
    with db.transaction() as tx:
        names = [r[0] for r in tx.all(listing)]
        return {name: [tuple(r) for r in tx.all(f"SELECT * FROM {name}")] for name in names}


def _contains(value: object, needles: list[bytes]) -> bool:
    data = value if isinstance(value, bytes) else str(value).encode("utf-8", "replace")
    return any(n in data for n in needles)


def test_the_requesters_address_is_kept_nowhere(world: World, log_lines: list[str]) -> None:
    made = intake_world(world, readers=1)
    browser = Browser(world.server, local_address=ADDRESS)
    assert browser.http.get(f"/v1/intake/{NAME}").status_code == 200
    locator = secrets.token_bytes(16)
    sent = browser.deposit(encrypt_for(made.readers, b"demande de Jeanne Discrete"),
                           reply_lookup=hashlib.sha256(locator).hexdigest())
    assert sent.status_code == 201, sent.text
    reader = made.readers[0]
    envelope_id = sent.json()["envelope_id"]
    assert reader.download(envelope_id).status_code == 200
    posted = reader.call("POST", f"/v1/intake/replies?envelope={envelope_id}",
                         body=encrypt_for(made.readers, b"reponse"),
                         headers=[("Content-Type", "application/octet-stream")])
    assert posted.status_code == 201
    header = {"Scelle-Reply-Locator": locator.hex()}
    assert browser.http.get("/v1/intake/replies", headers=header).status_code == 200
    reply_id = posted.json()["reply_id"]
    assert browser.http.get(f"/v1/intake/replies/{reply_id}", headers=header).status_code == 200
    assert browser.deposit(b"refused: not age").status_code == 400  # a refusal, logged too
    unsigned = browser.http.post(f"/v1/intake/replies?envelope={envelope_id}", content=b"x")
    assert unsigned.status_code == 401  # charged in memory, not in the shared table
    world.server.sweep()
    needles = [ADDRESS.encode(), bytes([127, 0, 0, 7]), locator.hex().encode()]
    rows = _tables(world)
    assert "intake_deposits" in rows and rows["intake_deposits"]
    found = [(t, r) for t, table in rows.items() for r in table
             if any(_contains(v, needles) for v in r)]
    assert found == []
    for path in world.server.data_dir.rglob("*"):
        if path.is_file():
            assert not _contains(path.read_bytes(), needles), path
    assert any('"event":"intake.deposited"' in line for line in log_lines)
    assert any('"path":"/v1/intake/replies"' in line for line in log_lines)
    assert [line for line in log_lines if _contains(line, needles)] == []
    browser.close()


def test_buckets_are_keyed_rotated_and_bounded() -> None:
    clock = ManualClock()
    limiter = IntakeLimiter(clock, rate=1.0, burst=2, deposits_per_hour=3600.0,
                            deposit_burst=1)
    assert limiter.take("192.0.2.1") is None and limiter.take("192.0.2.1") is None
    assert limiter.take("192.0.2.1") == pytest.approx(1.0)
    assert limiter.take("192.0.2.2") is None  # another address: its own bucket
    assert limiter.take("2001:db8::1") is None and limiter.take("2001:db8::2") is None
    assert limiter.take("2001:db8::3") is not None  # one /64, one bucket
    assert limiter.take("2001:db8:0:1::1") is None
    assert limiter.take("::ffff:192.0.2.2") is None  # 192.0.2.2 had one token left
    assert limiter.take("::ffff:192.0.2.2") is not None
    assert limiter.take_deposit("192.0.2.9") is None
    assert limiter.take_deposit("192.0.2.9") is not None
    assert all(ADDRESS.encode() not in key for key in limiter._requests.buckets)
    clock.advance(ROTATION)
    assert limiter.take("192.0.2.1") is None  # a new key: every bucket forgotten
    assert len(limiter._requests.buckets) == 1
    limiter._requests.buckets.update({secrets.token_bytes(32): (2.0, clock.now())
                                      for _ in range(MAX_BUCKETS)})
    assert limiter.take("198.51.100.1") is not None  # full: newcomers wait, nothing grows
    assert limiter.take("192.0.2.1") is None  # those already counted go on
    assert limiter.take(None) is not None and limiter.take("not an address") is not None
