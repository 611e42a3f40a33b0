"""Replies to intake requests over real HTTP (docs/relay.md "Intake", docs/format.md §12.3): a
recipient posts one with a signed request, the requester fetches it with the locator alone;
nobody else posts, nothing tells whether a locator exists, and replies go after 30 days."""

from __future__ import annotations

import hashlib
import secrets

import pytest

from relay.config import Limits
from tests.relay.conftest import World
from tests.relay.intake_support import POW_BITS, Browser, IntakeWorld, encrypt_for, \
    intake_world
from tests.support.relay_server import RelayClient

OCTETS = [("Content-Type", "application/octet-stream")]
HEADER = "Scelle-Reply-Locator"


@pytest.fixture
def limits() -> Limits:
    return Limits(intake_pow_bits=POW_BITS)


def _deposit(made: IntakeWorld, browser: Browser, locator: bytes | None) -> str:
    lookup = hashlib.sha256(locator).hexdigest() if locator is not None else None
    sent = browser.deposit(encrypt_for(made.readers, b"request"), reply_lookup=lookup)
    assert sent.status_code == 201, sent.text
    return sent.json()["envelope_id"]


def _reply(member: RelayClient, envelope_id: str, body: bytes):  # noqa: ANN202
    return member.call("POST", f"/v1/intake/replies?envelope={envelope_id}", body=body,
                       headers=OCTETS)


def test_reply_posted_by_a_reader_and_fetched_with_the_locator(world: World) -> None:
    made = intake_world(world)
    browser = Browser(world.server)
    locator = secrets.token_bytes(16)
    envelope_id = _deposit(made, browser, locator)
    reply = encrypt_for(made.readers[:1], b"scelle intake reply v1\n" + b"answer " * 500)
    posted = _reply(made.readers[1], envelope_id, reply)
    assert posted.status_code == 201, posted.text
    reply_id = posted.json()["reply_id"]
    assert posted.json()["expires"] == posted.json()["posted"] + 30 * 86400
    listed = browser.http.get("/v1/intake/replies", headers={HEADER: locator.hex()})
    assert listed.status_code == 200
    assert listed.json() == {"replies": [{"id": reply_id, "posted": posted.json()["posted"],
                                          "size": len(reply)}]}
    fetched = browser.http.get(f"/v1/intake/replies/{reply_id}",
                               headers={HEADER: locator.hex()})
    assert fetched.status_code == 200 and fetched.content == reply
    assert fetched.headers["content-type"] == "application/octet-stream"
    other = secrets.token_bytes(16).hex()
    assert browser.http.get("/v1/intake/replies", headers={HEADER: other}).json() == \
        {"replies": []}
    stolen = browser.http.get(f"/v1/intake/replies/{reply_id}", headers={HEADER: other})
    assert stolen.status_code == 404 and stolen.json()["error"]["code"] == "not_found"
    unknown = browser.http.get(f"/v1/intake/replies/{'0' * 32}", headers={HEADER: other})
    assert unknown.json() == stolen.json()
    for bad in ({}, {HEADER: "XYZ"}, {HEADER: locator.hex().upper()}):
        refused = browser.http.get("/v1/intake/replies", headers=bad)
        assert refused.status_code == 400, refused.text
    browser.close()


def test_only_recipients_reply_and_only_when_asked(world: World) -> None:
    made = intake_world(world, readers=1)
    browser = Browser(world.server)
    envelope_id = _deposit(made, browser, secrets.token_bytes(16))
    body = encrypt_for(made.readers, b"reply")
    for stranger in (world.alice, world.bob, world.mallory):
        refused = _reply(stranger, envelope_id, body)
        assert refused.status_code == 404 and refused.json()["error"]["code"] == "not_found"
    normal = world.alice.upload([made.readers[0].fingerprint], b"x" * 10)
    not_intake = _reply(made.readers[0], normal["envelope"]["envelope_id"], body)
    assert not_intake.status_code == 404
    silent = _deposit(made, browser, None)
    unwanted = _reply(made.readers[0], silent, body)
    assert unwanted.status_code == 409
    assert unwanted.json()["error"]["code"] == "reply_not_requested"
    not_age = _reply(made.readers[0], envelope_id, b"plain text, not an age file")
    assert not_age.status_code == 400 and "not an age file" in not_age.text
    signed = made.readers[0].sign("POST", f"/v1/intake/replies?envelope={envelope_id}", body,
                                  OCTETS)
    swapped = body[:-1] + bytes([body[-1] ^ 1])
    mismatch = made.readers[0].send("POST", f"/v1/intake/replies?envelope={envelope_id}",
                                    signed, swapped)
    assert mismatch.status_code == 400
    assert mismatch.json()["error"]["code"] == "digest_mismatch"
    assert sorted(p.name for p in _reply_files(world)) == []
    browser.close()


def _reply_files(world: World) -> list:  # noqa: ANN401 - paths
    root = world.server.data_dir / "intake-replies"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_replies_are_swept_after_thirty_days(world: World) -> None:
    made = intake_world(world, readers=1)
    browser = Browser(world.server)
    locator = secrets.token_bytes(16)
    envelope_id = _deposit(made, browser, locator)
    posted = _reply(made.readers[0], envelope_id, encrypt_for(made.readers, b"reply"))
    assert posted.status_code == 201
    assert len(_reply_files(world)) == 1
    world.server.clock.advance(29 * 86400)
    world.server.sweep()
    assert len(browser.http.get("/v1/intake/replies",
                                headers={HEADER: locator.hex()}).json()["replies"]) == 1
    world.server.clock.advance(2 * 86400)
    assert browser.http.get("/v1/intake/replies",
                            headers={HEADER: locator.hex()}).json() == {"replies": []}
    world.server.sweep()
    assert _reply_files(world) == []
    with world.server.relay.db.transaction() as tx:  # the envelope went, and its deposit row
        assert tx.all("SELECT envelope_id FROM intake_deposits") == []
        assert tx.all("SELECT id FROM intake_replies") == []
    late = _reply(made.readers[0], envelope_id, encrypt_for(made.readers, b"late"))
    assert late.status_code == 404  # the envelope itself is gone after its 30 days
    browser.close()
