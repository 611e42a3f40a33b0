"""Fixtures for issue 17's tests: test PKIs made by `openssl` (tests/support/tsa.py), made once
per session since each costs a few `openssl` runs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from relay.config import TimestampAuthority
from tests.relay_client.conftest import net, templates  # noqa: F401 (fixtures)
from tests.support.relay_server import RunningRelay, running_relay
from tests.support.tsa import RunningTsa, TestPki, running_tsa


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> TestPki:
    return TestPki(tmp_path_factory.mktemp("pki") / "good")


@pytest.fixture(scope="session")
def other_pki(tmp_path_factory: pytest.TempPathFactory) -> TestPki:
    return TestPki(tmp_path_factory.mktemp("pki") / "other", name="Other TSA")


@pytest.fixture(scope="session")
def expired_pki(tmp_path_factory: pytest.TempPathFactory) -> TestPki:
    return TestPki(tmp_path_factory.mktemp("pki") / "expired", name="Old TSA", expired=True)


@pytest.fixture
def tsa(pki: TestPki) -> Iterator[RunningTsa]:
    with running_tsa(pki) as running:
        yield running


@pytest.fixture
def relay(tmp_path: Path, pki: TestPki, tsa: RunningTsa) -> Iterator[RunningRelay]:
    """The relay of tests/relay_client's `net` (SQLite only), dating its proofs with the
    local authority."""
    with running_relay(tmp_path / "relay-data", timestamp_authority=TimestampAuthority(
            tsa.url, pki.root_path)) as server:
        yield server
