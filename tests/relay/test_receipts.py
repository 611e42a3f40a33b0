"""Recipients' signed receipts through the relay, and what each party may fetch."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from crypto.content_digest import of_bytes
from crypto.proofs import parse_proof, sign_receipt
from crypto.sealed.codec import canonical_json
from relay.clock import as_datetime
from tests.relay.conftest import World
from tests.relay.test_auth import code

DATA = b"sealed bytes " * 100
SHA = of_bytes(DATA).hex()


@pytest.fixture
def envelope(world: World) -> str:
    committed = world.alice.upload([world.bob.fingerprint, world.carol.fingerprint], DATA)
    return committed["envelope"]["envelope_id"]


def _receipt(world: World, client, envelope: str | None, **changes) -> dict:
    fields = dict(event="opened", content_digest=SHA, message_id="12" * 16,
                  envelope_id=envelope, time=as_datetime(world.server.now()))
    fields.update(changes)
    return json.loads(sign_receipt(client.identity, **fields).to_bytes())


def test_sender_fetches_the_recipients_receipt_and_checks_it_offline(world: World,
                                                                       envelope: str) -> None:
    world.bob.download(envelope)
    posted = world.bob.post_receipt(envelope, _receipt(world, world.bob, envelope))
    assert posted.status_code == 201
    proofs = world.alice.proofs(envelope).json()
    assert len(proofs["receipts"]) == 1 and len(proofs["deliveries"]) == 1
    receipt = parse_proof(canonical_json(proofs["receipts"][0]))  # with nothing but the proof
    assert receipt.statement["recipient"] == world.bob.fingerprint
    assert receipt.statement["event"] == "opened"
    assert receipt.statement["content_digest"] == SHA
    assert parse_proof(canonical_json(proofs["deposit"])).statement["envelope_id"] == envelope


def test_refusal_is_passed_back_too(world: World, envelope: str) -> None:
    refused = _receipt(world, world.carol, envelope, event="refused")
    assert world.carol.post_receipt(envelope, refused).status_code == 201
    events = [r["statement"]["event"] for r in world.alice.proofs(envelope).json()["receipts"]]
    assert events == ["refused"]


def test_a_recipient_sees_only_its_own_proofs(world: World, envelope: str) -> None:
    world.bob.download(envelope)
    world.carol.download(envelope)
    world.bob.post_receipt(envelope, _receipt(world, world.bob, envelope))
    world.carol.post_receipt(envelope, _receipt(world, world.carol, envelope))
    mine = world.bob.proofs(envelope).json()
    assert [d["statement"]["recipient"] for d in mine["deliveries"]] == [world.bob.fingerprint]
    assert [r["statement"]["recipient"] for r in mine["receipts"]] == [world.bob.fingerprint]
    assert len(world.alice.proofs(envelope).json()["receipts"]) == 2


def test_receipt_signed_by_someone_else_is_refused(world: World, envelope: str) -> None:
    carols = _receipt(world, world.carol, envelope)
    response = world.bob.post_receipt(envelope, carols)
    assert (response.status_code, code(response)) == (422, "invalid_receipt")
    carols["statement"]["recipient"] = world.bob.fingerprint  # and forging the name fails
    response = world.bob.post_receipt(envelope, carols)
    assert (response.status_code, code(response)) == (422, "invalid_receipt")


@pytest.mark.parametrize("changes", [
    {"content_digest": "00" * 32},
    {"event": "delivered"},
    {"envelope_id": None},
    {"envelope_id": "ff" * 16},
])
def test_receipt_about_something_else_is_refused(world: World, envelope: str,
                                                 changes: dict) -> None:
    receipt = _receipt(world, world.bob, envelope, **changes)
    response = world.bob.post_receipt(envelope, receipt)
    assert (response.status_code, code(response)) == (422, "invalid_receipt")


def test_receipt_with_an_implausible_time_is_refused(world: World, envelope: str) -> None:
    for moment in (world.server.now() - 3600, world.server.now() + 3600):
        receipt = _receipt(world, world.bob, envelope, time=as_datetime(moment))
        response = world.bob.post_receipt(envelope, receipt)
        assert (response.status_code, code(response)) == (422, "invalid_receipt")


def test_tampered_receipt_is_refused(world: World, envelope: str) -> None:
    receipt = _receipt(world, world.bob, envelope)
    receipt["statement"]["event"] = "refused"
    response = world.bob.post_receipt(envelope, receipt)
    assert (response.status_code, code(response)) == (422, "invalid_receipt")


def test_the_same_receipt_is_posted_once(world: World, envelope: str) -> None:
    world.bob.download(envelope)
    assert world.bob.post_receipt(envelope, _receipt(world, world.bob, envelope)
                                  ).status_code == 201
    world.server.clock.advance(60)
    again = world.bob.post_receipt(envelope, _receipt(world, world.bob, envelope))
    assert (again.status_code, code(again)) == (409, "receipt_exists")


def test_only_addressed_recipients_post_receipts(world: World, envelope: str) -> None:
    for client in (world.alice, world.mallory):
        response = client.post_receipt(envelope, _receipt(world, client, envelope))
        assert (response.status_code, code(response)) == (404, "not_found")


def test_receipts_leave_with_the_envelope(world: World, envelope: str) -> None:
    world.bob.download(envelope)
    assert world.bob.post_receipt(envelope, _receipt(world, world.bob, envelope)
                                  ).status_code == 201
    world.server.clock.advance(timedelta(days=7).total_seconds())
    world.server.sweep()
    with world.server.relay.db.transaction() as tx:
        assert tx.all("SELECT COUNT(*) FROM receipts") == [(0,)]
    # The proofs themselves are kept a year after the envelope (tests/evidence/test_relay_*).
    assert len(world.alice.proofs(envelope).json()["receipts"]) == 1


@pytest.mark.parametrize(("first", "second"), [("opened", "refused"), ("refused", "opened")])
def test_a_receipt_is_one_final_state(world: World, envelope: str, first: str,
                                      second: str) -> None:
    world.bob.download(envelope)
    posted = world.bob.post_receipt(envelope, _receipt(world, world.bob, envelope, event=first))
    assert posted.status_code == 201
    world.server.clock.advance(5)
    again = world.bob.post_receipt(envelope, _receipt(world, world.bob, envelope, event=second))
    assert (again.status_code, code(again)) == (409, "receipt_exists")
    assert f"({first})" in again.json()["error"]["message"]
    events = [r["statement"]["event"] for r in world.alice.proofs(envelope).json()["receipts"]]
    assert events == [first]


def test_nothing_is_opened_before_it_was_delivered(world: World, envelope: str) -> None:
    early = world.bob.post_receipt(envelope, _receipt(world, world.bob, envelope))
    assert (early.status_code, code(early)) == (422, "invalid_receipt")
    assert "never delivered" in early.json()["error"]["message"]
    partial = world.bob.call("GET", f"/v1/envelopes/{envelope}/content",
                             headers=[("Range", "bytes=0-9")],
                             stream_check=["scelle-content-digest", "scelle-envelope-size",
                                           "content-range"])
    assert partial.status_code == 206
    still = world.bob.post_receipt(envelope, _receipt(world, world.bob, envelope))
    assert (still.status_code, code(still)) == (422, "invalid_receipt")
    assert world.alice.proofs(envelope).json()["receipts"] == []
    # Refusing needs no delivery: a recipient may refuse what it never fetched.
    refused = world.carol.post_receipt(envelope, _receipt(world, world.carol, envelope,
                                                          event="refused"))
    assert refused.status_code == 201


def test_concurrent_opened_and_refused_keep_exactly_one(world: World, envelope: str) -> None:
    world.bob.download(envelope)
    bodies = [_receipt(world, world.bob, envelope, event=e) for e in ("opened", "refused")]
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda b: world.bob.post_receipt(envelope, b).status_code,
                                bodies))
    assert sorted(answers) == [201, 409]
    assert len(world.alice.proofs(envelope).json()["receipts"]) == 1


def _opened(world: World, client, envelope: str) -> None:
    client.download(envelope)
    assert client.post_receipt(envelope, _receipt(world, client, envelope)).status_code == 201
    world.server.clock.advance(5)


def test_the_first_recipient_takes_the_envelope_for_the_others(world: World,
                                                               envelope: str) -> None:
    _opened(world, world.bob, envelope)
    _opened(world, world.carol, envelope)
    taken = world.bob.post_receipt(envelope, _receipt(world, world.bob, envelope,
                                                      event="taken"))
    assert taken.status_code == 201
    late = world.carol.post_receipt(envelope, _receipt(world, world.carol, envelope,
                                                       event="taken"))
    assert (late.status_code, code(late)) == (409, "receipt_exists")
    assert "already taken" in late.json()["error"]["message"]
    # Carol sees Bob's `taken` (not his `opened`); the sender sees everything.
    seen = {(r["statement"]["recipient"], r["statement"]["event"])
            for r in world.carol.proofs(envelope).json()["receipts"]}
    assert seen == {(world.carol.fingerprint, "opened"), (world.bob.fingerprint, "taken")}
    events = sorted(r["statement"]["event"] for r in world.alice.proofs(envelope).json()
                    ["receipts"])
    assert events == ["opened", "opened", "taken"]


@pytest.mark.parametrize("event", ["taken", "destroyed"])
def test_taken_and_destroyed_need_the_recipients_own_opened(world: World, envelope: str,
                                                            event: str) -> None:
    world.bob.download(envelope)
    early = world.bob.post_receipt(envelope, _receipt(world, world.bob, envelope, event=event))
    assert (early.status_code, code(early)) == (422, "invalid_receipt")
    assert "opened" in early.json()["error"]["message"]
    _opened(world, world.carol, envelope)  # someone else's `opened` does not count
    still = world.bob.post_receipt(envelope, _receipt(world, world.bob, envelope, event=event))
    assert (still.status_code, code(still)) == (422, "invalid_receipt")
    refused = _receipt(world, world.bob, envelope, event="refused")
    assert world.bob.post_receipt(envelope, refused).status_code == 201
    after = world.bob.post_receipt(envelope, _receipt(world, world.bob, envelope, event=event))
    assert (after.status_code, code(after)) == (422, "invalid_receipt")


def test_destroyed_follows_opened_once(world: World, envelope: str) -> None:
    _opened(world, world.bob, envelope)
    body = _receipt(world, world.bob, envelope, event="destroyed")
    assert world.bob.post_receipt(envelope, body).status_code == 201
    world.server.clock.advance(5)
    again = world.bob.post_receipt(envelope, _receipt(world, world.bob, envelope,
                                                      event="destroyed"))
    assert (again.status_code, code(again)) == (409, "receipt_exists")
    events = sorted(r["statement"]["event"] for r in world.alice.proofs(envelope).json()
                    ["receipts"])
    assert events == ["destroyed", "opened"]


def test_concurrent_takes_keep_exactly_one(world: World, envelope: str) -> None:
    _opened(world, world.bob, envelope)
    _opened(world, world.carol, envelope)
    pairs = [(c, _receipt(world, c, envelope, event="taken")) for c in (world.bob, world.carol)]
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda p: p[0].post_receipt(envelope, p[1]).status_code, pairs))
    assert sorted(answers) == [201, 409]
    events = [r["statement"]["event"] for r in world.alice.proofs(envelope).json()["receipts"]]
    assert events.count("taken") == 1
