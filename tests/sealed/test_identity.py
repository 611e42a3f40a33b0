"""Identity cards: canonical form, strict parsing, signatures, certification, fingerprints."""

from __future__ import annotations

import hashlib
import json
import struct
from datetime import timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crypto.identity import (
    CardError,
    CardExpired,
    PrivateIdentity,
    card_from_json,
    certify,
    format_fingerprint,
    parse_card,
)
from crypto.sealed.codec import canonical_json, utc_now


def card_dict(identity: PrivateIdentity) -> dict[str, Any]:
    return json.loads(identity.card.to_bytes())


def test_card_round_trips_through_canonical_bytes(alice: PrivateIdentity) -> None:
    data = alice.card.to_bytes()
    assert data == canonical_json(json.loads(data))
    card = parse_card(data)
    assert card == alice.card
    assert card.age_recipient.startswith("age1") and card.age_pq_recipient.startswith("age1pq1")
    assert (card.name, card.role, card.organisation) == ("Alice Martin", "Avocate",
                                                         "Barreau de Lyon")


def test_card_parsing_accepts_any_json_layout_of_the_same_card(alice: PrivateIdentity) -> None:
    pretty = json.dumps(card_dict(alice), indent=2, ensure_ascii=True).encode()
    assert parse_card(pretty) == alice.card


@pytest.mark.parametrize("field,value", [
    ("name", "Alicia Martin"), ("role", "Juge"), ("organisation", "Autre"),
    ("created", "2020-01-01T00:00:00Z"), ("expires", "2099-01-01T00:00:00Z"),
])
def test_any_change_to_a_signed_field_breaks_the_self_signature(
        alice: PrivateIdentity, field: str, value: str) -> None:
    data = card_dict(alice)
    data[field] = value
    with pytest.raises(CardError, match="self-signature"):
        parse_card(canonical_json(data))


def test_swapped_keys_break_the_self_signature(alice: PrivateIdentity,
                                                 mallory: PrivateIdentity) -> None:
    for field in ("age_recipient", "age_pq_recipient", "signing_key"):
        data = card_dict(alice)
        data[field] = card_dict(mallory)[field]
        with pytest.raises(CardError, match="self-signature"):
            parse_card(canonical_json(data))


@pytest.mark.parametrize("mutate,message", [
    (lambda d: d.pop("name"), "lacks the field"),
    (lambda d: d.update(extra=1), "unknown field"),
    (lambda d: d.update(version=2), "version"),
    (lambda d: d.update(version=True), "whole number"),
    (lambda d: d.update(name=7), "not text"),
    (lambda d: d.update(name=""), "is empty"),
    (lambda d: d.update(name="x" * 201), "longer than"),
    (lambda d: d.update(name="Alice\x1b[2J"), "control characters"),
    (lambda d: d.update(role="Avocate\u202e"), "invisible"),
    (lambda d: d.update(organisation="a\u2028b"), "invisible"),
    (lambda d: d.update(signing_key="AAAA"), "exactly 32 bytes"),
    (lambda d: d.update(signing_key=d["signing_key"][:-1] + "?"), "canonical base64"),
    (lambda d: d.update(self_signature=d["self_signature"].replace("=", "")), "base64"),
    (lambda d: d.update(created="yesterday"), "UTC time"),
    (lambda d: d.update(certifications={}), "not a list"),
    (lambda d: d.update(age_recipient="age1notakey"), "age recipient"),
    (lambda d: d.update(age_recipient=d["age_recipient"][:-1]
                        + ("q" if d["age_recipient"][-1] != "q" else "p")), "not valid"),
    (lambda d: d.update(age_recipient=d["age_recipient"].upper()), "canonical form"),
    (lambda d: d.update(age_pq_recipient=d["age_recipient"]), "canonical form"),
    (lambda d: d.update(age_recipient=d["age_pq_recipient"]), "longer than"),
])
def test_malformed_cards_are_refused_with_a_clear_error(
        alice: PrivateIdentity, mutate: Any, message: str) -> None:
    data = card_dict(alice)
    mutate(data)
    with pytest.raises(CardError, match=message):
        parse_card(canonical_json(data))


@pytest.mark.parametrize("data", [b"", b"[]", b"null", b'{"a":1,"a":1}', b"\xff", b"{" * 20000,
                                  b" " * 20000])
def test_garbage_is_a_card_error(data: bytes) -> None:
    with pytest.raises(CardError):
        parse_card(data)


def test_error_messages_do_not_reveal_the_name(alice: PrivateIdentity) -> None:
    data = card_dict(alice)
    data["name"] = "Secret Client Name" * 20
    with pytest.raises(CardError) as info:
        parse_card(canonical_json(data))
    assert "Secret" not in str(info.value)


