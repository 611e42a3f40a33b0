"""Duty rosters (crypto/groups.py, docs/format.md §7): signed by the organisation key, strict
when read, and who is on duty when; the optional metadata key `group` and the deposit proof's
optional `group`."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crypto.groups import DutyWindow, GroupRef, Roster, RosterError, RosterMember, \
    new_group_id, on_duty, parse_roster, sign_roster
from crypto.identity import PrivateIdentity
from crypto.org_signer import SoftwareOrgSigner
from crypto.proofs import ProofError, parse_proof, sign_deposit
from crypto.sealed.codec import canonical_json
from crypto.sealed.errors import BadSignature, MalformedMetadata
from crypto.sealed.metadata import decode_metadata
from crypto.sealed.writer import Letter
from tests.sealed.craft import base_metadata, plaintext_of, reencrypt_under_same_header
from tests.sealed.test_roundtrip import open_bytes, seal_bytes

T0 = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
A, B, C = "a" * 64, "b" * 64, "c" * 64


def _roster(key: Ed25519PrivateKey, members: tuple[RosterMember, ...], version: int = 1,
            organisation: str = "Barreau de Lyon") -> Roster:
    return Roster(group_id="0" * 32, organisation=organisation,
                  organisation_key=key.public_key().public_bytes_raw(),
                  name="Permanence pénale — Barreau de Lyon", version=version, issued=T0,
                  members=members)


@pytest.fixture(scope="module")
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def _members() -> tuple[RosterMember, ...]:
    night = DutyWindow(T0 + timedelta(hours=12), T0 + timedelta(hours=24))
    day = DutyWindow(T0, T0 + timedelta(hours=12))
    return (RosterMember(A), RosterMember(B, (day,)), RosterMember(C, (night,)))


def test_sign_parse_round_trip_and_on_duty(key: Ed25519PrivateKey) -> None:
    signed = sign_roster(_roster(key, _members()), SoftwareOrgSigner(key))
    again = parse_roster(signed.to_bytes())
    assert again == signed
    assert on_duty(again.roster, T0 + timedelta(hours=1)) == (A, B)
    assert on_duty(again.roster, T0 + timedelta(hours=12)) == (A, C)  # until is excluded
    assert on_duty(again.roster, T0 - timedelta(seconds=1)) == (A,)
    assert len(new_group_id()) == 32 and new_group_id() != new_group_id()


def test_signed_by_another_key_is_refused(key: Ed25519PrivateKey) -> None:
    other = Ed25519PrivateKey.generate()
    with pytest.raises(RosterError, match="another organisation key"):
        sign_roster(_roster(key, _members()), SoftwareOrgSigner(other))


def _tampered(key: Ed25519PrivateKey, change) -> bytes:  # noqa: ANN001
    value = json.loads(sign_roster(_roster(key, _members()), SoftwareOrgSigner(key)).to_bytes())
    change(value)
    return canonical_json(value)


@pytest.mark.parametrize(("change", "problem"), [
    (lambda v: v["roster"].update(version=2), "does not verify"),
    (lambda v: v["roster"]["members"].pop(0), "does not verify"),
    (lambda v: v["roster"].update(organisation_key=v["signature"][:44]), "organisation_key"),
    (lambda v: v.update(signature="A" * 86 + "=="), "does not verify"),
    (lambda v: v.pop("signature"), "lacks the field"),
    (lambda v: v["roster"].update(extra=1), "unknown field"),
    (lambda v: v["roster"].update(type="card"), "is not duty_roster"),
    (lambda v: v["roster"].update(version=0), "positive"),
    (lambda v: v["roster"].update(name="a\u202eb"), "plain one-line name"),
    (lambda v: v["roster"]["members"].reverse(), "sorted by fingerprint"),
    (lambda v: v["roster"]["members"][0].update(fingerprint="A" * 64), "hexadecimal"),
])
def test_forged_or_malformed_rosters_are_refused(key: Ed25519PrivateKey, change,  # noqa: ANN001
                                                 problem: str) -> None:
    with pytest.raises(RosterError, match=problem):
        parse_roster(_tampered(key, change))


def test_windows_must_be_ordered_and_non_empty(key: Ed25519PrivateKey) -> None:
    overlap = (DutyWindow(T0, T0 + timedelta(hours=2)),
               DutyWindow(T0 + timedelta(hours=1), T0 + timedelta(hours=3)))
    with pytest.raises(RosterError, match="without overlap"):
        sign_roster(_roster(key, (RosterMember(A, overlap),)), SoftwareOrgSigner(key))
    with pytest.raises(RosterError, match="not after its start"):
        sign_roster(_roster(key, (RosterMember(A, (DutyWindow(T0, T0),)),)),
                    SoftwareOrgSigner(key))


def test_non_canonical_and_oversized_rosters_are_refused(key: Ed25519PrivateKey) -> None:
    data = sign_roster(_roster(key, _members()), SoftwareOrgSigner(key)).to_bytes()
    with pytest.raises(RosterError, match="canonical"):
        parse_roster(data.replace(b'{"roster"', b'{ "roster"', 1))
    with pytest.raises(RosterError, match="larger"):
        parse_roster(b" " * (60 * 1024 + 1))


def test_metadata_group_round_trip_and_absent(alice: PrivateIdentity,
                                              bob: PrivateIdentity) -> None:
    plain = base_metadata(alice, [bob.card], [("a.pdf", 3)])
    assert decode_metadata(canonical_json(plain)).group is None
    ref = GroupRef("1" * 32, "Permanence pénale", "Barreau de Lyon", 4)
    value = {**plain, "group": ref.to_json()}
    meta = decode_metadata(canonical_json(value))
    assert meta.group == ref
    assert meta.encode() == canonical_json(value)


@pytest.mark.parametrize("group", [
    {"id": "1" * 31, "name": "P", "organisation": "B", "version": 1},
    {"id": "1" * 32, "name": "", "organisation": "B", "version": 1},
    {"id": "1" * 32, "name": "P", "organisation": "B\n", "version": 1},
    {"id": "1" * 32, "name": "P", "organisation": "B", "version": 0},
    {"id": "1" * 32, "name": "P", "organisation": "B", "version": 1, "members": []},
    "1" * 32,
])
def test_metadata_bad_group_is_refused(alice: PrivateIdentity, bob: PrivateIdentity,
                                       group: object) -> None:
    value = {**base_metadata(alice, [bob.card], [("a.pdf", 3)]), "group": group}
    with pytest.raises(MalformedMetadata, match="group"):
        decode_metadata(canonical_json(value))


def test_deposit_proof_names_the_group_optionally(key: Ed25519PrivateKey) -> None:
    args = {"envelope_id": "e" * 32, "content_digest": "d" * 64, "size": 10, "sender": A,
            "recipients": [B, C], "deposited": T0, "available_until": T0 + timedelta(days=7)}
    plain = sign_deposit(key, **args)
    assert "group" not in plain.statement
    grouped = sign_deposit(key, **args, group="1" * 32)
    assert parse_proof(grouped.to_bytes()).statement["group"] == "1" * 32
    bad = json.loads(grouped.to_bytes())
    bad["statement"]["group"] = "nope"
    with pytest.raises(ProofError, match="group"):
        parse_proof(canonical_json(bad))


def test_a_member_changing_the_group_in_the_metadata_is_detected(
        alice: PrivateIdentity, bob: PrivateIdentity, carol: PrivateIdentity) -> None:
    """Bob and Carol are on duty; Bob re-encrypts the file under the same header with another
    group (or roster version) in its metadata: Carol's reader refuses it (the sender's signature
    covers the metadata), and a control re-encryption of the untouched bytes opens."""
    ref = GroupRef("1" * 32, "Permanence pénale", "Barreau de Lyon", 4)
    original = seal_bytes(alice, [bob.card, carol.card], [("pv.pdf", b"GAV")], classic=True,
                          letter=Letter(subject="GAV", group=ref))
    opened, _ = open_bytes(original, carol, alice)
    assert opened.metadata.group == ref
    plaintext = plaintext_of(original, bob)
    for old, new in ((b'"version":4', b'"version":5'),
                     (b"Permanence p", b"Astreinte  p"), (b'"1111', b'"2222')):
        assert old in plaintext
        forged = reencrypt_under_same_header(original, bob, plaintext.replace(old, new, 1))
        with pytest.raises(BadSignature):
            open_bytes(forged, carol, alice)
    same = reencrypt_under_same_header(original, bob, plaintext)
    assert open_bytes(same, carol, alice)[0].metadata.group == ref
