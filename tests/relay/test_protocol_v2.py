"""Relay protocol 2 on a real relay (SQLite and PostgreSQL): chunks are the content digest's
8 MiB leaves, the commit derives the value from them and the deposit proof signs it; requests
and envelopes of protocol 1 get `protocol_outdated`, never a silent acceptance (version 1 proofs:
tests/relay/test_proofs.py)."""

from __future__ import annotations

import hashlib
import json
import os


from crypto.content_digest import CONTENT_CHUNK as CHUNK, of_bytes
from crypto.proofs import parse_proof
from crypto.sealed.codec import canonical_json
from relay.db import envelopes as db
from tests.relay.conftest import World, start_upload, upload_received
from tests.relay.test_auth import code

MiB = 1024 * 1024


def test_the_deposit_proof_signs_the_content_digest(world: World) -> None:
    data = os.urandom(2 * CHUNK + 5)
    answer = world.alice.upload([world.bob.fingerprint], data)
    proof = parse_proof(canonical_json(answer["deposit_proof"]))
    assert proof.version == 2 and "sealed_sha256" not in proof.statement
    assert proof.statement["content_digest"] == proof.digest == of_bytes(data).hex()
    assert answer["envelope"]["content_digest"] == of_bytes(data).hex()
    download = world.bob.download(answer["envelope"]["envelope_id"])
    assert download.headers["scelle-content-digest"] == of_bytes(data).hex()
    assert "scelle-sealed-sha256" not in download.headers


def test_a_chunk_that_stops_short_of_the_boundary_is_refused(world: World) -> None:
    data = os.urandom(CHUNK + 100)
    envelope_id = start_upload(world, len(data))
    response = world.alice.put_chunk(envelope_id, 0, data[:MiB])  # 1 MiB, not 8
    assert (response.status_code, code(response)) == (400, "chunk_misaligned")
    assert upload_received(world, envelope_id) == 0
    folder = world.server.relay.blobs.upload_dir(envelope_id)
    assert sorted(p.name for p in folder.iterdir()) == ["data", "leaves"]  # no chunk file
    assert not (folder / "leaves").read_bytes().strip(b"\0")  # and no leaf kept
    assert world.alice.put_chunk(envelope_id, 0, data[:CHUNK]).status_code == 200


def test_chunks_out_of_order_take_their_place_but_swapped_contents_are_refused(
        world: World) -> None:
    data = os.urandom(2 * CHUNK + 100)
    envelope_id = start_upload(world, len(data))
    # Out of order: each chunk is placed at its offset; `received` covers no gap.
    ahead = world.alice.put_chunk(envelope_id, CHUNK, data[CHUNK:2 * CHUNK])
    assert ahead.json() == {"received": 0}
    assert world.alice.put_chunk(envelope_id, 2 * CHUNK, data[2 * CHUNK:]).json() == {
        "received": 0}
    assert world.alice.put_chunk(envelope_id, 0, data[:CHUNK]).json() == {"received": len(data)}
    assert world.alice.commit(envelope_id, of_bytes(data).hex()).status_code == 200
    assert world.bob.download(envelope_id).content == data
    # The right places, but the chunks' contents swapped: each is checked against its own
    # signed digest and accepted, and the commit's value (from the leaves) is not the file's.
    envelope_id = start_upload(world, len(data))
    first, second = data[:CHUNK], data[CHUNK:2 * CHUNK]
    assert world.alice.put_chunk(envelope_id, 0, second).status_code == 200
    assert world.alice.put_chunk(envelope_id, CHUNK, first).status_code == 200
    assert world.alice.put_chunk(envelope_id, 2 * CHUNK, data[2 * CHUNK:]).status_code == 200
    response = world.alice.commit(envelope_id, of_bytes(data).hex())
    assert (response.status_code, code(response)) == (422, "content_digest_mismatch")
    assert world.alice.call("GET", f"/v1/envelopes/{envelope_id}/upload").status_code == 404


def test_a_truncated_upload_cannot_be_committed(world: World) -> None:
    data = os.urandom(2 * CHUNK + 100)
    envelope_id = start_upload(world, len(data))
    assert world.alice.put_chunk(envelope_id, 0, data[:CHUNK]).status_code == 200
    # The value of the bytes that are there does not help either: the relay wants them all.
    for digest in (of_bytes(data).hex(), of_bytes(data[:CHUNK]).hex()):
        response = world.alice.commit(envelope_id, digest)
        assert (response.status_code, code(response)) == (409, "upload_incomplete")
    assert upload_received(world, envelope_id) == CHUNK


def test_a_plain_sha256_commit_is_protocol_1_and_refused(world: World) -> None:
    data = os.urandom(1000)
    envelope_id = start_upload(world, len(data))
    assert world.alice.put_chunk(envelope_id, 0, data).status_code == 200
    old = world.alice.call("POST", f"/v1/envelopes/{envelope_id}/commit",
                           json_body={"sha256": of_bytes(data).hex()})
    assert (old.status_code, code(old)) == (400, "protocol_outdated")
    assert "update" in old.json()["error"]["message"]
    # Nothing was lost: the same upload commits with protocol 2.
    assert world.alice.commit(envelope_id, of_bytes(data).hex()).status_code == 200


def _legacy_envelope(world: World, data: bytes) -> str:
    """An envelope as a protocol 1 relay committed it: plain SHA-256, version 1 proof."""
    answer = world.alice.upload([world.bob.fingerprint], data)
    envelope_id = answer["envelope"]["envelope_id"]
    relay = world.server.relay
    proof = json.loads(canonical_json(answer["deposit_proof"]))
    proof["version"] = 1
    statement = proof["statement"]
    statement["sealed_sha256"] = hashlib.sha256(data).hexdigest()
    del statement["content_digest"]
    with relay.db.transaction() as tx:
        tx.execute("UPDATE envelopes SET sha256 = ?, deposit_proof = ? WHERE id = ?",
                   (statement["sealed_sha256"], canonical_json(proof), envelope_id))
        assert db.envelope(tx, envelope_id) is not None
    return envelope_id


def test_an_envelope_of_protocol_1_is_not_served_as_protocol_2(world: World) -> None:
    envelope_id = _legacy_envelope(world, os.urandom(5000))
    response = world.bob.call("GET", f"/v1/envelopes/{envelope_id}/content")
    assert (response.status_code, code(response)) == (400, "protocol_outdated")
    assert "sender" in response.json()["error"]["message"]
