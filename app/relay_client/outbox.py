"""The outbox: sealed files waiting for, or in, their upload to the relay.

`enqueue` seals documents of the vault for contacts (app/vault: verified recipients, no
plaintext on disk) into `<vault>/relay/outbox/<random>.scelle`, computes its content digest
(crypto/content_digest.py; kept in the outbox row's `sha256` column) and records an outbox row.
It needs no network: a message sealed offline is uploaded by the next sync that reaches the
relay. The relay receives the ciphertext, its size and content digest, and the recipients'
fingerprints; the subject, the file names and the names of the people stay in the vault.

`upload` runs one item to the deposit, and can be killed at any point. A sealed file of at most
8 MiB goes in one request (`POST /v1/envelopes/deposit`, under an envelope id derived from the
item, so a retry after a lost answer finds the deposit instead of repeating it); a larger one
in chunks:
  queued     -> POST /v1/envelopes; the envelope id is stored before any byte is sent;
  uploading  -> GET …/upload says how much the relay holds; 8 MiB chunks go from there
                (`offset_mismatch` answers with the right offset, which is followed); each
                chunk is hashed once, and the content digest derived from those digests must
                be the one recorded at sealing (else the local file was damaged);
             -> POST …/commit; the signed deposit proof is checked and kept, then the local
                sealed file is deleted (the message stays in the vault's "sent" log).
A commit whose answer was lost is found again (`not_uploading`: the proofs are fetched). An upload
the relay no longer knows (swept after 24 h, or withdrawn) starts again under a new envelope.
Refusals that no retry can cure (unknown recipient, too large, revoked) mark the item `failed`.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from app.relay_client import on_behalf, prekeys, proofs
from app.relay_client.chunks import content_digest_of, read_at, send_chunks
from app.relay_client.consultation import check_within_availability
from app.relay_client.context import HEX32, Cancel, Context, Progress, check_cancel, field_of
from app.relay_client.errors import RelayClientError, RelayRefused
from app.relay_client.state import OutboxItem, remove_file
from app.vault.message_groups import group_id_of
from crypto.content_digest import CONTENT_CHUNK, ContentHasher, from_leaves
from crypto.proofs import PROOF_VERSION
from crypto.sealed.codec import parse_time
from crypto.sealed.writer import Progress as SealProgress

CHUNK = CONTENT_CHUNK
SINGLE = CHUNK  # a sealed file this small goes in one request (POST /v1/envelopes/deposit)
DEFAULT_DAYS = 7
PERMANENT = ("unknown_recipient", "envelope_too_large", "invalid_request", "member_revoked",
             "card_expired", "body_too_large")
RESTART = ("not_found", "content_digest_mismatch", "protocol_outdated")  # under a new envelope
DAMAGED = ("The sealed file waiting in the outbox was damaged on this disk; seal the documents "
           "again.")


@dataclass(frozen=True)
class Letter:
    subject: str = ""
    message: str = ""
    reference: str = ""
    expires: datetime | None = None
    view_only: bool = False
    consult_until: datetime | None = None  # view-only only (app/relay_client/consultation.py)


def enqueue(ctx: Context, document_ids: Sequence[int], contact_ids: Sequence[int],
            letter: Letter = Letter(), *, availability_days: int = DEFAULT_DAYS,
            allow_unverified: bool = False, classic: bool = False,
            progress: SealProgress | None = None, cancel: Cancel | None = None,
            on_behalf_of: str | None = None) -> OutboxItem:
    """Seal into the outbox (offline is fine); the next sync uploads it. `on_behalf_of`: a
    principal's fingerprint, under a delegation in force (on_behalf.py, needs the relay)."""
    if not 1 <= availability_days <= 30:
        raise RelayClientError("The availability on the relay is 1 to 30 days.")
    check_within_availability(letter.consult_until, availability_days, ctx.now_datetime())
    state = ctx.state
    state.require_account()
    spool = secrets.token_hex(16) + ".scelle"
    path = state.spool_dir("outbox") / spool
    # Forward secrecy: each recipient's current prekey where it has one (prekeys.py).
    choice = prekeys.choose_for(ctx, contact_ids, allow_unverified=allow_unverified,
                                classic=classic)
    extra = on_behalf.prepare(ctx, contact_ids, on_behalf_of)  # delegations (docs §8)
    if extra:
        sealed = on_behalf.seal(ctx, document_ids, contact_ids, path, letter, extra,
                                prekeys=choice.prekeys, classic=classic,
                                allow_unverified=allow_unverified, progress=progress,
                                cancel=cancel)
    else:
        sealed = ctx.session.seal_documents(
            document_ids, contact_ids, path, subject=letter.subject, message=letter.message,
            reference=letter.reference, expires=letter.expires, view_only=letter.view_only,
            consult_until=letter.consult_until, classic=classic,
            allow_unverified=allow_unverified, progress=progress, cancel=cancel,
            prekeys=choice.prekeys, now=ctx.now_datetime())
    try:
        digest = file_content_digest(path)
        own = ctx.session.identity.card.fingerprint_hex
        recipients = [r for r in sealed.recipients if r != own]
        with ctx.session.store.db.transaction():
            item = state.add_outbox(sealed.record_id, spool, sealed.size, digest, recipients,
                                    availability_days)
            prekeys.record(ctx, item, choice)
        return item
    except BaseException:
        remove_file(path)
        raise


