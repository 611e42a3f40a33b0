"""Several chunks of one upload in flight at once (relay protocol 2): each is written at its
offset, checked against its own signed digest and counted only once whole; `received` is the
run of counted chunks from the start; one request at a time per chunk; nothing half-counted."""

from __future__ import annotations

import os
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from app.relay_client.chunks import content_digest_of, send_chunks
from app.relay_client.http import RelayTransport
from crypto.content_digest import CONTENT_CHUNK as CHUNK, of_bytes
from relay import errors, transfer
from relay.chunk_writer import ChunkClaimed
from relay.db.envelopes import Envelope
from tests.relay.conftest import World, start_upload, upload_received
from tests.relay.test_auth import code

MiB = 1024 * 1024


def _put_all(world: World, envelope_id: str,
             chunks: dict[int, bytes]) -> dict[int, httpx.Response]:
    """PUT every chunk at once, one thread each (the connection pool serves them together)."""
    with ThreadPoolExecutor(len(chunks)) as pool:
        futures = {offset: pool.submit(world.alice.put_chunk, envelope_id, offset, data)
                   for offset, data in chunks.items()}
        return {offset: future.result() for offset, future in futures.items()}


def _claimed(world: World, envelope_id: str, offset: int) -> bool:
    try:
        world.server.relay.blobs.receive_chunk(envelope_id, offset).close()
    except ChunkClaimed:
        return True
    return False


def _wait_until(condition: object) -> None:
    """Wait for a state the relay reaches on its own (no timing is asserted)."""
    for _ in range(1000):
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.02)
    raise AssertionError("the relay never reached the expected state")


def test_chunks_sent_at_once_in_any_order_are_placed_and_commit(world: World) -> None:
    data = os.urandom(4 * CHUNK + 12345)
    envelope_id = start_upload(world, len(data))
    chunks = {offset: data[offset:offset + CHUNK] for offset in range(0, len(data), CHUNK)}
    answers = _put_all(world, envelope_id, dict(reversed(list(chunks.items()))))
    assert all(a.status_code == 200 for a in answers.values()), answers
    # Each answer tells the run without a gap at its time; the last one saw them all.
    assert max(a.json()["received"] for a in answers.values()) == len(data)
    assert upload_received(world, envelope_id) == len(data)
    assert world.alice.commit(envelope_id, of_bytes(data).hex()).status_code == 200
    assert world.bob.download(envelope_id).content == data


def test_a_tampered_chunk_among_others_in_flight_counts_for_nothing(world: World) -> None:
    data = os.urandom(3 * CHUNK)
    envelope_id = start_upload(world, len(data))
    path = f"/v1/envelopes/{envelope_id}/chunks/{CHUNK}"
    signed = world.alice.sign("PUT", path, data[CHUNK:2 * CHUNK])
    tampered = bytearray(data[CHUNK:2 * CHUNK])
    tampered[5 * MiB] ^= 1
    with ThreadPoolExecutor(3) as pool:
        good = [pool.submit(world.alice.put_chunk, envelope_id, offset,
                            data[offset:offset + CHUNK]) for offset in (0, 2 * CHUNK)]
        bad = pool.submit(world.alice.send, "PUT", path, signed, bytes(tampered))
        assert all(f.result().status_code == 200 for f in good)
        assert (bad.result().status_code, code(bad.result())) == (400, "digest_mismatch")
    assert upload_received(world, envelope_id) == CHUNK  # chunk 2 is kept, but after a gap
    response = world.alice.commit(envelope_id, of_bytes(data).hex())
    assert (response.status_code, code(response)) == (409, "upload_incomplete")
    assert world.alice.put_chunk(envelope_id, CHUNK, data[CHUNK:2 * CHUNK]).json() == {
        "received": len(data)}
    assert world.alice.commit(envelope_id, of_bytes(data).hex()).status_code == 200
    assert world.bob.download(envelope_id).content == data


