"""The relay dates every proof with a real local RFC 3161 authority and keeps proofs after the
envelope (relay/evidence.py, relay/timestamping.py), over HTTP on loopback."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from crypto.proofs import sign_receipt
from crypto.sealed.codec import canonical_json, parse_time
from crypto.timestamps import imprint, load_anchors, verify_token
from relay.clock import as_datetime
from relay.config import TimestampAuthority
from tests.relay.conftest import World
from tests.support.postgres import postgres_server, postgres_url  # noqa: F401 (fixtures)
from tests.support.relay_server import RunningRelay, running_relay
from tests.support.tsa import RunningTsa, TestPki

DATA = b"sealed bytes " * 100


def _world(server: RunningRelay) -> World:
    barreau, notaires, police = (server.create_org(n) for n in ("Barreau", "Notaires", "Police"))
    server.link(barreau, notaires)
    return World(server, barreau, notaires, police, alice=server.member(barreau, "Alice"),
                 carol=server.member(barreau, "Carol"), bob=server.member(notaires, "Bob"),
                 mallory=server.member(police, "Mallory"))


@pytest.fixture(params=["sqlite", "postgres"])
def world(request: pytest.FixtureRequest, tmp_path: Path, pki: TestPki,
          tsa: RunningTsa) -> Iterator[World]:
    backend = None if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    authority = TimestampAuthority(tsa.url, pki.root_path, timeout=2.0, retry=300)
    with running_relay(tmp_path / "relay", database_url=backend, timestamp_authority=authority,
                       proof_retention_days=30) as server:
        yield _world(server)


def _receipt(world: World, envelope: str, event: str = "opened") -> dict:
    proof = sign_receipt(world.bob.identity, event=event, content_digest=_digest(world, envelope),
                         message_id=None, envelope_id=envelope,
                         time=as_datetime(world.server.now()))
    return json.loads(proof.to_bytes())


def _digest(world: World, envelope: str) -> str:
    return world.alice.proofs(envelope).json()["deposit"]["statement"]["content_digest"]


def _checked_stamps(answer: dict, pki: TestPki) -> dict[str, str]:
    """Every served proof's token verified offline; kind of proof -> token time."""
    stamps = {s["proof"]: s for s in answer["timestamps"]}
    proofs = [answer["deposit"], *answer["deliveries"], *answer["receipts"]]
    found = {}
    for proof in proofs:
        data = canonical_json(proof)
        stamp = stamps[imprint(data)]
        assert stamp["pending"] is False
        statement = proof["statement"]
        own_time = parse_time(statement.get("deposited") or statement.get("delivered")
                              or statement["time"])
        token = verify_token(base64.b64decode(stamp["token"]), data,
                             load_anchors(pki.root_pem), not_before=own_time, skew=60)
        found[statement["type"]] = token.authority
    return found


def test_deposit_delivery_and_receipt_are_dated(world: World, pki: TestPki) -> None:
    envelope = world.alice.upload([world.bob.fingerprint], DATA)["envelope"]["envelope_id"]
    assert world.bob.download(envelope).status_code == 200
    assert world.bob.post_receipt(envelope, _receipt(world, envelope)).status_code == 201
    answer = world.alice.proofs(envelope).json()
    assert _checked_stamps(answer, pki) == {"deposit": "CN=Test TSA", "delivery": "CN=Test TSA",
                                            "receipt": "CN=Test TSA"}
    # Bob sees the deposit and his own proofs, each with its token.
    assert len(_checked_stamps(world.bob.proofs(envelope).json(), pki)) == 3


def test_authority_down_leaves_proofs_pending_until_the_sweeper(world: World, pki: TestPki,
                                                               tsa: RunningTsa) -> None:
    tsa.down = True
    envelope = world.alice.upload([world.bob.fingerprint], DATA)["envelope"]["envelope_id"]
    answer = world.alice.proofs(envelope).json()
    assert [(s["token"], s["pending"]) for s in answer["timestamps"]] == [(None, True)]
    world.server.sweep()  # not yet time to try again
    world.server.clock.advance(301)
    world.server.sweep()  # tried, still down
    assert world.alice.proofs(envelope).json()["timestamps"][0]["pending"] is True
    tsa.down = False
    world.server.sweep()  # its next attempt is not due yet
    assert world.alice.proofs(envelope).json()["timestamps"][0]["pending"] is True
    world.server.clock.advance(301)
    report = world.server.sweep()
    assert report.envelopes == 0
    assert _checked_stamps(world.alice.proofs(envelope).json(), pki) == {
        "deposit": "CN=Test TSA"}


