"""Single-request deposit of a small envelope: create, content and commit in one signed request.

`POST /v1/envelopes/deposit?recipients=<fp>&recipients=<fp>&availability_days=N[&envelope_id=…]`
with the sealed bytes as the body (at most one chunk, 8 MiB, and a Content-Length). The query
is covered by the request signature (@query) and the body by its signed Content-Digest, which
is the SHA-256 of the whole envelope: the relay hashes each byte once and checks it against that
digest. All or nothing: the same checks as the chunked path (size cap, availability,
recipients in the sender's directory, digest), then the bytes are synced in place, the
committed row and the signed deposit proof are written in one transaction and the log synced
before the proof is answered. A failure at any point leaves nothing visible.

`envelope_id` (32 hex, chosen at random by the client and kept before sending) makes a retry
safe: a second deposit with the id of the sender's committed envelope answers `not_uploading`
(fetch its proofs), any other existing id `envelope_exists`.

This is the relay's busiest route, so it is served lean: `RelayMiddleware` calls `serve` right
after authentication, without FastAPI's routing, dependency injection and validation (the
FastAPI route in relay/routes/envelopes.py stays for the OpenAPI description and answers the
same way). The bytes go straight to the envelope's final file (created exclusively, which also
claims the id), and the blocking work takes two trips to a worker thread: checks and claim,
then hash, sync, proof and row.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import anyio

from crypto.proofs import sign_deposit
from relay import errors
from relay.auth import Principal
from relay.clock import as_datetime
from relay.context import Relay
from relay.db import directory
from relay.db.base import Tx
from relay.db import envelopes as db
from relay.db.envelopes import COMMITTED, Envelope
from relay.envelopes import DAY, committed_answer
from relay.models import CommitResponse

_ID = re.compile(r"[0-9a-f]{32}")
FLUSH = 1024 * 1024  # bytes held in memory before they go to the file
MAX_QUERY_RECIPIENTS = 1000  # the query's own bound; the relay's limit is checked after


@dataclass(frozen=True)
class DepositQuery:
    recipients: list[str]
    availability_days: int
    envelope_id: str | None


def _malformed(*names: str) -> errors.RelayError:
    # The same answer FastAPI's validation gave (relay/app.py): the fields, never their values.
    fields = sorted(f"query.{n}" for n in names)
    return errors.InvalidRequest("The request is malformed: " + ", ".join(fields) + ".",
                                 fields=fields)


def parse_query(query_string: bytes) -> DepositQuery:
    """The query, checked as the OpenAPI describes it (recipients 1-1000, availability 1-30,
    envelope_id 32 characters); a repeated single parameter: the last one counts."""
    try:
        pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    except ValueError:
        raise _malformed("recipients") from None
    recipients = [v for k, v in pairs if k == "recipients"]
    singles = {k: v for k, v in pairs if k in ("availability_days", "envelope_id")}
    bad = []
    if not 1 <= len(recipients) <= MAX_QUERY_RECIPIENTS:
        bad.append("recipients")
    days_text = singles.get("availability_days", "").strip()
    days = int(days_text) if re.fullmatch(r"[+-]?[0-9]{1,9}", days_text) else 0
    if not 1 <= days <= 30:
        bad.append("availability_days")
    envelope_id = singles.get("envelope_id")
    if envelope_id is not None and len(envelope_id) != 32:
        bad.append("envelope_id")
    if bad:
        raise _malformed(*bad)
    return DepositQuery(recipients, days, envelope_id)


def declared_size(relay: Relay, content_length: str | None) -> int:
    if content_length is None or not content_length.isdigit():
        raise errors.InvalidRequest("A deposit needs a Content-Length.")
    size = int(content_length)
    if size == 0:
        raise errors.InvalidRequest("An envelope cannot be empty.")
    if size > relay.limits.max_envelope_size:
        raise errors.EnvelopeTooLarge(f"This relay accepts envelopes of at most "
                                      f"{relay.limits.max_envelope_size} bytes.")
    return size


async def deposit(relay: Relay, principal: Principal, receive: Any, content_length: str | None,
                  query: DepositQuery) -> CommitResponse:
    """Check, receive, store and commit; the answer carries the signed deposit proof."""
    size = declared_size(relay, content_length)
    if query.envelope_id is not None and not _ID.fullmatch(query.envelope_id):
        raise errors.InvalidRequest("envelope_id must be 32 lowercase hex digits.")
    envelope_id = query.envelope_id or secrets.token_hex(16)
    async with relay.lock(envelope_id):
        upload = await relay.run(check_and_claim, relay, principal, envelope_id,
                                 query.recipients, query.availability_days, size)
        try:
            tail = await _receive(relay, receive, upload, size)
            env = await relay.run(store, relay, principal, upload, tail)
        except BaseException:
            with anyio.CancelScope(shield=True):
                await relay.run(upload.discard)
            raise
    return committed_answer(env, upload.recipients)


async def _receive(relay: Relay, receive: Any, upload: Upload, size: int) -> bytes:
    """Read the body; write it out in pieces of `FLUSH` bytes (memory stays flat); return the
    last piece, which `store` writes with the rest of the blocking work."""
    pending: list[bytes] = []
    pending_size = total = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise errors.InvalidRequest("The client went away before the end of the body.")
        piece = message.get("body", b"")
        total += len(piece)
        if total > size:
            raise errors.InvalidRequest("The body is longer than its Content-Length.")
        if piece:
            pending.append(piece)
            pending_size += len(piece)
        if pending_size >= FLUSH:
            await relay.run(upload.write, b"".join(pending))
            pending, pending_size = [], 0
        if not message.get("more_body", False):
            break
    if total != size:
        raise errors.InvalidRequest("The body is shorter than its Content-Length.")
    return b"".join(pending)


def _header(scope: dict[str, Any], name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key.lower() == name:
            return value.decode("latin-1")
    return None


async def serve(relay: Relay, principal: Principal, scope: dict[str, Any], receive: Any,
                send: Any) -> None:
    """The route as a bare ASGI handler (`send` signs the answer); errors propagate to the
    middleware, which answers them like any other."""
    query = parse_query(scope.get("query_string") or b"")
    answer = await deposit(relay, principal, receive, _header(scope, b"content-length"), query)
    body = json.dumps(answer.model_dump(mode="json"), ensure_ascii=False,
                      separators=(",", ":")).encode()
    await send({"type": "http.response.start", "status": 201,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body, "more_body": False})


# --- Blocking work, in worker threads -------------------------------------------------------

_FP = re.compile(r"[0-9a-f]{64}")


class Upload:
    """The envelope's final file, created exclusively (which claims the id), hashed as written.

    Until its row is committed no one can see it; if the relay dies first, the sweeper removes
    it as an orphan (a file no row claims, older than its grace period)."""

    def __init__(self, path: os.PathLike[str], envelope_id: str, recipients: list[str],
                 availability_days: int) -> None:
        self.path = path
        self.envelope_id = envelope_id
        self.recipients = recipients
        self.availability_days = availability_days
        self.sha256 = hashlib.sha256()
        self.size = 0
        self.committed = False  # once its row is committed, the file is the envelope's
        self._fd: int | None = _create(path)

    def write(self, data: bytes) -> None:
        assert self._fd is not None
        self.sha256.update(data)  # hashlib releases the interpreter lock for large inputs
        view = memoryview(data)
        while view:
            view = view[os.write(self._fd, view):]
        self.size += len(data)

    def sync(self) -> None:
        """The bytes, then the folder entry naming them, on disk."""
        assert self._fd is not None
        os.fsync(self._fd)
        os.close(self._fd)
        self._fd = None
        folder = os.open(os.path.dirname(self.path), os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)

    def discard(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self.committed:
            return
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass


def _create(path: os.PathLike[str]) -> int:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    try:
        return os.open(path, flags, 0o600)
    except FileNotFoundError:  # first envelope in this shard folder
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        return os.open(path, flags, 0o600)


def _check_recipients(relay: Relay, tx: Tx, principal: Principal,
                      recipients: list[str]) -> list[str]:
    """The checks of the chunked path (relay/envelopes.py), reading only the named members."""
    limits = relay.limits
    if len(recipients) > limits.max_recipients:
        raise errors.InvalidRequest(f"An envelope has at most {limits.max_recipients} recipients.")
    if len(set(recipients)) != len(recipients) or not all(_FP.fullmatch(r) for r in recipients):
        raise errors.InvalidRequest("Recipients must be distinct fingerprints (64 hex digits).")
    orgs = directory.partition(tx, principal.member.org_id)
    known = directory.visible_among(tx, orgs, relay.now(), recipients)
    for fingerprint in recipients:
        if fingerprint not in known:
            # The same answer whether the fingerprint exists elsewhere or nowhere.
            raise errors.UnknownRecipient("A recipient is not in your directory.",
                                          recipient=fingerprint)
    return sorted(recipients)


def check_and_claim(relay: Relay, principal: Principal, envelope_id: str, recipients: list[str],
                    availability_days: int, size: int) -> Upload:
    """Blocking. Size, availability, recipients, a free id; then create the envelope's file."""
    limits = relay.limits
    if size > limits.max_envelope_size:
        raise errors.EnvelopeTooLarge(
            f"This relay accepts envelopes of at most {limits.max_envelope_size} bytes.")
    if not limits.min_availability_days <= availability_days <= limits.max_availability_days:
        raise errors.InvalidRequest("availability_days must be between "
                                    f"{limits.min_availability_days} and "
                                    f"{limits.max_availability_days}.")
    with relay.db.transaction() as tx:
        checked = _check_recipients(relay, tx, principal, recipients)
        _refuse_taken(db.envelope(tx, envelope_id), principal)
    if relay.blobs.upload_dir(envelope_id).exists():  # a chunked upload about to own this id
        raise errors.EnvelopeExists("This envelope id is taken; choose another.")
    try:
        return Upload(relay.blobs.envelope_path(envelope_id), envelope_id, checked,
                      availability_days)
    except FileExistsError:
        raise errors.EnvelopeExists("This envelope id is taken; choose another.") from None


