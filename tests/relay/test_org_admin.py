"""Organisation administration over HTTP, signed by the organisation key (relay/org_auth.py,
relay/org_admin.py), against the real relay on loopback, SQLite and PostgreSQL.

The admin of Barreau signs with Barreau's certification key (keyid = its hex); every route
refuses an unknown key, a bad signature, a replay, a member's own key, and any fingerprint that
is not one of its members (unknown, or a member of another organisation) alike.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crypto.httpsig import RequestSigner
from crypto.identity import certify, parse_card
from crypto.org_signer import SoftwareOrgSigner
from relay.clock import as_datetime
from tests.relay.conftest import World
from tests.support.relay_server import Org, RelayClient, RunningRelay

JSON = [("Content-Type", "application/json")]


def admin_client(server: RunningRelay, key: Ed25519PrivateKey, identity_from: RelayClient
                 ) -> RelayClient:
    """A client signing with an organisation key (the member identity only fills the slot)."""
    client = server.client(identity_from.identity)
    client.signer = RequestSigner(SoftwareOrgSigner(key),  # type: ignore[arg-type]
                                  key.public_key().public_bytes_raw().hex())
    return client


def admin_of(world: World, org: Org) -> RelayClient:
    return admin_client(world.server, org.key, world.alice)


def pending_member(world: World, admin: RelayClient, name: str) -> RelayClient:
    response = admin.call("POST", "/v1/org/invitations", json_body={"role": "member"})
    assert response.status_code == 201, response.text
    code = response.json()["code"]
    from crypto.identity import PrivateIdentity

    identity = PrivateIdentity.generate(name, "avocat", "Barreau", hybrid=False,
                                        now=as_datetime(world.server.now()))
    member = world.server.client(identity)
    assert member.enrol(code).status_code == 201
    return member


def certified_copy(world: World, org: Org, card_json: dict[str, Any],
                   name: str | None = None) -> dict[str, Any]:
    card = parse_card(json.dumps(card_json).encode())
    signed = certify(card, SoftwareOrgSigner(org.key), name or org.name,
                     created=as_datetime(world.server.now()))
    return json.loads(signed.to_bytes())


def test_invite_list_certify_revoke_audit(world: World) -> None:
    admin = admin_of(world, world.barreau)
    record = admin.call("GET", "/v1/org").json()
    assert record["name"] == "Barreau" and record["linked"] == ["Notaires"]
    nina = pending_member(world, admin, "Nina Nouvelle")
    listed = {m["fingerprint"]: m for m in admin.call("GET", "/v1/org/members").json()["members"]}
    assert listed[nina.fingerprint]["status"] == "pending"
    assert listed[nina.fingerprint]["name"] == "Nina Nouvelle"
    assert listed[nina.fingerprint]["card"] is None  # the list leaves cards out
    assert set(listed) == {world.alice.fingerprint, world.carol.fingerprint, nina.fingerprint}
    pending = admin.call("GET", f"/v1/org/members/{nina.fingerprint}").json()
    assert pending["card"]["name"] == "Nina Nouvelle"
    done = admin.call("POST", f"/v1/org/members/{nina.fingerprint}/certify",
                      json_body={"card": certified_copy(world, world.barreau, pending["card"])})
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "certified"
    assert nina.fingerprint in [c["fingerprint"] for c in world.alice.directory()]
    revoked = admin.call("POST", f"/v1/org/members/{nina.fingerprint}/revoke",
                         json_body={"reason": "departure"})
    assert revoked.status_code == 200, revoked.text
    assert (revoked.json()["status"], revoked.json()["reason"]) == ("revoked", "departure")
    assert revoked.json()["revoked"] == world.server.now()
    assert nina.call("GET", "/v1/directory").json()["error"]["code"] == "member_revoked"
    again = admin.call("POST", f"/v1/org/members/{nina.fingerprint}/revoke",
                       json_body={"reason": "lost-key"})
    assert (again.status_code, again.json()["error"]["code"]) == (409, "member_state")
    recertify = admin.call("POST", f"/v1/org/members/{nina.fingerprint}/certify",
                           json_body={"card": certified_copy(world, world.barreau,
                                                             pending["card"])})
    assert recertify.status_code == 409
    entries = admin.call("GET", "/v1/org/audit").json()["entries"]
    actions = [e["action"] for e in entries]
    assert {"invitation.created", "member.enrolled", "member.certified",
            "member.revoked"} <= set(actions)
    org_ids = {r.id for r in _orgs(world)}
    barreau_id = next(o.id for o in _orgs(world) if o.name == "Barreau")
    others = org_ids - {barreau_id}
    for entry in entries:  # nothing about Police, Notaires' own rows stay theirs
        assert entry["subject"] not in others, entry
        assert world.mallory.fingerprint not in (entry["subject"], entry["actor"])
        assert world.bob.fingerprint not in (entry["subject"], entry["actor"])
    assert "reason=departure" in entries[-1]["detail"]


def _orgs(world: World) -> list[Any]:
    from relay.db import directory

    with world.server.relay.db.transaction() as tx:
        return directory.list_orgs(tx)


def test_other_organisations_members_are_unknown(world: World) -> None:
    admin = admin_of(world, world.barreau)
    nobody = "ab" * 32
    for fingerprint in (world.bob.fingerprint, world.mallory.fingerprint, nobody):
        got = admin.call("GET", f"/v1/org/members/{fingerprint}")
        assert (got.status_code, got.json()["error"]["code"]) == (404, "unknown_member")
        revoke = admin.call("POST", f"/v1/org/members/{fingerprint}/revoke",
                            json_body={"reason": "lost-key"})
        assert revoke.status_code == 404
    bob_card = world.bob.call("GET", "/v1/me").json()["card"]
    certify_bob = admin.call("POST", f"/v1/org/members/{world.bob.fingerprint}/certify",
                             json_body={"card": certified_copy(world, world.barreau, bob_card)})
    assert certify_bob.status_code == 404
    # Bob is untouched: still certified by his own organisation.
    assert world.bob.call("GET", "/v1/me").json()["status"] == "certified"


def test_certification_is_checked(world: World) -> None:
    admin = admin_of(world, world.barreau)
    nina = pending_member(world, admin, "Nina Nouvelle")
    card = admin.call("GET", f"/v1/org/members/{nina.fingerprint}").json()["card"]
    path = f"/v1/org/members/{nina.fingerprint}/certify"
    cases = {
        "another organisation's key": certified_copy(world, world.police, card, "Barreau"),
        "our key under another name": certified_copy(world, world.barreau, card, "Barreaux"),
        "not certified at all": card,
    }
    for what, body in cases.items():
        answer = admin.call("POST", path, json_body={"card": body})
        assert (answer.status_code, answer.json()["error"]["code"]) == \
            (422, "invalid_certification"), what
    # Another member's card, certified properly, is not this member's card.
    carol = admin.call("GET", f"/v1/org/members/{world.carol.fingerprint}").json()["card"]
    carol["certifications"] = []
    answer = admin.call("POST", path, json_body={"card": certified_copy(world, world.barreau,
                                                                         carol)})
    assert (answer.status_code, answer.json()["error"]["code"]) == (422, "invalid_certification")
    tampered = certified_copy(world, world.barreau, card)
    tampered["name"] = "Nina Autre"
    answer = admin.call("POST", path, json_body={"card": tampered})
    assert answer.status_code == 422
    bad_reason = admin.call("POST", f"/v1/org/members/{nina.fingerprint}/revoke",
                            json_body={"reason": "dislike"})
    assert bad_reason.status_code == 400
    assert admin.call("GET", f"/v1/org/members/{nina.fingerprint}").json()["status"] == "pending"


def test_signature_refusals(world: World) -> None:
    admin = admin_of(world, world.barreau)
    stranger = admin_client(world.server, Ed25519PrivateKey.generate(), world.alice)
    answer = stranger.call("GET", "/v1/org/members")
    assert (answer.status_code, answer.json()["error"]["code"]) == (401, "signature_invalid")
    # A member's own key is not an organisation key, even the admin member's.
    answer = world.alice.call("GET", "/v1/org/members")
    assert (answer.status_code, answer.json()["error"]["code"]) == (401, "signature_invalid")
    signed = admin.sign("GET", "/v1/org/members")
    assert admin.send("GET", "/v1/org/members", signed).status_code == 200
    replayed = admin.send("GET", "/v1/org/members", signed)
    assert (replayed.status_code, replayed.json()["error"]["code"]) == (401, "replayed_request")
    body = json.dumps({"role": "member"}).encode()
    signed = admin.sign("POST", "/v1/org/invitations", body, JSON)
    swapped = admin.send("POST", "/v1/org/invitations", signed,
                         json.dumps({"role": "admin"}).encode())
    assert swapped.status_code == 400  # the body is not the one signed
    skewed = admin.sign("GET", "/v1/org", created=world.server.now() - 3600)
    assert admin.send("GET", "/v1/org", skewed).json()["error"]["code"] == "signature_expired"
    unsigned = admin.send("GET", "/v1/org", [])
    assert unsigned.json()["error"]["code"] == "signature_missing"


def test_invitation_bounds(world: World) -> None:
    admin = admin_of(world, world.notaires)
    answer = admin.call("POST", "/v1/org/invitations", json_body={"role": "admin", "hours": 2})
    assert answer.status_code == 201 and answer.json()["organisation"] == "Notaires"
    for body in ({"role": "king"}, {"hours": 0}, {"hours": 24 * 31}, {"extra": 1}):
        assert admin.call("POST", "/v1/org/invitations", json_body=body).status_code == 400


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_org_key_shared_by_two_organisations_is_trusted_by_neither(world: World) -> None:
    from relay.db import directory

    with world.server.relay.db.transaction() as tx:
        police = directory.org_by_name(tx, "Police")
        tx.execute("UPDATE organisations SET certification_key = ? WHERE id = ?",
                   (world.barreau.key.public_key().public_bytes_raw(), police.id))
    answer = admin_of(world, world.barreau).call("GET", "/v1/org")
    assert answer.status_code == 401
