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
from dataclasses import dataclass, field
from datetime import datetime

from app.audit import AuditLog
from app.records import clean_notes, now_text, parse_time
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
from storage.db import Row
from storage.store import Store

MAX_CARD_FILE = 64 * 1024


class ContactState(str, enum.Enum):
    UNVERIFIED = "unverified"
    VERIFIED = "verified"
    KEY_CHANGED = "key_changed"


class VerificationMethod(str, enum.Enum):
    SAFETY_NUMBER = "safety_number"
    QR_CODE = "qr_code"


class ImportOutcome(str, enum.Enum):
    ADDED = "added"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    KEY_CHANGED = "key_changed"


@dataclass(frozen=True)
class Contact:
    id: int
    card: IdentityCard  # its repr shows the fingerprint only
    state: ContactState
    verified_at: datetime | None
    verified_method: VerificationMethod | None
    added_at: datetime
    updated_at: datetime
    notes: str = field(repr=False, default="")
    previous_fingerprints: tuple[bytes, ...] = field(repr=False, default=())

    @property
    def name(self) -> str:
        return self.card.name

    @property
    def fingerprint(self) -> bytes:
        return self.card.fingerprint

    @property
    def verified(self) -> bool:
        return self.state is ContactState.VERIFIED

    @property
    def key_changed(self) -> bool:
        return self.state is ContactState.KEY_CHANGED


@dataclass(frozen=True)
class ImportResult:
    contact: Contact
    outcome: ImportOutcome


def fold(text: str) -> str:
    """Case- and accent-insensitive form used to match names ("Élise" = "elise")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


_SELECT = ("SELECT id, card, state, verified_at, verified_method, added_at, updated_at, notes"
           " FROM contacts")


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
        row = self._db.query_one(_SELECT + " WHERE id = ?", (contact_id,))
        if row is None:
            raise ContactNotFound(contact_id)
        return self._contact(row)

    def list(self, *, state: ContactState | None = None) -> list[Contact]:
        sql, params = _SELECT, ()
        if state is not None:
            sql, params = sql + " WHERE state = ?", (ContactState(state).value,)
        contacts = [self._contact(r) for r in self._db.query(sql, params)]
        return sorted(contacts, key=lambda c: (fold(c.name), c.id))

    def search(self, text: str) -> list[Contact]:
        """Contacts whose name, role, organisation or fingerprint (hex) hold every word."""
        words = fold(text).split()
        def haystack(c: Contact) -> str:
            return fold(f"{c.name} {c.card.role} {c.card.organisation} {c.card.fingerprint_hex}")
        return [c for c in self.list() if all(w in haystack(c) for w in words)]

    def by_fingerprint(self, fingerprint: bytes) -> Contact | None:
        row = self._db.query_one(_SELECT + " WHERE fingerprint = ?", (bytes(fingerprint),))
        return None if row is None else self._contact(row)

    def by_previous_fingerprint(self, fingerprint: bytes) -> Contact | None:
        """The contact that used this key before a key change, if any."""
        cid = self._db.scalar("SELECT contact_id FROM contact_keys WHERE fingerprint = ?",
                              (bytes(fingerprint),))
        return None if cid is None else self.get(cid)

    def _contact(self, row: Row) -> Contact:
        previous = tuple(bytes(r[0]) for r in self._db.query(
            "SELECT fingerprint FROM contact_keys WHERE contact_id = ? ORDER BY replaced_at",
            (row[0],)))
        return Contact(row[0], parse_card(bytes(row[1])), ContactState(row[2]),
                       parse_time(row[3]) if row[3] else None,
                       VerificationMethod(row[4]) if row[4] else None,
                       parse_time(row[5]), parse_time(row[6]), row[7], previous)

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
            if self._db.scalar("SELECT 1 FROM contact_keys WHERE fingerprint = ?",
                               (card.fingerprint,)):
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
        return [r[0] for r in self._db.query("SELECT id FROM contacts WHERE name_key = ?",
                                             (fold(card.name),))]

    def _add(self, card: IdentityCard) -> Contact:
        now = now_text()
        cur = self._db.execute(
            "INSERT INTO contacts (name, name_key, fingerprint, card, state, added_at,"
            " updated_at) VALUES (?, ?, ?, ?, 'unverified', ?, ?)",
            (card.name, fold(card.name), card.fingerprint, card.to_bytes(), now, now))
        self._audit.record("contact.add")
        return self.get(int(cur.lastrowid))

    def _refresh(self, contact: Contact, card: IdentityCard) -> ImportResult:
        if card.created <= contact.card.created:
            return ImportResult(contact, ImportOutcome.UNCHANGED)
        self._db.execute(
            "UPDATE contacts SET name = ?, name_key = ?, card = ?, updated_at = ? WHERE id = ?",
            (card.name, fold(card.name), card.to_bytes(), now_text(), contact.id))
        self._audit.record("contact.update")
        return ImportResult(self.get(contact.id), ImportOutcome.UPDATED)

    def _key_change(self, contact_id: int, card: IdentityCard) -> Contact:
        old = self.get(contact_id)
        now = now_text()
        self._db.execute(
            "INSERT OR IGNORE INTO contact_keys (contact_id, fingerprint, card, replaced_at)"
            " VALUES (?, ?, ?, ?)", (contact_id, old.fingerprint, old.card.to_bytes(), now))
        self._db.execute(
            "UPDATE contacts SET name = ?, name_key = ?, fingerprint = ?, card = ?,"
            " state = 'key_changed', verified_at = NULL, verified_method = NULL, updated_at = ?"
            " WHERE id = ?",
            (card.name, fold(card.name), card.fingerprint, card.to_bytes(), now, contact_id))
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
            now = now_text()
            self._db.execute(
                "UPDATE contacts SET state = 'verified', verified_at = ?, verified_method = ?,"
                " updated_at = ? WHERE id = ?", (now, method.value, now, contact_id))
            self._audit.record("contact.verify")
        return self.get(contact_id)

    def set_notes(self, contact_id: int, notes: str) -> Contact:
        self.get(contact_id)
        with self._db.transaction():
            self._db.execute("UPDATE contacts SET notes = ?, updated_at = ? WHERE id = ?",
                             (clean_notes(notes), now_text(), contact_id))
            self._audit.record("contact.update")
        return self.get(contact_id)

    # -- deleting, sending --------------------------------------------------------------------
    def delete(self, contact_id: int) -> None:
        self.get(contact_id)
        with self._db.transaction():
            self._db.execute("DELETE FROM contacts WHERE id = ?", (contact_id,))
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

