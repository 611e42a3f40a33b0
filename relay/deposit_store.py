"""The blocking half of the single-request deposit (relay/deposit.py), run in worker threads:
the checks and the claim of the id, then the bytes synced, the proof signed and the row
committed."""

from __future__ import annotations

import hashlib
import re

from crypto.content_digest import CONTENT_CHUNK, from_leaves
from crypto.proofs import sign_deposit
from relay import errors, evidence, timestamping
from relay.auth import Principal
from relay.blobs import EnvelopeWriter
from relay.clock import as_datetime
from relay.context import Relay
from relay.db import directory
from relay.db import groups as group_rows
from relay.db import envelopes as db
from relay.db.base import Tx
from relay.db.envelopes import COMMITTED, Envelope
from relay.db.proof_archive import DEPOSIT
from relay.deposit_gate import outside
from relay.envelopes import DAY
from relay.groups import check_deposit_group

_FP = re.compile(r"[0-9a-f]{64}")


class Upload:
    """The envelope's bytes, written under its final name (created exclusively, which claims
    the id) and hashed as written.

    Until its row is committed no one can see it; if the relay dies first, the sweeper removes
    it as an orphan (bytes no row claims, older than their grace period)."""

    def __init__(self, writer: EnvelopeWriter, envelope_id: str, recipients: list[str],
                 availability_days: int, group: str | None = None) -> None:
        self._writer = writer
        self.group = group
        self.envelope_id = envelope_id
        self.recipients = recipients
        self.availability_days = availability_days
        self.sha256 = hashlib.sha256()
        self.size = 0
        self.committed = False  # once its row is committed, the bytes are the envelope's

    def write(self, data: bytes) -> None:
        self.sha256.update(data)  # hashlib releases the interpreter lock for large inputs
        self._writer.write(data)
        self.size += len(data)

    def sync(self) -> None:
        """The bytes, then the name holding them, durable."""
        with outside():  # a wait for the disk: another deposit may run meanwhile
            self._writer.complete()

    def discard(self) -> None:
        if not self.committed:
            self._writer.discard()


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
                    availability_days: int, size: int, group: str | None = None) -> Upload:
    """Blocking. Size, availability, recipients, a free id; then create the envelope's file."""
    limits = relay.limits
    if size > limits.max_envelope_size:
        raise errors.EnvelopeTooLarge(
            f"This relay accepts envelopes of at most {limits.max_envelope_size} bytes.")
    if size > CONTENT_CHUNK:  # more than one leaf of the content digest: the chunked path
        raise errors.BodyTooLarge(f"A single deposit holds at most {CONTENT_CHUNK} bytes; use "
                                  "the chunked upload.")
    if not limits.min_availability_days <= availability_days <= limits.max_availability_days:
        raise errors.InvalidRequest("availability_days must be between "
                                    f"{limits.min_availability_days} and "
                                    f"{limits.max_availability_days}.")
    with relay.db.transaction() as tx:
        checked = _check_recipients(relay, tx, principal, recipients)
        if group is not None:
            check_deposit_group(tx, principal, group, checked)
        _refuse_taken(db.envelope(tx, envelope_id), principal)
    if relay.blobs.upload_exists(envelope_id):  # a chunked upload about to own this id
        raise errors.EnvelopeExists("This envelope id is taken; choose another.")
    try:
        return Upload(relay.blobs.new_envelope(envelope_id), envelope_id, checked,
                      availability_days, group)
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
    # One chunk, whose SHA-256 (just checked) is the content digest's only leaf.
    digest = from_leaves([upload.sha256.digest()], upload.size).hex()
    proof = sign_deposit(relay.key, envelope_id=upload.envelope_id, content_digest=digest,
                         size=upload.size, sender=principal.fingerprint,
                         recipients=upload.recipients, deposited=as_datetime(now),
                         available_until=as_datetime(expires), group=upload.group,
                         retention_days=relay.config.proof_retention_days)
    env = Envelope(upload.envelope_id, principal.fingerprint, COMMITTED, upload.size,
                   upload.size, digest, upload.availability_days, now, now, expires,
                   proof.to_bytes())
    with relay.db.transaction() as tx:
        _refuse_taken(db.envelope(tx, env.id), principal)  # a chunked create raced us
        db.add_envelope(tx, env, upload.recipients)
        if upload.group is not None:
            group_rows.set_envelope_group(tx, env.id, upload.group)
        evidence.keep(tx, relay, env.id, DEPOSIT, env.sender, proof.to_bytes())
    upload.committed = True
    relay.db.sync()
    timestamping.stamp_new(relay, env.id, DEPOSIT, env.sender)  # bounded; else pending
    return env
