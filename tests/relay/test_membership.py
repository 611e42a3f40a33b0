"""Enrolment with invitation codes, certification, revocation, and the partitioned directory."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from crypto.identity import PrivateIdentity, parse_card
from crypto.sealed.codec import canonical_json
from relay import admin
from relay.clock import as_datetime
from tests.relay.conftest import World
from tests.relay.test_auth import code
from tests.support.relay_server import RunningRelay


def _identity(relay: RunningRelay, name: str = "Eve Neuve") -> PrivateIdentity:
    return PrivateIdentity.generate(name, "notaire", "", hybrid=False,
                                    now=as_datetime(relay.now()))


def test_enrolment_then_certification(relay: RunningRelay) -> None:
    org = relay.create_org("Notaires")
    client = relay.client(_identity(relay))
    response = client.enrol(relay.invite(org))
    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    assert response.json()["organisation"] == "Notaires"
    relay.certify(client.fingerprint, org)
    me = client.call("GET", "/v1/me").json()
    card = parse_card(canonical_json(me["card"]))
    assert me["status"] == "certified"
    assert card.certified_by(org.key.public_key().public_bytes_raw()) is not None


def test_expired_invitation_is_refused(relay: RunningRelay) -> None:
    org = relay.create_org("Notaires")
    invitation = relay.invite(org, hours=1)
    relay.clock.advance(3601)
    client = relay.client(_identity(relay))
    response = client.enrol(invitation)
    assert (response.status_code, code(response)) == (403, "invitation_expired")
    assert client.call("GET", "/v1/me").status_code == 401  # nothing was registered


def test_reused_invitation_is_refused(relay: RunningRelay) -> None:
    org = relay.create_org("Notaires")
    invitation = relay.invite(org)
    assert relay.client(_identity(relay, "First One")).enrol(invitation).status_code == 201
    second = relay.client(_identity(relay, "Second One"))
    response = second.enrol(invitation)
    assert (response.status_code, code(response)) == (403, "invitation_used")


def test_unknown_invitation_is_refused(relay: RunningRelay) -> None:
    response = relay.client(_identity(relay)).enrol(admin.new_code())
    assert (response.status_code, code(response)) == (403, "invitation_unknown")


def test_invitation_code_is_forgiving_about_spelling(relay: RunningRelay) -> None:
    org = relay.create_org("Notaires")
    invitation = relay.invite(org).lower().replace("-", " ")
    assert relay.client(_identity(relay)).enrol(invitation).status_code == 201


def test_enrolment_must_be_signed_by_the_cards_key(relay: RunningRelay) -> None:
    org = relay.create_org("Notaires")
    thief, victim = _identity(relay, "Thief"), _identity(relay, "Victim")
    client = relay.client(thief)
    body = json.dumps({"invitation": relay.invite(org),
                       "card": json.loads(victim.card.to_bytes())}).encode()
    for key_id in (thief.card.fingerprint_hex, victim.card.fingerprint_hex):
        client.signer = type(client.signer)(thief.signing_key, key_id)
        response = client.send("POST", "/v1/enrol", client.sign("POST", "/v1/enrol", body),
                               body)
        assert (response.status_code, code(response)) == (401, "signature_invalid")


def test_altered_card_is_refused(relay: RunningRelay) -> None:
    org = relay.create_org("Notaires")
    identity = _identity(relay)
    client = relay.client(identity)
    card = json.loads(identity.card.to_bytes())
    card["name"] = "Someone Else"
    response = client.call("POST", "/v1/enrol", json_body={"invitation": relay.invite(org),
                                                             "card": card})
    assert (response.status_code, code(response)) == (422, "invalid_card")


def test_same_identity_cannot_enrol_twice(relay: RunningRelay) -> None:
    org = relay.create_org("Notaires")
    client = relay.client(_identity(relay))
    assert client.enrol(relay.invite(org)).status_code == 201
    response = client.enrol(relay.invite(org))
    assert (response.status_code, code(response)) == (409, "already_enrolled")


def test_certification_needs_the_organisations_own_key(relay: RunningRelay) -> None:
    notaires, police = relay.create_org("Notaires"), relay.create_org("Police")
    client = relay.client(_identity(relay))
    client.enrol(relay.invite(notaires))
    with pytest.raises(admin.AdminError, match="not the certification key"):
        relay.certify(client.fingerprint, police)
    assert client.call("GET", "/v1/me").json()["status"] == "pending"


def test_revoked_card_stays_revoked(world: World) -> None:
    world.server.revoke(world.bob.fingerprint)
    with pytest.raises(admin.AdminError, match="revoked"):
        world.server.certify(world.bob.fingerprint, world.notaires)


def _fingerprints(cards) -> set[str]:
    return {c["fingerprint"] for c in cards}


def test_directory_shows_own_and_linked_organisations(world: World) -> None:
    seen_by_alice = _fingerprints(world.alice.directory())
    assert seen_by_alice == {world.alice.fingerprint, world.carol.fingerprint,
                             world.bob.fingerprint}
    assert _fingerprints(world.bob.directory()) == seen_by_alice
    assert _fingerprints(world.mallory.directory()) == {world.mallory.fingerprint}
    card = next(c for c in world.alice.directory() if c["fingerprint"] == world.bob.fingerprint)
    assert card["organisation"] == "Notaires"
    assert parse_card(canonical_json(card["card"])).certified_by(
        world.notaires.key.public_key().public_bytes_raw())


def test_lookup_across_partitions_returns_nothing(world: World) -> None:
    assert _fingerprints(world.alice.directory(world.bob.fingerprint)) == {world.bob.fingerprint}
    outside = world.alice.call("GET", f"/v1/directory?fingerprint={world.mallory.fingerprint}")
    nowhere = world.alice.call("GET", f"/v1/directory?fingerprint={'ee' * 32}")
    malformed = world.alice.call("GET", "/v1/directory?fingerprint=Mallory")
    assert outside.status_code == nowhere.status_code == malformed.status_code == 200
    assert outside.json() == nowhere.json() == malformed.json() == {"cards": []}
    assert world.mallory.directory(world.alice.fingerprint) == []


def test_pending_members_are_not_listed(world: World) -> None:
    newcomer = world.server.member(world.barreau, "New Comer", certified=False)
    assert newcomer.fingerprint not in _fingerprints(world.bob.directory())


def test_unlinking_closes_the_partition(world: World) -> None:
    world.server.link(world.barreau, world.notaires, linked=False)
    assert world.alice.directory(world.bob.fingerprint) == []
    assert _fingerprints(world.bob.directory()) == {world.bob.fingerprint}


def test_cards_past_their_validity_leave_the_directory(world: World) -> None:
    short = world.server.client(PrivateIdentity.generate(
        "Short Lived", hybrid=False, now=as_datetime(world.server.now()),
        validity=timedelta(days=2)))
    assert short.enrol(world.server.invite(world.barreau)).status_code == 201
    world.server.certify(short.fingerprint, world.barreau)
    assert short.fingerprint in _fingerprints(world.alice.directory())
    world.server.clock.advance(3 * 86400)
    assert short.fingerprint not in _fingerprints(world.alice.directory())
    response = short.call("GET", "/v1/me")
    assert (response.status_code, code(response)) == (403, "card_expired")


def test_audit_trail_records_admin_and_enrolment(world: World) -> None:
    from relay.db import housekeeping

    with world.server.relay.db.transaction() as tx:
        actions = [e.action for e in housekeeping.audit_log(tx, 1000)]
    for action in ("org.created", "org.linked", "invitation.created", "member.enrolled",
                   "member.certified"):
        assert action in actions
