"""Envelopes over real HTTP: upload, commit, visibility, download, limits, expiry."""

from __future__ import annotations

import os
import socket
import time

import httpx
import pytest

from crypto.content_digest import CONTENT_CHUNK as CHUNK, of_bytes
from crypto.httpsig import relay_key_id
from crypto.proofs import parse_proof
from crypto.sealed.codec import canonical_json
from relay.config import Limits
from tests.relay.conftest import World
from tests.relay.test_auth import code

MiB = 1024 * 1024


def _data(size: int) -> bytes:
    return os.urandom(size)


def _sha(data: bytes) -> str:
    """The content digest (the name stays from protocol 1's plain SHA-256)."""
    return of_bytes(data).hex()


def _start(world: World, data: bytes, recipients: list[str] | None = None, days: int = 7) -> str:
    response = world.alice.create(recipients or [world.bob.fingerprint], len(data), days)
    assert response.status_code == 201, response.text
    return response.json()["envelope_id"]


def _status(world: World, envelope_id: str) -> httpx.Response:
    return world.alice.call("GET", f"/v1/envelopes/{envelope_id}/upload")


def test_round_trip_between_linked_organisations(world: World) -> None:
    data = _data(300_000)
    committed = world.alice.upload([world.bob.fingerprint], data, days=3)
    envelope = committed["envelope"]
    assert envelope["content_digest"] == _sha(data) and envelope["size"] == len(data)
    assert envelope["available_until"] - envelope["deposited"] == 3 * 86400
    deposit = parse_proof(canonical_json(committed["deposit_proof"]))
    assert relay_key_id(deposit.signer_key) == world.server.relay.key_id
    assert deposit.statement["content_digest"] == _sha(data)
    assert deposit.statement["recipients"] == [world.bob.fingerprint]
    inbox = world.bob.inbox()
    assert [e["envelope_id"] for e in inbox] == [envelope["envelope_id"]]
    assert inbox[0]["sender"] == world.alice.fingerprint and inbox[0]["delivered"] is False
    download = world.bob.download(envelope["envelope_id"])
    assert download.status_code == 200
    assert download.content == data
    assert download.headers["scelle-content-digest"] == _sha(data)
    sent = world.alice.inbox("sent")
    assert sent[0]["recipients"] == [world.bob.fingerprint]


def test_unlinked_member_can_neither_see_nor_fetch(world: World) -> None:
    data = _data(5000)
    envelope_id = world.alice.upload([world.bob.fingerprint], data)["envelope"]["envelope_id"]
    mallory = world.mallory
    for client, target in ((mallory, world.alice), (world.alice, mallory)):
        response = client.create([target.fingerprint], 10)
        assert (response.status_code, code(response)) == (422, "unknown_recipient")
    assert mallory.inbox() == [] and mallory.inbox("sent") == []
    ghost = "ab" * 16
    for suffix in ("", "/content", "/proofs", "/upload"):
        real = mallory.call("GET", f"/v1/envelopes/{envelope_id}{suffix}")
        fake = mallory.call("GET", f"/v1/envelopes/{ghost}{suffix}")
        assert real.status_code == 404
        assert real.json() == fake.json()  # not even a hint that it exists
    receipt = mallory.post_receipt(envelope_id, {"anything": 1})
    assert receipt.status_code == 404


def test_only_addressed_recipients_download(world: World) -> None:
    envelope_id = world.alice.upload([world.bob.fingerprint], _data(4000))["envelope"][
        "envelope_id"]
    for client in (world.carol, world.alice):  # same-organisation colleague, and the sender
        response = client.download(envelope_id)
        assert (response.status_code, code(response)) == (404, "not_found")
    assert world.alice.call("GET", f"/v1/envelopes/{envelope_id}").status_code == 200
    assert world.carol.call("GET", f"/v1/envelopes/{envelope_id}").status_code == 404


def test_upload_in_progress_is_invisible_to_recipients(world: World) -> None:
    data = _data(2000)
    envelope_id = _start(world, data)
    assert world.alice.put_chunk(envelope_id, 0, data).status_code == 200
    assert world.bob.inbox() == []
    assert world.bob.download(envelope_id).status_code == 404
    assert world.bob.call("GET", f"/v1/envelopes/{envelope_id}").status_code == 404
    assert world.alice.inbox("sent") == []  # not deposited yet


