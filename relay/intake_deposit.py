"""A request deposited at an intake page: streamed to disk, all or nothing (docs/relay.md
"Intake").

Before a byte of the body is read: the intake point is published and current, the page
encrypted for its current version, the address's deposit bucket has room, the length is
announced and within the limit, and the proof of work is fresh and solved. The body then goes
straight to the envelope's final file (created exclusively, which claims its random id),
hashed as it arrives; it is never whole in memory. A body cut short, longer than announced, not
an age file, or a document changed meanwhile leaves no bytes and no row. Otherwise one
transaction writes the envelope (addressed to every recipient of the document), the deposit
row and the archived proof, and the log is synced before the proof is handed out.

What is kept: the ciphertext, its size and time, the intake point, the receipt code and the
reply lookup hash. Never the address, which this module is not even given.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from anyio import CancelScope

from crypto.content_digest import ContentHasher
from crypto.intake_document import IntakeDocument
from crypto.proofs import sign_intake_deposit
from relay import errors, evidence, intake_errors, intake_origin, intake_pow, intake_publish, \
    timestamping
from relay.blobs import EnvelopeWriter
from relay.clock import as_datetime
from relay.context import Relay
from relay.db import envelopes as db
from relay.db import housekeeping
from relay.db import intake as rows
from relay.db.base import Tx
from relay.db.envelopes import COMMITTED, Envelope
from relay.db.proof_archive import DEPOSIT
from relay.envelopes import DAY
from relay.intake_body import stream_into
from relay.logs import log_event

AVAILABILITY_DAYS = 30
_LOOKUP = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class DepositQuery:
    version: int
    challenge: str
    nonce: str
    reply_lookup: str | None


@dataclass(frozen=True)
class Admitted:
    org_id: str
    document: IntakeDocument
    length: int
    reply_lookup: str | None


def admit(relay: Relay, name: str, query: DepositQuery, length: int | None,
          wait: float | None) -> Admitted:
    """Blocking. Every check made before the body is read, in the documented order; `wait` is
    the address's deposit bucket's answer (taken by the caller, who alone knows the address)."""
    point, signed = intake_publish.published(relay, name)
    document = signed.document
    if query.version != document.version:
        raise intake_errors.IntakeOutdated("This intake point's document has changed since the "
                                           "page was loaded; reload the page.")
    if wait is not None:
        raise errors.RateLimited("Too many deposits; try again later.",
                                 retry_after=max(1, int(wait + 0.999)))
    if query.reply_lookup is not None and not _LOOKUP.fullmatch(query.reply_lookup):
        raise errors.InvalidRequest("reply_lookup must be 64 lowercase hexadecimal digits.",
                                    fields=["query.reply_lookup"])
    if length is None:
        raise intake_errors.LengthRequired("A deposit needs a Content-Length.")
    limit = intake_publish.max_request_bytes(document)
    if length > limit:
        raise errors.BodyTooLarge(f"This intake point accepts deposits of at most {limit} "
                                  "bytes.")
    intake_pow.check(relay, name, query.challenge, query.nonce)
    return Admitted(point.org_id, document, length, query.reply_lookup)


class _Body:
    """The envelope's file and the hash of what went in, fed from a worker thread."""

    def __init__(self, relay: Relay, envelope_id: str, writer: EnvelopeWriter) -> None:
        self.relay = relay
        self.envelope_id = envelope_id
        self.writer = writer
        self.hasher = ContentHasher()
        self.committed = False

    def write(self, data: bytes) -> None:
        self.hasher.update(data)
        self.writer.write(data)

    def discard(self) -> None:
        if not self.committed:
            self.writer.discard()  # still open: closed and removed
            self.relay.blobs.delete(self.envelope_id)  # already complete: removed


async def receive(relay: Relay, name: str, admitted: Admitted,
                  stream: AsyncIterator[bytes]) -> dict[str, Any]:
    """Stream the body into a new envelope and commit it; on any failure (a refusal, a cut
    connection, a cancellation) the file is removed before the error goes on."""
    envelope_id = secrets.token_hex(16)
    body = _Body(relay, envelope_id, await relay.run(relay.blobs.new_envelope, envelope_id))
    try:
        await stream_into(relay, body.write, admitted.length, stream)
        return await relay.run(_store, relay, name, admitted, envelope_id, body)
    except BaseException:
        with CancelScope(shield=True):
            await relay.run(body.discard)
        raise


def receipt_code() -> str:
    """80 random bits, base32, as XXXX-XXXX-XXXX-XXXX: read over the phone if need be."""
    text = base64.b32encode(secrets.token_bytes(10)).decode("ascii")
    return "-".join(text[i:i + 4] for i in range(0, 16, 4))


def _store(relay: Relay, name: str, admitted: Admitted, envelope_id: str,
           body: _Body) -> dict[str, Any]:
    """Blocking. The bytes durable, then the rows and the proof in one transaction."""
    body.writer.complete()
    now = relay.now()
    expires = now + AVAILABILITY_DAYS * DAY
    document = admitted.document
    code = receipt_code()
    digest, size = body.hasher.hexdigest(), body.hasher.size
    recipients = list(document.fingerprints())
    proof = sign_intake_deposit(
        relay.key, envelope_id=envelope_id, content_digest=digest, size=size, intake=name,
        intake_version=document.version, receipt_code=code, recipients=recipients,
        deposited=as_datetime(now), available_until=as_datetime(expires),
        retention_days=relay.config.proof_retention_days)
    sender = intake_origin.sender_of(name)
    env = Envelope(envelope_id, sender, COMMITTED, size, size, digest, AVAILABILITY_DAYS, now,
                   now, expires, proof.to_bytes())
    with relay.db.transaction() as tx:
        _still_current(relay, tx, name, document)
        db.add_envelope(tx, env, recipients)
        rows.add_deposit(tx, rows.IntakeDeposit(envelope_id, name, document.version, code,
                                                admitted.reply_lookup))
        evidence.keep(tx, relay, envelope_id, DEPOSIT, sender, proof.to_bytes())
        housekeeping.audit(tx, now, sender, "intake.deposited", admitted.org_id,
                           f"envelope={envelope_id} size={size}")
    body.committed = True
    relay.db.sync()
    timestamping.stamp_new(relay, envelope_id, DEPOSIT, sender)  # bounded; else pending
    log_event("intake.deposited", intake=name, envelope=envelope_id, size=size)
    return {"envelope_id": envelope_id, "receipt_code": code,
            "proof": json.loads(proof.to_bytes()), "available_until": expires}


def _still_current(relay: Relay, tx: Tx, name: str, document: IntakeDocument) -> None:
    """The document may have been replaced or a recipient revoked while the body streamed: the
    ciphertext is then for readers who may no longer have it."""
    stored = rows.point(tx, name)
    if stored is None or stored.withdrawn is not None:
        raise intake_publish.no_such_intake()
    if stored.version != document.version or \
            intake_publish.recipient_problem(relay, tx, stored.org_id, document) is not None:
        raise intake_errors.IntakeOutdated("This intake point's document changed during the "
                                           "deposit; reload the page and send again.")