def test_a_chunk_being_received_is_busy_and_free_again_once_its_sender_is_gone(
        world: World) -> None:
    data = os.urandom(2 * CHUNK + 10)
    envelope_id = start_upload(world, len(data))
    second = data[CHUNK:2 * CHUNK]
    path = f"/v1/envelopes/{envelope_id}/chunks/{CHUNK}"
    headers = world.alice.sign("PUT", path, second, [("Content-Length", str(len(second)))])
    url = httpx.URL(world.server.base_url)
    head = f"PUT {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    with socket.create_connection((url.host, url.port)) as stalled:
        stalled.sendall(head.encode("latin-1") + second[:CHUNK // 2])  # and no more
        _wait_until(lambda: _claimed(world, envelope_id, CHUNK))
        busy = world.alice.put_chunk(envelope_id, CHUNK, second)
        assert (busy.status_code, code(busy)) == (409, "chunk_busy")
        # The other chunks are free meanwhile.
        assert world.alice.put_chunk(envelope_id, 0, data[:CHUNK]).json() == {"received": CHUNK}
        assert world.alice.put_chunk(envelope_id, 2 * CHUNK, data[2 * CHUNK:]).json() == {
            "received": CHUNK}
    _wait_until(lambda: not _claimed(world, envelope_id, CHUNK))  # the relay saw it go
    assert upload_received(world, envelope_id) == CHUNK  # the half chunk counts for nothing
    assert world.alice.put_chunk(envelope_id, CHUNK, second).json() == {"received": len(data)}
    assert world.alice.commit(envelope_id, of_bytes(data).hex()).status_code == 200
    assert world.bob.download(envelope_id).content == data


def test_a_chunk_sent_again_replaces_itself_and_one_behind_the_run_is_refused(
        world: World) -> None:
    data = os.urandom(2 * CHUNK + 99)
    envelope_id = start_upload(world, len(data))
    for _ in range(2):  # a retry after a lost answer
        assert world.alice.put_chunk(envelope_id, CHUNK, data[CHUNK:2 * CHUNK]).json() == {
            "received": 0}
    assert world.alice.put_chunk(envelope_id, 0, data[:CHUNK]).json() == {
        "received": 2 * CHUNK}
    behind = world.alice.put_chunk(envelope_id, CHUNK, data[CHUNK:2 * CHUNK])
    assert (behind.status_code, code(behind)) == (409, "offset_mismatch")
    assert behind.json()["error"]["received"] == 2 * CHUNK
    assert world.alice.put_chunk(envelope_id, 2 * CHUNK, data[2 * CHUNK:]).status_code == 200
    assert world.alice.commit(envelope_id, of_bytes(data).hex()).status_code == 200
    assert world.bob.download(envelope_id).content == data


def _in_order_only(env: Envelope, offset: int) -> None:
    """The rule of a relay from before chunks could travel together."""
    if offset != env.received:
        raise errors.OffsetMismatch("The chunk does not start where the upload "
                                    "stands.", received=env.received)


@pytest.mark.parametrize("in_order_relay", [False, True])
def test_the_client_sends_chunks_together_or_in_order_as_the_relay_takes_them(
        world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        in_order_relay: bool) -> None:
    if in_order_relay:
        monkeypatch.setattr(transfer, "_check_offset", _in_order_only)
    data = os.urandom(5 * CHUNK + 3)
    envelope_id = start_upload(world, len(data))
    source = tmp_path / "sealed"
    source.write_bytes(data)
    transport = RelayTransport(world.server.base_url, relay_key=world.server.relay_key,
                               identity=world.alice.identity, clock=world.server.clock.now)
    with transport, open(source, "rb") as src:
        leaves = send_chunks(transport, envelope_id, src, 0, len(data))
        assert sorted(leaves) == list(range(0, len(data), CHUNK))
        digest = content_digest_of(src, len(data), leaves)
        done = transport.call("POST", f"/v1/envelopes/{envelope_id}/commit",
                              json_body={"content_digest": digest})
    assert digest == of_bytes(data).hex() == done["envelope"]["content_digest"]
    assert world.bob.download(envelope_id).content == data
