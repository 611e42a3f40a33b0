"""What the inbox and "sent" lists show: one state per message and per recipient, and the
proofs behind it. Names and subjects come from the vault (contacts, correspondence log); the
relay never had them.

Shown states: `uploading` (in the outbox), `deposited` (on the relay, deposit proof kept),
`delivered` (the relay handed over every byte: delivery proof), `opened` / `refused` (the
recipient's signed receipt), `held` (inbox: waiting for the user's decision), `expired` (gone
from the relay before the end), `failed` (refused by the relay for good), `withdrawn`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.records import NotFoundError
from app.relay_client.context import Context
from app.relay_client.state import InboxItem, OutboxItem, StoredProof

_RANK = {"deposited": 0, "delivered": 1, "opened": 2, "refused": 2}


@dataclass(frozen=True)
class RecipientStatus:
    fingerprint: str
    name: str | None = field(repr=False)  # from the vault's contacts, None if unknown
    state: str  # deposited | delivered | opened | refused


@dataclass(frozen=True)
class SentView:
    item: OutboxItem
    state: str
    recipients: tuple[RecipientStatus, ...]
    subject: str = field(repr=False)
    proofs: tuple[StoredProof, ...] = field(repr=False)

    @property
    def envelope_id(self) -> str | None:
        return self.item.envelope_id


@dataclass(frozen=True)
class InboxView:
    item: InboxItem
    state: str
    sender_name: str | None = field(repr=False)
    subject: str = field(repr=False)
    proofs: tuple[StoredProof, ...] = field(repr=False)

    @property
    def envelope_id(self) -> str:
        return self.item.envelope_id


def _name(ctx: Context, fingerprint: str) -> str | None:
    contact = ctx.session.contacts.by_fingerprint(bytes.fromhex(fingerprint))
    return contact.name if contact is not None else None


def _subject(ctx: Context, record_id: int | None) -> str:
    if record_id is None:
        return ""
    try:
        return ctx.session.messages.get(record_id).subject
    except NotFoundError:
        return ""


def recipient_states(item: OutboxItem, proofs: list[StoredProof]) -> dict[str, str]:
    states = {r: "deposited" for r in item.recipients}
    for stored in proofs:
        party = stored.party
        if party not in states:
            continue
        new = "delivered" if stored.kind == "delivery" else str(stored.event)
        if stored.kind == "receipt" and new == "delivered":
            continue
        if _RANK.get(new, -1) > _RANK[states[party]]:
            states[party] = new
    return states


def sent_state(item: OutboxItem, states: dict[str, str], now: int) -> str:
    if item.state in ("queued", "uploading"):
        return "uploading"
    if item.state in ("failed", "withdrawn"):
        return item.state
    values = set(states.values())
    if "refused" in values:
        return "refused"
    if values == {"opened"}:
        return "opened"
    if item.available_until is not None and item.available_until <= now:
        return "expired"
    return "delivered" if values <= {"delivered", "opened"} else "deposited"


def sent_view(ctx: Context, item: OutboxItem) -> SentView:
    proofs = ctx.state.proofs(item.envelope_id) if item.envelope_id else []
    states = recipient_states(item, proofs)
    recipients = tuple(RecipientStatus(fp, _name(ctx, fp), states[fp]) for fp in item.recipients)
    return SentView(item, sent_state(item, states, ctx.now()), recipients,
                    _subject(ctx, item.message_record), tuple(proofs))


_INBOX_SHOWN = {"listed": "deposited", "downloaded": "delivered", "receiving": "delivered"}


def inbox_view(ctx: Context, item: InboxItem) -> InboxView:
    state = _INBOX_SHOWN.get(item.state, item.state)
    if state in ("deposited", "delivered", "held") and item.available_until <= ctx.now():
        state = "expired"
    return InboxView(item, state, _name(ctx, item.sender), _subject(ctx, item.message_record),
                     tuple(ctx.state.proofs(item.envelope_id)))