def test_multi_chunk_upload_at_the_chunk_limit(world: World) -> None:
    data = _data(8 * MiB + 12345)
    committed = world.alice.upload([world.bob.fingerprint, world.carol.fingerprint], data)
    envelope_id = committed["envelope"]["envelope_id"]
    assert world.carol.download(envelope_id).content == data
    stored = world.server.relay.blobs.envelope_path(envelope_id)
    assert stored.read_bytes() == data  # ciphertext stored as is, nothing added


def test_oversized_chunk_is_refused(world: World) -> None:
    data = _data(8 * MiB + 1)
    envelope_id = _start(world, data)
    response = world.alice.put_chunk(envelope_id, 0, data)
    assert (response.status_code, code(response)) == (413, "chunk_too_large")
    # Without Content-Length (chunked transfer encoding) the limit holds while streaming.
    path = f"/v1/envelopes/{envelope_id}/chunks/0"
    headers = world.alice.sign("PUT", path, data)
    streamed = world.alice.http.request("PUT", path, headers=headers,
                                        content=iter([data[:4 * MiB], data[4 * MiB:]]))
    assert (streamed.status_code, code(streamed)) == (413, "chunk_too_large")
    assert _status(world, envelope_id).json()["received"] == 0


def test_chunk_past_the_declared_size_is_refused(world: World) -> None:
    envelope_id = _start(world, b"0123456789")
    response = world.alice.put_chunk(envelope_id, 0, b"0123456789A")
    assert (response.status_code, code(response)) == (413, "beyond_declared_size")


def test_chunk_at_the_wrong_offset_is_refused(world: World) -> None:
    data = _data(2 * CHUNK + 3000)
    envelope_id = _start(world, data)
    assert world.alice.put_chunk(envelope_id, 0, data[:CHUNK]).json() == {"received": CHUNK}
    # Behind the received prefix, between chunk boundaries, past the envelope's end.
    for offset in (0, 500, CHUNK + 1000, 3 * CHUNK):
        response = world.alice.put_chunk(envelope_id, offset, data[offset:offset + CHUNK])
        assert (response.status_code, code(response)) == (409, "offset_mismatch")
        assert response.json()["error"]["received"] == CHUNK


def test_tampered_chunk_is_refused_and_upload_unchanged(world: World) -> None:
    data = _data(2000)
    envelope_id = _start(world, data)
    path = f"/v1/envelopes/{envelope_id}/chunks/0"
    headers = world.alice.sign("PUT", path, data)
    # Flip a bit: replacing the first byte by a constant left it unchanged one time in 256.
    response = world.alice.send("PUT", path, headers, bytes([data[0] ^ 1]) + data[1:])
    assert (response.status_code, code(response)) == (400, "digest_mismatch")
    assert _status(world, envelope_id).json()["received"] == 0
    assert world.alice.put_chunk(envelope_id, 0, data).status_code == 200


def test_wrong_total_hash_at_commit_discards_the_upload(world: World) -> None:
    data = _data(5000)
    envelope_id = _start(world, data)
    assert world.alice.put_chunk(envelope_id, 0, data).status_code == 200
    response = world.alice.commit(envelope_id, _sha(data + b"!"))
    assert (response.status_code, code(response)) == (422, "content_digest_mismatch")
    assert _status(world, envelope_id).status_code == 404
    assert world.alice.commit(envelope_id, _sha(data)).status_code == 404
    assert not world.server.relay.blobs.exists(envelope_id)
    assert world.bob.inbox() == [] and world.alice.inbox("sent") == []


def test_commit_needs_every_byte_and_happens_once(world: World) -> None:
    data = _data(CHUNK + 3000)
    envelope_id = _start(world, data)
    world.alice.put_chunk(envelope_id, 0, data[:CHUNK])
    response = world.alice.commit(envelope_id, _sha(data))
    assert (response.status_code, code(response)) == (409, "upload_incomplete")
    world.alice.put_chunk(envelope_id, CHUNK, data[CHUNK:])
    assert world.alice.commit(envelope_id, _sha(data)).status_code == 200
    again = world.alice.commit(envelope_id, _sha(data))
    assert (again.status_code, code(again)) == (409, "not_uploading")


