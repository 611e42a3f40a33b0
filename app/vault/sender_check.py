"""Who a card's holder is to us: the one rule both faces ask before any sender is shown.

`classify_sender(contacts, card, own_fingerprint)` answers, from the card's keys first:

* `OWN`: the vault holder's own card (a copy of a file they sealed);
* `KNOWN_VERIFIED` / `KNOWN_UNVERIFIED`: a contact whose current card has these keys;
* `KEY_CHANGED`: a contact that carries these keys but was not verified again after a key
  change the user accepted;
* `RETIRED`: keys a contact used before a key change;
* `IMPERSONATION`: keys no contact has, on a card whose name or organisation is the one of a
  contact. This is the wire-fraud case ("Me Karim Benali", new keys, "nouveau RIB"): either the
  person changed computers, or someone else made a card bearing their name. Only a telephone
  call to a number already known tells which, so receiving needs an explicit acknowledgement
  (`accept_key_mismatch`) that neither face can skip;
* `UNKNOWN`: keys and names that are all new to this vault.

Names and organisations are compared in a folded form (`match_key`: compatibility forms,
case, accents and runs of white space ignored, titles such as "Me" kept): "ME  KARIM BÉNALI"
matches "Me Karim Benali". Cards carry no e-mail address, so none is compared.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from app.vault.contacts import Contact, Contacts, ContactState, fold
from crypto.identity import IdentityCard


class SenderKind(str, enum.Enum):
    OWN = "own"
    KNOWN_VERIFIED = "known_verified"
    KNOWN_UNVERIFIED = "known_unverified"
    KEY_CHANGED = "key_changed"
    RETIRED = "retired"
    IMPERSONATION = "impersonation"
    UNKNOWN = "unknown"


class MatchedField(str, enum.Enum):
    NAME = "name"
    ORGANISATION = "organisation"


@dataclass(frozen=True)
class NameClash:
    """A contact with other keys whose name and/or organisation are the card's."""

    contact: Contact
    fields: tuple[MatchedField, ...]


@dataclass(frozen=True)
class SenderCheck:
    kind: SenderKind
    contact: Contact | None = None  # the contact holding these keys (known, key changed)
    clashes: tuple[NameClash, ...] = ()  # IMPERSONATION only

    @property
    def needs_acceptance(self) -> bool:
        """Receiving needs an explicit acceptance (of an unverified or a different key)."""
        return self.kind in (SenderKind.UNKNOWN, SenderKind.KEY_CHANGED,
                             SenderKind.IMPERSONATION)

    @property
    def name_clashes(self) -> tuple[Contact, ...]:
        """Contacts whose name is the card's (the ones a key change could apply to)."""
        return tuple(c.contact for c in self.clashes if MatchedField.NAME in c.fields)


def match_key(text: str) -> str:
    """The folded form names and organisations are compared in (see the module doc)."""
    return fold(text)


def name_clashes(contacts: Contacts, card: IdentityCard) -> tuple[NameClash, ...]:
    """Contacts with other keys than the card's whose name or organisation match it."""
    name, organisation = match_key(card.name), match_key(card.organisation)
    found = []
    for contact in contacts.list():
        if contact.card.fingerprint == card.fingerprint:
            continue
        fields = []
        if name and match_key(contact.card.name) == name:
            fields.append(MatchedField.NAME)
        if organisation and match_key(contact.card.organisation) == organisation:
            fields.append(MatchedField.ORGANISATION)
        if fields:
            found.append(NameClash(contact, tuple(fields)))
    # Name matches first: they are the likeliest impostures, and the key-change candidates.
    found.sort(key=lambda c: (MatchedField.NAME not in c.fields, match_key(c.contact.name)))
    return tuple(found)


def classify_sender(contacts: Contacts, card: IdentityCard,
                    own_fingerprint: bytes | None = None) -> SenderCheck:
    """What `card`'s holder is to this vault (see the module doc)."""
    if own_fingerprint is not None and card.fingerprint == own_fingerprint:
        return SenderCheck(SenderKind.OWN)
    contact = contacts.by_fingerprint(card.fingerprint)
    if contact is not None:
        if contact.state is ContactState.KEY_CHANGED:
            return SenderCheck(SenderKind.KEY_CHANGED, contact)
        kind = SenderKind.KNOWN_VERIFIED if contact.verified else SenderKind.KNOWN_UNVERIFIED
        return SenderCheck(kind, contact)
    previous = contacts.by_previous_fingerprint(card.fingerprint)
    if previous is not None:
        return SenderCheck(SenderKind.RETIRED, previous)
    clashes = name_clashes(contacts, card)
    if clashes:
        return SenderCheck(SenderKind.IMPERSONATION, None, clashes)
    return SenderCheck(SenderKind.UNKNOWN)
