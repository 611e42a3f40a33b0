"""Prekeys on the relay: publication checks, current-prekey lookup under the partition rules."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from crypto.identity import PrivateIdentity
from crypto.prekeys import Prekey, new_prekey, parse_prekey, verify_prekey
from relay.clock import as_datetime
from tests.relay.conftest import World
from tests.support.relay_server import RelayClient

DAY = 86400


def _prekey(client: RelayClient, *, at: int | None = None,
            signer: PrivateIdentity | None = None) -> Prekey:
    moment = as_datetime(at if at is not None else int(client.clock.now()))
    prekey = new_prekey(signer or client.identity, moment).prekey
    if signer is not None:  # someone else's key, claiming to be the client's
        prekey = replace(prekey, owner=client.fingerprint)
        prekey = replace(prekey, signature=signer.sign(prekey.signed_message()))
    return prekey


def _publish(client: RelayClient, prekey: Prekey | dict[str, Any]) -> Any:
    value = prekey if isinstance(prekey, dict) else json.loads(prekey.to_bytes())
    return client.call("POST", "/v1/prekeys", json_body={"prekey": value})


def _lookup(client: RelayClient, *fingerprints: str) -> dict[str, Prekey]:
    query = "&".join(f"fingerprint={f}" for f in fingerprints)
    response = client.call("GET", f"/v1/prekeys?{query}")
    assert response.status_code == 200, response.text
    return {e["fingerprint"]: parse_prekey(json.dumps(e["prekey"], separators=(",", ":"),
                                                      sort_keys=True, ensure_ascii=False)
                                           .encode()) for e in response.json()["prekeys"]}


def test_publish_and_fetch_the_current_prekey(world: World) -> None:
    bob = world.bob
    first = _prekey(bob)
    response = _publish(bob, first)
    assert response.status_code == 201, response.text
    assert response.json() == {"prekey_id": first.prekey_id}
    assert _publish(bob, first).status_code == 201  # a retry after a lost answer
    found = _lookup(world.alice, bob.fingerprint)
    assert found[bob.fingerprint] == first
    verify_prekey(found[bob.fingerprint], bob.identity.card)
    # Rotation: the next one, published before the first's rotation, is served from then on;
    # the first stays usable (overlap) by senders that fetched it.
    world.server.clock.advance(6 * DAY)
    second = _prekey(bob)
    assert _publish(bob, second).status_code == 201
    assert _lookup(world.alice, bob.fingerprint)[bob.fingerprint] == second
    assert _publish(bob, first).status_code == 201  # known: nothing changes
    assert _lookup(world.alice, bob.fingerprint)[bob.fingerprint] == second


def test_older_prekey_is_refused(world: World) -> None:
    bob = world.bob
    now = world.server.now()
    assert _publish(bob, _prekey(bob, at=now)).status_code == 201
    response = _publish(bob, _prekey(bob, at=now - 60))
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_prekey"
    assert "not newer" in response.json()["error"]["message"]


def test_badly_signed_foreign_or_stale_prekey_is_refused(world: World) -> None:
    bob, alice = world.bob, world.alice
    cases = [
        (_prekey(bob, signer=world.mallory.identity), "signature"),
        (_prekey(alice), "another identity"),
        (_prekey(bob, at=world.server.now() - 15 * DAY), "period of use"),
        (_prekey(bob, at=world.server.now() + DAY), "period of use"),
    ]
    for prekey, problem in cases:
        response = _publish(bob, prekey)
        assert response.status_code == 422, response.text
        error = response.json()["error"]
        assert error["code"] == "invalid_prekey" and problem in error["message"]
    unsigned = json.loads(_prekey(bob).to_bytes())
    unsigned["signature"] = "A" * 86 + "=="
    assert _publish(bob, unsigned).json()["error"]["code"] == "invalid_prekey"
    broken = {**unsigned, "version": "1"}
    assert _publish(bob, broken).json()["error"]["code"] == "invalid_prekey"
    assert _lookup(alice, bob.fingerprint) == {}


def test_lookup_follows_the_partition(world: World) -> None:
    for client in (world.bob, world.mallory, world.carol):
        assert _publish(client, _prekey(client)).status_code == 201
    found = _lookup(world.alice, world.bob.fingerprint, world.mallory.fingerprint,
                    world.carol.fingerprint, "0" * 64, "not-a-fingerprint")
    # Police is linked to no one: Mallory's prekey is absent, like an unknown fingerprint's.
    assert sorted(found) == sorted([world.bob.fingerprint, world.carol.fingerprint])
    assert _lookup(world.mallory, world.bob.fingerprint) == {}


def test_revoked_member_and_stale_prekey_are_not_served(world: World) -> None:
    bob, carol = world.bob, world.carol
    assert _publish(bob, _prekey(bob)).status_code == 201
    assert _publish(carol, _prekey(carol)).status_code == 201
    world.server.revoke(carol.fingerprint)
    assert list(_lookup(world.alice, bob.fingerprint, carol.fingerprint)) == [bob.fingerprint]
    world.server.clock.advance(14 * DAY + 60)  # past rotation and overlap: stale
    assert _lookup(world.alice, bob.fingerprint) == {}


def test_pending_member_cannot_publish(world: World) -> None:
    pending = world.server.member(world.barreau, "Paul Pending", certified=False)
    response = _publish(pending, new_prekey(pending.identity,
                                            as_datetime(world.server.now())).prekey)
    assert response.status_code == 403

