"""What the relay views show, loaded on a worker thread into plain rows (no Qt, no vault access
left for the GUI thread). Names and subjects come from the vault, never from the relay; before
receipt, a held envelope's sender is named from its signed card and classified by the core
(`RelayService.held_sender`, app/vault/sender_check.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.cases import Case
from app.records import NotFoundError, parse_time
from app.relay_client import InboxView, RelayService, SentView, StoredProof
from app.relay_client.stamps import StampCheck
from app.times import parse_time as proof_time
from app.errors import ScelleError
from app.vault import ContactState, VaultSession
from app.vault.sender_check import NameClash, SenderKind
from ui.delegation.texts import with_principal
from ui.groups.rows import with_group


@dataclass(frozen=True)
class InboxRow:
    envelope_id: str
    sender: str  # fingerprint, hex
    sender_name: str | None = field(repr=False)
    verification: str  # verified | unverified | key_changed | unknown | impersonation
    deposited: int
    available_until: int
    size: int
    state: str
    subject: str = field(repr=False)
    reason: str | None = field(repr=False)
    record_id: int | None
    proof_count: int
    case_name: str | None = field(default=None, repr=False)  # where it was received
    # impersonation: the contacts whose name or organisation the card bears (other keys)
    clashes: tuple[NameClash, ...] = field(default=(), repr=False)
    group: str | None = field(default=None, repr=False)  # the duty group it was sent to
    taken_by: str | None = field(default=None, repr=False)  # who took it for the group
    taken_by_me: bool = False
    group_unconfirmed: bool = False  # the relay's deposit proof does not name that group

    @property
    def receivable(self) -> bool:
        """Here but not in the vault yet: held for a decision, or downloaded (a receive that
        did not finish). Both can be received into a chosen case, or refused."""
        return self.state == "held" or (self.state == "delivered" and self.record_id is None)


@dataclass(frozen=True)
class Recipient:
    fingerprint: str
    name: str | None = field(repr=False)
    state: str


@dataclass(frozen=True)
class SentRow:
    outbox_id: int
    envelope_id: str | None
    created: datetime
    size: int
    state: str
    recipients: tuple[Recipient, ...]
    subject: str = field(repr=False)
    available_until: int | None
    last_error: str | None
    record_id: int | None


@dataclass(frozen=True)
class RelaySnapshot:
    joined: bool
    status: str  # pending | certified | revoked | "" (not joined)
    url: str
    relay_key_id: str
    inbox: list[InboxRow]
    sent: list[SentRow]
    cases: list[Case]


def _verification(session: VaultSession, fingerprint: str) -> str:
    contact = session.contacts.by_fingerprint(bytes.fromhex(fingerprint))
    if contact is None:
        return "unknown"
    return {ContactState.VERIFIED: "verified", ContactState.KEY_CHANGED: "key_changed"}.get(
        contact.state, "unverified")


def _received(session: VaultSession, record_id: int | None) -> tuple[str | None, str | None]:
    """The sender's name on the card of a received message, and the case it went into."""
    if record_id is None:
        return None, None
    try:
        record = session.messages.get(record_id)
        case = session.cases.get(record.case_id) if record.case_id is not None else None
    except NotFoundError:
        return None, None
    return record.sender.name, case.name if case is not None else None


def _held_sender(service: RelayService, view: InboxView) -> tuple[str | None, str,
                                                                  tuple[NameClash, ...]]:
    """Before receipt: the name on the envelope's signed card and how it compares with the
    contacts (never only a fingerprint); (None, "", ()) if it cannot be read."""
    if view.item.state not in ("held", "downloaded"):
        return None, "", ()
    try:
        card, check = service.held_sender(view.envelope_id)
    except ScelleError:
        return None, "", ()
    if check.kind is SenderKind.IMPERSONATION:
        return card.name, "impersonation", check.clashes
    return card.name, "", ()


def inbox_row(session: VaultSession, view: InboxView,
              service: RelayService | None = None) -> InboxRow:
    item = view.item
    card_name, case_name = _received(session, item.message_record)
    verification = _verification(session, item.sender)
    clashes: tuple[NameClash, ...] = ()
    if service is not None and view.sender_name is None and card_name is None:
        card_name, kind, clashes = _held_sender(service, view)
        verification = kind or verification
    sender_name = with_principal(session, item.message_record, view.sender_name or card_name)
    row = InboxRow(item.envelope_id, item.sender, sender_name,
                   verification, item.deposited, item.available_until,
                   item.size, view.state, view.subject, item.reason, item.message_record,
                   len(view.proofs), case_name, clashes)
    return with_group(row, service) if service is not None else row


def sent_row(view: SentView) -> SentRow:
    item = view.item
    recipients = tuple(Recipient(r.fingerprint, r.name, r.state) for r in view.recipients)
    return SentRow(item.id, item.envelope_id, parse_time(item.created_at), item.size, view.state,
                   recipients, view.subject, item.available_until, item.last_error,
                   item.message_record)


def load_snapshot(service: RelayService) -> RelaySnapshot:
    """On a worker: the account, both lists and the cases (no network)."""
    session = service.session
    cases = session.cases.list()
    if not service.joined():
        return RelaySnapshot(False, "", "", "", [], [], cases)
    member = service.membership(refresh=False)
    inbox = [inbox_row(session, v, service) for v in service.inbox()]
    sent = [sent_row(v) for v in service.sent()]
    return RelaySnapshot(True, member.status, member.url, member.relay_key_id, inbox, sent,
                         cases)


@dataclass(frozen=True)
class ProofRow:
    kind: str  # deposit | delivery | receipt
    event: str | None  # receipt event
    moment: datetime | None
    signer: str  # "relay <key id>" or "recipient <fingerprint>"
    signer_name: str | None = field(repr=False)
    verified: bool  # signature checked offline, from the exported bundle itself
    trusted_relay: bool | None  # relay proofs: signed by the relay this vault joined
    stamp: StampCheck | None = None  # its RFC 3161 timestamp, checked now (issue 17)


_TIME_KEYS = {"deposit": "deposited", "intake_deposit": "deposited", "delivery": "delivered",
              "receipt": "time"}


def _moment(kind: str, statement: dict[str, Any]) -> datetime | None:
    value = statement.get(_TIME_KEYS.get(kind, ""))
    try:
        return proof_time(value) if isinstance(value, str) else None
    except ValueError:
        return None


def load_proofs(service: RelayService, envelope_id: str) -> list[ProofRow]:
    """On a worker: the kept proofs of one envelope, each verified again from the bundle that
    "Export the proofs" would write (no network, only the keys inside the proofs)."""
    stored: list[StoredProof] = service.proofs(envelope_id)
    relay_id = service.membership(refresh=False).relay_key_id
    checked = service.verify_proof_file(service.export_proofs(envelope_id), relay_id)
    contacts = service.session.contacts
    rows = []
    for kept, verified in zip(stored, checked, strict=True):
        statement = verified.proof.statement
        party = statement.get("recipient") if kept.kind != "deposit" else None
        contact = contacts.by_fingerprint(bytes.fromhex(party)) if party else None
        rows.append(ProofRow(kept.kind, kept.event, _moment(kept.kind, statement),
                             verified.signer, contact.name if contact else None, True,
                             verified.trusted_relay, service.proof_stamp(kept.proof)))
    return rows
