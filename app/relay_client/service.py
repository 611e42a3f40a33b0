"""`RelayService`: the relay client of one open vault, as the CLI and the GUI call it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from app.relay_client import consultation, directory, group_send, groups, inbox, join, outbox, \
    on_behalf, prekeys, proofs, receipts, stamps
from app.relay_client.context import Cancel, Context
from app.relay_client.errors import EnvelopeNotFound, RelayClientError, RelayUnreachable, \
    TransferCancelled
from app.relay_client.http import ConnectionOptions
from app.relay_client.state import InboxItem, OutboxItem, RelayState, StoredProof
from app.relay_client.views import InboxView, SentView, inbox_view, sent_view
from app.vault.contacts import ImportResult
from app.vault.message_groups import MessageGroup
from app.vault.sender_check import SenderCheck, classify_sender
from app.vault.session import VaultSession
from crypto.identity import IdentityCard
from crypto.proofs import Proof
from crypto.sealed.errors import SealedError

#: (what, done, total): what is "upload" or "download" (bytes), or "receive" (bytes).
SyncProgress = Callable[[str, int, int], None]


@dataclass
class SyncReport:
    offline: bool = False
    uploaded: list[str] = field(default_factory=list)  # envelope ids deposited
    received: list[str] = field(default_factory=list)  # envelope ids opened into the vault
    held: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    expired: list[str] = field(default_factory=list)
    proofs_collected: int = 0
    receipts_posted: int = 0
    errors: list[str] = field(default_factory=list)  # one line each, no names


class RelayService:
    """See app/relay_client/__init__.py. Thread-safe: one sync at a time, others wait."""

    def __init__(self, session: VaultSession, *, clock: Callable[[], float] = time.time) -> None:
        self.session = session
        self._ctx = Context(session, clock)
        self._sync_lock = threading.Lock()
        self._held_cards: dict[str, IdentityCard] = {}  # envelope id -> its signed sender card

    @property
    def state(self) -> RelayState:
        return self._ctx.state

    def close(self) -> None:
        self._ctx.close()

    # -- membership and directory -----------------------------------------------------------
    def join(self, url: str, code: str, *, relay_key_id: str | None = None,
             options: ConnectionOptions | None = None,
             allow_plain_http: bool = False) -> join.Membership:
        return join.join(self._ctx, url, code, relay_id=relay_key_id, options=options,
                         allow_plain_http=allow_plain_http)

    def membership(self, *, refresh: bool = True) -> join.Membership:
        if refresh:
            return join.refresh_membership(self._ctx)
        self.state.require_account()
        return join._membership(self._ctx)

    def joined(self) -> bool:
        return self.state.account() is not None

    def directory(self, text: str = "") -> list[directory.DirectoryEntry]:
        return directory.find(self._ctx, text)

    def add_contact(self, fingerprint: str, *, as_new: bool = False,
                    replaces: int | None = None) -> ImportResult:
        return directory.add_contact(self._ctx, fingerprint, as_new=as_new, replaces=replaces)

    # -- sending ------------------------------------------------------------------------------
    def send(self, document_ids: Sequence[int], contact_ids: Sequence[int],
             letter: outbox.Letter = outbox.Letter(), *,
             availability_days: int = outbox.DEFAULT_DAYS, allow_unverified: bool = False,
             classic: bool = False, upload: bool = True,
             progress: SyncProgress | None = None, cancel: Cancel | None = None,
             on_behalf: str | None = None) -> OutboxItem:
        """Seal into the outbox, then try to upload at once (offline: it waits for a sync).
        `on_behalf`: a principal's fingerprint, under a delegation in force."""
        item = outbox.enqueue(self._ctx, document_ids, contact_ids, letter,
                              availability_days=availability_days,
                              allow_unverified=allow_unverified, classic=classic,
                              progress=_bytes(progress, "seal"), cancel=cancel,
                              on_behalf_of=on_behalf)
        return self._upload_now(item, progress, cancel) if upload else item

    def _upload_now(self, item: OutboxItem, progress: SyncProgress | None,
                    cancel: Cancel | None) -> OutboxItem:
        try:
            with self._sync_lock, self.session.guard(cancel) as stop:
                return outbox.upload(self._ctx, item, _bytes(progress, "upload"), stop)
        except RelayClientError as exc:
            if not _waits(exc):
                raise
            return self.state.outbox_item(item.id)

    # -- duty groups (app/relay_client/groups.py, group_send.py) ------------------------------
    def groups(self) -> list[groups.DutyGroup]:
        return groups.list_groups(self._ctx)

    def find_group(self, text: str) -> groups.DutyGroup:
        return groups.find(self._ctx, text)

    def group_address(self, group: groups.DutyGroup) -> groups.GroupAddress:
        """Who a file to `group` goes to now; members who cannot receive are listed."""
        return groups.address(self._ctx, group)

    def send_to_group(self, document_ids: Sequence[int], target: groups.GroupAddress,
                      letter: outbox.Letter = outbox.Letter(), *,
                      availability_days: int = outbox.DEFAULT_DAYS, classic: bool = False,
                      upload: bool = True, progress: SyncProgress | None = None,
                      cancel: Cancel | None = None) -> OutboxItem:
        item = group_send.enqueue(self._ctx, document_ids, target, letter,
                                  availability_days=availability_days, classic=classic,
                                  progress=_bytes(progress, "seal"), cancel=cancel)
        return self._upload_now(item, progress, cancel) if upload else item

    def take(self, envelope_id: str) -> Proof:
        with self._sync_lock:
            return group_send.take(self._ctx, envelope_id)

    def taken_by(self, envelope_id: str | None) -> group_send.Taker | None:
        return group_send.taken_by(self._ctx, envelope_id)

    def message_group(self, record_id: int | None,
                      envelope_id: str | None = None) -> MessageGroup | None:
        """The group a message went to; with its envelope, whether the relay's deposit proof
        names that group too (`confirmed`)."""
        return group_send.message_group(self._ctx, record_id, envelope_id)

    def prekey_use(self, outbox_id: int) -> prekeys.PrekeyUse | None:
        """Who a queued or sent message was sealed for with a prekey, who with the long-term
        key (None: sealed before prekeys existed)."""
        return prekeys.use_of(self._ctx, self.state.outbox_item(outbox_id))

    def prekey_state(self) -> prekeys.PrekeyState:
        return prekeys.state(self._ctx)

    def withdraw(self, outbox_id: int) -> OutboxItem:
        return outbox.withdraw(self._ctx, self.state.outbox_item(outbox_id))

    # -- syncing ------------------------------------------------------------------------------
    def sync(self, *, accept_unverified: bool = False, progress: SyncProgress | None = None,
             cancel: Cancel | None = None) -> SyncReport:
        """Upload the outbox, receive the inbox, post receipts, collect proofs."""
        report = SyncReport()
        with self._sync_lock, self.session.guard(cancel) as stop:
            consultation.enforce_and_sign(self._ctx)  # offline too: the vault's own rule
            try:
                join.follow_key_rotation(self._ctx)  # once per connection: a rotated relay key
                if self.state.require_account().status == "pending":
                    join.refresh_membership(self._ctx)
                report.receipts_posted += receipts.post_pending(self._ctx)
                self._upload_all(report, progress, stop)
                on_behalf.learn_revocations(self._ctx)  # before reading delegated files
                self._receive_all(report, accept_unverified, progress, stop)
                report.errors += prekeys.refresh(self._ctx)  # rotate, publish, destroy
                report.proofs_collected += receipts.collect_sent(self._ctx)
                report.errors += stamps.collect_received(self._ctx)  # late timestamps
                report.proofs_collected += group_send.collect_taken(self._ctx)
            except RelayUnreachable as exc:
                report.offline = True
                report.errors.append(str(exc))
        return report

    def _upload_all(self, report: SyncReport, progress: SyncProgress | None,
                    cancel: Cancel) -> None:
        for item in self.state.outbox(("queued", "uploading")):
            try:
                done = outbox.upload(self._ctx, item, _bytes(progress, "upload"), cancel)
                report.uploaded.append(done.envelope_id or "")
            except (RelayUnreachable, TransferCancelled):
                raise
            except RelayClientError as exc:
                report.errors.append(f"outbox {item.id}: {exc}")

    def _receive_all(self, report: SyncReport, accept_unverified: bool,
                     progress: SyncProgress | None, cancel: Cancel) -> None:
        report.expired += inbox.list_inbox(self._ctx)
        for item in self.state.inbox(inbox.PENDING):
            try:
                if item.state == "listed":
                    item = inbox.download(self._ctx, item, _bytes(progress, "download"), cancel)
                item = inbox.receive(self._ctx, item, accept_unverified=accept_unverified,
                                     cancel=cancel)
            except (RelayUnreachable, TransferCancelled):
                raise
            except Exception as exc:  # noqa: BLE001 - one bad envelope must not stop the rest
                if not isinstance(exc, RelayClientError | SealedError):
                    raise
                report.errors.append(f"envelope {item.envelope_id}: {exc}")
            item = self.state.inbox_item(item.envelope_id)
            {"opened": report.received, "held": report.held, "refused": report.refused,
             "expired": report.expired}.get(item.state, []).append(item.envelope_id)

    # -- held envelopes -------------------------------------------------------------------------
    def accept(self, envelope_id: str, *, case_id: int | None = None,
               accept_key_mismatch: bool = False) -> InboxItem:
        """Receive a held envelope from a sender that is not (or no longer) verified. One
        signed by other keys than a contact's, under that contact's name or organisation,
        stays held unless `accept_key_mismatch` (app/vault/sender_check.py)."""
        item = self._inbox_item(envelope_id, ("held", "downloaded", "receiving"))
        with self._sync_lock, self.session.guard() as stop:
            return inbox.receive(self._ctx, item, accept_unverified=True,
                                 accept_key_mismatch=accept_key_mismatch, case_id=case_id,
                                 cancel=stop)

    def held_sender(self, envelope_id: str) -> tuple[IdentityCard, SenderCheck]:
        """The sender's card of a downloaded or held envelope (read once: the whole envelope is
        decrypted), and what it is to the vault now (app/vault/sender_check.py)."""
        item = self._inbox_item(envelope_id, ("held", "downloaded"))
        card = self._held_cards.get(envelope_id)
        if card is None:
            with self.session.guard():
                card = self._held_cards[envelope_id] = inbox.held_card(self._ctx, item)
        session = self.session
        return card, classify_sender(session.contacts, card, session.identity.fingerprint)

    def refuse(self, envelope_id: str) -> InboxItem:
        item = self._inbox_item(envelope_id, ("held", "downloaded", "listed"))
        with self._sync_lock:
            return inbox.refuse(self._ctx, item)

    def _inbox_item(self, envelope_id: str, states: tuple[str, ...]) -> InboxItem:
        item = self.state.inbox_item(envelope_id)
        if item.state not in states:
            raise RelayClientError(f"This envelope is {item.state}; nothing to decide.")
        return item

    # -- views and proofs -----------------------------------------------------------------------
    def inbox(self) -> list[InboxView]:
        return [inbox_view(self._ctx, i) for i in reversed(self.state.inbox())]

    def sent(self) -> list[SentView]:
        return [sent_view(self._ctx, i) for i in reversed(self.state.outbox())]

    def proofs(self, envelope_id: str) -> list[StoredProof]:
        found = self.state.proofs(envelope_id)
        if not found:
            raise EnvelopeNotFound("envelope with proofs")
        return found

    def proofs_for_message(self, record_id: int) -> list[StoredProof]:
        """The proofs of the relay envelope(s) that carried a message of the vault's log."""
        ids = [i.envelope_id for i in self.state.outbox() if i.message_record == record_id]
        ids += [i.envelope_id for i in self.state.inbox() if i.message_record == record_id]
        return [p for e in ids if e for p in self.state.proofs(e)]

    def export_proofs(self, envelope_id: str) -> bytes:
        kept = [p.proof for p in self.proofs(envelope_id)]
        return proofs.bundle(kept, stamps.tokens_for(self.state.db, kept))

    def proof_stamp(self, proof: Proof) -> stamps.StampCheck | None:
        """A kept proof's RFC 3161 timestamp, checked now (issue 17); None if it has none."""
        return stamps.check(self.state.db, proof, self._ctx.now_datetime())

    def set_tsa_anchors(self, pem: bytes) -> int:
        """The relay's time-stamping authority root certificate(s), from its operator."""
        return stamps.set_anchors(self.state.db, pem)

    def tsa_anchors(self) -> bytes | None:
        return stamps.anchors_pem(self.state.db)

    @staticmethod
    def verify_proof_file(data: bytes, relay_key_id: str | None = None
                          ) -> list[proofs.VerifiedProof]:
        return proofs.verify_proof_file(data, relay_key_id)


def _waits(exc: RelayClientError) -> bool:
    """Errors after which a sealed message simply waits in the outbox for the next sync."""
    return exc.retryable or not getattr(exc, "code", "") in outbox.PERMANENT


def _bytes(progress: SyncProgress | None, what: str) -> Callable[[int, int], None] | None:
    if progress is None:
        return None
    return lambda done, total: progress(what, done, total or 0)


__all__ = ["Proof", "RelayService", "SyncProgress", "SyncReport"]