@pytest.mark.parametrize("days", [0, 31])
def test_availability_must_be_one_to_thirty_days(world: World, days: int) -> None:
    response = world.alice.create([world.bob.fingerprint], 10, days)
    assert (response.status_code, code(response)) == (400, "invalid_request")


def test_envelope_size_cap_default_is_two_gib(world: World) -> None:
    response = world.alice.create([world.bob.fingerprint], 2 * 1024 * MiB + 1)
    assert (response.status_code, code(response)) == (413, "envelope_too_large")
    assert world.alice.create([world.bob.fingerprint], 2 * 1024 * MiB).status_code == 201


class TestSmallCap:
    @pytest.fixture
    def limits(self) -> Limits:
        return Limits(max_envelope_size=4096)

    def test_configured_cap_is_enforced(self, world: World) -> None:
        response = world.alice.create([world.bob.fingerprint], 4097)
        assert (response.status_code, code(response)) == (413, "envelope_too_large")
        info = world.alice.send("GET", "/v1/relay", []).json()
        assert info["limits"]["max_envelope_size"] == 4096


def _kill_halfway(world: World, envelope_id: str, offset: int, chunk: bytes) -> None:
    """Send a chunk's headers and half its body, then drop the connection."""
    path = f"/v1/envelopes/{envelope_id}/chunks/{offset}"
    headers = world.alice.sign("PUT", path, chunk, [("Content-Length", str(len(chunk)))])
    url = httpx.URL(world.server.base_url)
    head = f"PUT {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    with socket.create_connection((url.host, url.port)) as sock:
        sock.sendall(head.encode("latin-1") + chunk[:len(chunk) // 2])


def test_upload_killed_halfway_resumes(world: World) -> None:
    data = _data(2 * CHUNK + MiB)
    envelope_id = _start(world, data)
    assert world.alice.put_chunk(envelope_id, 0, data[:CHUNK]).status_code == 200
    _kill_halfway(world, envelope_id, CHUNK, data[CHUNK:2 * CHUNK])
    status = _status(world, envelope_id).json()
    assert status["received"] == CHUNK  # the broken chunk left nothing
    for offset in range(status["received"], len(data), CHUNK):
        assert world.alice.put_chunk(envelope_id, offset, data[offset:offset + CHUNK]
                                     ).status_code == 200
    assert world.alice.commit(envelope_id, _sha(data)).status_code == 200
    assert world.bob.download(envelope_id).content == data


def _delivery_proofs(world: World, envelope_id: str) -> list[dict]:
    return world.alice.proofs(envelope_id).json()["deliveries"]


def test_download_resumes_and_delivery_is_proved_once_complete(world: World) -> None:
    data = _data(10_000)
    envelope_id = world.alice.upload([world.bob.fingerprint], data)["envelope"]["envelope_id"]
    first = world.bob.call("GET", f"/v1/envelopes/{envelope_id}/content",
                           headers=[("Range", "bytes=0-3999")],
                           stream_check=["content-range", "scelle-content-digest"])
    assert first.status_code == 206 and first.content == data[:4000]
    assert first.headers["content-range"] == f"bytes 0-3999/{len(data)}"
    assert _delivery_proofs(world, envelope_id) == []
    rest = world.bob.download(envelope_id, start=4000)
    assert rest.status_code == 206 and first.content + rest.content == data
    proofs = _delivery_proofs(world, envelope_id)
    assert len(proofs) == 1
    proof = parse_proof(canonical_json(proofs[0]))
    assert proof.statement["recipient"] == world.bob.fingerprint
    assert proof.statement["content_digest"] == _sha(data)
    assert world.bob.inbox()[0]["delivered"] is True
    world.bob.download(envelope_id)  # a second full download changes nothing
    assert _delivery_proofs(world, envelope_id) == proofs


def test_a_download_cut_off_midway_counts_what_was_handed_over(world: World) -> None:
    """A client killed mid-download resumes from the bytes it kept: the relay must have counted
    the interrupted stream, or the resumed `Range` leaves a gap and no delivery is ever proved."""
    data = _data(6 * CHUNK)  # far more than the socket buffers: the stream is cut mid-way
    envelope_id = world.alice.upload([world.bob.fingerprint], data)["envelope"]["envelope_id"]
    path = f"/v1/envelopes/{envelope_id}/content"
    kept = bytearray()
    with world.bob.http.stream("GET", path, headers=world.bob.sign("GET", path, b"")) as stream:
        for piece in stream.iter_raw(64 * 1024):
            kept += piece
            if len(kept) >= CHUNK:
                break
    assert len(kept) < len(data)

    def counted() -> int:
        with world.server.relay.db.transaction() as tx:
            return tx.all("SELECT delivered_bytes FROM envelope_recipients")[0][0]
    for _ in range(500):  # the relay records the cut once it sees the disconnect
        if counted() >= len(kept):
            break
        time.sleep(0.01)
    assert len(kept) <= counted() < len(data)
    assert _delivery_proofs(world, envelope_id) == []
    rest = world.bob.download(envelope_id, start=len(kept))
    assert bytes(kept) + rest.content == data
    [proof] = _delivery_proofs(world, envelope_id)
    assert parse_proof(canonical_json(proof)).statement["recipient"] == world.bob.fingerprint


def test_gap_in_ranges_does_not_count_as_delivery(world: World) -> None:
    data = _data(10_000)
    envelope_id = world.alice.upload([world.bob.fingerprint], data)["envelope"]["envelope_id"]
    assert world.bob.download(envelope_id, start=5000).content == data[5000:]
    assert _delivery_proofs(world, envelope_id) == []


@pytest.mark.parametrize("header", ["bytes=10000-", "bytes=5-2", "bytes=0-1,5-6", "lines=1-"])
def test_unsatisfiable_ranges_are_refused(world: World, header: str) -> None:
    envelope_id = world.alice.upload([world.bob.fingerprint], _data(10_000))["envelope"][
        "envelope_id"]
    response = world.bob.call("GET", f"/v1/envelopes/{envelope_id}/content",
                              headers=[("Range", header)])
    assert (response.status_code, code(response)) == (416, "bad_range")


def test_envelope_past_its_availability_is_gone_from_disk(world: World) -> None:
    data = _data(20_000)
    envelope_id = world.alice.upload([world.bob.fingerprint], data, days=1)["envelope"][
        "envelope_id"]
    path = world.server.relay.blobs.envelope_path(envelope_id)
    assert path.read_bytes() == data
    world.server.clock.advance(86400 - 1)
    assert world.bob.download(envelope_id).status_code == 200
    world.server.clock.advance(1)
    assert world.bob.download(envelope_id).status_code == 404  # unreachable at once
    assert world.bob.inbox() == [] and world.alice.inbox("sent") == []
    report = world.server.sweep()
    assert report.envelopes == 1
    assert not path.exists()
    with world.server.relay.db.transaction() as tx:
        for table in ("envelopes", "envelope_recipients", "receipts"):
            assert tx.all(f"SELECT COUNT(*) FROM {table}") == [(0,)]


def test_abandoned_upload_is_swept(world: World) -> None:
    data = _data(4000)
    envelope_id = _start(world, data)
    world.alice.put_chunk(envelope_id, 0, data[:1000])
    folder = world.server.relay.blobs.upload_dir(envelope_id)
    assert folder.exists()
    world.server.clock.advance(24 * 3600)
    assert world.server.sweep().envelopes == 1
    assert not folder.exists()
    assert _status(world, envelope_id).status_code == 404


def test_sender_withdraws_an_envelope(world: World) -> None:
    envelope_id = world.alice.upload([world.bob.fingerprint], _data(1000))["envelope"][
        "envelope_id"]
    assert world.bob.call("DELETE", f"/v1/envelopes/{envelope_id}").status_code == 404
    assert world.alice.call("DELETE", f"/v1/envelopes/{envelope_id}").status_code == 204
    assert world.bob.download(envelope_id).status_code == 404
    assert not world.server.relay.blobs.exists(envelope_id)


def test_recipients_must_be_distinct_fingerprints(world: World) -> None:
    for recipients in ([world.bob.fingerprint] * 2, ["Bob Durand"], []):
        response = world.alice.create(recipients, 10)
        assert (response.status_code, code(response)) == (400, "invalid_request")


def test_a_relay_cannot_be_set_to_take_chunks_smaller_than_a_digest_leaf() -> None:
    with pytest.raises(ValueError, match="max_chunk_size must be at least"):
        Limits(max_chunk_size=CHUNK - 1)
    assert Limits(max_chunk_size=CHUNK).max_chunk_size == CHUNK