def file_content_digest(path: os.PathLike[str] | str) -> str:
    return _file_digest(path, ContentHasher())


def _file_digest(path: os.PathLike[str] | str, digest: Any) -> str:
    buffer = bytearray(1024 * 1024)
    view = memoryview(buffer)
    with open(path, "rb", buffering=0) as src:
        while n := src.readinto(buffer):
            digest.update(view[:n])
    return digest.hexdigest()


def upload(ctx: Context, item: OutboxItem, progress: Progress | None = None,
           cancel: Cancel | None = None) -> OutboxItem:
    """Take one item as far as the deposit; a retryable failure leaves it to resume later."""
    state = ctx.state
    try:
        prekeys.require_usable(ctx, item)
        item = state.update_outbox(item.id, attempts=item.attempts + 1)
        for _ in range(3):  # a vanished upload restarts under a new envelope, a few times
            try:
                return _upload_once(ctx, item, progress, cancel)
            except RelayRefused as exc:
                if exc.code not in RESTART:
                    raise
                if exc.code == "content_digest_mismatch" and file_content_digest(
                        state.outbox_path(item)) != item.sha256:
                    raise RelayClientError(DAMAGED) from None
                item = state.update_outbox(item.id, envelope_id=None, state="queued")
        raise RelayClientError("The relay keeps discarding this upload; it will be tried "
                               "again at the next sync.")
    except RelayClientError as exc:
        failed = isinstance(exc, RelayRefused) and exc.code in PERMANENT
        state.update_outbox(item.id, last_error=str(exc),
                            **({"state": "failed"} if failed else {}))
        raise


def _upload_once(ctx: Context, item: OutboxItem, progress: Progress | None,
                 cancel: Cancel | None) -> OutboxItem:
    transport = ctx.transport()
    if item.envelope_id is None and item.size <= min(SINGLE, transport.max_chunk_size()):
        return _deposit_single(ctx, item, progress, cancel)
    if item.envelope_id is None:
        group = group_id_of(ctx.session.store.db, item.message_record)
        status = transport.call("POST", "/v1/envelopes", json_body={
            "recipients": list(item.recipients), "size": item.size,
            "availability_days": item.availability_days, **({"group": group} if group else {})})
        envelope_id = field_of(status, "envelope_id", str, HEX32)
        item = ctx.state.update_outbox(item.id, envelope_id=envelope_id, state="uploading")
    else:
        try:
            status = transport.call("GET", f"/v1/envelopes/{item.envelope_id}/upload")
        except RelayRefused as exc:
            if exc.code == "not_uploading":  # committed, but the answer was lost
                return _deposited(ctx, item, None)
            raise
    received = field_of(status, "received", int)
    if field_of(status, "max_chunk_size", int) < CHUNK:
        raise RelayClientError(f"This relay takes chunks of less than {CHUNK} bytes; the "
                               "protocol needs 8 MiB chunks.")
    item = _send_chunks(ctx, item, received, progress, cancel)
    check_cancel(cancel)
    committed = transport.call("POST", f"/v1/envelopes/{item.envelope_id}/commit",
                               json_body={"content_digest": item.sha256})
    return _deposited(ctx, item, committed)



def _deposit_single(ctx: Context, item: OutboxItem, progress: Progress | None,
                    cancel: Cancel | None) -> OutboxItem:
    """A sealed file that fits one chunk: create, content and commit in one signed request.

    The envelope id is derived from the item (`_single_id`), so a retry after a lost answer
    names the same envelope and the relay answers `not_uploading` instead of storing it twice;
    nothing is recorded locally until the relay has answered."""
    with open(ctx.state.outbox_path(item), "rb") as src:
        data = read_at(src, 0, item.size)
    leaf = hashlib.sha256(data).digest()  # the body's Content-Digest and the only leaf
    item = _checked(ctx, item, from_leaves([leaf], item.size).hex(), lambda: leaf.hex())
    check_cancel(cancel)
    envelope_id = _single_id(ctx, item)
    query = urlencode([*(("recipients", r) for r in item.recipients),
                       ("availability_days", str(item.availability_days)),
                       ("envelope_id", envelope_id),
                       *_group_param(ctx, item)])
    try:
        committed = ctx.transport().call(
            "POST", "/v1/envelopes/deposit?" + query, body=data,
            headers=[("Content-Type", "application/octet-stream")], body_sha256=leaf)
    except RelayRefused as exc:
        if exc.code == "not_uploading":  # deposited, but the answer was lost
            item = ctx.state.update_outbox(item.id, envelope_id=envelope_id)
            return _deposited(ctx, item, None)
        raise
    if progress is not None:
        progress(item.size, item.size)
    item = ctx.state.update_outbox(item.id, envelope_id=envelope_id)
    return _deposited(ctx, item, committed)


