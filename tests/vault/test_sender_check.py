"""The sender rule (app/vault/sender_check.py): a different key under a known name or
organisation is flagged, and receiving it needs its own explicit acknowledgement."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from app.vault import SenderImpersonation, UnknownSender, VaultSession
from app.vault.sender_check import MatchedField, SenderKind, classify_sender, match_key
from crypto.identity import PrivateIdentity
from crypto.sealed.writer import Letter, SourceFile, seal
from tests.vault.conftest import befriend
from tests.vault.exchange_helpers import Pair, _assert_intact, _state


def _check(session: VaultSession, identity: PrivateIdentity):
    return classify_sender(session.contacts, identity.card, session.identity.fingerprint)


def _sealed_by(identity: PrivateIdentity, to: VaultSession, path: Path) -> Path:
    with path.open("wb") as out:
        seal(out, identity, [to.identity.card],
             [SourceFile("rib.txt", 4, lambda: io.BytesIO(b"IBAN"))],
             Letter(subject="Virement du prix — nouveau RIB"))
    return path


def test_match_key_folds_case_accents_spaces_and_compatibility_forms() -> None:
    assert match_key("ME  KARIM\tBÉNALI") == match_key("Me Karim Benali")
    assert match_key("Ｍｅ Karim Benali") == match_key("Me Karim Benali")  # full-width
    assert match_key("Karim Benali") != match_key("Me Karim Benali")  # titles are kept


def test_same_key_is_known_verified_or_unverified_and_own_is_own(
        pair: Pair, alice: VaultSession) -> None:
    _, bob, _, alice_at_bob = pair
    check = _check(bob, alice.identity)
    assert check.kind is SenderKind.KNOWN_VERIFIED and check.contact.id == alice_at_bob
    assert not check.needs_acceptance and check.clashes == ()
    assert _check(bob, bob.identity).kind is SenderKind.OWN


def test_unverified_contact_is_known_unverified(alice: VaultSession, bob: VaultSession) -> None:
    befriend(alice, bob, verify=False)
    assert _check(bob, alice.identity).kind is SenderKind.KNOWN_UNVERIFIED


def test_new_key_under_a_verified_contacts_name_is_impersonation(pair: Pair) -> None:
    _, bob, _, alice_at_bob = pair
    mallory = PrivateIdentity.generate("ALICE  MARTIN", "Avocat", "Cabinet Inconnu")
    check = _check(bob, mallory)
    assert check.kind is SenderKind.IMPERSONATION and check.needs_acceptance
    assert check.contact is None
    assert [(c.contact.id, c.fields) for c in check.clashes] == [
        (alice_at_bob, (MatchedField.NAME,))]
    assert [c.id for c in check.name_clashes] == [alice_at_bob]


def test_new_key_under_a_contacts_organisation_is_impersonation(pair: Pair) -> None:
    _, bob, _, alice_at_bob = pair
    mallory = PrivateIdentity.generate("Service comptable", "", "barreau de LYON")
    check = _check(bob, mallory)
    assert check.kind is SenderKind.IMPERSONATION
    assert [(c.contact.id, c.fields) for c in check.clashes] == [
        (alice_at_bob, (MatchedField.ORGANISATION,))]
    assert check.name_clashes == ()


def test_name_and_organisation_both_reported(pair: Pair) -> None:
    _, bob, _, _ = pair
    mallory = PrivateIdentity.generate("Alice Martin", "Avocat", "Barreau de Lyon")
    (clash,) = _check(bob, mallory).clashes
    assert clash.fields == (MatchedField.NAME, MatchedField.ORGANISATION)


def test_a_genuinely_new_person_is_unknown(pair: Pair) -> None:
    _, bob, _, _ = pair
    karim = PrivateIdentity.generate("Me Karim Benali", "Notaire", "Étude Benali")
    check = _check(bob, karim)
    assert check.kind is SenderKind.UNKNOWN and check.clashes == ()


def test_key_changed_and_retired_keys(pair: Pair, alice: VaultSession) -> None:
    _, bob, _, alice_at_bob = pair
    new_alice = PrivateIdentity.generate("Alice Martin", "Avocat", "Barreau de Lyon")
    bob.contacts.import_card(new_alice.card.to_bytes())
    assert _check(bob, new_alice).kind is SenderKind.KEY_CHANGED
    retired = _check(bob, alice.identity)
    assert retired.kind is SenderKind.RETIRED and retired.contact.id == alice_at_bob


def test_impersonating_file_is_refused_even_when_unverified_senders_are_accepted(
        pair: Pair, tmp_path: Path) -> None:
    _, bob, _, alice_at_bob = pair
    mallory = PrivateIdentity.generate("Alice Martin", "Avocat", "Cabinet Inconnu")
    path = _sealed_by(mallory, bob, tmp_path / "rib.scelle")
    before = _state(bob)
    for accept in (False, True):
        with pytest.raises(SenderImpersonation) as info:
            bob.receive_sealed(path, accept_unverified=accept)
        assert isinstance(info.value, UnknownSender)  # held like one by the relay inbox
        assert "Alice" not in str(info.value)  # error texts name no person
        assert info.value.check.kind is SenderKind.IMPERSONATION
        assert info.value.card.fingerprint == mallory.fingerprint
        with pytest.raises(SenderImpersonation):
            bob.verify_sealed(path, accept_unverified=accept)
    _assert_intact(bob, before)
    contacts_before = bob.contacts.list()
    got = bob.receive_sealed(path, accept_key_mismatch=True)
    assert got.sender.contact_id is None and not got.sender.verified
    assert got.sender.check.kind is SenderKind.IMPERSONATION
    assert got.sender.check.clashes[0].contact.id == alice_at_bob
    assert bob.messages.get(got.record_id).sender_verified is False
    assert bob.contacts.list() == contacts_before  # accepting a file changes no contact


def test_the_real_contact_is_still_received_without_acknowledgement(
        pair: Pair, alice: VaultSession, tmp_path: Path) -> None:
    _, bob, _, alice_at_bob = pair
    got = bob.receive_sealed(_sealed_by(alice.identity, bob, tmp_path / "ok.scelle"))
    assert got.sender.contact_id == alice_at_bob and got.sender.verified
    assert got.sender.check.kind is SenderKind.KNOWN_VERIFIED
