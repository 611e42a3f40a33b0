"""Sealing through the relay with delegations: on behalf of a principal, and for the
recipients' delegates who receive for them (docs/format.md §8).

- `--on-behalf PRINCIPAL`: the assistant's vault fetches the delegations given to it, keeps the
  one from PRINCIPAL that is in force with the scope "send" and checks it as any reader will
  (crypto/delegation.py, the organisation key pinned for the principal's organisation); the
  sealed file carries it with the principal's card. Fetched fresh at each sending, so a
  revoked delegation is not used: sending on behalf needs the relay.
- Every recipient may have delegates who receive for them: their delegations in force with
  the scope "receive" are fetched from the directory and checked the same way (a listing that
  does not hold is left out), and the delegates' cards are sealed for like any recipient,
  named in the metadata's `delegates`. Offline, none is found: the file goes to the chosen
  recipients only.

The revocations the directory lists are kept in the vault at each sync (`learn_revocations`),
for the reader's rule (app/vault/on_behalf.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from app.relay_client import delegations as directory
from app.relay_client import proofs
from app.relay_client.context import HEX64, Cancel, Context
from app.relay_client.errors import RelayClientError, RelayRefused, RelayUnreachable
from app.vault import delegation_revocations
from app.vault.sending import SealedMessage, SealRequest, seal_documents
from app.vault.on_behalf import pinned_org_key
from crypto.delegation import DelegationError, check_delegation, check_revocation
from crypto.identity import IdentityCard
from crypto.prekeys import Prekey
from crypto.proofs import Proof
from crypto.sealed.on_behalf import DelegateCopy, SealedDelegation
from crypto.sealed.writer import Letter, Progress


class OnBehalfUnavailable(RelayClientError):
    """No delegation in force lets this vault send on behalf of that person."""


class LetterFields(Protocol):
    """What the outbox's letter holds (app/relay_client/outbox.py `Letter`)."""

    subject: str
    message: str
    reference: str
    expires: datetime | None
    view_only: bool
    consult_until: datetime | None


@dataclass(frozen=True)
class Extra:
    """What delegations add to one sending."""

    delegation: SealedDelegation | None
    delegates: tuple[tuple[IdentityCard, DelegateCopy], ...]

    def __bool__(self) -> bool:
        return self.delegation is not None or bool(self.delegates)


def prepare(ctx: Context, contact_ids: Sequence[int], on_behalf: str | None) -> Extra:
    """The delegation to send under (if asked) and the recipients' receiving delegates."""
    contacts = ctx.session.contacts
    chosen = [contacts.get(c).card for c in dict.fromkeys(contact_ids)]
    delegation = delegation_for(ctx, on_behalf) if on_behalf is not None else None
    return Extra(delegation, tuple(receiving_delegates(ctx, chosen)))


def _holds(ctx: Context, entry: directory.PublishedDelegation, principal: IdentityCard,
           delegate: IdentityCard, scope: str) -> bool:
    cert = entry.delegation.certification
    if entry.state != "active" or cert is None:
        return False
    pinned = pinned_org_key(ctx.session.store.db, cert.organisation)
    if pinned is not None and pinned != cert.signing_key:
        return False
    try:
        check_delegation(entry.delegation, principal, delegate, cert.signing_key,
                         ctx.now_datetime(), scope)
    except DelegationError:
        return False
    return True


def delegation_for(ctx: Context, principal: str) -> SealedDelegation:
    """The delegation in force letting this vault send on behalf of `principal`."""
    wanted = principal.strip().lower().replace(" ", "")
    if not HEX64.fullmatch(wanted):
        raise OnBehalfUnavailable("A principal is named by their fingerprint (64 hexadecimal "
                                  "digits).")
    own = ctx.session.identity.card
    for entry in directory.listing(ctx, "delegate"):
        card = entry.principal_card
        if card is not None and card.fingerprint_hex == wanted and \
                _holds(ctx, entry, card, own, "send"):
            return SealedDelegation(entry.delegation, card)
    raise OnBehalfUnavailable("You hold no certified delegation in force to send on behalf of "
                              "this person (or your own card lacks your organisation's "
                              "certification: sync first).")


