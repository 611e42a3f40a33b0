"""Delegations through the relay (relay/delegations.py): publish, certify, revoke, list under
the partition rules, and the principal seeing their delegates' receipts."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from crypto.delegation import certify_delegation, issue, revoke
from crypto.identity import PrivateIdentity
from crypto.org_signer import SoftwareOrgSigner
from relay.clock import as_datetime
from tests.relay.conftest import World
from tests.relay.test_receipts import DATA, _receipt


def _issue(world: World, principal, delegate_fp: str, scope=("send", "receive"), days=30):
    now = as_datetime(world.server.now())
    return issue(principal.identity, bytes.fromhex(delegate_fp), set(scope), now,
                 now + timedelta(days=days), now)


def _post(client, delegation) -> object:
    return client.call("POST", "/v1/delegations",
                       json_body={"delegation": json.loads(delegation.to_bytes())})


def _list(client, which: str, fingerprint: str | None = None) -> list[dict]:
    path = f"/v1/delegations?list={which}" + (f"&fingerprint={fingerprint}" if fingerprint else "")
    response = client.call("GET", path)
    assert response.status_code == 200, response.text
    return response.json()["delegations"]


def _admin(world: World):
    identity = PrivateIdentity.generate("Admin Barreau", "", "Barreau", hybrid=False,
                                        now=as_datetime(world.server.now()))
    admin = world.server.client(identity)
    assert admin.enrol(world.server.invite(world.barreau, "admin")).status_code == 201
    world.server.certify(admin.fingerprint, world.barreau)
    return admin


def _certified(world: World, delegation):
    return certify_delegation(delegation, SoftwareOrgSigner(world.barreau.key), "Barreau",
                              as_datetime(world.server.now()))


def test_pending_then_certified_then_listed_across_the_partition(world: World) -> None:
    signed = _issue(world, world.alice, world.carol.fingerprint)
    posted = _post(world.alice, signed)
    assert posted.status_code == 201, posted.text
    assert posted.json()["state"] == "pending"
    assert _post(world.alice, signed).status_code == 201  # a retry is harmless
    # The admin sees it pending; a plain member does not.
    admin = _admin(world)
    assert [d["id"] for d in _list(admin, "pending")] == [signed.id_hex]
    assert world.carol.call("GET", "/v1/delegations?list=pending").status_code == 404
    # Nobody else sees a pending delegation; the principal and the delegate do.
    assert _list(world.bob, "principal", world.alice.fingerprint) == []
    assert _list(world.carol, "delegate")[0]["state"] == "pending"
    certified = _certified(world, signed)
    answer = _post(admin, certified)
    assert answer.status_code == 201 and answer.json()["state"] == "active"
    assert _list(admin, "pending") == []
    seen = _list(world.bob, "principal", world.alice.fingerprint)  # linked organisation
    assert [d["document"] for d in seen] == [json.loads(certified.to_bytes())]
    assert seen[0]["delegate_card"]["name"] == "Carol Petit"
    assert _list(world.mallory, "principal", world.alice.fingerprint) == []  # not linked


@pytest.mark.parametrize("case", ["forged", "other_org_delegate", "uncertified_by_other",
                                  "wrong_org_key", "ended"])
def test_refused_publications(world: World, case: str) -> None:
    if case == "forged":  # Carol writes a delegation from Alice to herself
        signed = _issue(world, world.alice, world.carol.fingerprint)
        forged = issue(world.carol.identity, bytes.fromhex(world.alice.fingerprint), {"send"},
                       signed.valid_from, signed.valid_until, signed.issued)
        doc = json.loads(forged.to_bytes())
        doc["principal"], doc["delegate"] = world.alice.fingerprint, world.carol.fingerprint
        response = world.carol.call("POST", "/v1/delegations", json_body={"delegation": doc})
    elif case == "other_org_delegate":
        response = _post(world.alice, _issue(world, world.alice, world.bob.fingerprint))
    elif case == "uncertified_by_other":
        response = _post(world.carol, _issue(world, world.alice, world.carol.fingerprint))
    elif case == "wrong_org_key":
        signed = _issue(world, world.alice, world.carol.fingerprint)
        response = _post(world.alice, certify_delegation(
            signed, SoftwareOrgSigner(world.notaires.key), "Barreau",
            as_datetime(world.server.now())))
    else:
        signed = _issue(world, world.alice, world.carol.fingerprint, days=1)
        world.server.clock.advance(2 * 86400)
        response = _post(world.alice, signed)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "invalid_delegation"


def test_revocation_by_the_principal_or_the_organisation(world: World) -> None:
    now = as_datetime(world.server.now())
    first = _certified(world, _issue(world, world.alice, world.carol.fingerprint))
    second = _certified(world, _issue(world, world.alice, world.carol.fingerprint, ("receive",)))
    for d in (first, second):
        assert _post(world.alice, d).status_code == 201
    by_delegate = revoke(first, world.carol.identity, now)
    refused = world.carol.call("POST", f"/v1/delegations/{first.id_hex}/revocation",
                               json_body={"revocation": json.loads(by_delegate.to_bytes())})
    assert refused.status_code == 422
    outsider = world.bob.call("POST", f"/v1/delegations/{first.id_hex}/revocation",
                              json_body={"revocation": json.loads(
                                  revoke(first, world.alice.identity, now).to_bytes())})
    assert outsider.status_code == 404  # another organisation's delegation is not found
    for d, signer in ((first, world.alice.identity),
                      (second, SoftwareOrgSigner(world.barreau.key))):
        answer = world.carol.call("POST", f"/v1/delegations/{d.id_hex}/revocation",
                                  json_body={"revocation": json.loads(
                                      revoke(d, signer, now).to_bytes())})
        assert answer.status_code == 200, answer.text
        assert answer.json()["state"] == "revoked"
    assert _list(world.bob, "delegate", world.carol.fingerprint) == []
    revoked = _list(world.bob, "revoked")
    assert {d["id"] for d in revoked} == {first.id_hex, second.id_hex}
    assert all(d["revocation"] is not None for d in revoked)
    assert _list(world.mallory, "revoked") == []
    # A revoked delegation cannot come back by publishing it again.
    again = _post(world.alice, first)
    assert again.status_code in (201, 409)
    assert _list(world.alice, "principal")[0]["state"] == "revoked"


def test_the_principal_sees_the_receipts_of_those_who_receive_for_them(world: World) -> None:
    delegation = _certified(world, _issue(world, world.alice, world.carol.fingerprint,
                                          ("receive",)))
    assert _post(world.alice, delegation).status_code == 201
    committed = world.bob.upload([world.alice.fingerprint, world.carol.fingerprint], DATA)
    envelope = committed["envelope"]["envelope_id"]
    world.carol.download(envelope)
    assert world.carol.post_receipt(envelope, _receipt(world, world.carol, envelope)
                                    ).status_code == 201
    seen = world.alice.proofs(envelope).json()
    assert [r["statement"]["recipient"] for r in seen["receipts"]] == [world.carol.fingerprint]
    assert len(seen["deliveries"]) == 1
    # The delegate does not see the principal's; a recipient who is no principal sees its own.
    assert world.carol.proofs(envelope).json()["receipts"][0]["statement"]["recipient"] == \
        world.carol.fingerprint


def test_one_listing_for_many_principals(world: World) -> None:
    ours = _certified(world, _issue(world, world.alice, world.carol.fingerprint, ("receive",)))
    assert _post(world.alice, ours).status_code == 201
    path = (f"/v1/delegations?list=principal&fingerprint={world.alice.fingerprint}"
            f"&fingerprint={world.bob.fingerprint}&fingerprint=not-hex"
            f"&fingerprint={world.mallory.fingerprint}")
    answer = world.bob.call("GET", path)
    assert answer.status_code == 200, answer.text
    assert [d["id"] for d in answer.json()["delegations"]] == [ours.id_hex]


def test_members_not_in_good_standing_are_refused(world: World) -> None:
    signed = _issue(world, world.alice, world.carol.fingerprint)
    pending = world.server.member(world.barreau, "Paul Pending", certified=False)
    assert pending.call("GET", "/v1/delegations?list=principal").status_code == 403
    assert _post(pending, signed).status_code == 403
    world.server.revoke(world.carol.fingerprint)
    assert world.carol.call("GET", "/v1/delegations?list=delegate").status_code == 403
    # A revoked delegate: the principal can no longer publish a delegation to them.
    refused = _post(world.alice, signed)
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "invalid_delegation"
    unsigned = world.alice.send("GET", "/v1/delegations?list=principal", [])
    assert unsigned.status_code == 401