def _refuse_taken(existing: Envelope | None, principal: Principal) -> None:
    if existing is None:
        return
    if existing.sender == principal.fingerprint and existing.state == COMMITTED:
        raise errors.NotUploading("This envelope is already committed.")
    raise errors.EnvelopeExists("This envelope id is taken; choose another.")


def store(relay: Relay, principal: Principal, upload: Upload, tail: bytes) -> Envelope:
    """Blocking. Bytes checked and synced, then the committed row and proof, then the log
    synced: the deposit proof is a promise, durable before it is handed out."""
    if tail:
        upload.write(tail)
    if upload.sha256.digest() != principal.request.content_sha256:
        raise errors.SignatureError("The envelope does not match its signed Content-Digest.",
                                    "digest_mismatch", 400)
    upload.sync()
    now = relay.now()
    expires = now + upload.availability_days * DAY
    sha256 = upload.sha256.hexdigest()
    proof = sign_deposit(relay.key, envelope_id=upload.envelope_id, sealed_sha256=sha256,
                         size=upload.size, sender=principal.fingerprint,
                         recipients=upload.recipients, deposited=as_datetime(now),
                         available_until=as_datetime(expires))
    env = Envelope(upload.envelope_id, principal.fingerprint, COMMITTED, upload.size,
                   upload.size, sha256, upload.availability_days, now, now, expires,
                   proof.to_bytes())
    with relay.db.transaction() as tx:
        _refuse_taken(db.envelope(tx, env.id), principal)  # a chunked create raced us
        db.add_envelope(tx, env, upload.recipients)
    upload.committed = True
    relay.db.sync()
    return env
