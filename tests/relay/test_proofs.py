"""crypto.proofs: deposit, delivery and receipt statements, checked offline."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crypto.httpsig import relay_key_id
from crypto.identity import PrivateIdentity
from crypto.proofs import (
    MAX_PROOF_BYTES,
    ProofError,
    parse_proof,
    relay_signer,
    sign_delivery,
    sign_deposit,
    sign_receipt,
)
from crypto.sealed.codec import b64encode, canonical_json

RELAY = Ed25519PrivateKey.generate()
WHEN = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
SHA = "ab" * 32
ENV = "0f" * 16
SENDER = "11" * 32
BOB = PrivateIdentity.generate("Bob Durand", hybrid=False)
CAROL = PrivateIdentity.generate("Carol Petit", hybrid=True)


def _deposit():
    return sign_deposit(RELAY, envelope_id=ENV, content_digest=SHA, size=42, sender=SENDER,
                        recipients=[BOB.card.fingerprint_hex, CAROL.card.fingerprint_hex],
                        deposited=WHEN, available_until=WHEN + timedelta(days=7))


def _receipt(identity=BOB, **changes):
    fields = dict(event="opened", content_digest=SHA, message_id="aa" * 16, envelope_id=ENV,
                  time=WHEN)
    fields.update(changes)
    return sign_receipt(identity, **fields)


def _edit(proof, path: tuple[str, ...], value) -> bytes:
    data = json.loads(proof.to_bytes())
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return canonical_json(data)


def test_deposit_round_trip_with_only_the_proof_in_hand() -> None:
    proof = parse_proof(_deposit().to_bytes())
    assert proof.kind == "deposit"
    assert proof.statement["recipients"] == sorted(proof.statement["recipients"])
    assert proof.statement["deposited"] == "2026-03-01T09:30:00Z"
    # The verifier's trust decision: the key id it has pinned for its relay.
    assert relay_key_id(proof.signer_key) == relay_key_id(RELAY.public_key().public_bytes_raw())


def test_delivery_round_trip() -> None:
    proof = sign_delivery(RELAY, envelope_id=ENV, content_digest=SHA, size=42,
                          recipient=BOB.card.fingerprint_hex, delivered=WHEN)
    assert parse_proof(proof.to_bytes()).statement["recipient"] == BOB.card.fingerprint_hex


@pytest.mark.parametrize("identity", [BOB, CAROL], ids=["classic", "hybrid"])
def test_receipt_names_its_signer_by_fingerprint(identity) -> None:
    proof = parse_proof(_receipt(identity).to_bytes())
    assert proof.statement["recipient"] == identity.card.fingerprint_hex
    assert "Bob" not in proof.to_bytes().decode() and "Carol" not in proof.to_bytes().decode()


def test_receipt_with_only_a_message_id_or_only_an_envelope_id() -> None:
    parse_proof(_receipt(envelope_id=None).to_bytes())
    parse_proof(_receipt(message_id=None).to_bytes())
    with pytest.raises(ProofError, match="message id or the envelope id"):
        _receipt(message_id=None, envelope_id=None)


@pytest.mark.parametrize("path,value", [
    (("statement", "size"), 43),
    (("statement", "content_digest"), "cd" * 32),
    (("statement", "recipients"), [BOB.card.fingerprint_hex]),
    (("statement", "deposited"), "2026-03-01T09:31:00Z"),
    # A fixed key, not a generated one: parametrised values must be the same in every test
    # worker process (pytest-xdist compares the collected ids).
    (("signer", "signing_key"), b64encode(Ed25519PrivateKey.from_private_bytes(bytes(32))
                                          .public_key().public_bytes_raw())),
])
def test_any_change_to_a_deposit_breaks_it(path, value) -> None:
    with pytest.raises(ProofError):
        parse_proof(_edit(_deposit(), path, value))


def test_receipt_cannot_be_passed_off_as_someone_elses() -> None:
    # Carol signs a receipt claiming Bob's fingerprint: the signer keys give her away.
    forged = _edit(_receipt(CAROL), ("statement", "recipient"), BOB.card.fingerprint_hex)
    with pytest.raises(ProofError, match="someone other than the recipient"):
        parse_proof(forged)


def test_receipt_event_must_be_known() -> None:
    with pytest.raises(ProofError):
        _receipt(event="lost")


@pytest.mark.parametrize("path,value", [
    (("version",), 3),
    (("version",), 1),  # a version 1 proof names sealed_sha256, not content_digest
    (("statement", "type"), "parcel"),
    (("signer", "kind"), "member"),
    (("statement", "extra"), 1),
    (("statement", "envelope_id"), "0F" * 16),
    (("statement", "recipients"), [BOB.card.fingerprint_hex] * 2),
    (("signature",), b64encode(b"\0" * 63)),
])
def test_malformed_proofs_are_refused(path, value) -> None:
    with pytest.raises(ProofError):
        parse_proof(_edit(_deposit(), path, value))


def test_not_json_and_oversized_are_refused() -> None:
    for data in (b"{", b"[]", b'{"version":1.0}', b" " * 70000):
        with pytest.raises(ProofError):
            parse_proof(data)


def test_relay_cannot_sign_receipts_nor_members_deposits() -> None:
    deposit = json.loads(_deposit().to_bytes())
    receipt = json.loads(_receipt().to_bytes())
    deposit["signer"], receipt["signer"] = receipt["signer"], deposit["signer"]
    for data in (deposit, receipt):
        with pytest.raises(ProofError, match="must be signed by"):
            parse_proof(canonical_json(data))


def _v1(statement: dict, key: Ed25519PrivateKey) -> bytes:
    signer = {"kind": "relay", "signing_key": b64encode(key.public_key().public_bytes_raw())}
    message = b"scelle/v1 proof\0" + canonical_json({"signer": signer, "statement": statement})
    return canonical_json({"version": 1, "statement": statement, "signer": signer,
                           "signature": b64encode(key.sign(message))})


def test_version_1_proofs_still_verify_and_keep_their_form() -> None:
    key = Ed25519PrivateKey.generate()
    when = WHEN
    statement = {"type": "deposit", "envelope_id": "0f" * 16, "sealed_sha256": "ab" * 32,
                 "size": 42, "sender": "11" * 32, "recipients": ["22" * 32],
                 "deposited": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                 "available_until": (when + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")}
    data = _v1(statement, key)
    proof = parse_proof(data)
    assert proof.version == 1 and proof.digest == "ab" * 32
    assert proof.to_bytes() == data  # re-exported in a bundle exactly as signed
    # Each version names its own field: the other one, under either version, is refused.
    mixed = dict(statement, content_digest=statement.pop("sealed_sha256"))
    with pytest.raises(ProofError):
        parse_proof(_v1(mixed, key))
    as_v2 = json.loads(data)
    as_v2["version"] = 2
    with pytest.raises(ProofError):
        parse_proof(canonical_json(as_v2))


def _signed(statement: dict) -> bytes:
    """A statement signed as the relay would, whatever it says (the field checks, not the
    signature, must refuse it)."""
    signer = relay_signer(RELAY)
    message = b"scelle/v1 proof\0" + canonical_json({"signer": signer, "statement": statement})
    return canonical_json({"version": 2, "statement": statement, "signer": signer,
                           "signature": b64encode(RELAY.sign(message))})


def _deposit_statement(**changes) -> dict:
    statement = json.loads(_deposit().to_bytes())["statement"]
    statement.update(changes)
    return statement


@pytest.mark.parametrize("changes,field", [
    ({"recipients": sorted([BOB.card.fingerprint_hex, CAROL.card.fingerprint_hex])[::-1]},
     "recipients"),
    ({"recipients": ["zz" * 32]}, "recipients"),
    ({"recipients": []}, "recipients"),
    ({"available_until": "2026-03-01T09:29:59Z"}, "available_until"),
    ({"content_digest": "AB" * 32}, "content_digest"),
    ({"size": "42"}, "size"),
])
def test_a_well_signed_deposit_with_a_bad_field_is_refused(changes: dict, field: str) -> None:
    with pytest.raises(ProofError, match=field):
        parse_proof(_signed(_deposit_statement(**changes)))


def test_a_deposit_available_only_at_its_deposit_time_is_valid() -> None:
    proof = parse_proof(_signed(_deposit_statement(available_until="2026-03-01T09:30:00Z")))
    assert proof.statement["available_until"] == proof.statement["deposited"]


def test_a_well_signed_delivery_missing_a_field_is_refused() -> None:
    statement = json.loads(sign_delivery(
        RELAY, envelope_id=ENV, content_digest=SHA, size=42, recipient=BOB.card.fingerprint_hex,
        delivered=WHEN).to_bytes())["statement"]
    del statement["delivered"]
    with pytest.raises(ProofError):
        parse_proof(_signed(statement))


def test_a_proof_of_exactly_the_size_limit_is_read() -> None:
    data = _deposit().to_bytes()
    padded = data + b" " * (MAX_PROOF_BYTES - len(data))
    assert parse_proof(padded).statement == _deposit().statement
    with pytest.raises(ProofError, match="too large"):
        parse_proof(padded + b" ")
