"""Moving a large envelope's bytes with the hashing off the critical path.

The protocol hashes every byte once on the client: on the way up each 8 MiB chunk's SHA-256 is
its signed Content-Digest and its leaf of the envelope's content digest (crypto/content_digest.py),
which is derived from the leaves, not from a second pass; on the way down a `ContentHasher`
computes the same value. Done in line, the network waits for the hash and the hash for the
network, and each side waits for the other's answer. Here (hashlib releases the interpreter
lock on large buffers):

  * up: `IN_FLIGHT` chunks at once, each read, hashed and PUT by its own thread over the
    transport's connection pool, while the relay writes each at its offset (relay protocol 2
    takes chunks in any order at or past `received`); a relay that takes them only in order
    answers `offset_mismatch`, and the rest is sent one chunk at a time, following it;
  * down: the HTTP client's reads are written by the main thread as they come and hashed,
    in order and by batches, by a helper thread.

At most `IN_FLIGHT` chunks (up) or `HASH_AHEAD` + 1 batches of about `RECEIVE_BLOCK` bytes
(down) are held in memory.
"""

from __future__ import annotations

import hashlib
import os
from collections import deque
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any, BinaryIO

from app.relay_client.context import Cancel, Progress, check_cancel, field_of
from app.relay_client.errors import DownloadCorrupt, RelayClientError, RelayRefused
from app.relay_client.http import RelayTransport
from crypto.content_digest import CONTENT_CHUNK, chunk_end, from_leaves

RECEIVE_BLOCK = 1024 * 1024  # bytes received per hash job on the way down
HASH_AHEAD = 4  # blocks written but not yet hashed, at most (bounds the download's memory)
IN_FLIGHT = 3  # chunks sent at once: 24 MiB in memory; enough to keep both ends busy
OCTETS = [("Content-Type", "application/octet-stream")]


def read_at(src: BinaryIO, offset: int, size: int) -> bytes:
    """`size` bytes at `offset` (pread: no shared file position between threads)."""
    data = os.pread(src.fileno(), size, offset)
    if len(data) != size:
        raise RelayClientError("The sealed file waiting in the outbox is shorter than "
                               "recorded; seal the documents again.")
    return data


def _prepared(src: BinaryIO, offset: int, size: int) -> tuple[int, bytes, bytes]:
    data = read_at(src, offset, size)
    return offset, data, hashlib.sha256(data).digest()


def chunk_leaf(src: BinaryIO, offset: int, total: int) -> bytes:
    """The leaf of the chunk at `offset`, read from `src` (for chunks sent by an earlier run)."""
    return _prepared(src, offset, chunk_end(offset, total) - offset)[2]


def send_chunks(transport: RelayTransport, envelope_id: str, src: BinaryIO, received: int,
                total: int, progress: Progress | None = None,
                cancel: Cancel | None = None) -> dict[int, bytes]:
    """PUT [received, total) of `src` in 8 MiB chunks, from where the relay stands (a multiple
    of 8 MiB), `IN_FLIGHT` at once; returns the leaf of each chunk sent, by offset.

    A relay that takes chunks only in order refuses those sent ahead (`offset_mismatch`, naming
    its real position): from the first refused one on, chunks go one at a time."""
    path = f"/v1/envelopes/{envelope_id}/chunks/"
    leaves: dict[int, bytes] = {}
    position = _send_window(transport, path, src, received, total, leaves, progress, cancel)
    if position < total:
        _send_in_order(transport, path, src, position, total, leaves, progress, cancel)
    return leaves


def _send_one(transport: RelayTransport, path: str, src: BinaryIO, offset: int,
              total: int) -> tuple[int, bytes, bool]:
    """Read, hash and PUT one chunk (on a pool thread): its offset, its leaf, and whether the
    relay has it now (False: refused as out of order by a relay that wants them in order)."""
    _, data, digest = _prepared(src, offset, chunk_end(offset, total) - offset)
    try:
        _put(transport, path, offset, data, digest)
        return offset, digest, True
    except _Behind as behind:
        return offset, digest, behind.position > offset  # past it: an earlier run sent it


def _send_window(transport: RelayTransport, path: str, src: BinaryIO, start: int, total: int,
                 leaves: dict[int, bytes], progress: Progress | None,
                 cancel: Cancel | None) -> int:
    """Send the chunks from `start`, `IN_FLIGHT` at a time; returns the first offset the relay
    refused (`total` if none). After a refusal no further chunk is started; the failure of
    any chunk is raised once the others in flight have been answered."""
    offsets = iter(range(start, total, CONTENT_CHUNK))
    refused: list[int] = []
    sent = start
    with ThreadPoolExecutor(IN_FLIGHT, thread_name_prefix="scelle-chunk") as pool:
        pending: set[Future[tuple[int, bytes, bool]]] = set()

        def start_next() -> None:
            offset = next(offsets, None)
            if offset is not None and not refused:
                pending.add(pool.submit(_send_one, transport, path, src, offset, total))

        for _ in range(IN_FLIGHT):
            start_next()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                pending.discard(future)
                offset, digest, taken = future.result()
                leaves[offset] = digest
                if not taken:
                    refused.append(offset)
                    continue
                sent += chunk_end(offset, total) - offset
                if progress is not None:
                    progress(sent, total)
                check_cancel(cancel)
                start_next()
    return min(refused, default=total)


