"""The SQL of contacts and of the keys they replaced (tables `contacts`, `contact_keys` of
storage/migrations/v004_vault.py), and the `Contact` value read from them. The rules (states,
imports, verification) are app/vault/contacts.py's.

`name_key` is the folded name (`app.vault.contacts.fold`) the caller computes: namesakes are
found by it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from app.records import parse_time
from crypto.identity import IdentityCard, parse_card
from storage.db import Database, Row


class ContactState(str, enum.Enum):
    UNVERIFIED = "unverified"
    VERIFIED = "verified"
    KEY_CHANGED = "key_changed"


class VerificationMethod(str, enum.Enum):
    SAFETY_NUMBER = "safety_number"
    QR_CODE = "qr_code"


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


_SELECT = ("SELECT id, card, state, verified_at, verified_method, added_at, updated_at, notes"
           " FROM contacts")


def _contact(db: Database, row: Row) -> Contact:
    previous = tuple(bytes(r[0]) for r in db.query(
        "SELECT fingerprint FROM contact_keys WHERE contact_id = ? ORDER BY replaced_at",
        (row[0],)))
    return Contact(row[0], parse_card(bytes(row[1])), ContactState(row[2]),
                   parse_time(row[3]) if row[3] else None,
                   VerificationMethod(row[4]) if row[4] else None,
                   parse_time(row[5]), parse_time(row[6]), row[7], previous)


# -- reading ----------------------------------------------------------------------------------
def get(db: Database, contact_id: int) -> Contact | None:
    row = db.query_one(_SELECT + " WHERE id = ?", (contact_id,))
    return None if row is None else _contact(db, row)


def listed(db: Database, state: ContactState | None = None) -> list[Contact]:
    """Every contact (or those in `state`), in no particular order."""
    sql, params = _SELECT, ()
    if state is not None:
        sql, params = sql + " WHERE state = ?", (ContactState(state).value,)
    return [_contact(db, r) for r in db.query(sql, params)]


def by_fingerprint(db: Database, fingerprint: bytes) -> Contact | None:
    row = db.query_one(_SELECT + " WHERE fingerprint = ?", (bytes(fingerprint),))
    return None if row is None else _contact(db, row)


def previous_owner(db: Database, fingerprint: bytes) -> int | None:
    """The id of the contact that used this key before a key change, if any."""
    contact_id = db.scalar("SELECT contact_id FROM contact_keys WHERE fingerprint = ?",
                           (bytes(fingerprint),))
    return None if contact_id is None else int(contact_id)


def ids_named(db: Database, name_key: str) -> list[int]:
    return [r[0] for r in db.query("SELECT id FROM contacts WHERE name_key = ?", (name_key,))]


# -- writing ----------------------------------------------------------------------------------
def insert(db: Database, card: IdentityCard, name_key: str, now: str) -> int:
    """Add an unverified contact; return its id."""
    cur = db.execute(
        "INSERT INTO contacts (name, name_key, fingerprint, card, state, added_at,"
        " updated_at) VALUES (?, ?, ?, ?, 'unverified', ?, ?)",
        (card.name, name_key, card.fingerprint, card.to_bytes(), now, now))
    return int(cur.lastrowid)


def set_card(db: Database, contact_id: int, card: IdentityCard, name_key: str,
             now: str) -> None:
    """A newer card with the same keys (renewal, new name): the state is kept."""
    db.execute(
        "UPDATE contacts SET name = ?, name_key = ?, card = ?, updated_at = ? WHERE id = ?",
        (card.name, name_key, card.to_bytes(), now, contact_id))


def change_key(db: Database, old: Contact, card: IdentityCard, name_key: str,
               now: str) -> None:
    """Keep `old`'s key in `contact_keys` and give the contact `card`, to be verified again."""
    db.execute(
        "INSERT OR IGNORE INTO contact_keys (contact_id, fingerprint, card, replaced_at)"
        " VALUES (?, ?, ?, ?)", (old.id, old.fingerprint, old.card.to_bytes(), now))
    db.execute(
        "UPDATE contacts SET name = ?, name_key = ?, fingerprint = ?, card = ?,"
        " state = 'key_changed', verified_at = NULL, verified_method = NULL, updated_at = ?"
        " WHERE id = ?",
        (card.name, name_key, card.fingerprint, card.to_bytes(), now, old.id))


def mark_verified(db: Database, contact_id: int, method: VerificationMethod, now: str) -> None:
    db.execute(
        "UPDATE contacts SET state = 'verified', verified_at = ?, verified_method = ?,"
        " updated_at = ? WHERE id = ?", (now, method.value, now, contact_id))


def set_notes(db: Database, contact_id: int, notes: str, now: str) -> None:
    db.execute("UPDATE contacts SET notes = ?, updated_at = ? WHERE id = ?",
               (notes, now, contact_id))


def delete(db: Database, contact_id: int) -> None:
    """Delete the contact; the keys it replaced go with it (cascade)."""
    db.execute("DELETE FROM contacts WHERE id = ?", (contact_id,))
