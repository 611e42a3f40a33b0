"""Large chunks on the pipelined paths: the relay writes and hashes block n (the chunk's digest,
its content digest leaf) while block n+1 arrives, and the desktop client hashes the
next chunk while the current one is in flight, and a download while it is written. Failures
deep inside a multi-block chunk must leave the upload exactly as it was."""

from __future__ import annotations

import hashlib
import io
import itertools
import os
from pathlib import Path

import pytest

from app.relay_client.chunks import content_digest_of, receive_into, send_chunks
from app.relay_client.errors import DownloadCorrupt, TransferCancelled
from app.relay_client.http import RelayTransport
from crypto.content_digest import CONTENT_CHUNK as CHUNK, of_bytes
from relay.transfer import FLUSH
from tests.relay.conftest import World, start_upload, upload_received
from tests.relay.test_auth import code

MiB = 1024 * 1024


def _leftovers(world: World, envelope_id: str) -> list[str]:
    """Files in the upload's folder besides the bytes and the leaves (there should be none)."""
    folder = world.server.relay.blobs.upload_dir(envelope_id)
    return sorted(p.name for p in folder.iterdir() if p.name not in ("data", "leaves"))


def _kept(world: World, envelope_id: str) -> list[int]:
    """The indexes of the chunks whose leaf is kept (what counts of the upload)."""
    path = world.server.relay.blobs.upload_dir(envelope_id) / "leaves"
    records = path.read_bytes() if path.exists() else b""
    return [i for i in range(len(records) // 48) if records[i * 48:(i + 1) * 48].strip(b"\0")]


def _transport(world: World) -> RelayTransport:
    return RelayTransport(world.server.base_url, relay_key=world.server.relay_key,
                          identity=world.alice.identity, clock=world.server.clock.now)


def test_a_bit_flipped_deep_in_a_multi_block_chunk_is_refused(world: World) -> None:
    data = os.urandom(CHUNK + 3 * FLUSH + 12345)
    envelope_id = start_upload(world, len(data))
    assert world.alice.put_chunk(envelope_id, 0, data[:CHUNK]).json() == {"received": CHUNK}
    path = f"/v1/envelopes/{envelope_id}/chunks/{CHUNK}"
    headers = world.alice.sign("PUT", path, data[CHUNK:])
    tampered = bytearray(data[CHUNK:])
    tampered[-100] ^= 1  # in the last block, after earlier blocks went through the threads
    response = world.alice.send("PUT", path, headers, bytes(tampered))
    assert (response.status_code, code(response)) == (400, "digest_mismatch")
    assert upload_received(world, envelope_id) == CHUNK and _leftovers(world, envelope_id) == []
    assert _kept(world, envelope_id) == [0]
    # The refused bytes left no leaf behind: the right ones commit.
    assert world.alice.put_chunk(envelope_id, CHUNK, data[CHUNK:]).status_code == 200
    response = world.alice.commit(envelope_id, of_bytes(data).hex())
    assert response.status_code == 200, response.text
    assert world.bob.download(envelope_id).content == data


def test_a_streamed_chunk_running_past_the_size_leaves_nothing(world: World) -> None:
    data = os.urandom(3 * FLUSH)
    envelope_id = start_upload(world, 2 * FLUSH)
    path = f"/v1/envelopes/{envelope_id}/chunks/0"
    headers = world.alice.sign("PUT", path, data)
    pieces = [data[i:i + FLUSH // 4] for i in range(0, len(data), FLUSH // 4)]
    response = world.alice.http.request("PUT", path, headers=headers, content=iter(pieces))
    assert (response.status_code, code(response)) == (413, "beyond_declared_size")
    assert upload_received(world, envelope_id) == 0 and _leftovers(world, envelope_id) == []
    assert _kept(world, envelope_id) == []


def test_the_client_follows_the_relays_offset_and_commits(world: World, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    data = os.urandom(3 * CHUNK + 777)
    envelope_id = start_upload(world, len(data))
    assert world.alice.put_chunk(envelope_id, 0, data[:CHUNK]).status_code == 200
    source = tmp_path / "sealed"
    source.write_bytes(data)
    offsets: list[str] = []
    original = RelayTransport.call

    def call(self: RelayTransport, method: str, path: str, **kw: object) -> object:
        offsets.append(path.rsplit("/", 1)[1])
        return original(self, method, path, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(RelayTransport, "call", call)
    with _transport(world) as transport, open(source, "rb") as src:
        # The client believes nothing was sent: the relay's answer puts it right.
        leaves = send_chunks(transport, envelope_id, src, 0, len(data))
        # Several chunks in flight at once: answered in any order.
        assert sorted(map(int, offsets)) == [0, CHUNK, 2 * CHUNK, 3 * CHUNK]
        # Every chunk read was hashed once, including the one the relay already had.
        assert sorted(leaves) == [0, CHUNK, 2 * CHUNK, 3 * CHUNK]
        digest = content_digest_of(src, len(data), leaves)
        assert digest == of_bytes(data).hex()
        # A chunk this run did not send (an earlier run's) is read and hashed here.
        del leaves[0]
        assert content_digest_of(src, len(data), leaves) == digest
        done = transport.call("POST", f"/v1/envelopes/{envelope_id}/commit",
                              json_body={"content_digest": digest})
    assert done["envelope"]["size"] == len(data)
    assert world.bob.download(envelope_id).content == data


def test_the_client_refuses_a_short_source_file(world: World, tmp_path: Path) -> None:
    envelope_id = start_upload(world, 2 * CHUNK)
    source = tmp_path / "sealed"
    source.write_bytes(os.urandom(CHUNK + 1))  # shorter than recorded
    with _transport(world) as transport, open(source, "rb") as src, \
            pytest.raises(Exception, match="shorter than recorded"):
        send_chunks(transport, envelope_id, src, 0, 2 * CHUNK)
    assert upload_received(world, envelope_id) == CHUNK  # the whole first chunk, nothing of the next


def test_a_download_is_hashed_exactly_as_written_even_when_cut(world: World) -> None:
    data = os.urandom(5 * MiB + 3)
    committed = world.alice.upload([world.bob.fingerprint], data)
    envelope_id = committed["envelope"]["envelope_id"]
    bob = RelayTransport(world.server.base_url, relay_key=world.server.relay_key,
                         identity=world.bob.identity, clock=world.server.clock.now)
    with bob:
        for cut in (None, 3):  # whole, then a connection lost after three blocks
            out, digest = io.BytesIO(), hashlib.sha256()
            with bob.stream(f"/v1/envelopes/{envelope_id}/content") as response:
                blocks = itertools.islice(response.iter_raw(MiB), cut)
                have = receive_into(blocks, out, digest, 0, len(data))
            assert have == len(out.getvalue()) == (len(data) if cut is None else cut * MiB)
            assert digest.digest() == hashlib.sha256(out.getvalue()).digest()
            assert out.getvalue() == data[:have]


def test_a_download_in_the_http_clients_own_reads_is_hashed_in_order_by_batches(
        world: World) -> None:
    # The desktop client passes `iter_raw()` (64 KiB reads, no joining): every byte is written
    # as it comes and hashed once, in order; progress comes per batch of about a MiB and at
    # the end, not once per read.
    data = os.urandom(3 * MiB + 12_345)
    committed = world.alice.upload([world.bob.fingerprint], data)
    envelope_id = committed["envelope"]["envelope_id"]
    bob = RelayTransport(world.server.base_url, relay_key=world.server.relay_key,
                         identity=world.bob.identity, clock=world.server.clock.now)
    seen: list[int] = []
    with bob, bob.stream(f"/v1/envelopes/{envelope_id}/content") as response:
        out, digest = io.BytesIO(), hashlib.sha256()
        have = receive_into(response.iter_raw(), out, digest, 0, len(data),
                            progress=lambda done, _total: seen.append(done))
    assert have == len(data) and out.getvalue() == data
    assert digest.digest() == hashlib.sha256(data).digest()
    assert seen == sorted(seen) and seen[-1] == len(data) and 3 <= len(seen) <= 5


def test_a_download_stopped_midway_has_hashed_exactly_what_it_wrote() -> None:
    pieces = [os.urandom(7_000) for _ in range(400)]  # 2.8 MB in small reads
    out, digest = io.BytesIO(), hashlib.sha256()

    def stop() -> bool:
        return len(out.getvalue()) >= 2_000_000

    with pytest.raises(TransferCancelled):
        receive_into(iter(pieces), out, digest, 0, 7_000 * 400, cancel=stop)
    assert digest.digest() == hashlib.sha256(out.getvalue()).digest()


def test_a_download_longer_than_the_envelope_is_refused() -> None:
    out, digest = io.BytesIO(), hashlib.sha256()
    with pytest.raises(DownloadCorrupt):
        receive_into(iter([b"a" * 10, b"b" * 10]), out, digest, 0, 15)
    assert out.getvalue() == b"a" * 10  # the excess never reaches the file
