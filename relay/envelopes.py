"""Envelope lifecycle: create (upload starts), status, commit (with deposit proof), list, view,
withdraw. Chunk transfer lives in relay/transfer.py, receipts and proofs in relay/receipts.py.

Visibility rules, enforced here and nowhere else:
  * an upload in progress exists only for its sender;
  * a committed, unexpired envelope exists for its sender and its addressed recipients;
  * for anyone else every envelope id is `not_found`, exactly like an id that never existed.
"""

from __future__ import annotations

import json
import re
import secrets

from crypto.content_digest import from_leaves
from crypto.proofs import LEGACY_VERSION, sign_deposit
from relay import errors, evidence, intake_origin, timestamping
from relay.auth import Principal
from relay.clock import as_datetime
from relay.context import Relay
from relay.db import envelopes as db
from relay.db import groups as group_rows
from relay.db.proof_archive import DEPOSIT
from relay.db.envelopes import COMMITTED, UPLOADING, Envelope
from relay.groups import check_deposit_group
from relay.logs import log_event
from relay.membership import visible
from relay.models import CommitResponse, EnvelopeCreate, EnvelopeView, UploadStatus

DAY = 86400
_ID = re.compile(r"[0-9a-f]{32}")
_FP = re.compile(r"[0-9a-f]{64}")


def not_found() -> errors.RelayError:
    return errors.NotFound("No such envelope.")


def _load(relay: Relay, envelope_id: str) -> tuple[Envelope, list[str]]:
    if not _ID.fullmatch(envelope_id):
        raise not_found()
    with relay.db.transaction() as tx:
        env = db.envelope(tx, envelope_id)
        recipients = [a.recipient for a in db.addressees(tx, envelope_id)] if env else []
    if env is None or env.expires <= relay.now():
        raise not_found()
    return env, recipients


def upload_of(relay: Relay, principal: Principal, envelope_id: str) -> Envelope:
    """Blocking. The principal's own upload in progress, or not_found / not_uploading."""
    env, _ = _load(relay, envelope_id)
    if env.sender != principal.fingerprint:
        raise not_found()
    if env.state != UPLOADING:
        raise errors.NotUploading("This envelope is already committed.")
    return env


def readable(relay: Relay, principal: Principal, envelope_id: str) -> tuple[Envelope, list[str]]:
    """Blocking. A committed envelope the principal sent or is addressed, or not_found."""
    env, recipients = _load(relay, envelope_id)
    me = principal.fingerprint
    if env.state != COMMITTED or (me != env.sender and me not in recipients):
        raise not_found()
    return env, recipients


def legacy(env: Envelope) -> bool:
    """Committed under relay protocol 1: its stored digest is a plain SHA-256 (the `sha256`
    column holds the content digest since protocol 2), which its version 1 deposit proof
    says. Such an envelope is listed but not served (docs/relay.md, "Protocol versions")."""
    return env.deposit_proof is not None and \
        json.loads(env.deposit_proof).get("version") == LEGACY_VERSION


def view(env: Envelope, recipients: list[str] | None, delivered: bool | None = None
         ) -> EnvelopeView:
    assert env.sha256 is not None and env.committed is not None
    origin = intake_origin.origin(env)  # deposited at an intake page: no sender
    return EnvelopeView(envelope_id=env.id, sender=None if origin else env.sender,
                        recipients=recipients, size=env.size, content_digest=env.sha256,
                        deposited=env.committed, available_until=env.expires,
                        delivered=delivered, origin=origin)


def status(relay: Relay, env: Envelope) -> UploadStatus:
    return UploadStatus(envelope_id=env.id, size=env.size, received=env.received,
                        max_chunk_size=relay.limits.max_chunk_size, upload_expires=env.expires)


def _check_recipients(relay: Relay, principal: Principal, recipients: list[str]) -> list[str]:
    limits = relay.limits
    if len(recipients) > limits.max_recipients:
        raise errors.InvalidRequest(f"An envelope has at most {limits.max_recipients} recipients.")
    if len(set(recipients)) != len(recipients) or not all(_FP.fullmatch(r) for r in recipients):
        raise errors.InvalidRequest("Recipients must be distinct fingerprints (64 hex digits).")
    known = {m.fingerprint for m in visible(relay, principal)}
    for fingerprint in recipients:
        if fingerprint not in known:
            # The same answer whether the fingerprint exists elsewhere or nowhere.
            raise errors.UnknownRecipient("A recipient is not in your directory.",
                                          recipient=fingerprint)
    return sorted(recipients)


def check_new(relay: Relay, principal: Principal, request: EnvelopeCreate) -> list[str]:
    """Blocking. The checks every new envelope passes (size cap, availability, recipients);
    returns the recipients, sorted."""
    limits = relay.limits
    if request.size > limits.max_envelope_size:
        raise errors.EnvelopeTooLarge(
            f"This relay accepts envelopes of at most {limits.max_envelope_size} bytes.")
    if not limits.min_availability_days <= request.availability_days <= \
            limits.max_availability_days:
        raise errors.InvalidRequest("availability_days must be between "
                                    f"{limits.min_availability_days} and "
                                    f"{limits.max_availability_days}.")
    return _check_recipients(relay, principal, request.recipients)


