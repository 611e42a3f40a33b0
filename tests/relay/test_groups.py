"""Duty groups on the relay (relay/groups.py): publishing signed rosters (no forgery, no other
organisation's, no rollback, only certified members), the partition, and envelopes addressed
to a group (the deposit proof names it; recipients on the roster; `taken` seen by all)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crypto.content_digest import of_bytes
from crypto.proofs import parse_proof, sign_receipt
from crypto.sealed.codec import canonical_json
from relay.clock import as_datetime
from tests.relay.conftest import World
from tests.relay.test_auth import code
from tests.support.groups import GROUP, signed_roster
from tests.support.relay_server import RelayClient

DATA = b"sealed for the duty lawyer " * 50


def _roster(world: World, members: list[str], version: int = 1, **kwargs: Any) -> dict:
    key = kwargs.pop("key", world.barreau.key)
    organisation = kwargs.pop("organisation", world.barreau.name)
    return signed_roster(key, organisation, members, issued=as_datetime(world.server.now()),
                         version=version, **kwargs)


def _publish(client: RelayClient, roster: dict, group_id: str = GROUP) -> httpx.Response:
    return client.call("PUT", f"/v1/groups/{group_id}", json_body={"roster": roster})


def _both(world: World) -> list[str]:
    return [world.alice.fingerprint, world.carol.fingerprint]


def test_published_roster_is_seen_in_the_partition_only(world: World) -> None:
    published = _publish(world.carol, _roster(world, _both(world)))
    assert published.status_code == 200, published.text
    assert published.json()["version"] == 1
    for client in (world.alice, world.bob):  # own organisation, linked one
        listed = client.call("GET", "/v1/groups").json()["groups"]
        assert [g["group_id"] for g in listed] == [GROUP]
        assert listed[0]["roster"] == _roster(world, _both(world))
        assert client.call("GET", f"/v1/groups/{GROUP}").json()["organisation"] == "Barreau"
    assert world.mallory.call("GET", "/v1/groups").json()["groups"] == []
    outside = world.mallory.call("GET", f"/v1/groups/{GROUP}")
    unknown = world.mallory.call("GET", "/v1/groups/" + "8" * 32)
    assert (outside.status_code, outside.json()) == (unknown.status_code, unknown.json())
    assert code(outside) == "not_found"


def test_forged_or_foreign_rosters_are_refused(world: World) -> None:
    barreau_key = world.barreau.key.public_key().public_bytes_raw()
    forged = _roster(world, _both(world), key=Ed25519PrivateKey.generate(), org_key=barreau_key)
    foreign = _roster(world, [world.bob.fingerprint], key=world.notaires.key,
                      organisation=world.notaires.name)
    other_key = _roster(world, _both(world), key=Ed25519PrivateKey.generate())
    unsigned = dict(_roster(world, _both(world)))
    unsigned.pop("signature")
    for roster in (forged, foreign, other_key, unsigned):
        response = _publish(world.alice, roster)
        assert (response.status_code, code(response)) == (422, "invalid_roster"), response.text
    # Bob (Notaires) cannot publish Barreau's roster, even genuinely signed.
    response = _publish(world.bob, _roster(world, _both(world)))
    assert (response.status_code, code(response)) == (422, "invalid_roster")
    wrong_path = _publish(world.alice, _roster(world, _both(world)), group_id="7" * 32)
    assert code(wrong_path) == "invalid_roster"
    assert world.alice.call("GET", "/v1/groups").json()["groups"] == []


def test_no_rollback(world: World) -> None:
    assert _publish(world.alice, _roster(world, _both(world), version=2)).status_code == 200
    for version in (1, 2):
        response = _publish(world.alice, _roster(world, [world.alice.fingerprint],
                                                 version=version))
        assert (response.status_code, code(response)) == (409, "roster_outdated")
        assert response.json()["error"]["published_version"] == 2
    assert _publish(world.alice, _roster(world, [world.alice.fingerprint],
                                         version=3)).status_code == 200
    shown = world.bob.call("GET", f"/v1/groups/{GROUP}").json()
    assert shown["version"] == 3
    assert [m["fingerprint"] for m in shown["roster"]["roster"]["members"]] == \
        [world.alice.fingerprint]


def test_members_must_be_certified_in_the_organisation(world: World) -> None:
    outsider = _publish(world.alice, _roster(world, [world.alice.fingerprint,
                                                     world.bob.fingerprint]))
    assert code(outsider) == "invalid_roster"
    world.server.revoke(world.carol.fingerprint)
    revoked = _publish(world.alice, _roster(world, _both(world)))
    assert code(revoked) == "invalid_roster"
    pending = world.server.member(world.barreau, "Dave Noir", certified=False)
    response = _publish(world.alice, _roster(world, [pending.fingerprint]))
    assert code(response) == "invalid_roster"


def _deposit(client: RelayClient, recipients: list[str], group: str | None) -> httpx.Response:
    query = [("recipients", r) for r in recipients] + [("availability_days", "7")]
    if group is not None:
        query.append(("group", group))
    return client.call("POST", "/v1/envelopes/deposit?" + urlencode(query), body=DATA,
                       headers=[("Content-Type", "application/octet-stream")])


def test_deposit_to_a_group_names_it_in_the_proof(world: World) -> None:
    _publish(world.alice, _roster(world, _both(world)))
    single = _deposit(world.bob, _both(world), GROUP)
    assert single.status_code == 201, single.text
    assert parse_proof(canonical_json(single.json()["deposit_proof"])).statement["group"] == GROUP
    created = world.bob.call("POST", "/v1/envelopes", json_body={
        "recipients": _both(world), "size": len(DATA), "availability_days": 7, "group": GROUP})
    assert created.status_code == 201, created.text
    envelope_id = created.json()["envelope_id"]
    assert world.bob.put_chunk(envelope_id, 0, DATA).status_code == 200
    committed = world.bob.commit(envelope_id, of_bytes(DATA).hex())
    assert parse_proof(canonical_json(committed.json()["deposit_proof"])
                       ).statement["group"] == GROUP
    plain = _deposit(world.bob, _both(world), None)
    assert "group" not in plain.json()["deposit_proof"]["statement"]


def test_deposit_to_a_group_checks_roster_and_partition(world: World) -> None:
    _publish(world.alice, _roster(world, [world.alice.fingerprint]))
    not_on_roster = _deposit(world.bob, _both(world), GROUP)
    assert (not_on_roster.status_code, code(not_on_roster)) == (400, "invalid_request")
    unknown = _deposit(world.bob, [world.alice.fingerprint], "8" * 32)
    assert (unknown.status_code, code(unknown)) == (422, "unknown_group")
    police = world.server.member(world.police, "Paul Agent")
    _publish(world.mallory, signed_roster(world.police.key, world.police.name,
                                          [world.mallory.fingerprint, police.fingerprint],
                                          issued=as_datetime(world.server.now()),
                                          group_id="6" * 32))
    outside = _deposit(world.alice, [world.carol.fingerprint], "6" * 32)
    assert (outside.status_code, code(outside)) == (422, "unknown_group")
    malformed = _deposit(world.bob, [world.alice.fingerprint], "XYZ")
    assert code(malformed) == "invalid_request"
    assert world.bob.inbox("sent") == []


def _receipt(client: RelayClient, world: World, envelope_id: str, event: str) -> dict:
    return json.loads(sign_receipt(client.identity, event=event,
                                   content_digest=of_bytes(DATA).hex(), message_id=None,
                                   envelope_id=envelope_id,
                                   time=as_datetime(world.server.now())).to_bytes())


def test_taken_is_seen_by_every_member_and_the_sender(world: World) -> None:
    _publish(world.alice, _roster(world, _both(world)))
    envelope_id = _deposit(world.bob, _both(world), GROUP).json()["envelope"]["envelope_id"]
    world.alice.download(envelope_id)
    assert world.alice.post_receipt(envelope_id,
                                    _receipt(world.alice, world, envelope_id, "opened")
                                    ).status_code == 201
    taken = world.alice.post_receipt(envelope_id, _receipt(world.alice, world, envelope_id,
                                                           "taken"))
    assert taken.status_code == 201, taken.text
    for client in (world.carol, world.bob):
        events = [(r["statement"]["recipient"], r["statement"]["event"])
                  for r in client.proofs(envelope_id).json()["receipts"]]
        assert (world.alice.fingerprint, "taken") in events


def test_a_member_who_joins_later_does_not_receive_old_envelopes(world: World) -> None:
    _publish(world.alice, _roster(world, [world.alice.fingerprint]))
    envelope_id = _deposit(world.bob, [world.alice.fingerprint], GROUP).json()[
        "envelope"]["envelope_id"]
    assert _publish(world.alice, _roster(world, _both(world), version=2)).status_code == 200
    assert world.carol.inbox() == []
    assert code(world.carol.download(envelope_id)) == "not_found"
