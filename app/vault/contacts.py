"""Contacts: correspondents' identity cards, pinned by fingerprint, with a verification state.

States (`ContactState`):

* `unverified`: the card was imported (its self-signature and validity checked) but the
  safety number was not compared yet. Files from it are received; nothing is sealed to it
  without an explicit override.
* `verified`: the user compared the safety number (`verify_safety_number`) or scanned the
  contact's QR code (`verify_qr`); the date and method are kept.
* `key_changed`: a card was imported whose *name* matches this contact but whose *keys* differ.
  The contact now carries the new card, its old key is kept in `contact_keys`, and sending to it
  is blocked until it is verified again; a file signed with the new key is refused unless
  accepted explicitly, one signed with the old key is refused (`RetiredSenderKey`).

`import_card` outcomes: `added` (new contact), `updated` (same keys, newer card: renewal, new
name; the state is kept), `unchanged` (same or older card), `key_changed`. A card carrying a
key the contact already replaced is refused (it would roll the contact back). `as_new=True`
adds a card as a separate contact even if its name matches one (a namesake), and
`replaces=<id>` says which contact a key change applies to when several share the name.
"""

from __future__ import annotations

import enum
import os
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from app.audit import AuditLog
from app.records import clean_notes, now_text
from app.records import contacts as records
from app.records.contacts import (  # re-exported: the faces' types
    Contact,
    ContactState,
    VerificationMethod,
)
from app.vault.errors import (
    ContactError,
    ContactNotFound,
    OwnCardError,
    RecipientNotVerified,
    VerificationMismatch,
)
from crypto.identity import IdentityCard, PrivateIdentity, parse_card
from crypto.safety import format_safety_number, qr_matches, qr_payload, safety_number
from crypto.sealed.codec import utc_now
from storage.store import Store

MAX_CARD_FILE = 64 * 1024


class ImportOutcome(str, enum.Enum):
    ADDED = "added"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    KEY_CHANGED = "key_changed"


@dataclass(frozen=True)
class ImportResult:
    contact: Contact
    outcome: ImportOutcome