def test_expiry_helpers() -> None:
    now = utc_now()
    identity = PrivateIdentity.generate("Eve", validity=timedelta(days=1), hybrid=False, now=now)
    card = identity.card
    assert card.is_valid_at(now) and card.is_valid_at(now + timedelta(hours=23))
    assert not card.is_valid_at(now + timedelta(days=2))
    assert not card.is_valid_at(now - timedelta(days=1))
    assert card.is_valid_at(now - timedelta(minutes=5))  # clock skew tolerance
    with pytest.raises(CardExpired, match="validity period"):
        card.check_valid(now + timedelta(days=2))


def test_a_card_expiring_before_creation_is_refused() -> None:
    with pytest.raises(CardError, match="expires before"):
        PrivateIdentity.generate("Eve", validity=timedelta(days=-1), hybrid=False)


def test_fingerprint_is_sha256_over_length_prefixed_public_keys(alice: PrivateIdentity) -> None:
    card = alice.card
    parts = [card.signing_key, card.age_recipient.encode(), card.age_pq_recipient.encode()]
    expected = hashlib.sha256(b"scelle/v1 fingerprint\0" + b"".join(
        struct.pack(">I", len(p)) + p for p in parts)).digest()
    assert card.fingerprint == expected
    assert card.fingerprint_hex == expected.hex()
    assert format_fingerprint(expected).split(" ")[0] == expected.hex()[:4]
    assert len(format_fingerprint(expected).split(" ")) == 16


def test_fingerprint_without_hybrid_key_uses_an_empty_field(classic_dave: PrivateIdentity) -> None:
    card = classic_dave.card
    assert card.age_pq_recipient is None and not card.has_hybrid
    parts = [card.signing_key, card.age_recipient.encode(), b""]
    assert card.fingerprint == hashlib.sha256(b"scelle/v1 fingerprint\0" + b"".join(
        struct.pack(">I", len(p)) + p for p in parts)).digest()


def test_renewal_keeps_the_fingerprint_and_new_keys_change_it(alice: PrivateIdentity) -> None:
    renewed = alice.renewed(expires=utc_now() + timedelta(days=30), name="Alice Martin-Roux")
    assert renewed.card.fingerprint == alice.card.fingerprint
    assert renewed.card.name == "Alice Martin-Roux"
    assert parse_card(renewed.card.to_bytes()) == renewed.card
    other = PrivateIdentity.generate("Alice Martin", "Avocate", "Barreau de Lyon")
    assert other.card.fingerprint != alice.card.fingerprint


def test_certification_by_an_organisation(alice: PrivateIdentity) -> None:
    org = Ed25519PrivateKey.generate()
    org_key = org.public_key().public_bytes_raw()
    card = certify(alice.card, org, "Ordre des avocats")
    assert alice.card.certified_by(org_key) is None
    cert = card.certified_by(org_key)
    assert cert is not None and cert.organisation == "Ordre des avocats"
    assert parse_card(card.to_bytes()).certified_by(org_key) == cert
    other = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    assert card.certified_by(other) is None
    # Certifying twice with one key replaces the earlier certification.
    assert len(certify(card, org, "Ordre des avocats").certifications) == 1
    # The identity adopts the certified card (same keys).
    assert alice.with_card(card).card.certifications == card.certifications


def test_a_forged_or_misplaced_certification_is_refused(alice: PrivateIdentity,
                                                         bob: PrivateIdentity) -> None:
    org = Ed25519PrivateKey.generate()
    certified = card_dict(alice.with_card(certify(alice.card, org, "Ordre")))
    certified["certifications"][0]["organisation"] = "Autre ordre"
    with pytest.raises(CardError, match="certification"):
        parse_card(canonical_json(certified))
    # A certification made for Alice's card does not transfer to Bob's.
    moved = card_dict(bob)
    moved["certifications"] = card_dict(alice.with_card(certify(alice.card, org, "Ordre")))[
        "certifications"]
    with pytest.raises(CardError, match="certification"):
        parse_card(canonical_json(moved))


def test_duplicate_certifications_are_refused(alice: PrivateIdentity) -> None:
    org = Ed25519PrivateKey.generate()
    data = card_dict(alice.with_card(certify(alice.card, org, "Ordre")))
    data["certifications"] *= 2
    with pytest.raises(CardError, match="duplicate"):
        parse_card(canonical_json(data))


def test_with_card_refuses_a_card_of_other_keys(alice: PrivateIdentity, bob: PrivateIdentity
                                                ) -> None:
    with pytest.raises(CardError, match="other keys"):
        alice.with_card(bob.card)


def test_reprs_show_neither_secrets_nor_names(alice: PrivateIdentity) -> None:
    for text in (repr(alice), repr(alice.card), repr([alice.card])):
        assert alice.card.fingerprint_hex in text
        assert "AGE-SECRET-KEY" not in text and "Alice" not in text and "Lyon" not in text
    alice.check_matches_card()


def test_card_from_json_is_what_metadata_uses(alice: PrivateIdentity) -> None:
    assert card_from_json(alice.card.to_json()) == alice.card
