"""The relay's `intake_deposit` proof (crypto/proofs.py, docs/format.md §5.2): a deposit made
at an intake page names the intake point and the receipt code instead of a sender."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crypto.proofs import ProofError, parse_proof, sign_intake_deposit
from crypto.sealed.codec import b64encode, canonical_json

T0 = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
KEY = Ed25519PrivateKey.generate()


def _args(**changes: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "envelope_id": "e" * 32, "content_digest": "d" * 64, "size": 1234,
        "intake": "ordre-lyon", "intake_version": 3, "receipt_code": "ABCD-EFGH-2345-WXYZ",
        "recipients": ["b" * 64, "a" * 64], "deposited": T0,
        "available_until": T0 + timedelta(days=30), "retention_days": 365}
    args.update(changes)
    return args


def test_round_trip_names_the_intake_and_no_sender() -> None:
    proof = sign_intake_deposit(KEY, **_args())
    again = parse_proof(proof.to_bytes())
    assert again == proof and again.kind == "intake_deposit"
    assert again.statement["recipients"] == ["a" * 64, "b" * 64]
    assert "sender" not in again.statement
    assert again.statement["receipt_code"] == "ABCD-EFGH-2345-WXYZ"
    assert again.digest == "d" * 64


def _resigned(change: Any) -> bytes:
    value = json.loads(sign_intake_deposit(KEY, **_args()).to_bytes())
    change(value)
    message = b"scelle/v1 proof\0" + canonical_json({"signer": value["signer"],
                                                      "statement": value["statement"]})
    value["signature"] = b64encode(KEY.sign(message))
    return canonical_json(value)


@pytest.mark.parametrize(("change", "problem"), [
    (lambda v: v["statement"].update(intake="Ordre"), "field intake is not an intake point"),
    (lambda v: v["statement"].update(intake="ab"), "field intake is not an intake point"),
    (lambda v: v["statement"].update(intake_version=0), "field intake_version is not a positive"),
    (lambda v: v["statement"].update(receipt_code="ABCD-EFGH-2345-WXY1"), "receipt code"),
    (lambda v: v["statement"].update(receipt_code="abcd-efgh-2345-wxyz"), "receipt code"),
    (lambda v: v["statement"].update(receipt_code="ABCDEFGH2345WXYZ"), "receipt code"),
    (lambda v: v["statement"].update(sender="a" * 64), "unknown field"),
    (lambda v: v["statement"].pop("receipt_code"), "lacks the field"),
    (lambda v: v["statement"].update(recipients=[]), "field recipients is not a sorted"),
    (lambda v: v["statement"].update(recipients=["b" * 64, "a" * 64]), "field recipients"),
    (lambda v: v["statement"].update(proof_retention_days=0), "proof_retention_days"),
    (lambda v: v["statement"].update(available_until="2026-12-06T08:00:00Z"), "before the"),
    (lambda v: v["signer"].update(kind="member"), "must be signed by the relay"),
    (lambda v: (v.update(version=1), v["statement"].update(
        sealed_sha256=v["statement"].pop("content_digest"))), "must be of version 2"),
])
def test_malformed_statements_are_refused(change: Any, problem: str) -> None:
    with pytest.raises(ProofError, match=problem):
        parse_proof(_resigned(change))


def test_an_altered_proof_does_not_verify() -> None:
    value = json.loads(sign_intake_deposit(KEY, **_args()).to_bytes())
    value["statement"]["receipt_code"] = "ABCD-EFGH-2345-WXYA"
    with pytest.raises(ProofError, match="does not verify"):
        parse_proof(canonical_json(value))
