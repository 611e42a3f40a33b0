"""The relay client of the vault (DESIGN §4): join, directory, outbox, inbox, receipts, proofs.

    from app.relay_client import RelayService, ConnectionOptions, Letter

    relay = RelayService(session)                       # session: app.vault.VaultSession
    relay.join(url, code, relay_key_id="…",              # key id from the admin (else pinned
               options=ConnectionOptions(ca_file=…,     #  on first contact and shown)
                                         pin_sha256=…, proxy=…))
    relay.membership()             # GET /v1/me; adopts the certified card into the vault
    relay.directory("dupont")      # checked, certified cards of our and linked organisations
    relay.add_contact(fingerprint) # into the vault's contacts (pinned, unverified until compared)
    relay.send(doc_ids, contact_ids, Letter(subject=…), availability_days=7)
                                   # seals into the outbox, uploads now or at the next sync
    report = relay.sync()          # outbox up, inbox down and into the vault, receipts, proofs
    relay.inbox(); relay.sent()    # InboxView / SentView: states and proofs per message
    relay.accept(envelope_id); relay.refuse(envelope_id)      # held envelopes
    relay.proofs(envelope_id); relay.proofs_for_message(record_id)
    relay.export_proofs(envelope_id) -> bytes               # bundle, verifiable offline
    RelayService.verify_proof_file(data, relay_key_id=None)   # no vault, no network

Long calls (send, sync, accept) block: run them off the GUI thread; `progress(what, done, total)`
and `cancel()` as elsewhere; locking the vault cancels them (transfers resume later). Every error
is a `crypto.errors.ScelleError` (see errors.py; `retryable` says whether a later sync may
succeed). The relay receives ciphertext, sizes, SHA-256 digests, fingerprints and times only.
"""

from app.relay_client.directory import DirectoryCardRefused, DirectoryEntry
from app.relay_client.errors import (
    AlreadyJoined,
    DownloadCorrupt,
    EnvelopeNotFound,
    NotJoined,
    ProofRejected,
    RelayAuthenticityError,
    RelayClientError,
    RelayConfigError,
    RelayKeyMismatch,
    RelayProtocolError,
    RelayRefused,
    RelayTlsError,
    RelayUnreachable,
    TransferCancelled,
)
from app.relay_client.http import ConnectionOptions, RelayTransport
from app.relay_client.join import Membership
from app.relay_client.outbox import Letter
from app.relay_client.proofs import VerifiedProof, verify_proof_file
from app.relay_client.service import RelayService, SyncProgress, SyncReport
from app.relay_client.state import InboxItem, OutboxItem, StoredProof
from app.relay_client.views import InboxView, RecipientStatus, SentView

__all__ = [
    "AlreadyJoined", "ConnectionOptions", "DirectoryCardRefused", "DirectoryEntry",
    "DownloadCorrupt", "EnvelopeNotFound", "InboxItem", "InboxView", "Letter", "Membership",
    "NotJoined", "OutboxItem", "ProofRejected", "RecipientStatus", "RelayAuthenticityError",
    "RelayClientError", "RelayConfigError", "RelayKeyMismatch", "RelayProtocolError",
    "RelayRefused", "RelayService", "RelayTlsError", "RelayTransport", "RelayUnreachable",
    "SentView", "StoredProof", "SyncProgress", "SyncReport", "TransferCancelled",
    "VerifiedProof", "verify_proof_file",
]
