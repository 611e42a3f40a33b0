"""Single-request deposit (POST /v1/envelopes/deposit): all or nothing, the same checks as the
chunked path, and nothing visible after a refusal."""

from __future__ import annotations

import os
from urllib.parse import urlencode

import httpx
import pytest

from crypto.content_digest import of_bytes
from crypto.httpsig import content_digest
from crypto.proofs import parse_proof
from crypto.sealed.codec import canonical_json
from relay.config import Limits
from tests.relay.conftest import World
from tests.relay.test_auth import code
from tests.support.relay_server import RelayClient

MiB = 1024 * 1024
OCTETS = [("Content-Type", "application/octet-stream")]


def _path(recipients: list[str], days: int = 7, envelope_id: str | None = None) -> str:
    query = [("recipients", r) for r in recipients] + [("availability_days", str(days))]
    if envelope_id:
        query.append(("envelope_id", envelope_id))
    return "/v1/envelopes/deposit?" + urlencode(query)


def _deposit(client: RelayClient, recipients: list[str], data: bytes, **kwargs) -> httpx.Response:
    return client.call("POST", _path(recipients, **kwargs), body=data, headers=OCTETS)


def _nothing_visible(world: World) -> None:
    assert world.bob.inbox() == [] and world.alice.inbox("sent") == []


# Up to 1 MiB a deposit is read, then authenticated and stored in one worker-thread trip;
# above, it is authenticated first and streamed to disk: both paths answer alike.
@pytest.mark.parametrize("size", [300_000, 3 * MiB])
def test_deposit_round_trip_with_proof(world: World, size: int) -> None:
    data = os.urandom(size)
    sha = of_bytes(data).hex()  # the content digest: one leaf, the body's SHA-256
    response = _deposit(world.alice, [world.bob.fingerprint], data, days=3)
    assert response.status_code == 201, response.text
    answer = response.json()
    assert answer["envelope"]["content_digest"] == sha and answer["envelope"]["size"] == len(data)
    proof = parse_proof(canonical_json(answer["deposit_proof"]))
    assert proof.statement["content_digest"] == sha
    assert proof.statement["recipients"] == [world.bob.fingerprint]
    assert proof.statement["sender"] == world.alice.fingerprint
    envelope_id = answer["envelope"]["envelope_id"]
    shown = world.alice.call("GET", f"/v1/envelopes/{envelope_id}").json()
    assert answer["envelope"] == shown  # the same view as everywhere (relay/models.py)
    proofs = world.alice.call("GET", f"/v1/envelopes/{envelope_id}/proofs").json()
    assert proofs["deposit"] == answer["deposit_proof"]
    assert [e["envelope_id"] for e in world.bob.inbox()] == [envelope_id]
    assert world.bob.download(envelope_id).content == data
    assert world.alice.download(envelope_id).status_code == 404  # the sender: not addressed
    assert world.carol.download(envelope_id).status_code == 404


def test_tampered_body_is_refused_and_leaves_nothing(world: World) -> None:
    data = os.urandom(50_000)
    path = _path([world.bob.fingerprint])
    signed = world.alice.sign("POST", path, data, OCTETS)
    response = world.alice.send("POST", path, signed, data[:-1] + bytes([data[-1] ^ 1]))
    world.alice.check(response, signed)
    assert (response.status_code, code(response)) == (400, "digest_mismatch")
    _nothing_visible(world)
    # No bytes left anywhere (an empty shard folder under envelopes/ may stay: it holds none).
    assert not any(p.is_file() for p in world.server.relay.blobs.root.rglob("*"))


@pytest.mark.parametrize("size", [1000, 2 * MiB])
def test_replayed_deposit_is_refused_and_stores_nothing_twice(world: World, size: int) -> None:
    data = os.urandom(size)
    path = _path([world.bob.fingerprint])
    signed = world.alice.sign("POST", path, data, OCTETS)
    first = world.alice.send("POST", path, signed, data)
    assert first.status_code == 201, first.text
    again = world.alice.send("POST", path, signed, data)
    world.alice.check(again, signed)
    assert (again.status_code, code(again)) == (401, "replayed_request")
    assert len(world.bob.inbox()) == 1


def test_tampered_digest_header_or_query_is_refused(world: World) -> None:
    data = os.urandom(1000)
    path = _path([world.bob.fingerprint])
    signed = world.alice.sign("POST", path, data, OCTETS)
    forged = [(n, content_digest(b"evil") if n.lower() == "content-digest" else v)
              for n, v in signed]
    response = world.alice.send("POST", path, forged, b"evil")
    assert (response.status_code, code(response)) == (401, "signature_invalid")
    other = _path([world.carol.fingerprint])  # the recipients are signed too
    response = world.alice.send("POST", other, world.alice.sign("POST", path, data, OCTETS), data)
    assert (response.status_code, code(response)) == (401, "signature_invalid")
    _nothing_visible(world)


def test_recipients_availability_and_size_are_checked(world: World) -> None:
    data = os.urandom(1000)
    refused = {
        "unknown": _deposit(world.alice, [world.mallory.fingerprint], data),
        "days": _deposit(world.alice, [world.bob.fingerprint], data, days=31),
        "empty": _deposit(world.alice, [world.bob.fingerprint], b""),
        "none": world.alice.call("POST", "/v1/envelopes/deposit?availability_days=1", body=data,
                                 headers=OCTETS),
    }
    assert code(refused["unknown"]) == "unknown_recipient"
    assert refused["days"].status_code == 400 and refused["none"].status_code == 400
    assert code(refused["empty"]) == "invalid_request"
    _nothing_visible(world)


def test_more_than_one_chunk_is_refused_before_reading(world: World) -> None:
    data = b"\0" * (8 * MiB + 1)
    response = _deposit(world.alice, [world.bob.fingerprint], data)
    assert (response.status_code, code(response)) == (413, "body_too_large")
    _nothing_visible(world)


def test_retry_with_the_same_id_is_not_a_second_envelope(world: World) -> None:
    data = os.urandom(2000)
    envelope_id = "0f" * 16
    first = _deposit(world.alice, [world.bob.fingerprint], data, envelope_id=envelope_id)
    assert first.status_code == 201 and first.json()["envelope"]["envelope_id"] == envelope_id
    again = _deposit(world.alice, [world.bob.fingerprint], data, envelope_id=envelope_id)
    assert (again.status_code, code(again)) == (409, "not_uploading")
    taken = _deposit(world.carol, [world.bob.fingerprint], data, envelope_id=envelope_id)
    assert (taken.status_code, code(taken)) == (409, "envelope_exists")
    assert len(world.bob.inbox()) == 1
    bad = _deposit(world.alice, [world.bob.fingerprint], data, envelope_id="XYZ" * 10 + "ab")
    assert bad.status_code == 400


class TestSmallCap:
    @pytest.fixture
    def limits(self) -> Limits:
        return Limits(max_envelope_size=1000)

    def test_envelope_cap_applies(self, world: World) -> None:
        response = _deposit(world.alice, [world.bob.fingerprint], os.urandom(1001))
        assert (response.status_code, code(response)) == (413, "envelope_too_large")
        _nothing_visible(world)
