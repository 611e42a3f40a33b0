"""The faults fuzzing found, checked as behaviour (the raw inputs are in regressions/)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.policy import PolicyError, load_policy
from app.relay_client.context import field_of
from app.relay_client.errors import RelayProtocolError
from crypto.proofs import ProofError, parse_proof
from crypto.sealed.codec import format_time, parse_time
from crypto.sealed.metadata import decode_metadata
from tests.support.relay_server import running_relay

SEEDS = Path(__file__).resolve().parents[2] / "fuzz" / "seeds" / "proof"


def _seed_proof(kind: str) -> dict:
    for path in sorted(SEEDS.iterdir()):
        value = json.loads(path.read_bytes())
        if value["statement"]["type"] == kind:
            return value
    raise AssertionError(f"no {kind} proof among the seeds")


def _encoded(value: dict) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


@pytest.mark.parametrize("kind", [[], {"a": 1}, 7, None])
def test_a_statement_type_that_is_not_text_is_refused(kind: object) -> None:
    proof = _seed_proof("receipt")
    proof["statement"]["type"] = kind
    with pytest.raises(ProofError, match="^The proof's statement has no known type.$"):
        parse_proof(_encoded(proof))


@pytest.mark.parametrize("recipients", [[[]], [{}], [1, "a"], ["b" * 64, None]])
def test_deposit_recipients_that_are_not_fingerprints_are_refused(recipients: list) -> None:
    proof = _seed_proof("deposit")
    proof["statement"]["recipients"] = recipients
    with pytest.raises(ProofError, match="recipients is not a sorted list of distinct "
                                         "fingerprints"):
        parse_proof(_encoded(proof))


def test_unknown_policy_settings_are_named_escaped_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps({"a\nFrom: admin": 1, "b\u2028c": 2, "plain": 3}))
    with pytest.raises(PolicyError) as refused:
        load_policy(path)
    assert str(refused.value) == (f"The workstation policy {path} has unknown settings: "
                                  "a\\u{000a}From: admin, b\\u{2028}c, plain.")


def test_unknown_factor_kinds_are_named_escaped_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps({"required_factor_kinds": ["pkcs11", "sms\u202e", "otp"]}))
    with pytest.raises(PolicyError) as refused:
        load_policy(path)
    assert str(refused.value) == ("The workstation policy names unknown factor kinds: "
                                  "sms\\u{202e}, otp (allowed: pkcs11, fido2, totp).")


def test_relay_refuses_a_receipt_whose_type_is_a_list(tmp_path: Path) -> None:
    """Before the fix, the relay answered 500 (an unhandled TypeError) to this request."""
    with running_relay(tmp_path / "relay") as server:
        org = server.create_org("Barreau")
        alice, bob = server.member(org, "Alice"), server.member(org, "Bob")
        envelope = alice.upload([bob.fingerprint], b"sealed bytes")["envelope"]["envelope_id"]
        receipt = _seed_proof("receipt")
        receipt["statement"]["type"] = []
        response = bob.post_receipt(envelope, receipt)
    assert response.status_code == 422, response.text
    assert response.json()["error"] == {"code": "invalid_receipt",
                                        "message": "The proof's statement has no known type."}


@given(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59),
                    timezones=st.just(UTC)))
def test_every_time_a_file_may_hold_is_written_back_as_read(moment: datetime) -> None:
    """A year before 1000 was written without its leading zeros ("26-12-05T…"), which the
    reader refuses: sealed-file metadata dated 0026 parsed but could not be encoded again."""
    text = format_time(moment)
    assert len(text) == 20
    assert parse_time(text) == moment.replace(microsecond=0)
    assert format_time(parse_time(text)) == text


def test_metadata_dated_in_the_year_26_encodes_to_the_bytes_read() -> None:
    data = (Path(__file__).resolve().parent / "regressions" / "sealed_metadata" /
            "created-in-year-0026.json").read_bytes()
    metadata = decode_metadata(data)
    assert metadata.created.year == 26
    assert metadata.encode() == data


@pytest.mark.parametrize("number", [2**63, 10**110, -1])
def test_relay_numbers_that_do_not_fit_the_vault_are_refused(number: int) -> None:
    """A listing with such a size or time was an OverflowError traceback at `scelle relay sync`
    (SQLite INTEGER); the whole answer through the client is in regressions/relay_answer/."""
    with pytest.raises(RelayProtocolError, match="^The relay's answer has no valid 'size'.$"):
        field_of({"size": number}, "size", int)
    assert field_of({"size": 2**63 - 1}, "size", int) == 2**63 - 1
    assert field_of({"size": 0}, "size", int) == 0  # an empty envelope, offset 0