def _single_id(ctx: Context, item: OutboxItem) -> str:
    """The same 128-bit id at every attempt for this item (no one else knows the sealed file's
    SHA-256 before it is deposited, so no one else can take the id first)."""
    seed = "\0".join(("scelle/v1 single deposit", ctx.session.identity.card.fingerprint_hex,
                      item.sha256, str(item.id)))
    return hashlib.sha256(seed.encode()).hexdigest()[:32]


def _send_chunks(ctx: Context, item: OutboxItem, received: int, progress: Progress | None,
                 cancel: Cancel | None) -> OutboxItem:
    """Send the chunks; the content digest derived from their digests must be the recorded
    one (the file is not hashed again for it)."""
    assert item.envelope_id is not None
    path = ctx.state.outbox_path(item)
    with open(path, "rb") as src:
        # The next chunk is read and hashed while the current one is in flight.
        leaves = send_chunks(ctx.transport(), item.envelope_id, src, received, item.size,
                             progress, cancel)
        derived = content_digest_of(src, item.size, leaves)
    return _checked(ctx, item, derived, lambda: _file_digest(path, hashlib.sha256()))


def _checked(ctx: Context, item: OutboxItem, derived: str,
             plain_sha256: Callable[[], str]) -> OutboxItem:
    """`derived`, the content digest of the bytes just read, must be the recorded one. An item
    sealed before relay protocol 2 recorded its file's plain SHA-256 instead: if the file still
    has it, the record takes the content digest (the only second pass, once per such item)."""
    if derived == item.sha256:
        return item
    if plain_sha256() != item.sha256:
        raise RelayClientError(DAMAGED)
    return ctx.state.update_outbox(item.id, sha256=derived)


def _deposited(ctx: Context, item: OutboxItem, committed: Any) -> OutboxItem:
    """Check and keep the deposit proof, then drop the local sealed file."""
    assert item.envelope_id is not None
    if committed is None:
        committed = {"deposit_proof": ctx.transport().call(
            "GET", f"/v1/envelopes/{item.envelope_id}/proofs").get("deposit")}
    deposit = proofs.load(committed.get("deposit_proof") if isinstance(committed, dict)
                          else None)
    if deposit.version != PROOF_VERSION:
        raise RelayClientError("This relay uses protocol 1 (a plain SHA-256 per envelope); it "
                               "must be updated before it can carry this message.")
    proofs.check_relay_proof(deposit, ctx.relay_keys(),
                             expected(ctx, item))
    state = ctx.state
    state.add_proof(item.envelope_id, "sent", deposit)
    statement = deposit.statement
    item = state.update_outbox(
        item.id, state="deposited", last_error=None,
        deposited=int(parse_time(statement["deposited"]).timestamp()),
        available_until=int(parse_time(statement["available_until"]).timestamp()))
    remove_file(state.outbox_path(item))
    return item


def _group_param(ctx: Context, item: OutboxItem) -> list[tuple[str, str]]:
    """A message to a duty group names it at the deposit (app/relay_client/group_send.py)."""
    group = group_id_of(ctx.session.store.db, item.message_record)
    return [("group", group)] if group else []


def expected(ctx: Context, item: OutboxItem) -> proofs.Expected:
    assert item.envelope_id is not None
    return proofs.Expected(item.envelope_id, item.sha256, item.size,
                           ctx.session.identity.card.fingerprint_hex, item.recipients,
                           group_id_of(ctx.session.store.db, item.message_record))


def withdraw(ctx: Context, item: OutboxItem) -> OutboxItem:
    """Delete the envelope from the relay (or abandon the upload) and drop the local copy."""
    if item.envelope_id is not None and item.state in ("uploading", "deposited"):
        try:
            ctx.transport().call("DELETE", f"/v1/envelopes/{item.envelope_id}")
        except RelayRefused as exc:
            if exc.code != "not_found":
                raise
    remove_file(ctx.state.outbox_path(item))
    return ctx.state.update_outbox(item.id, state="withdrawn")
