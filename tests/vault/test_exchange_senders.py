"""Receiving from and sealing to contacts whose identity is not (or no longer) verified: unknown
senders, forged identities, changed keys, unverified recipients."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.vault import (
    RecipientNotVerified,
    SenderKeyChanged,
    UnknownSender,
    VaultSession,
)
from crypto.identity import PrivateIdentity
from crypto.sealed.writer import SourceFile, seal
from tests.vault.conftest import add_document, befriend
from tests.vault.exchange_helpers import Pair, _assert_intact, _seal, _state


def test_unknown_sender_is_refused_unless_accepted_explicitly(
        alice: VaultSession, bob: VaultSession, tmp_path: Path) -> None:
    # Alice knows Bob (verified), Bob does not know Alice.
    at_a = alice.contacts.import_card(bob.identity.card).contact.id
    alice.contacts.verify_safety_number(at_a, alice.contacts.safety_number(at_a))
    path = tmp_path / "m.scelle"
    _seal(alice, [add_document(alice, "a.txt", b"bonjour")], at_a, path)
    before = _state(bob)
    with pytest.raises(UnknownSender):
        bob.receive_sealed(path)
    with pytest.raises(UnknownSender):
        bob.verify_sealed(path)
    _assert_intact(bob, before)
    got = bob.receive_sealed(path, accept_unverified=True)
    assert got.sender.contact_id is None and not got.sender.verified
    assert bob.messages.get(got.record_id).sender_verified is False
    assert bob.contacts.list() == []  # accepting a file does not add a contact


def test_file_from_an_unverified_contact_is_received_as_unverified(
        alice: VaultSession, bob: VaultSession, tmp_path: Path) -> None:
    at_a, at_b = befriend(alice, bob, verify=False)
    path = tmp_path / "m.scelle"
    _seal(alice, [add_document(alice, "a.txt", b"x")], at_a, path, allow_unverified=True)
    got = bob.receive_sealed(path)
    assert got.sender.contact_id == at_b and got.sender.verified is False


def test_forged_sender_identity_is_refused(pair: Pair, tmp_path: Path) -> None:
    """Mallory makes a card with Alice's name: Bob's pinned contact does not match it."""
    alice, bob, _, _ = pair
    mallory = PrivateIdentity.generate("Alice Martin", "Avocat", "Barreau de Lyon")
    path = tmp_path / "m.scelle"
    with path.open("wb") as out:
        seal(out, mallory, [bob.identity.card],
             [SourceFile("a.txt", 3, lambda: __import__("io").BytesIO(b"abc"))])
    before = _state(bob)
    with pytest.raises(UnknownSender):
        bob.receive_sealed(path)
    _assert_intact(bob, before)


def test_key_changed_sender_blocks_both_ways(pair: Pair, tmp_path: Path) -> None:
    alice, bob, bob_at_alice, alice_at_bob = pair
    new_alice = PrivateIdentity.generate("Alice Martin", "Avocat", "Barreau de Lyon")
    result = bob.contacts.import_card(new_alice.card.to_bytes())
    assert result.outcome.value == "key_changed" and result.contact.id == alice_at_bob
    doc = add_document(bob, "b.txt", b"pour alice")
    with pytest.raises(RecipientNotVerified) as info:
        bob.seal_documents([doc], [alice_at_bob], tmp_path / "to-alice.scelle")
    assert info.value.key_changed
    assert not (tmp_path / "to-alice.scelle").exists()
    # A file signed by the new key: refused until re-verified (or explicitly accepted).
    path = tmp_path / "from-new.scelle"
    with path.open("wb") as out:
        seal(out, new_alice, [bob.identity.card],
             [SourceFile("a.txt", 1, lambda: __import__("io").BytesIO(b"z"))])
    before = _state(bob)
    with pytest.raises(SenderKeyChanged):
        bob.receive_sealed(path)
    _assert_intact(bob, before)
    # A file signed by the old (replaced) key is refused as such.
    old = tmp_path / "from-old.scelle"
    _seal(alice, [add_document(alice, "a.txt", b"y")], bob_at_alice, old)
    from app.vault import RetiredSenderKey

    with pytest.raises(RetiredSenderKey):
        bob.receive_sealed(old, accept_unverified=True)
    _assert_intact(bob, before)
    # After comparing the new safety number, both directions work again.
    bob.contacts.verify_qr(alice_at_bob, bob.contacts.qr_payload(alice_at_bob))
    assert bob.receive_sealed(path).sender.verified


def test_unverified_recipient_needs_an_explicit_override(
        alice: VaultSession, bob: VaultSession, tmp_path: Path) -> None:
    at_a, _ = befriend(alice, bob, verify=False)
    doc = add_document(alice, "a.txt", b"x")
    with pytest.raises(RecipientNotVerified) as info:
        alice.seal_documents([doc], [at_a], tmp_path / "m.scelle")
    assert not info.value.key_changed and not (tmp_path / "m.scelle").exists()
    alice.seal_documents([doc], [at_a], tmp_path / "m.scelle", allow_unverified=True)
    assert bob.receive_sealed(tmp_path / "m.scelle").document_ids
