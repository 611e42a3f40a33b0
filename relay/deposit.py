"""Single-request deposit of a small envelope: create, content and commit in one signed request.

`POST /v1/envelopes/deposit?recipients=<fp>&recipients=<fp>&availability_days=N[&envelope_id=…]`
with the sealed bytes as the body (at most one chunk, 8 MiB, and a Content-Length). The query
is covered by the request signature (@query) and the body by its signed Content-Digest, which
is the SHA-256 of the whole envelope: the relay hashes each byte once and checks it against that
digest. All or nothing: the same checks as the chunked path (size cap, availability,
recipients in the sender's directory, digest), then the bytes are synced and renamed into
place, the committed row and the signed deposit proof are written in one transaction and the
log synced before the proof is answered. A failure at any point leaves nothing visible.

`envelope_id` (32 hex, chosen at random by the client and kept before sending) makes a retry
safe: a second deposit with the id of the sender's committed envelope answers `not_uploading`
(fetch its proofs), any other existing id `envelope_exists`.
"""

from __future__ import annotations

import re
import secrets

import anyio
from starlette.requests import Request

from crypto.proofs import sign_deposit
from relay import errors
from relay.auth import Principal
from relay.blobs import ChunkFile
from relay.clock import as_datetime
from relay.context import Relay
from relay.db import envelopes as db
from relay.db.envelopes import COMMITTED, Envelope
from relay.envelopes import DAY, check_new, committed_answer
from relay.models import CommitResponse, EnvelopeCreate
from relay.transfer import stream_into

_ID = re.compile(r"[0-9a-f]{32}")


def _declared_size(relay: Relay, request: Request) -> int:
    length = request.headers.get("content-length")
    if length is None or not length.isdigit():
        raise errors.InvalidRequest("A deposit needs a Content-Length.")
    size = int(length)
    if size == 0:
        raise errors.InvalidRequest("An envelope cannot be empty.")
    if size > relay.limits.max_envelope_size:
        raise errors.EnvelopeTooLarge(f"This relay accepts envelopes of at most "
                                      f"{relay.limits.max_envelope_size} bytes.")
    return size


def _claim(relay: Relay, principal: Principal, envelope_id: str) -> None:
    """Blocking. Refuse an id already in use; then own its upload folder."""
    with relay.db.transaction() as tx:
        existing = db.envelope(tx, envelope_id)
    if existing is not None:
        if existing.sender == principal.fingerprint and existing.state == COMMITTED:
            raise errors.NotUploading("This envelope is already committed.")
        raise errors.EnvelopeExists("This envelope id is taken; choose another.")
    try:
        relay.blobs.start_upload(envelope_id)
    except FileExistsError:
        raise errors.EnvelopeExists("This envelope id is taken; choose another.") from None


async def deposit(relay: Relay, principal: Principal, request: Request, recipients: list[str],
                  availability_days: int, envelope_id: str | None) -> CommitResponse:
    size = _declared_size(relay, request)
    if envelope_id is not None and not _ID.fullmatch(envelope_id):
        raise errors.InvalidRequest("envelope_id must be 32 lowercase hex digits.")
    envelope_id = envelope_id or secrets.token_hex(16)
    checked = await relay.run(check_new, relay, principal, EnvelopeCreate.model_construct(
        recipients=recipients, size=size, availability_days=availability_days))
    async with relay.lock(envelope_id):
        await relay.run(_claim, relay, principal, envelope_id)
        chunk = await relay.run(relay.blobs.new_chunk, envelope_id, None)
        try:
            await stream_into(relay, request, chunk, size)
            await relay.run(chunk.finish)
            if chunk.size != size:
                raise errors.InvalidRequest("The body is shorter than its Content-Length.")
            if chunk.sha256.digest() != principal.request.content_sha256:
                raise errors.SignatureError("The envelope does not match its signed "
                                            "Content-Digest.", "digest_mismatch", 400)
            env = await relay.run(_store, relay, principal, envelope_id, chunk, checked,
                                  availability_days)
        except BaseException:
            with anyio.CancelScope(shield=True):
                await relay.run(chunk.discard)
                await relay.run(relay.blobs.drop_upload, envelope_id)
            raise
    return committed_answer(env, checked)


def _store(relay: Relay, principal: Principal, envelope_id: str, chunk: ChunkFile,
           recipients: list[str], availability_days: int) -> Envelope:
    """Blocking. Bytes synced in place, then the committed row and proof, then the log synced."""
    now = relay.now()
    expires = now + availability_days * DAY
    sha256 = chunk.sha256.hexdigest()
    proof = sign_deposit(relay.key, envelope_id=envelope_id, sealed_sha256=sha256,
                         size=chunk.size, sender=principal.fingerprint, recipients=recipients,
                         deposited=as_datetime(now), available_until=as_datetime(expires))
    relay.blobs.append_chunk(envelope_id, 0, chunk)
    relay.blobs.finalize(envelope_id, chunk.size)
    env = Envelope(envelope_id, principal.fingerprint, COMMITTED, chunk.size, chunk.size, sha256,
                   availability_days, now, now, expires, proof.to_bytes())
    try:
        with relay.db.transaction() as tx:
            db.add_envelope(tx, env, recipients)
    except BaseException:
        relay.blobs.delete(envelope_id)
        raise
    relay.db.sync()  # the deposit proof is a promise: durable before it is handed out
    return env
