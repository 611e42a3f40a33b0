"""The intake point's limits over HTTP: the per-address request and deposit buckets, the relay's
cap on what an intake document may announce, and the `scelle-relay serve` options."""

from __future__ import annotations

import argparse

import pytest

from crypto.errors import ScelleError
from relay import intake_options
from relay.config import Limits
from tests.relay.conftest import World
from tests.relay.intake_support import NAME, POW_BITS, Browser, encrypt_for, intake_world

CAP = 2_000_000


@pytest.fixture
def limits() -> Limits:
    return Limits(intake_pow_bits=POW_BITS, intake_rate_per_second=0.001, intake_rate_burst=8,
                  intake_deposits_per_hour=0.001, intake_deposit_burst=1,
                  intake_max_bytes=CAP)


def test_buckets_per_address_and_the_relays_cap(world: World) -> None:
    made = intake_world(world, readers=1)
    first = Browser(world.server, local_address="127.0.0.8")
    sent = first.deposit(encrypt_for(made.readers, b"one"))  # 2 requests: challenge, deposit
    assert sent.status_code == 201, sent.text
    second = first.deposit(encrypt_for(made.readers, b"two"))
    assert second.status_code == 429 and second.json()["error"]["code"] == "rate_limited"
    assert int(second.headers["retry-after"]) >= 1
    answers = [first.http.get(f"/v1/intake/{NAME}").status_code for _ in range(6)]
    assert answers[:4] == [200] * 4 and answers[4:] == [429, 429]
    other = Browser(world.server, local_address="127.0.0.9")  # another address: its own
    assert other.deposit(encrypt_for(made.readers, b"three")).status_code == 201
    assert made.publish(made.document(version=2, max_bytes=CAP)).status_code == 200
    over = made.publish(made.document(version=3, max_bytes=CAP + 1))
    assert over.status_code == 422 and f"({CAP} bytes)" in over.json()["error"]["message"]
    for browser in (first, other):
        browser.close()


def _args(**values: object) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    intake_options.add(parser)
    namespace = parser.parse_args([])
    for key, value in values.items():
        setattr(namespace, key, value)
    return namespace


def test_serve_options() -> None:
    assert intake_options.limits(_args()) == {}
    assert intake_options.limits(_args(intake_max_bytes=5000, intake_pow_bits=0,
                                       intake_rate=[2.0, 10.0],
                                       intake_deposit_rate=[5.0, 3.0])) == {
        "intake_max_bytes": 5000, "intake_pow_bits": 0, "intake_rate_per_second": 2.0,
        "intake_rate_burst": 10, "intake_deposits_per_hour": 5.0, "intake_deposit_burst": 3}
    for bad, message in (({"intake_max_bytes": 0}, "--intake-max-bytes"),
                         ({"intake_max_bytes": 100_000_001}, "--intake-max-bytes"),
                         ({"intake_pow_bits": 33}, "--intake-pow-bits"),
                         ({"intake_pow_bits": -1}, "--intake-pow-bits"),
                         ({"intake_rate": [0.0, 3.0]}, "--intake-rate"),
                         ({"intake_deposit_rate": [1.0, 1.5]}, "--intake-deposit-rate")):
        with pytest.raises(ScelleError, match=message):
            intake_options.limits(_args(**bad))
    assert Limits().intake_pow_bits == 18 and Limits().intake_max_bytes == 100_000_000