def create(relay: Relay, principal: Principal, request: EnvelopeCreate) -> UploadStatus:
    """Blocking. Start an upload; nothing is visible to recipients until commit."""
    limits = relay.limits
    recipients = check_new(relay, principal, request)
    now = relay.now()
    env = Envelope(secrets.token_hex(16), principal.fingerprint, UPLOADING, request.size, 0,
                   None, request.availability_days, now, None, now + limits.upload_ttl, None)
    relay.blobs.start_upload(env.id)  # before the row: an orphan folder is swept, a row
    with relay.db.transaction() as tx:  # pointing at no folder would not be
        if request.group is not None:
            check_deposit_group(tx, principal, request.group, recipients)
        db.add_envelope(tx, env, recipients)
        if request.group is not None:
            group_rows.set_envelope_group(tx, env.id, request.group)
    log_event("envelope.created", envelope=env.id, sender=env.sender, size=env.size,
              recipients=len(recipients))
    return status(relay, env)


def discard(relay: Relay, envelope_id: str) -> None:
    """Blocking. Remove an envelope completely: bytes first, then metadata."""
    relay.blobs.delete(envelope_id)
    with relay.db.transaction() as tx:
        evidence.retain(tx, relay, envelope_id)  # its proofs outlive it (issue 17)
        db.delete(tx, envelope_id)


async def commit(relay: Relay, principal: Principal, envelope_id: str,
                 content_digest: str | None) -> CommitResponse:
    """The value is derived from the chunks' kept leaves (no second pass over the bytes) and
    must equal the client's; a mismatch, or leaves that no longer match the bytes, discards
    the upload."""
    if content_digest is None:
        raise errors.ProtocolOutdated("This relay needs the envelope's content digest (relay "
                                      "protocol 2), not its SHA-256; update Scellé.")
    async with relay.upload_lock(envelope_id):
        env = await relay.run(upload_of, relay, principal, envelope_id)
        if env.received != env.size:
            raise errors.UploadIncomplete("The upload is not complete.", received=env.received,
                                          size=env.size)
        try:
            leaves = await relay.run(relay.blobs.checked_leaves, envelope_id, env.size)
            derived = from_leaves(leaves, env.size).hex()
        except ValueError:
            derived = None
        if derived != content_digest:
            await relay.run(discard, relay, envelope_id)
            log_event("envelope.rejected", envelope=envelope_id,
                      reason="content_digest_mismatch")
            raise errors.ContentDigestMismatch("The uploaded bytes do not have the announced "
                                               "content digest; the upload was discarded.")
        return await relay.run(_commit, relay, env, content_digest)


def _commit(relay: Relay, env: Envelope, digest: str) -> CommitResponse:
    now = relay.now()
    expires = now + env.availability_days * DAY
    with relay.db.transaction() as tx:
        recipients = [a.recipient for a in db.addressees(tx, env.id)]
        group = group_rows.envelope_group(tx, env.id)
    proof = sign_deposit(relay.key, envelope_id=env.id, content_digest=digest, size=env.size,
                         sender=env.sender, recipients=recipients, deposited=as_datetime(now),
                         available_until=as_datetime(expires), group=group,
                         retention_days=relay.config.proof_retention_days)
    relay.blobs.finalize(env.id, env.size)
    with relay.db.transaction() as tx:
        done = db.commit(tx, env.id, digest, now, expires, proof.to_bytes())
        if done:
            evidence.keep(tx, relay, env.id, DEPOSIT, env.sender, proof.to_bytes())
    relay.db.sync()  # the deposit proof is a promise: durable before it is handed out
    if not done:  # withdrawn or swept meanwhile: leave nothing behind
        discard(relay, env.id)
        raise not_found()
    timestamping.stamp_new(relay, env.id, DEPOSIT, env.sender)  # bounded; else pending
    committed = Envelope(env.id, env.sender, COMMITTED, env.size, env.size, digest,
                         env.availability_days, env.created, now, expires, proof.to_bytes())
    return committed_answer(committed, recipients)


def committed_answer(env: Envelope, recipients: list[str]) -> CommitResponse:
    log_event("envelope.committed", envelope=env.id, sender=env.sender, size=env.size,
              available_until=env.expires)
    assert env.deposit_proof is not None
    return CommitResponse(envelope=view(env, recipients),
                          deposit_proof=json.loads(env.deposit_proof))


def listing(relay: Relay, principal: Principal, box: str) -> list[EnvelopeView]:
    now = relay.now()
    with relay.db.transaction() as tx:
        if box == "sent":
            return [view(e, [a.recipient for a in db.addressees(tx, e.id)])
                    for e in db.sent(tx, principal.fingerprint, now) if e.state == COMMITTED]
        return [view(e, None, a.delivered is not None)
                for e, a in db.inbox(tx, principal.fingerprint, now)]


def show(relay: Relay, principal: Principal, envelope_id: str) -> EnvelopeView:
    env, recipients = readable(relay, principal, envelope_id)
    if principal.fingerprint == env.sender:
        return view(env, recipients)
    with relay.db.transaction() as tx:
        mine = db.addressee(tx, env.id, principal.fingerprint)
    return view(env, None, mine is not None and mine.delivered is not None)


async def withdraw(relay: Relay, principal: Principal, envelope_id: str) -> None:
    """The sender deletes an upload in progress or a committed envelope, bytes and metadata."""
    async with relay.upload_lock(envelope_id):
        env, _ = await relay.run(_load, relay, envelope_id)
        if env.sender != principal.fingerprint:
            raise not_found()
        await relay.run(discard, relay, envelope_id)
    log_event("envelope.withdrawn", envelope=envelope_id)