def test_a_token_from_an_untrusted_authority_is_not_kept(tmp_path: Path, pki: TestPki,
                                                        other_pki: TestPki,
                                                        tsa: RunningTsa) -> None:
    """The operator's anchors are another authority's: the answer is refused, the proof
    stays pending (and is not served with a token no client would accept)."""
    authority = TimestampAuthority(tsa.url, other_pki.root_path)
    with running_relay(tmp_path / "relay", timestamp_authority=authority) as server:
        world = _world(server)
        envelope = world.alice.upload([world.bob.fingerprint], DATA)["envelope"]["envelope_id"]
        stamps = world.alice.proofs(envelope).json()["timestamps"]
    assert [(s["token"], s["pending"]) for s in stamps] == [(None, True)]


def test_proofs_outlive_the_envelope_for_the_retention_period(world: World) -> None:
    envelope = world.alice.upload([world.bob.fingerprint], DATA, days=1)["envelope"][
        "envelope_id"]
    assert world.bob.download(envelope).status_code == 200
    assert world.bob.post_receipt(envelope, _receipt(world, envelope)).status_code == 201
    world.server.clock.advance(86400)
    assert world.server.sweep().envelopes == 1
    with world.server.relay.db.transaction() as tx:
        assert tx.all("SELECT COUNT(*) FROM envelopes") == [(0,)]
    kept = world.alice.proofs(envelope).json()
    assert len(kept["deliveries"]) == 1 and len(kept["receipts"]) == 1
    assert kept["kept_until"] == world.server.now() + 30 * 86400
    assert world.bob.proofs(envelope).status_code == 200
    assert world.mallory.proofs(envelope).status_code == 404
    assert world.carol.proofs(envelope).status_code == 404
    world.server.clock.advance(30 * 86400 - 1)
    world.server.sweep()
    assert world.alice.proofs(envelope).status_code == 200
    world.server.clock.advance(1)
    world.server.sweep()
    assert world.alice.proofs(envelope).status_code == 404
    with world.server.relay.db.transaction() as tx:
        assert tx.all("SELECT COUNT(*) FROM proof_archive") == [(0,)]


def test_a_withdrawn_envelope_keeps_its_deposit_proof(world: World) -> None:
    envelope = world.alice.upload([world.bob.fingerprint], DATA)["envelope"]["envelope_id"]
    assert world.alice.call("DELETE", f"/v1/envelopes/{envelope}").status_code == 204
    kept = world.alice.proofs(envelope).json()
    assert kept["deposit"]["statement"]["envelope_id"] == envelope
    assert kept["timestamps"][0]["pending"] is False


def test_without_an_authority_proofs_are_kept_undated(tmp_path: Path) -> None:
    with running_relay(tmp_path / "relay") as server:
        world = _world(server)
        envelope = world.alice.upload([world.bob.fingerprint], DATA)["envelope"]["envelope_id"]
        answer = world.alice.proofs(envelope).json()
    assert answer["timestamps"] == [] and answer["kept_until"] is None


def test_the_deposit_proof_states_the_retention(world: World) -> None:
    deposit = world.alice.upload([world.bob.fingerprint], DATA)["deposit_proof"]
    assert deposit["statement"]["proof_retention_days"] == 30


@pytest.mark.parametrize("days", [0, 36601])
def test_an_implausible_retention_is_refused(days: int) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from crypto.proofs import ProofError, sign_deposit
    with pytest.raises(ProofError, match="proof_retention_days"):
        sign_deposit(Ed25519PrivateKey.generate(), envelope_id="ab" * 16,
                     content_digest="cd" * 32, size=1, sender="ef" * 32,
                     recipients=["01" * 32], deposited=as_datetime(0),
                     available_until=as_datetime(86400), retention_days=days)


def test_deposits_do_not_each_wait_for_an_authority_that_is_down(world: World,
                                                                tsa: RunningTsa) -> None:
    tsa.down = True
    first = world.alice.upload([world.bob.fingerprint], DATA)["envelope"]["envelope_id"]
    asked = tsa.requests
    second = world.alice.upload([world.bob.fingerprint], DATA)["envelope"]["envelope_id"]
    assert tsa.requests == asked  # left to the sweeper at once
    tsa.down = False
    world.server.clock.advance(301)
    world.server.sweep()  # dates both, and deposits ask the authority again
    for envelope in (first, second):
        assert world.alice.proofs(envelope).json()["timestamps"][0]["pending"] is False
    third = world.alice.upload([world.bob.fingerprint], DATA)["envelope"]["envelope_id"]
    assert world.alice.proofs(third).json()["timestamps"][0]["pending"] is False
