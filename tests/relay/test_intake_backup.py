"""A relay's backup keeps its intake points and what it kept about their deposits (relay/backup.py,
docs/relay.md "Intake"): restored into a fresh relay, the page is served again, the name still
belongs to its organisation, and the reader can still reply to the request."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

import pytest

from relay.backup import create_backup, restore_backup
from relay.config import Limits
from tests.relay.conftest import World
from tests.relay.intake_support import NAME, POW_BITS, Browser, encrypt_for, intake_world
from tests.support.relay_server import running_relay


@pytest.fixture
def limits() -> Limits:
    return Limits(intake_pow_bits=POW_BITS)


def test_intake_points_and_deposits_survive_a_restore(world: World, tmp_path: Path) -> None:
    made = intake_world(world, readers=1)
    browser = Browser(world.server)
    locator = secrets.token_bytes(16)
    sent = browser.deposit(encrypt_for(made.readers, b"request"),
                           reply_lookup=hashlib.sha256(locator).hexdigest())
    assert sent.status_code == 201
    browser.close()
    source = world.server.relay
    create_backup(source.db, source.blobs, source.config.key_path, tmp_path / "backup")
    with running_relay(tmp_path / "restored", clock=world.server.clock,
                       limits=Limits(intake_pow_bits=POW_BITS)) as restored:
        relay = restored.relay
        restore_backup(relay.db, relay.blobs, relay.config.key_path, tmp_path / "backup",
                       restored.now(), force=True)
        again = Browser(restored)
        assert again.http.get(f"/v1/intake/{NAME}").status_code == 200
        reader = restored.client(made.readers[0].identity)
        envelope_id = sent.json()["envelope_id"]
        listed = reader.inbox()
        assert listed[0]["envelope_id"] == envelope_id and listed[0]["origin"]["intake"] == NAME
        posted = reader.call("POST", f"/v1/intake/replies?envelope={envelope_id}",
                             body=encrypt_for(made.readers, b"reply"),
                             headers=[("Content-Type", "application/octet-stream")])
        assert posted.status_code == 201, posted.text
        replies = again.http.get("/v1/intake/replies",
                                 headers={"Scelle-Reply-Locator": locator.hex()}).json()
        assert [r["id"] for r in replies["replies"]] == [posted.json()["reply_id"]]
        again.close()
