"""app.identities: what `scelle id` asks of the core, called directly (no face)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app import identities
from app.identities import (
    MAX_VALIDITY_DAYS,
    CardError,
    FileKind,
    WrongPassphrase,
    age_identities_text,
    create_identity_file,
    kind_of_file,
    load_identity_file,
    parse_card,
)
from app.records import InvalidValueError


class _Asked:
    """A passphrase provider that counts how often it was asked."""

    def __init__(self, answer: str) -> None:
        self.answer = answer
        self.times = 0

    def __call__(self) -> str:
        self.times += 1
        return self.answer


def test_protected_identity_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "me.id"
    card = create_identity_file(path, "Me Claire Dubois", "Notaire", "Étude Dubois", days=30,
                                passphrase="correct horse battery")
    assert kind_of_file(path.read_bytes()) is FileKind.IDENTITY
    asked = _Asked("correct horse battery")
    identity = load_identity_file(path, asked)
    assert asked.times == 1 and identity.card == card
    assert (card.expires - card.created).days == 30 and card.organisation == "Étude Dubois"
    with pytest.raises(WrongPassphrase):
        load_identity_file(path, _Asked("wrong"))


def test_unprotected_identity_is_read_without_asking(tmp_path: Path) -> None:
    path = tmp_path / "me.id"
    card = create_identity_file(path, "Me Claire Dubois", days=1, passphrase=None)
    assert kind_of_file(path.read_bytes()) is FileKind.IDENTITY
    asked = _Asked("unused")
    assert load_identity_file(path, asked).card == card and asked.times == 0


@pytest.mark.parametrize("days", [0, -1, MAX_VALIDITY_DAYS + 1])
def test_validity_outside_the_rule_is_refused_before_anything_is_written(
        tmp_path: Path, days: int) -> None:
    path = tmp_path / "me.id"
    with pytest.raises(InvalidValueError, match=str(MAX_VALIDITY_DAYS)):
        create_identity_file(path, "Me Claire Dubois", days=days, passphrase=None)
    assert not path.exists()


def test_an_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "me.id"
    path.write_bytes(b"precious")
    with pytest.raises(identities.IdentityFileError):
        create_identity_file(path, "Me Claire Dubois", passphrase=None)
    assert path.read_bytes() == b"precious"


def test_kind_of_file_tells_cards_from_identities_and_junk(tmp_path: Path) -> None:
    path = tmp_path / "me.id"
    card = create_identity_file(path, "Me Claire Dubois", passphrase=None)
    assert kind_of_file(card.to_bytes()) is FileKind.CARD
    assert parse_card(card.to_bytes()) == card
    assert kind_of_file(b"\xff\xfe not text") is FileKind.NEITHER
    assert kind_of_file(b"not json") is FileKind.NEITHER
    # JSON that is not an identity file is offered to the card parser, which refuses it.
    assert kind_of_file(json.dumps({"hello": 1}).encode()) is FileKind.CARD
    with pytest.raises(CardError):
        parse_card(json.dumps({"hello": 1}).encode())


def test_age_identities_text_classic_leaves_the_hybrid_key_out(tmp_path: Path) -> None:
    path = tmp_path / "me.id"
    create_identity_file(path, "Me Claire Dubois", passphrase=None)
    identity = load_identity_file(path)
    full = age_identities_text(identity)
    classic = age_identities_text(identity, classic=True)
    assert "AGE-SECRET-KEY-1" in full and "AGE-SECRET-KEY-PQ-1" in full
    assert "AGE-SECRET-KEY-1" in classic and "AGE-SECRET-KEY-PQ-1" not in classic
    assert identity.card.fingerprint_hex in classic


def test_safety_numbers_are_symmetric(tmp_path: Path) -> None:
    a = create_identity_file(tmp_path / "a.id", "A", passphrase=None)
    b = create_identity_file(tmp_path / "b.id", "B", passphrase=None)
    number = identities.safety_number(a, b)
    assert number == identities.safety_number(b, a) and len(number) == 60
    assert number.startswith(min(identities.party_number(a), identities.party_number(b)))
    assert identities.format_fingerprint(a.fingerprint).replace(" ", "").lower() \
        == a.fingerprint_hex
