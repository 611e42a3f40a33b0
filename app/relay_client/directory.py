"""Finding correspondents in the relay's directory and adding them as contacts.

The relay shows the certified cards of the member's organisation and of linked ones. Each card
is checked here as a contact card is (strict parse, self-signature, validity), and also: its
fingerprint is the one the relay lists, and it carries a valid certification by its
organisation's key. Organisation keys are pinned the first time they are seen (our own from our
certified card): a card certified by another key for a pinned organisation is shown as
`org_key_changed` and cannot be added.

`add_contact` imports the card into the vault's contacts, pinned by fingerprint and unverified
until the safety number is compared, exactly like a card received by any other channel: a key
change of an existing contact blocks sending to it until verified again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.relay_client.context import HEX64, Context, field_of
from app.relay_client.errors import RelayClientError
from app.vault.contacts import Contact, ImportResult, fold
from crypto.identity import CardError, IdentityCard, card_from_json


class DirectoryCardRefused(RelayClientError):
    """A directory card cannot be added (not found, badly certified, organisation key changed)."""


@dataclass(frozen=True)
class DirectoryEntry:
    card: IdentityCard
    organisation: str
    role: str
    org_key_ok: bool  # certified by the organisation key pinned for that organisation
    contact: Contact | None  # the vault's contact with this fingerprint, if any

    @property
    def fingerprint(self) -> str:
        return self.card.fingerprint_hex


def _entry(ctx: Context, value: Any) -> DirectoryEntry | None:
    """A checked directory entry, or None for a card that fails the checks (left out)."""
    fingerprint = field_of(value, "fingerprint", str, HEX64)
    try:
        card = card_from_json(value.get("card"))
        card.check_valid(ctx.now_datetime())
    except CardError:
        return None
    if card.fingerprint_hex != fingerprint:
        return None
    organisation = str(value.get("organisation", ""))
    certs = [c for c in card.certifications
             if c.organisation == organisation and card.certified_by(c.signing_key)]
    if not certs:
        return None
    state = ctx.state
    pinned = state.org_key(organisation)
    if pinned is None:
        state.pin_org_key(organisation, certs[-1].signing_key)
        pinned = certs[-1].signing_key
    ok = any(c.signing_key == pinned for c in certs)
    contact = ctx.session.contacts.by_fingerprint(card.fingerprint)
    return DirectoryEntry(card, organisation, str(value.get("role", "")), ok, contact)


def find(ctx: Context, text: str = "") -> list[DirectoryEntry]:
    """Directory cards whose name, role, organisation or fingerprint hold every word."""
    answer = ctx.transport().call("GET", "/v1/directory")
    own = ctx.session.identity.card.fingerprint_hex
    entries = [e for e in (_entry(ctx, v) for v in _cards(answer)) if e is not None
               and e.fingerprint != own]
    words = fold(text).split()

    def haystack(e: DirectoryEntry) -> str:
        c = e.card
        return fold(f"{c.name} {c.role} {e.organisation} {c.fingerprint_hex}")

    found = [e for e in entries if all(w in haystack(e) for w in words)]
    return sorted(found, key=lambda e: (fold(e.card.name), e.fingerprint))


def lookup(ctx: Context, fingerprint: str) -> DirectoryEntry | None:
    fingerprint = fingerprint.strip().lower().replace(" ", "")
    if not HEX64.fullmatch(fingerprint):
        raise DirectoryCardRefused("A fingerprint is 64 hexadecimal digits.")
    answer = ctx.transport().call("GET", f"/v1/directory?fingerprint={fingerprint}")
    entries = [e for e in (_entry(ctx, v) for v in _cards(answer)) if e is not None]
    return next((e for e in entries if e.fingerprint == fingerprint), None)


def add_contact(ctx: Context, fingerprint: str, *, as_new: bool = False,
                replaces: int | None = None) -> ImportResult:
    entry = lookup(ctx, fingerprint)
    if entry is None:
        raise DirectoryCardRefused("No valid certified card with this fingerprint is in your "
                                   "relay directory.")
    if not entry.org_key_ok:
        raise DirectoryCardRefused("This card is certified by a key that is not the one "
                                   "pinned for its organisation; it was not added.")
    return ctx.session.contacts.import_card(entry.card, as_new=as_new, replaces=replaces)


def _cards(answer: Any) -> list[Any]:
    cards = answer.get("cards") if isinstance(answer, dict) else None
    if not isinstance(cards, list):
        field_of(answer, "cards", list)
    return cards  # type: ignore[return-value]