def receiving_delegates(ctx: Context, cards: Sequence[IdentityCard]
                        ) -> list[tuple[IdentityCard, DelegateCopy]]:
    """The recipients' delegates who receive for them, each checked; none when offline."""
    chosen = {c.fingerprint for c in cards} | {ctx.session.identity.fingerprint}
    principals = {c.fingerprint: c for c in cards}
    found: dict[bytes, tuple[IdentityCard, DelegateCopy]] = {}
    if not cards:
        return []
    try:  # one request for every recipient
        entries = directory.listing(ctx, "principal", *(c.fingerprint_hex for c in cards))
    except (RelayUnreachable, RelayRefused):
        return []  # offline, or a relay without delegations: the chosen recipients only
    for entry in entries:
        card, delegate = principals.get(entry.delegation.principal), entry.delegate_card
        if card is None or delegate is None or delegate.fingerprint in chosen or \
                not _holds(ctx, entry, card, delegate, "receive"):
            continue  # the card checked is our contact's, never the listing's
        found.setdefault(delegate.fingerprint,
                         (delegate, DelegateCopy(delegate.fingerprint, card.fingerprint)))
    return list(found.values())


def seal(ctx: Context, document_ids: Sequence[int], contact_ids: Sequence[int], path: Path,
         letter: LetterFields, extra: Extra, *, prekeys: tuple[Prekey, ...], classic: bool,
         allow_unverified: bool, progress: Progress | None,
         cancel: Cancel | None) -> SealedMessage:
    """Seal for the contacts and their receiving delegates, under `extra.delegation`
    (`prekeys`: the contacts' chosen by app/relay_client/prekeys.py; delegates get their
    long-term key)."""
    session = ctx.session
    request = SealRequest(list(document_ids), list(contact_ids), path, Letter(
        letter.subject, letter.message, letter.reference, letter.expires, letter.view_only,
        consult_until=letter.consult_until, prekeys=prekeys, delegation=extra.delegation,
        delegates=tuple(copy for _card, copy in extra.delegates)), classic, allow_unverified,
        cards=tuple(card for card, _copy in extra.delegates))
    with session.guard(cancel) as stop:
        return seal_documents(session.store, session.audit, session.identity, session.contacts,
                              request, progress=progress, cancel=stop, now=ctx.now_datetime())


def learn_revocations(ctx: Context) -> int:
    """Keep the revocations the directory lists (each checked against its delegation)."""
    learned = 0
    try:
        entries = directory.listing(ctx, "revoked")
    except RelayRefused:
        return 0  # a relay without delegations has none to list
    for entry in entries:
        if entry.revocation is None or entry.principal_card is None:
            continue
        try:
            check_revocation(entry.revocation, entry.delegation, entry.principal_card)
        except DelegationError:
            continue
        learned += delegation_revocations.learn(ctx.session.store.db, entry.revocation)
    return learned


def delegate_receipts(ctx: Context, envelope_id: str) -> list[Proof]:
    """For an envelope addressed to this vault's holder: the signed receipts of those who
    received it for them (who opened or refused what), each verified like the sender verifies
    receipts: genuine, about these bytes, by someone the deposit proof names."""
    item = ctx.state.inbox_item(envelope_id)
    answer = ctx.transport().call("GET", f"/v1/envelopes/{envelope_id}/proofs")
    answer = answer if isinstance(answer, dict) else {}
    deposit = proofs.load(answer.get("deposit"))
    named = tuple(deposit.statement.get("recipients") or ())
    expected = proofs.Expected(envelope_id, item.sha256, item.size, item.sender, named)
    proofs.check_relay_proof(deposit, ctx.relay_keys(), expected)
    me = ctx.session.identity.card.fingerprint_hex
    found = []
    for value in answer.get("receipts") or []:
        receipt = proofs.load(value)
        if receipt.kind != "receipt" or receipt.statement.get("recipient") == me:
            continue
        proofs.check_receipt(receipt, expected)
        found.append(receipt)
    return found
