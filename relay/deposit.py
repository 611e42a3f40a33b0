"""Single-request deposit of a small envelope: create, content and commit in one signed request.

`POST /v1/envelopes/deposit?recipients=<fp>&recipients=<fp>&availability_days=N[&envelope_id=…]`
with the sealed bytes as the body (at most one chunk, 8 MiB, and a Content-Length). The query
is covered by the request signature (@query) and the body by its signed Content-Digest, which
is the SHA-256 of the whole envelope: the relay hashes each byte once and checks it against that
digest, which is also the only leaf of the envelope's content digest. All or
nothing: the same checks as the chunked path (size cap, availability,
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

import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import anyio

from relay import errors
from relay.asgi_body import read_body
from relay.auth import Principal, header_items, verify_member
from relay.context import Relay
from relay.db.envelopes import Envelope
from relay.deposit_store import Upload, check_and_claim, store
from relay.logs import log_event
from relay.query import check_query

_ID = re.compile(r"[0-9a-f]{32}")
FLUSH = 1024 * 1024  # bytes held in memory before they go to the file
MAX_QUERY_RECIPIENTS = 1000  # the query's own bound; the relay's limit is checked after
DEPOSIT_PARAMETERS = {"recipients": True, "availability_days": False, "envelope_id": False,
                      "group": False}


@dataclass(frozen=True)
class DepositQuery:
    recipients: list[str]
    availability_days: int
    envelope_id: str | None
    group: str | None = None  # a duty group's id (relay/groups.py): named by the deposit proof


def _malformed(*names: str) -> errors.RelayError:
    # The same answer FastAPI's validation gave (relay/app.py): the fields, never their values.
    fields = sorted(f"query.{n}" for n in names)
    return errors.InvalidRequest("The request is malformed: " + ", ".join(fields) + ".",
                                 fields=fields)


def parse_query(query_string: bytes) -> DepositQuery:
    """The query, checked as the OpenAPI describes it (recipients 1-1000, availability 1-30,
    envelope_id 32 characters); an unknown or repeated single parameter is refused, as on
    every route (relay/query.py)."""
    pairs = check_query(query_string, DEPOSIT_PARAMETERS)
    recipients = [v for k, v in pairs if k == "recipients"]
    singles = {k: v for k, v in pairs if k in ("availability_days", "envelope_id", "group")}
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
    group = singles.get("group")
    if group is not None and not _ID.fullmatch(group):
        bad.append("group")
    if bad:
        raise _malformed(*bad)
    return DepositQuery(recipients, days, envelope_id, group)


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
                  query: DepositQuery) -> tuple[Envelope, list[str]]:
    """Check, receive, store and commit: the envelope (with its signed deposit proof) and its
    recipients, sorted."""
    size = declared_size(relay, content_length)
    if query.envelope_id is not None and not _ID.fullmatch(query.envelope_id):
        raise errors.InvalidRequest("envelope_id must be 32 lowercase hex digits.")
    envelope_id = query.envelope_id or secrets.token_hex(16)
    async with relay.lock(envelope_id):
        upload = await relay.run(check_and_claim, relay, principal, envelope_id,
                                 query.recipients, query.availability_days, size, query.group)
        try:
            tail = await _receive(relay, receive, upload, size)
            env = await relay.run(store, relay, principal, upload, tail)
        except BaseException:
            with anyio.CancelScope(shield=True):
                await relay.run(upload.discard)
            raise
    return env, upload.recipients


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


def answer_body(env: Envelope, recipients: list[str]) -> bytes:
    """The JSON of `CommitResponse` (relay/models.py), written directly: the stored proof is
    already canonical JSON, so it goes in as it is rather than parsed, validated and dumped."""
    assert env.deposit_proof is not None
    log_event("envelope.committed", envelope=env.id, sender=env.sender, size=env.size,
              available_until=env.expires)
    view = {"envelope_id": env.id, "sender": env.sender, "recipients": recipients,
            "size": env.size, "content_digest": env.sha256, "deposited": env.committed,
            "available_until": env.expires, "delivered": None,
            "origin": None}  # a member's deposit, never an intake page's
    return b"".join((b'{"envelope":', json.dumps(view, separators=(",", ":")).encode(),
                     b',"deposit_proof":', env.deposit_proof, b"}"))


async def _answer(send: Any, body: bytes) -> None:
    await send({"type": "http.response.start", "status": 201,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body, "more_body": False})


async def serve(relay: Relay, principal: Principal, scope: dict[str, Any], receive: Any,
                send: Any) -> None:
    """The route as a bare ASGI handler for an authenticated request (`send` signs the
    answer); errors propagate to the middleware, which answers them like any other."""
    query = parse_query(scope.get("query_string") or b"")
    env, recipients = await deposit(relay, principal, receive, _header(scope, b"content-length"),
                                    query)
    await _answer(send, answer_body(env, recipients))


def at_once(content_length: str | None) -> bool:
    """Whether a deposit is small enough to be read before its signature is checked and then
    handled in a single trip to a worker thread (authentication included)."""
    return content_length is not None and content_length.isdigit() and \
        0 < int(content_length) <= FLUSH


async def serve_at_once(relay: Relay, scope: dict[str, Any], receive: Any, send: Any,
                        url: str, admit: Callable[[Principal], None]) -> None:
    """A small deposit, not yet authenticated: read the body (at most `FLUSH` bytes, as the
    middleware reads JSON bodies before checking them), then one worker-thread trip checks the
    signature, nonce and standing (`admit`: rate limit), then does all the deposit's work. The
    same checks in the same order as the general path, one thread hop instead of three."""
    try:
        query: DepositQuery | errors.RelayError = parse_query(scope.get("query_string") or b"")
    except errors.RelayError as exc:
        query = exc  # answered only once the signature is checked, as on the general path
    key = query.envelope_id if isinstance(query, DepositQuery) else None
    envelope_id = key if key is not None and _ID.fullmatch(key) else secrets.token_hex(16)
    size = _header(scope, b"content-length")
    body = await read_body(receive, int(size or 0), lambda: errors.InvalidRequest(
        "The body is longer than its Content-Length."))
    async with relay.lock(envelope_id):
        env, recipients = await relay.run_deposit(
            _at_once, relay, (scope["method"], url, header_items(scope), scope["path"]),
            admit, query, size, envelope_id, body)
    await _answer(send, answer_body(env, recipients))


def _at_once(relay: Relay, request: tuple[str, str, list[tuple[str, str]], str],
             admit: Callable[[Principal], None], query: DepositQuery | errors.RelayError,
             size: str | None, envelope_id: str, body: bytes) -> tuple[Envelope, list[str]]:
    """Blocking. Authenticate, then check, store and commit a small deposit."""
    principal = verify_member(relay, *request)
    admit(principal)
    if isinstance(query, errors.RelayError):
        raise query
    declared = declared_size(relay, size)
    if query.envelope_id is not None and not _ID.fullmatch(query.envelope_id):
        raise errors.InvalidRequest("envelope_id must be 32 lowercase hex digits.")
    upload = check_and_claim(relay, principal, envelope_id, query.recipients,
                             query.availability_days, declared, query.group)
    try:
        if len(body) != declared:
            raise errors.InvalidRequest("The body is shorter than its Content-Length.")
        return store(relay, principal, upload, body), upload.recipients
    except BaseException:
        upload.discard()
        raise
