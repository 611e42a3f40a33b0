"""Sending to a duty group, and taking an envelope for the group.

`enqueue` seals documents for the members on duty (app/relay_client/groups.py `address`) into
the outbox like any relayed message; the sealed file's signed metadata names the group (id,
name, organisation, roster version: crypto/groups.py `GroupRef`) and the correspondence log
keeps it with the members it went to and those that could not be used. The upload names the
group to the relay (app/relay_client/outbox.py), which checks the recipients are on its roster
and names the group in the signed deposit proof.

`take`: the first member who opened the envelope may take it for the others: a signed `taken`
receipt (crypto/proofs.py), which the relay accepts once per envelope and shows to every
recipient and to the sender. It needs the relay (taking is a race the relay decides), so
nothing is kept until the relay accepted it. `collect_taken` (each sync) fetches the `taken`
receipts of the group envelopes in our inbox, so that the others see who took them.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from app.relay_client import directory, prekeys, proofs
from app.relay_client.context import Cancel, Context
from app.relay_client.errors import EnvelopeNotFound, RelayClientError, RelayRefused
from app.relay_client.groups import GroupAddress
from app.relay_client.outbox import DEFAULT_DAYS, Letter, file_content_digest
from app.relay_client.state import InboxItem, OutboxItem, remove_file
from app.vault.message_groups import MessageGroup, group_of, set_member_name, set_sent_details
from app.vault.sending import SealRequest, seal_documents
from crypto.proofs import Proof, sign_receipt
from crypto.sealed.writer import Letter as SealedLetter
from crypto.sealed.writer import Progress as SealProgress


class AlreadyTaken(RelayClientError):
    """Another member of the group took the envelope first."""


@dataclass(frozen=True)
class Taker:
    fingerprint: str
    name: str | None
    mine: bool


def enqueue(ctx: Context, document_ids: Sequence[int], target: GroupAddress,
            letter: Letter = Letter(), *, availability_days: int = DEFAULT_DAYS,
            classic: bool = False, progress: SealProgress | None = None,
            cancel: Cancel | None = None) -> OutboxItem:
    """Seal for the group's usable members on duty into the outbox (offline is fine once the
    roster and cards were fetched); the next sync uploads it."""
    if not 1 <= availability_days <= 30:
        raise RelayClientError("The availability on the relay is 1 to 30 days.")
    state = ctx.state
    state.require_account()
    session = ctx.session
    path = state.spool_dir("outbox") / (secrets.token_hex(16) + ".scelle")
    choice = prekeys.choose(ctx, target.cards, classic)  # forward secrecy (prekeys.py)
    sealed_letter = SealedLetter(**{f.name: getattr(letter, f.name) for f in fields(letter)},
                                 group=target.group.roster.ref(), prekeys=choice.prekeys)
    request = SealRequest(list(document_ids), (), path, sealed_letter, classic, False,
                          cards=target.cards)
    with session.guard(cancel) as stop:
        sealed = seal_documents(session.store, session.audit, session.identity,
                                session.contacts, request, progress=progress, cancel=stop,
                                now=target.at)
    try:
        set_sent_details(session.store.db, sealed.record_id,
                         {c.fingerprint_hex: c.name for c in target.cards}, target.unusable)
        own = session.identity.card.fingerprint_hex
        recipients = [r for r in sealed.recipients if r != own]
        with session.store.db.transaction():
            item = state.add_outbox(sealed.record_id, path.name, sealed.size,
                                    file_content_digest(path), recipients, availability_days)
            prekeys.record(ctx, item, choice)
        return item
    except BaseException:
        remove_file(path)
        raise


def message_group(ctx: Context, record_id: int | None,
                  envelope_id: str | None = None) -> MessageGroup | None:
    """The group a message went to; given its envelope, `confirmed` says whether the relay's
    deposit proof kept for it names the same group."""
    found = None if record_id is None else group_of(ctx.session.store.db, record_id)
    if found is None or envelope_id is None:
        return found
    deposit = next((p.proof for p in ctx.state.proofs(envelope_id) if p.kind == "deposit"),
                   None)
    if deposit is None:
        return found
    return replace(found, confirmed=deposit.statement.get("group") == found.group.group_id)


def take(ctx: Context, envelope_id: str) -> Proof:
    """Take an opened group envelope for the others: a signed `taken` receipt the relay keeps
    once per envelope. `AlreadyTaken` names who took it first, when known."""
    item = ctx.state.inbox_item(envelope_id)
    group = message_group(ctx, item.message_record)
    if item.state != "opened" or item.message_record is None:
        raise RelayClientError("Open this envelope into the vault before taking it.")
    if group is None:
        raise RelayClientError("This envelope was not addressed to a duty group; there is "
                               "nothing to take.")
    record = ctx.session.messages.get(item.message_record)
    proof = sign_receipt(ctx.session.identity, event="taken", content_digest=item.sha256,
                         message_id=record.message_id, envelope_id=envelope_id,
                         time=ctx.now_datetime())
    try:
        answer = ctx.transport().call("POST", f"/v1/envelopes/{envelope_id}/receipts",
                                      json_body={"receipt": proof.to_json()})
    except RelayRefused as exc:
        if exc.code != "receipt_exists":
            raise
        _keep_taken(ctx, item, _receipts(_fetch(ctx, envelope_id)))
        taker = taken_by(ctx, envelope_id)
        if taker is not None and taker.mine:
            return proof  # ours, posted before an answer that was lost
        who = (taker.name or taker.fingerprint) if taker is not None else "another member"
        raise AlreadyTaken(f"This envelope was already taken by {who}.") from None
    ctx.state.add_proof(envelope_id, "received", proof)
    _keep_taken(ctx, item, _receipts(answer))
    return proof


def _fetch(ctx: Context, envelope_id: str) -> Any:
    return ctx.transport().call("GET", f"/v1/envelopes/{envelope_id}/proofs")


def _receipts(answer: Any) -> list[Any]:
    value = answer.get("receipts") if isinstance(answer, dict) else None
    return value if isinstance(value, list) else []


def _keep_taken(ctx: Context, item: InboxItem, values: list[Any]) -> int:
    """Check and keep the `taken` receipts among `values`: genuine, about these bytes and this
    envelope, signed by a member the message went to. Returns how many were new."""
    if item.message_record is None:
        return 0
    group = message_group(ctx, item.message_record)
    if group is None:
        return 0
    members = tuple(m.fingerprint for m in group.members)
    expect = proofs.Expected(item.envelope_id, item.sha256, item.size, item.sender, members)
    added = 0
    for value in values:
        proof = proofs.load(value)
        if proof.kind != "receipt" or proof.statement.get("event") != "taken":
            continue
        proofs.check_receipt(proof, expect)
        if ctx.state.add_proof(item.envelope_id, "received", proof):
            added += 1
            _learn_name(ctx, group, str(proof.statement["recipient"]))
    return added


def _learn_name(ctx: Context, group: MessageGroup, fingerprint: str) -> None:
    """The name of the member who took it, from their certified directory card (a received
    file lists the members by fingerprint only)."""
    if any(m.fingerprint == fingerprint and m.name for m in group.members):
        return
    try:
        entry = directory.lookup(ctx, fingerprint)
    except RelayClientError:
        return  # shown by fingerprint until a later sync finds the card
    if entry is not None and entry.org_key_ok:
        set_member_name(ctx.session.store.db, group.message, fingerprint, entry.card.name)


def collect_taken(ctx: Context) -> int:
    """For each opened group envelope still on the relay and not yet taken: who took it."""
    added = 0
    for item in ctx.state.inbox(("opened",)):
        if item.available_until <= ctx.now() or taken_by(ctx, item.envelope_id) is not None:
            continue
        if message_group(ctx, item.message_record) is None:
            continue
        try:
            answer = _fetch(ctx, item.envelope_id)
        except RelayRefused as exc:
            if exc.code == "not_found":
                continue
            raise
        added += _keep_taken(ctx, item, _receipts(answer))
    return added


def taken_by(ctx: Context, envelope_id: str | None) -> Taker | None:
    """Who took this envelope for the group (from the receipts kept), if anyone."""
    if envelope_id is None:
        return None
    found = next((p for p in ctx.state.proofs(envelope_id)
                  if p.kind == "receipt" and p.event == "taken"), None)
    if found is None or found.party is None:
        return None
    own = ctx.session.identity.card.fingerprint_hex
    return Taker(found.party, _member_name(ctx, envelope_id, found.party), found.party == own)


def _member_name(ctx: Context, envelope_id: str, fingerprint: str) -> str | None:
    contact = ctx.session.contacts.by_fingerprint(bytes.fromhex(fingerprint))
    if contact is not None:
        return contact.name
    state = ctx.state
    sent = state.outbox_by_envelope(envelope_id)
    records = [sent.message_record] if sent is not None else []
    try:
        records.append(state.inbox_item(envelope_id).message_record)
    except EnvelopeNotFound:
        pass
    for record in records:
        group = message_group(ctx, record)
        name = next((m.name for m in group.members if m.fingerprint == fingerprint),
                    None) if group else None
        if name:
            return name
    return None
