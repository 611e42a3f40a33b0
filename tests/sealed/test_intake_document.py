"""The signed intake document (crypto/intake_document.py, docs/format.md §12.1): signed by the
organisation key, strict in both its stored and its served form, hybrid recipients only."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crypto.age import HybridIdentity, X25519Identity
from crypto.intake_document import MAX_INTAKE_BYTES, MAX_RECIPIENTS, IntakeDocument, \
    IntakeDocumentError, IntakeRecipient, hybrid_recipient_ok, intake_from_json, parse_intake, \
    parse_served, sign_intake
from crypto.org_signer import SoftwareOrgSigner
from crypto.sealed.codec import canonical_json

T0 = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture(scope="module")
def pq() -> list[str]:
    """Hybrid recipients, one more than a document may list."""
    return [str(HybridIdentity.generate().recipient()) for _ in range(MAX_RECIPIENTS + 1)]


def _recipients(pq: list[str], count: int = 2) -> tuple[IntakeRecipient, ...]:
    return tuple(IntakeRecipient(f"{i:064x}", pq[i]) for i in range(count))


def _document(key: Ed25519PrivateKey, pq: list[str], **changes: Any) -> IntakeDocument:
    fields: dict[str, Any] = {
        "name": "ordre-lyon", "organisation": "Barreau de Lyon",
        "organisation_key": key.public_key().public_bytes_raw(), "group_id": "1" * 32,
        "title": "Saisir le conseil de l’Ordre", "version": 3, "issued": T0,
        "recipients": _recipients(pq), "max_bytes": 50_000_000, "max_files": 10}
    fields.update(changes)
    return IntakeDocument(**fields)


def _stored(key: Ed25519PrivateKey, pq: list[str]) -> dict[str, Any]:
    return json.loads(sign_intake(_document(key, pq), SoftwareOrgSigner(key)).to_bytes())


def _resigned(key: Ed25519PrivateKey, body: dict[str, Any]) -> bytes:
    """A document with a valid signature over `body`: the parser itself must refuse it."""
    from crypto.intake_document import INTAKE_DOMAIN
    from crypto.sealed.codec import b64encode
    signature = key.sign(INTAKE_DOMAIN + canonical_json(body))
    return canonical_json({"intake": body, "signature": b64encode(signature)})


def test_sign_parse_round_trip_in_both_forms(key: Ed25519PrivateKey, pq: list[str]) -> None:
    signed = sign_intake(_document(key, pq), SoftwareOrgSigner(key))
    assert parse_intake(signed.to_bytes()) == signed
    assert intake_from_json(json.loads(signed.to_bytes())) == signed
    served = signed.served_json()
    assert served["signed"].encode() == canonical_json(signed.document.to_json())
    assert parse_served(json.loads(json.dumps(served))) == signed
    assert signed.document.fingerprints() == ("0" * 64, "0" * 63 + "1")
    assert signed.to_bytes().startswith(b'{"intake":{"group":"' + b"1" * 32)


def test_signed_by_another_key_is_refused(key: Ed25519PrivateKey, pq: list[str]) -> None:
    with pytest.raises(IntakeDocumentError, match="^This intake document names another "
                                                  "organisation key than the one signing it.$"):
        sign_intake(_document(key, pq), SoftwareOrgSigner(Ed25519PrivateKey.generate()))
    other = Ed25519PrivateKey.generate()
    value = _stored(key, pq)
    value["signature"] = json.loads(sign_intake(
        _document(other, pq), SoftwareOrgSigner(other)).to_bytes())["signature"]
    with pytest.raises(IntakeDocumentError, match="does not verify"):
        parse_intake(canonical_json(value))


@pytest.mark.parametrize(("change", "problem"), [
    (lambda v: v["intake"].update(version=4), "does not verify"),
    (lambda v: v["intake"].update(max_bytes=1), "does not verify"),
    (lambda v: v["intake"]["recipients"].pop(0), "does not verify"),
    (lambda v: v.update(signature="A" * 86 + "=="),
     "^This intake document's signature does not verify: it was altered or not signed by its "
     "organisation.$"),
    (lambda v: v.update(signature="A" * 86 + "="), "canonical base64"),
    (lambda v: v.pop("signature"), r"^the intake document lacks the field\(s\) signature\.$"),
    (lambda v: v.update(extra=1), "unknown field"),
    (lambda v: v["intake"].update(organisation_key=v["signature"][:44]), "organisation_key"),
])
def test_tampered_documents_are_refused(key: Ed25519PrivateKey, pq: list[str],
                                        change: Callable[[dict[str, Any]], None],
                                        problem: str) -> None:
    value = _stored(key, pq)
    change(value)
    with pytest.raises(IntakeDocumentError, match=problem):
        parse_intake(canonical_json(value))


@pytest.mark.parametrize(("field", "value", "problem"), [
    ("type", "duty_roster", "field type is not intake"),
    ("name", "ab", r"the intake document, the field name is not 3 to 64 characters "
              r"of a-z, 0-9 and - \(starting and ending with a letter or digit\)\."),
    ("name", "a" * 65, "longer than 64"),
    ("name", "-abc", "is not 3 to 64"),
    ("name", "abc-", "is not 3 to 64"),
    ("name", "Ordre", "is not 3 to 64"),
    ("name", "ordre_lyon", "is not 3 to 64"),
    ("group", "1" * 31, "field group is not 32 lowercase hexadecimal digits"),
    ("group", "A" * 32, "32 lowercase hexadecimal"),
    ("title", "", "field title is empty"),
    ("title", " Titre", "field title is not plain one-line text"),
    ("title", "a\u202eb", "plain one-line text"),
    ("title", "a" * 201, "longer than 200"),
    ("organisation", "Barreau\nde Lyon", "control characters"),
    ("version", 0, "field version is not a whole number from 1 to"),
    ("version", True, "whole number"),
    ("issued", "2026-12-07 08:00:00Z", "UTC time"),
    ("max_bytes", 0, "from 1 to 100000000"),
    ("max_bytes", 100_000_001, "from 1 to 100000000"),
    ("max_files", 21, "from 0 to 20"),
    ("recipients", [], "field recipients is empty"),
])
def test_malformed_bodies_are_refused_even_when_signed(key: Ed25519PrivateKey, pq: list[str],
                                                       field: str, value: object,
                                                       problem: str) -> None:
    body = _stored(key, pq)["intake"]
    body[field] = value
    with pytest.raises(IntakeDocumentError, match=problem):
        parse_intake(_resigned(key, body))


def test_limits_at_their_edges_are_accepted(key: Ed25519PrivateKey, pq: list[str]) -> None:
    signer = SoftwareOrgSigner(key)
    for changes in ({"name": "a-1", "max_bytes": 1, "max_files": 0, "version": 1},
                    {"name": "9" * 64, "max_bytes": 100_000_000, "max_files": 20,
                     "version": 2**53 - 1}):
        signed = sign_intake(_document(key, pq, **changes), signer)
        assert parse_intake(signed.to_bytes()) == signed


def test_the_largest_document_fits_and_one_more_recipient_is_refused(
        key: Ed25519PrivateKey, pq: list[str]) -> None:
    wide = "\U0001d49c" * 200  # 4 UTF-8 bytes each: the longest title and organisation
    largest = _document(key, pq, recipients=_recipients(pq, MAX_RECIPIENTS), title=wide,
                        organisation=wide)
    data = sign_intake(largest, SoftwareOrgSigner(key)).to_bytes()
    assert len(data) <= MAX_INTAKE_BYTES
    body = json.loads(data)["intake"]
    body["recipients"] = [r.to_json() for r in _recipients(pq, MAX_RECIPIENTS + 1)]
    with pytest.raises(IntakeDocumentError, match="more than 25 entries"):
        intake_from_json(json.loads(_resigned(key, body)))


@pytest.mark.parametrize(("recipients", "problem"), [
    (lambda pq: [{"fingerprint": "2" * 64, "age_pq_recipient": pq[0]},
                 {"fingerprint": "1" * 64, "age_pq_recipient": pq[1]}],
     "field recipients is not sorted by fingerprint without duplicates"),
    (lambda pq: [{"fingerprint": "1" * 64, "age_pq_recipient": pq[0]},
                 {"fingerprint": "1" * 64, "age_pq_recipient": pq[1]}], "without duplicates"),
    (lambda pq: [{"fingerprint": "1" * 64,
                  "age_pq_recipient": str(X25519Identity.generate().recipient())}], "age1pq1"),
    (lambda pq: [{"fingerprint": "1" * 64, "age_pq_recipient": pq[0].upper()}], "age1pq1"),
    (lambda pq: [{"fingerprint": "1" * 64, "age_pq_recipient": pq[0][:-1] + "q"}],
     r"recipient of the intake document, the field age_pq_recipient is not a post-quantum "
     r"age recipient \(age1pq1…\) in canonical form"),
    (lambda pq: [{"fingerprint": "1" * 64, "age_pq_recipient": "age1pq1" + "q" * 4000}],
     "longer than 4000"),
    (lambda pq: [{"fingerprint": "G" * 64, "age_pq_recipient": pq[0]}],
     "field fingerprint is not 64 lowercase hexadecimal digits"),
    (lambda pq: [{"fingerprint": "1" * 64, "age_pq_recipient": pq[0], "name": "x"}],
     "unknown field"),
    (lambda pq: [{"fingerprint": "1" * 64}], "lacks the field"),
])
def test_bad_recipient_lists_are_refused(key: Ed25519PrivateKey, pq: list[str],
                                         recipients: Callable[[list[str]], list[Any]],
                                         problem: str) -> None:
    body = _stored(key, pq)["intake"]
    body["recipients"] = recipients(pq)
    with pytest.raises(IntakeDocumentError, match=problem):
        parse_intake(_resigned(key, body))


def test_classic_recipient_is_refused_when_signing(key: Ed25519PrivateKey,
                                                   pq: list[str]) -> None:
    classic = (IntakeRecipient("1" * 64, str(X25519Identity.generate().recipient())),)
    with pytest.raises(IntakeDocumentError, match="post-quantum"):
        sign_intake(_document(key, pq, recipients=classic), SoftwareOrgSigner(key))
    assert hybrid_recipient_ok(pq[0]) and not hybrid_recipient_ok(pq[0][:20])


def test_non_canonical_and_oversized_stored_forms_are_refused(key: Ed25519PrivateKey,
                                                              pq: list[str]) -> None:
    data = sign_intake(_document(key, pq), SoftwareOrgSigner(key)).to_bytes()
    with pytest.raises(IntakeDocumentError, match="^This intake document is not in canonical "
                                                  "form; it was refused.$"):
        parse_intake(data.replace(b'{"intake"', b'{ "intake"', 1))
    with pytest.raises(IntakeDocumentError, match="^This intake document is larger than allowed"):
        parse_intake(b" " * (MAX_INTAKE_BYTES + 1))
    with pytest.raises(IntakeDocumentError, match="^The intake document is not valid JSON"):
        parse_intake(b" " * MAX_INTAKE_BYTES)  # at the limit: read, and refused as JSON
    with pytest.raises(IntakeDocumentError, match="not a JSON object"):
        parse_intake(b"[]")
    with pytest.raises(IntakeDocumentError, match="The intake document"):
        parse_intake(data[:-1])
    with pytest.raises(IntakeDocumentError,
                       match="^The intake document holds text that cannot be stored.$"):
        sign_intake(_document(key, pq, title="a\ud800b"), SoftwareOrgSigner(key))


def _served(key: Ed25519PrivateKey, pq: list[str]) -> dict[str, str]:
    return sign_intake(_document(key, pq), SoftwareOrgSigner(key)).served_json()


def test_served_form_is_checked_over_its_exact_bytes(key: Ed25519PrivateKey,
                                                     pq: list[str]) -> None:
    served = _served(key, pq)
    spaced = dict(served, signed=served["signed"].replace('{"group"', '{ "group"', 1))
    with pytest.raises(IntakeDocumentError, match="^The signed intake document is not in "
                                                  "canonical form; it was refused.$"):
        parse_served(spaced)
    altered = dict(served, signed=served["signed"].replace('"version":3', '"version":4'))
    with pytest.raises(IntakeDocumentError, match="does not verify"):
        parse_served(altered)
    wrapped = json.loads(served["signed"])
    with pytest.raises(IntakeDocumentError, match="not text"):
        parse_served(dict(served, signed=wrapped))
    with pytest.raises(IntakeDocumentError, match="is empty"):
        parse_served(dict(served, signed=""))
    with pytest.raises(IntakeDocumentError, match="field signed is not UTF-8 text"):
        parse_served(dict(served, signed=served["signed"][:-1] + "\ud800}"))
    with pytest.raises(IntakeDocumentError, match="unknown field"):
        parse_served(dict(served, limits={}))
    with pytest.raises(IntakeDocumentError, match="the served intake document lacks"):
        parse_served({"signed": served["signed"]})
    with pytest.raises(IntakeDocumentError, match="longer than"):
        parse_served(dict(served, signed=" " * (MAX_INTAKE_BYTES + 1)))
    # Within the character limit but over the byte limit (2 bytes each in UTF-8).
    with pytest.raises(IntakeDocumentError, match="^The signed intake document is too large"):
        parse_served(dict(served, signed='"' + "é" * (MAX_INTAKE_BYTES // 2) + '"'))
    with pytest.raises(IntakeDocumentError, match="^The signed intake document is not valid"):
        parse_served(dict(served, signed="{"))
    with pytest.raises(IntakeDocumentError, match="lacks the field"):
        parse_served(_stored(key, pq))
