"""Relay tests: the real server on loopback, over HTTP, on SQLite and on PostgreSQL.

`relay` is parametrised over both back ends, so every test using it (or `world`) runs twice.
`world`: organisations Barreau and Notaires, linked; Police, not linked to anyone. Members
alice and carol (Barreau), bob (Notaires), mallory (Police), all enrolled and certified.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from relay.config import Limits
from tests.support.postgres import postgres_server, postgres_url  # noqa: F401 (fixtures)
from tests.support.relay_server import Org, RelayClient, RunningRelay, running_relay


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str | None:
    """None for SQLite, else a fresh PostgreSQL database URL."""
    if request.param == "sqlite":
        return None
    return request.getfixturevalue("postgres_url")


@pytest.fixture(autouse=True)
def _runner_not_hardened(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests here call `relay.cli.main` in-process. Its hardening (tests/app/test_process_guard.py
    checks it in processes of its own) would lower the pytest worker's core hard limit to 0 for
    good, and the core-file test that later runs on the same worker could have no control."""
    monkeypatch.setattr("relay.cli.harden_process", lambda: None)


@pytest.fixture
def limits() -> Limits:
    """Override in a test module to run the relay with other limits."""
    return Limits()


@pytest.fixture
def relay(tmp_path: Path, backend: str | None, limits: Limits) -> Iterator[RunningRelay]:
    with running_relay(tmp_path / "relay-data", database_url=backend, limits=limits) as server:
        yield server


@dataclass
class World:
    server: RunningRelay
    barreau: Org
    notaires: Org
    police: Org
    alice: RelayClient
    carol: RelayClient
    bob: RelayClient
    mallory: RelayClient


@pytest.fixture
def world(relay: RunningRelay) -> World:
    barreau, notaires, police = (relay.create_org(n) for n in ("Barreau", "Notaires", "Police"))
    relay.link(barreau, notaires)
    return World(relay, barreau, notaires, police, alice=relay.member(barreau, "Alice Martin"),
                 carol=relay.member(barreau, "Carol Petit"),
                 bob=relay.member(notaires, "Bob Durand"),
                 mallory=relay.member(police, "Mallory Roux"))


def start_upload(world: World, size: int) -> str:
    """Alice starts an upload of `size` bytes for Bob; its envelope id."""
    response = world.alice.create([world.bob.fingerprint], size, 7)
    assert response.status_code == 201, response.text
    return response.json()["envelope_id"]


def upload_received(world: World, envelope_id: str) -> int:
    """How many bytes the relay counts as received for Alice's upload."""
    return world.alice.call("GET", f"/v1/envelopes/{envelope_id}/upload").json()["received"]
