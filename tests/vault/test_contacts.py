"""Contacts: pinning by fingerprint, verification, key changes, card checks, search, deletion."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.vault import (
    ContactError,
    ContactNotFound,
    ContactState,
    ImportOutcome,
    OwnCardError,
    VaultSession,
    VerificationMethod,
    VerificationMismatch,
)
from crypto.identity import CardError, CardExpired, PrivateIdentity
from crypto.safety import safety_number
from tests.store.helpers import files_containing

DAY = timedelta(days=1)


@pytest.fixture(scope="module")
def dupont() -> PrivateIdentity:
    return PrivateIdentity.generate("Maître Élise Dupont", "Avocate", "Barreau de Paris")


def test_import_pins_an_unverified_contact(alice: VaultSession, dupont: PrivateIdentity) -> None:
    result = alice.contacts.import_card(dupont.card.to_bytes())
    contact = result.contact
    assert result.outcome is ImportOutcome.ADDED
    assert contact.state is ContactState.UNVERIFIED and not contact.verified
    assert contact.fingerprint == dupont.fingerprint and contact.name == dupont.card.name
    assert contact.verified_at is None and contact.verified_method is None
    assert alice.contacts.by_fingerprint(dupont.fingerprint) == contact
    assert "Dupont" not in repr(contact)  # names stay out of logs
    again = alice.contacts.import_card(dupont.card)
    assert again.outcome is ImportOutcome.UNCHANGED and len(alice.contacts.list()) == 1


def test_verify_by_safety_number(alice: VaultSession, dupont: PrivateIdentity) -> None:
    cid = alice.contacts.import_card(dupont.card).contact.id
    shown = alice.contacts.safety_number(cid)
    assert "".join(shown.split()) == safety_number(alice.identity.card, dupont.card)
    assert len(shown.splitlines()) == 3
    wrong = "0" * 60
    with pytest.raises(VerificationMismatch):
        alice.contacts.verify_safety_number(cid, wrong)
    assert alice.contacts.get(cid).state is ContactState.UNVERIFIED
    contact = alice.contacts.verify_safety_number(cid, shown)
    assert contact.verified and contact.verified_method is VerificationMethod.SAFETY_NUMBER
    assert contact.verified_at is not None
    assert abs(contact.verified_at - datetime.now(UTC)) < timedelta(hours=1)


def test_verify_by_qr_code(alice: VaultSession, dupont: PrivateIdentity) -> None:
    cid = alice.contacts.import_card(dupont.card).contact.id
    other = PrivateIdentity.generate("Quelqu'un", "", "")
    from crypto.safety import qr_payload

    with pytest.raises(VerificationMismatch):
        alice.contacts.verify_qr(cid, qr_payload(alice.identity.card, other.card))
    with pytest.raises(VerificationMismatch):
        alice.contacts.verify_qr(cid, "n'importe quoi é")
    contact = alice.contacts.verify_qr(cid, alice.contacts.qr_payload(cid).lower())
    assert contact.verified and contact.verified_method is VerificationMethod.QR_CODE


def test_key_change_is_recorded_and_needs_a_new_verification(
        alice: VaultSession, dupont: PrivateIdentity) -> None:
    cid = alice.contacts.import_card(dupont.card).contact.id
    old_number = alice.contacts.safety_number(cid)
    alice.contacts.verify_safety_number(cid, old_number)
    impostor = PrivateIdentity.generate("maitre elise DUPONT", "Avocate", "Barreau de Paris")
    result = alice.contacts.import_card(impostor.card.to_bytes())
    assert result.outcome is ImportOutcome.KEY_CHANGED and result.contact.id == cid
    contact = alice.contacts.get(cid)
    assert contact.key_changed and not contact.verified and contact.verified_at is None
    assert contact.fingerprint == impostor.fingerprint
    assert contact.previous_fingerprints == (dupont.fingerprint,)
    assert alice.contacts.by_previous_fingerprint(dupont.fingerprint).id == cid
    with pytest.raises(VerificationMismatch):  # the number compared before no longer holds
        alice.contacts.verify_safety_number(cid, old_number)
    with pytest.raises(ContactError):  # the replaced key cannot be brought back
        alice.contacts.import_card(dupont.card)
    assert "contact.key_change" in [e.action for e in alice.audit.entries()]
    assert alice.contacts.verify_safety_number(cid, alice.contacts.safety_number(cid)).verified


def test_renewed_card_with_the_same_keys_keeps_the_verification(
        alice: VaultSession, dupont: PrivateIdentity) -> None:
    cid = alice.contacts.import_card(dupont.card).contact.id
    alice.contacts.verify_safety_number(cid, alice.contacts.safety_number(cid))
    later = dupont.card.created + timedelta(seconds=5)
    renewed = dupont.renewed(expires=later + 400 * DAY, name="Élise Dupont-Martin", now=later)
    result = alice.contacts.import_card(renewed.card)
    assert result.outcome is ImportOutcome.UPDATED
    assert result.contact.verified and result.contact.name == "Élise Dupont-Martin"
    # An older card of the same keys does not replace the newer one.
    assert alice.contacts.import_card(dupont.card).outcome is ImportOutcome.UNCHANGED
    assert alice.contacts.get(cid).name == "Élise Dupont-Martin"


def test_namesakes(alice: VaultSession, dupont: PrivateIdentity) -> None:
    first = alice.contacts.import_card(dupont.card).contact.id
    other = PrivateIdentity.generate(dupont.card.name, "Notaire", "Étude de Lyon")
    second = alice.contacts.import_card(other.card, as_new=True)
    assert second.outcome is ImportOutcome.ADDED and second.contact.id != first
    third = PrivateIdentity.generate(dupont.card.name, "", "")
    with pytest.raises(ContactError, match="2 contacts"):
        alice.contacts.import_card(third.card)
    changed = alice.contacts.import_card(third.card, replaces=second.contact.id)
    assert changed.outcome is ImportOutcome.KEY_CHANGED
    assert alice.contacts.get(first).state is ContactState.UNVERIFIED


def test_bad_cards_are_refused(alice: VaultSession, dupont: PrivateIdentity,
                               tmp_path: Path) -> None:
    raw = json.loads(dupont.card.to_bytes())
    raw["name"] = "Maître Mallory"
    with pytest.raises(CardError, match="self-signature"):
        alice.contacts.import_card(json.dumps(raw).encode())
    with pytest.raises(CardError):
        alice.contacts.import_card(b"\x00garbage")
    old = PrivateIdentity.generate("Ancien", now=datetime.now(UTC) - 900 * DAY,
                                   validity=365 * DAY)
    with pytest.raises(CardExpired):
        alice.contacts.import_card(old.card)
    with pytest.raises(OwnCardError):
        alice.contacts.import_card(alice.identity.card)
    with pytest.raises(ContactError):
        alice.contacts.import_card_file(tmp_path / "absent.card")
    assert alice.contacts.list() == []


def test_card_file_import_list_search_delete(alice: VaultSession, dupont: PrivateIdentity,
                                             tmp_path: Path) -> None:
    path = tmp_path / "dupont.card"
    path.write_bytes(dupont.card.to_bytes())
    a = alice.contacts.import_card_file(path).contact.id
    b = alice.contacts.import_card(PrivateIdentity.generate("Zoé Bernard", "OPJ",
                                                            "Commissariat").card).contact.id
    assert [c.id for c in alice.contacts.list()] == [a, b]  # "Maître É…" before "Zoé"
    assert [c.id for c in alice.contacts.search("elise")] == [a]
    assert [c.id for c in alice.contacts.search("ZOE opj")] == [b]
    assert [c.id for c in alice.contacts.search(dupont.card.fingerprint_hex[:12])] == [a]
    assert alice.contacts.search("personne") == []
    alice.contacts.verify_safety_number(b, alice.contacts.safety_number(b))
    assert [c.id for c in alice.contacts.list(state=ContactState.VERIFIED)] == [b]
    alice.contacts.delete(a)
    with pytest.raises(ContactNotFound):
        alice.contacts.get(a)
    with pytest.raises(ContactNotFound):
        alice.contacts.delete(a)
    assert [c.id for c in alice.contacts.list()] == [b]
    for entry in alice.audit.entries():
        assert "Dupont" not in str(entry.as_json())
    assert files_containing(alice.vault_dir, b"Dupont") == []


def test_contacts_survive_reopening(alice: VaultSession, dupont: PrivateIdentity,
                                    templates: dict, tmp_path: Path) -> None:
    cid = alice.contacts.import_card(dupont.card).contact.id
    alice.contacts.verify_qr(cid, alice.contacts.qr_payload(cid))
    alice.lock()
    from tests.vault.conftest import open_copy

    with open_copy(templates["alice"], tmp_path / "alice") as again:
        contact = again.contacts.get(cid)
        assert contact.verified and contact.card == dupont.card