def fold(text: str) -> str:
    """Case- and accent-insensitive form used to match names ("Élise" = "elise")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


class Contacts:
    """The contacts of one open store. `identity()` gives the holder's current identity."""

    def __init__(self, store: Store, audit: AuditLog,
                 identity: Callable[[], PrivateIdentity]) -> None:
        self._store = store
        self._db = store.db
        self._audit = audit
        self._identity = identity

    # -- reading ------------------------------------------------------------------------------
    def get(self, contact_id: int) -> Contact:
        contact = records.get(self._db, contact_id)
        if contact is None:
            raise ContactNotFound(contact_id)
        return contact

    def list(self, *, state: ContactState | None = None) -> list[Contact]:
        return sorted(records.listed(self._db, state), key=lambda c: (fold(c.name), c.id))

    def search(self, text: str) -> list[Contact]:
        """Contacts whose name, role, organisation or fingerprint (hex) hold every word."""
        words = fold(text).split()
        def haystack(c: Contact) -> str:
            return fold(f"{c.name} {c.card.role} {c.card.organisation} {c.card.fingerprint_hex}")
        return [c for c in self.list() if all(w in haystack(c) for w in words)]

    def by_fingerprint(self, fingerprint: bytes) -> Contact | None:
        return records.by_fingerprint(self._db, fingerprint)

    def by_previous_fingerprint(self, fingerprint: bytes) -> Contact | None:
        """The contact that used this key before a key change, if any."""
        cid = records.previous_owner(self._db, fingerprint)
        return None if cid is None else self.get(cid)

    # -- importing ----------------------------------------------------------------------------
    def import_card_file(self, path: str | os.PathLike[str], *, as_new: bool = False,
                         replaces: int | None = None) -> ImportResult:
        try:
            with open(path, "rb") as fh:
                data = fh.read(MAX_CARD_FILE + 1)
        except OSError:
            raise ContactError("The identity card file cannot be read (missing or not "
                               "allowed).") from None
        return self.import_card(data, as_new=as_new, replaces=replaces)

    def import_card(self, card: IdentityCard | bytes, *, as_new: bool = False,
                    replaces: int | None = None, now: datetime | None = None) -> ImportResult:
        """Add or update a contact from a card (bytes are parsed strictly). See module doc."""
        card = _checked_card(card, now)
        if card.fingerprint == self._identity().fingerprint:
            raise OwnCardError("This is your own identity card; it cannot be a contact.")
        with self._db.transaction():
            if records.previous_owner(self._db, card.fingerprint) is not None:
                raise ContactError("This card carries keys that one of your contacts has "
                                   "replaced since; it was not imported.")
            same = self.by_fingerprint(card.fingerprint)
            if same is not None:
                return self._refresh(same, card)
            namesakes = [] if as_new else self._namesakes(card, replaces)
            if not namesakes:
                return ImportResult(self._add(card), ImportOutcome.ADDED)
            if len(namesakes) > 1:
                raise ContactError(f"{len(namesakes)} contacts have this card's name; say which "
                                   "one it replaces, or add it as a separate contact.")
            return ImportResult(self._key_change(namesakes[0], card), ImportOutcome.KEY_CHANGED)

    def _namesakes(self, card: IdentityCard, replaces: int | None) -> list[int]:
        if replaces is not None:
            self.get(replaces)
            return [replaces]
        return records.ids_named(self._db, fold(card.name))

    def _add(self, card: IdentityCard) -> Contact:
        contact_id = records.insert(self._db, card, fold(card.name), now_text())
        self._audit.record("contact.add")
        return self.get(contact_id)

    def _refresh(self, contact: Contact, card: IdentityCard) -> ImportResult:
        if card.created <= contact.card.created:
            return ImportResult(contact, ImportOutcome.UNCHANGED)
        records.set_card(self._db, contact.id, card, fold(card.name), now_text())
        self._audit.record("contact.update")
        return ImportResult(self.get(contact.id), ImportOutcome.UPDATED)

    def _key_change(self, contact_id: int, card: IdentityCard) -> Contact:
        records.change_key(self._db, self.get(contact_id), card, fold(card.name), now_text())
        self._audit.record("contact.key_change")
        return self.get(contact_id)

    # -- verifying ----------------------------------------------------------------------------
    def safety_number(self, contact_id: int) -> str:
        """The 60 digits to compare with the contact, formatted in groups (3 lines)."""
        return format_safety_number(safety_number(self._identity().card,
                                                  self.get(contact_id).card))

    def qr_payload(self, contact_id: int) -> str:
        """What our QR code shows for this pair (the contact scans it, or we scan theirs)."""
        return qr_payload(self._identity().card, self.get(contact_id).card)

    def verify_safety_number(self, contact_id: int, shown: str) -> Contact:
        """Mark verified after the user confirmed that the number `shown` matched.

        `shown` is the number that was displayed (spaces ignored): if the contact's card
        changed in between, it no longer matches and nothing is marked.
        """
        expected = safety_number(self._identity().card, self.get(contact_id).card)
        if "".join(shown.split()) != expected:
            raise VerificationMismatch("This safety number is not the one of your card and "
                                       "this contact's current card; nothing was marked.")
        return self._mark(contact_id, VerificationMethod.SAFETY_NUMBER)

    def verify_qr(self, contact_id: int, scanned: str) -> Contact:
        if not qr_matches(scanned, self._identity().card, self.get(contact_id).card):
            raise VerificationMismatch("The scanned code does not match your card and this "
                                       "contact's current card; nothing was marked.")
        return self._mark(contact_id, VerificationMethod.QR_CODE)

    def _mark(self, contact_id: int, method: VerificationMethod) -> Contact:
        with self._db.transaction():
            records.mark_verified(self._db, contact_id, method, now_text())
            self._audit.record("contact.verify")
        return self.get(contact_id)

    def set_notes(self, contact_id: int, notes: str) -> Contact:
        self.get(contact_id)
        with self._db.transaction():
            records.set_notes(self._db, contact_id, clean_notes(notes), now_text())
            self._audit.record("contact.update")
        return self.get(contact_id)

    # -- deleting, sending --------------------------------------------------------------------
    def delete(self, contact_id: int) -> None:
        self.get(contact_id)
        with self._db.transaction():
            records.delete(self._db, contact_id)
            self._audit.record("contact.delete")

    def sendable_card(self, contact_id: int, *, allow_unverified: bool = False,
                      now: datetime | None = None) -> IdentityCard:
        """The card to seal to, or `RecipientNotVerified` / `CardExpired`."""
        contact = self.get(contact_id)
        if contact.state is not ContactState.VERIFIED and not allow_unverified:
            raise RecipientNotVerified(contact_id, contact.key_changed)
        contact.card.check_valid(now or utc_now())
        return contact.card


def _checked_card(card: IdentityCard | bytes, now: datetime | None) -> IdentityCard:
    if isinstance(card, bytes | bytearray):
        card = parse_card(bytes(card))  # strict parse, self-signature and certifications
    elif isinstance(card, IdentityCard):
        card = parse_card(card.to_bytes())  # a card built in memory is checked the same way
    else:
        raise TypeError("card must be an IdentityCard or the bytes of a card file")
    card.check_valid(now or utc_now())
    return card