def _send_in_order(transport: RelayTransport, path: str, src: BinaryIO, received: int,
                   total: int, leaves: dict[int, bytes], progress: Progress | None,
                   cancel: Cancel | None) -> None:
    """One chunk at a time from `received`, following the relay's answers; chunk n+1 is read
    and hashed while chunk n is in flight."""
    with ThreadPoolExecutor(1, thread_name_prefix="scelle-chunk-hash") as pool:

        def prepare(offset: int) -> Future[tuple[int, bytes, bytes]] | None:
            if offset >= total:
                return None
            return pool.submit(_prepared, src, offset, chunk_end(offset, total) - offset)

        ahead = prepare(received)
        while ahead is not None:
            check_cancel(cancel)
            offset, data, digest = ahead.result()
            if offset != received:  # the relay moved us elsewhere: this one is of no use
                ahead = prepare(received)
                continue
            ahead = prepare(offset + len(data))  # hashed while this chunk is in flight
            leaves[offset] = digest
            try:
                received = _put(transport, path, offset, data, digest)
            except _Behind as behind:
                received = behind.position
            if received != offset + len(data):
                ahead = prepare(received) if ahead is None else ahead
            if progress is not None:
                progress(received, total)


def content_digest_of(src: BinaryIO, total: int, leaves: dict[int, bytes]) -> str:
    """The content digest from the leaves `send_chunks` returned; a chunk it did not send (an
    earlier run's, or one another process sent) is read and hashed here."""
    return from_leaves([leaves[offset] if offset in leaves else chunk_leaf(src, offset, total)
                        for offset in range(0, total, CONTENT_CHUNK)], total).hex()


class _Behind(Exception):
    """The relay refused a chunk with `offset_mismatch`; `position` is where it stands."""

    def __init__(self, position: int) -> None:
        super().__init__(position)
        self.position = position


def _put(transport: RelayTransport, path: str, offset: int, data: bytes, digest: bytes) -> int:
    """One chunk; returns the relay's `received` afterwards (the end of its run of chunks
    without a gap, which may stay below this chunk while earlier ones are in flight)."""
    try:
        answer = transport.call("PUT", path + str(offset), body=data, headers=OCTETS,
                                body_sha256=digest)
        return int(field_of(answer, "received", int))
    except RelayRefused as exc:
        position = exc.details.get("received")
        if exc.code != "offset_mismatch" or type(position) is not int:
            raise
        raise _Behind(position) from None


def receive_into(blocks: Iterable[bytes], out: BinaryIO, digest: Any, have: int, size: int,
                 progress: Progress | None = None, cancel: Cancel | None = None) -> int:
    """Write `blocks` to `out` while `digest` is updated with them on a helper thread.

    `blocks` may be of any size: pass the HTTP client's own reads (`iter_raw()` without a
    size), since having it join them into larger blocks copied every byte twice more (0.7
    CPU-seconds per GiB measured, a third of the download's client CPU). Each block is written
    as it comes; the hash gets them in batches of about `RECEIVE_BLOCK` bytes, so the helper
    thread is woken once per batch, not once per read. Returns the new length. `digest` is
    complete when this returns (or raises): every block written has been hashed, in order, on
    the single helper thread."""
    with ThreadPoolExecutor(1, thread_name_prefix="scelle-download-hash") as pool:
        pending: deque[Future[None]] = deque()
        batch: list[bytes] = []
        batched = 0
        try:
            for block in blocks:
                if have + len(block) > size:
                    raise DownloadCorrupt("The relay sent more bytes than the envelope holds.")
                out.write(block)
                batch.append(block)
                batched += len(block)
                have += len(block)
                if batched >= RECEIVE_BLOCK:
                    pending.append(pool.submit(_hash_all, digest, batch))
                    batch, batched = [], 0
                    if len(pending) > HASH_AHEAD:
                        pending.popleft().result()
                    if progress is not None:  # per batch: a read is only 64 KiB
                        progress(have, size)
                check_cancel(cancel)
        finally:  # what was written is hashed whatever happens, as the docstring promises
            if batch:
                pending.append(pool.submit(_hash_all, digest, batch))
            while pending:
                pending.popleft().result()
        if progress is not None and batch:
            progress(have, size)
    return have


def _hash_all(digest: Any, blocks: list[bytes]) -> None:
    for block in blocks:
        digest.update(block)
