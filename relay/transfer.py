"""Moving envelope bytes: resumable chunked upload, and ranged download with delivery proof.

Memory stays flat whatever the envelope size: a chunk is written in place (relay/chunk_writer.py)
in blocks of about `FLUSH` bytes (each written and hashed on a worker thread while the next one
arrives), and a download is read `READ_BLOCK` bytes at a time, one block ahead of the one being
sent.

Upload: `PUT /v1/envelopes/{id}/chunks/{offset}` starts at a multiple of 8 MiB at or past the
bytes received so far (several chunks of one upload may be in flight at once, in any order) and
ends at the next 8 MiB boundary (or the envelope's end): one chunk is one leaf of the content
digest (crypto/content_digest.py). The chunk counts only once it is whole and matches its
signed Content-Digest, which is also its leaf, kept beside the bytes; each byte is hashed once.
`received` is the end of the run of kept chunks from the start. A killed request leaves the
upload where it was, and the client resumes from `received`.

Download: recipients only, `Range: bytes=N-` (or `N-M`) to resume. The relay counts, per
recipient, the contiguous prefix it has handed over; when that reaches the whole envelope for
the first time it signs a delivery proof.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

import anyio
from starlette.requests import Request
from starlette.responses import Response

from crypto.content_digest import CONTENT_CHUNK, chunk_end
from crypto.proofs import sign_delivery
from relay import errors, evidence, timestamping
from relay.auth import Principal, header_items, request_url
from relay.blobs import EnvelopeReader
from relay.chunk_writer import ChunkClaimed, IncomingChunk
from relay.clock import as_datetime
from relay.context import Relay
from relay.db import envelopes as db
from relay.db.envelopes import Envelope
from relay.db.proof_archive import DELIVERY
from relay.envelopes import legacy, not_found, readable, upload_of
from relay.logs import log_event
from relay.models import ChunkAccepted
from relay.signing import RequestView, sign_headers

FLUSH = 1024 * 1024
READ_BLOCK = 1024 * 1024  # with one read ahead: two blocks per download in memory
_RANGE = re.compile(r"bytes=([0-9]{1,19})-([0-9]{0,19})")


def _check_offset(env: Envelope, offset: int) -> None:
    if env.received % CONTENT_CHUNK:  # an upload begun with protocol 1, in chunks of another size
        raise errors.ProtocolOutdated("This upload was begun by relay protocol 1; start it "
                                      "again.")
    if offset < env.received or offset % CONTENT_CHUNK or offset >= max(env.size, 1):
        raise errors.OffsetMismatch("The chunk must start at a multiple of 8 MiB, at or past "
                                    "where the upload stands and inside the envelope.",
                                    received=env.received)


def _claim(relay: Relay, principal: Principal, envelope_id: str, offset: int) -> IncomingChunk:
    """Blocking, under the upload lock. The chunk's place is still open (at or past the
    received prefix, so no chunk counted in that prefix is ever cleared); claim it and clear
    its old leaf before any of its bytes is overwritten."""
    _check_offset(upload_of(relay, principal, envelope_id), offset)
    try:
        chunk = relay.blobs.receive_chunk(envelope_id, offset)
    except ChunkClaimed:
        raise errors.ChunkBusy("Another request is sending this chunk; wait for its answer.",
                        offset=offset) from None
    try:
        chunk.forget()
    except BaseException:
        chunk.close()
        raise
    return chunk


async def receive_chunk(relay: Relay, principal: Principal, envelope_id: str, offset: int,
                        request: Request) -> ChunkAccepted:
    """Receive one chunk in place; chunks of one upload may arrive at once and in any order.

    Its leaf is kept only once the chunk is whole and matches its signed Content-Digest; the
    answer's `received` is the end of the run of kept chunks from the start (the upload's
    resumable position), which may stay below this chunk's end while earlier ones are still
    in flight."""
    env = await relay.run(upload_of, relay, principal, envelope_id)
    _check_offset(env, offset)
    expected = chunk_end(offset, env.size) - offset
    async with relay.upload_lock(envelope_id):
        chunk = await relay.run(_claim, relay, principal, envelope_id, offset)
    try:
        await stream_into(relay, request, chunk, env.size - offset, expected)
        if chunk.size == 0:
            raise errors.InvalidRequest("A chunk cannot be empty.")
        if chunk.size != expected:
            raise errors.ChunkMisaligned(f"This chunk must hold {expected} bytes (up to the "
                                         "next 8 MiB boundary or the envelope's end).")
        if chunk.sha256.digest() != principal.request.content_sha256:
            raise errors.SignatureError("The chunk does not match its signed Content-Digest.",
                                        "digest_mismatch", 400)
        await relay.run(chunk.keep)
        async with relay.upload_lock(envelope_id):  # across relay processes too
            received = await relay.run(_advance, relay, principal, envelope_id)
    finally:
        with anyio.CancelScope(shield=True):
            await relay.run(chunk.close)  # the claim ends only once the prefix is recorded
    return ChunkAccepted(received=received)


async def stream_into(relay: Relay, request: Request, chunk: IncomingChunk, remaining: int,
                      expected: int) -> None:
    """Receive the body into `chunk` in blocks of about `FLUSH` bytes; more than `expected`
    bytes is refused as soon as it arrives.

    Block n is written and hashed on a worker thread while block n+1 is being received, so the
    network does not wait for the hash; at most one block is in the threads at a time, which
    keeps memory flat. The threads are always finished before this returns or raises: the
    caller may then keep or close the chunk."""
    limit = relay.limits.max_chunk_size
    pending: list[bytes] = []
    pending_size = total = 0
    job: asyncio.Future[None] | None = None
    try:
        async for piece in request.stream():
            total += len(piece)
            if total > limit:
                raise errors.ChunkTooLarge(f"A chunk holds at most {limit} bytes.")
            if total > remaining:
                raise errors.BeyondSize("The chunk goes past the envelope's declared size.",
                                        remaining=remaining)
            if total > expected:
                raise errors.ChunkMisaligned(f"This chunk must hold {expected} bytes (up to "
                                             "the next 8 MiB boundary or the envelope's end).")
            pending.append(piece)
            pending_size += len(piece)
            if pending_size >= FLUSH:
                if job is not None:
                    await job
                job = asyncio.ensure_future(relay.run(chunk.write, pending))
                pending, pending_size = [], 0
        if job is not None:
            await job
        job = None
        if pending:
            await relay.run(chunk.write, pending)
    finally:
        if job is not None:
            with anyio.CancelScope(shield=True):
                await asyncio.wait([job])


def _advance(relay: Relay, principal: Principal, envelope_id: str) -> int:
    """Blocking, under the upload lock. Move `received` over the chunks now kept past it."""
    env = upload_of(relay, principal, envelope_id)
    received = relay.blobs.kept_prefix(envelope_id, env.received, env.size)
    if received != env.received:
        with relay.db.transaction() as tx:
            if not db.advance_received(tx, envelope_id, env.received, received):
                raise errors.OffsetMismatch("The upload moved meanwhile.")
    return received


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """[start, end) from `bytes=N-` or `bytes=N-M`; None for the whole envelope."""
    if header is None:
        return None
    match = _RANGE.fullmatch(header.strip())
    if not match:
        raise errors.RangeNotSatisfiable("Only one range, bytes=N- or bytes=N-M, is served.",
                                         size=size)
    start = int(match[1])
    end = min(int(match[2]) + 1, size) if match[2] else size
    if start >= size or end <= start:
        raise errors.RangeNotSatisfiable("The range is outside the envelope.", size=size)
    return start, end


async def download(relay: Relay, principal: Principal, envelope_id: str,
                   request: Request) -> Response:
    env, recipients = await relay.run(readable, relay, principal, envelope_id)
    if principal.fingerprint not in recipients:
        raise not_found()  # the sender has no business downloading: same answer as anyone
    span = parse_range(request.headers.get("range"), env.size)
    start, end = span or (0, env.size)
    assert env.sha256 is not None
    if legacy(env):
        raise errors.ProtocolOutdated("This envelope was deposited under relay protocol 1; "
                                      "ask its sender to send it again.")
    # No Content-Length on purpose: the body goes out chunked, so the client sees its end only
    # after the relay has recorded the delivery (the last data byte was already handed over).
    headers = [("content-type", "application/octet-stream"), ("accept-ranges", "bytes"),
               ("cache-control", "no-store"), ("scelle-content-digest", env.sha256),
               ("scelle-envelope-size", str(env.size))]
    covered = ["scelle-content-digest", "scelle-envelope-size"]
    if span:
        headers.append(("content-range", f"bytes {start}-{end - 1}/{env.size}"))
        covered.append("content-range")
    status = 206 if span else 200
    scope = request.scope
    host = request.headers.get("host")
    view = RequestView(scope["method"], request_url(scope, host) if host else None,
                       header_items(scope))
    signed = sign_headers(relay, view, status, headers, body=None, covered=covered)
    return BlobResponse(relay, env, principal.fingerprint, start, end, status, signed)


class BlobResponse(Response):
    """Streams [start, end) of an envelope; records delivery if the client got it all."""

    def __init__(self, relay: Relay, env: Envelope, recipient: str, start: int, end: int,
                 status: int, headers: list[tuple[str, str]]) -> None:
        super().__init__(status_code=status)
        self.raw_headers = [(k.lower().encode("latin-1"), v.encode("latin-1"))
                            for k, v in headers]
        self._relay, self._env, self._recipient = relay, env, recipient
        self._start, self._end = start, end

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        gone = anyio.Event()

        async def watch() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass
            gone.set()

        await send({"type": "http.response.start", "status": self.status_code,
                    "headers": self.raw_headers})
        async with anyio.create_task_group() as group:
            group.start_soon(watch)
            sent = await self._stream(send, gone)
            group.cancel_scope.cancel()
        # An interrupted stream still counts what was handed over: the client resumes from the
        # end of what it kept (never beyond), so without this its `Range` would leave a gap in
        # the delivered prefix and the delivery would never be proved.
        if sent > self._start:
            with anyio.CancelScope(shield=True):
                await self._relay.run(record_delivery, self._relay, self._env,
                                      self._recipient, self._start, sent)
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def _stream(self, send: Any, gone: anyio.Event) -> int:
        """Send data blocks until the end or a disconnect; return the position reached.

        The next block is read on a worker thread while the current one is being sent, so the
        socket does not wait for the disk (two blocks in memory at most)."""
        relay = self._relay
        handle = await relay.run(relay.blobs.open_envelope, self._env.id)
        ahead: asyncio.Future[bytes] | None = None
        try:
            position = self._start
            ahead = self._read(handle, position)
            while ahead is not None and not gone.is_set():
                block = await ahead
                if not block:
                    raise OSError("envelope file shorter than recorded")
                ahead = self._read(handle, position + len(block))
                await send({"type": "http.response.body", "body": block, "more_body": True})
                if gone.is_set():
                    break  # this block may not have reached the client: not counted
                position += len(block)
        finally:
            if ahead is not None:
                with anyio.CancelScope(shield=True):
                    await asyncio.wait([ahead])
            await relay.run(handle.close)
        return position

    def _read(self, handle: EnvelopeReader, position: int) -> asyncio.Future[bytes] | None:
        if position >= self._end:
            return None
        size = min(READ_BLOCK, self._end - position)
        return asyncio.ensure_future(self._relay.run(handle.read_at, position, size))


def record_delivery(relay: Relay, env: Envelope, recipient: str, start: int, end: int) -> None:
    """Blocking. Extend the recipient's delivered prefix; sign the proof on first completion."""
    now = relay.now()
    with relay.db.transaction() as tx:
        db.record_progress(tx, env.id, recipient, start, end)
        mine = db.addressee(tx, env.id, recipient)
        if mine is None or mine.delivered is not None or mine.delivered_bytes < env.size:
            return
        assert env.sha256 is not None
        proof = sign_delivery(relay.key, envelope_id=env.id, content_digest=env.sha256,
                              size=env.size, recipient=recipient, delivered=as_datetime(now))
        first = db.mark_delivered(tx, env.id, recipient, now, proof.to_bytes())
        if first:
            evidence.keep(tx, relay, env.id, DELIVERY, recipient, proof.to_bytes())
    relay.db.sync()
    if first:
        log_event("envelope.delivered", envelope=env.id, recipient=recipient, size=env.size)
        timestamping.stamp_new(relay, env.id, DELIVERY, recipient)  # bounded; else pending
