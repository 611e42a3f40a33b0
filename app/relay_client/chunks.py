"""Moving a large envelope's bytes with the hashing off the critical path.

The protocol hashes every byte on the client: each chunk's signed Content-Digest on the way up,
the whole envelope's SHA-256 on the way down. Done in line, the network waits for the hash and
the hash for the network. Here the hashing runs on a second thread (hashlib releases the
interpreter lock on large buffers) while the main thread moves bytes:

  * up: chunk n+1 is read and hashed while chunk n is in flight and being answered;
  * down: blocks are written by the main thread and hashed, in order, by a helper thread.

Nothing about what is checked changes: the relay still gets a signed digest of each chunk, and
the caller still compares the whole SHA-256 before it keeps the download. At most two chunks
(up) or `HASH_AHEAD` + 1 blocks (down) are held in memory.
"""

from __future__ import annotations

import hashlib
import os
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, BinaryIO

from app.relay_client.context import Cancel, Progress, check_cancel, field_of
from app.relay_client.errors import DownloadCorrupt, RelayClientError, RelayRefused
from app.relay_client.http import RelayTransport

RECEIVE_BLOCK = 1024 * 1024  # what the HTTP client hands over at a time on the way down
HASH_AHEAD = 4  # blocks written but not yet hashed, at most (bounds the download's memory)
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


def send_chunks(transport: RelayTransport, envelope_id: str, src: BinaryIO, received: int,
                total: int, chunk: int, progress: Progress | None = None,
                cancel: Cancel | None = None) -> None:
    """PUT [received, total) of `src` in chunks of `chunk` bytes, from where the relay stands.

    An `offset_mismatch` refusal names the relay's real position, which is followed (the chunk
    prepared ahead is then dropped and the right one read)."""
    path = f"/v1/envelopes/{envelope_id}/chunks/"
    with ThreadPoolExecutor(1, thread_name_prefix="scelle-chunk-hash") as pool:

        def prepare(offset: int) -> Future[tuple[int, bytes, bytes]] | None:
            if offset >= total:
                return None
            return pool.submit(_prepared, src, offset, min(chunk, total - offset))

        ahead = prepare(received)
        while ahead is not None:
            check_cancel(cancel)
            offset, data, digest = ahead.result()
            if offset != received:  # the relay moved us elsewhere: this one is of no use
                ahead = prepare(received)
                continue
            ahead = prepare(offset + len(data))  # hashed while this chunk is in flight
            received = _put(transport, path, offset, data, digest)
            if received != offset + len(data):
                ahead = prepare(received) if ahead is None else ahead
            if progress is not None:
                progress(received, total)


def _put(transport: RelayTransport, path: str, offset: int, data: bytes, digest: bytes) -> int:
    """One chunk; returns where the relay stands afterwards."""
    try:
        answer = transport.call("PUT", path + str(offset), body=data, headers=OCTETS,
                                body_sha256=digest)
        return int(field_of(answer, "received", int))
    except RelayRefused as exc:
        position = exc.details.get("received")
        if exc.code != "offset_mismatch" or type(position) is not int:
            raise
        return position


def receive_into(blocks: Iterable[bytes], out: BinaryIO, digest: Any, have: int, size: int,
                 progress: Progress | None = None, cancel: Cancel | None = None) -> int:
    """Write `blocks` to `out` while `digest` is updated with them on a helper thread.

    Returns the new length. `digest` is complete when this returns (or raises): every
    submitted update has run, in order, on the single helper thread."""
    with ThreadPoolExecutor(1, thread_name_prefix="scelle-download-hash") as pool:
        pending: deque[Future[None]] = deque()
        for block in blocks:
            if have + len(block) > size:
                raise DownloadCorrupt("The relay sent more bytes than the envelope holds.")
            out.write(block)
            pending.append(pool.submit(digest.update, block))
            if len(pending) > HASH_AHEAD:
                pending.popleft().result()
            have += len(block)
            if progress is not None:
                progress(have, size)
            check_cancel(cancel)
        while pending:
            pending.popleft().result()
    return have
