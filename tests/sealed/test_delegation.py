"""crypto/delegation.py: the delegation document, its two signatures, revocation, the offline
check a third party runs (docs/format.md §8)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crypto.delegation import (
    DelegationError,
    certify_delegation,
    check_delegation,
    check_revocation,
    issue,
    parse_delegation,
    parse_revocation,
    revoke,
)
from crypto.identity import PrivateIdentity, certify
from crypto.org_signer import SoftwareOrgSigner

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
ORG = "Barreau de Lyon"


def _member(name: str, key: Ed25519PrivateKey, org: str = ORG) -> PrivateIdentity:
    identity = PrivateIdentity.generate(name, "", org, hybrid=False, now=NOW - timedelta(days=1))
    return identity.with_card(certify(identity.card, key, org, NOW - timedelta(days=1)))


@pytest.fixture(scope="module")
def setting() -> dict:
    org_key, other_key = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    principal = _member("Me Alice Martin", org_key)
    delegate = _member("Denise Clerc", org_key)
    stranger = _member("Sam Autre", other_key, "Barreau de Paris")
    signed = issue(principal, delegate.fingerprint, {"send", "receive"}, NOW,
                   NOW + timedelta(days=30), NOW)
    certified = certify_delegation(signed, SoftwareOrgSigner(org_key), ORG, NOW)
    return {"org": org_key, "other": other_key, "principal": principal, "delegate": delegate,
            "stranger": stranger, "signed": signed, "certified": certified}


def _check(s: dict, delegation=None, *, delegate=None, at=NOW + timedelta(days=1),
           scope="send", org_key=None) -> None:
    check_delegation(delegation or s["certified"], s["principal"].card,
                     (delegate or s["delegate"]).card,
                     (org_key or s["org"]).public_key().public_bytes_raw(), at, scope)


def test_a_certified_delegation_passes_and_round_trips(setting: dict) -> None:
    certified = setting["certified"]
    _check(setting)
    _check(setting, scope="receive")
    assert parse_delegation(certified.to_bytes()) == certified
    assert certified.scope == ("receive", "send")


@pytest.mark.parametrize("case, words", [
    ("uncertified", "not certified"),
    ("expired", "not in force"),
    ("not_yet", "not in force"),
    ("scope", "scope"),
    ("other_delegate", "another person"),
    ("other_org_key", "not certified by the organisation key"),
    ("delegate_other_org", "delegate's card is not certified"),
])
def test_refusals_name_the_reason(setting: dict, case: str, words: str) -> None:
    s = setting
    only_receive = certify_delegation(
        issue(s["principal"], s["delegate"].fingerprint, {"receive"}, NOW,
              NOW + timedelta(days=3), NOW), SoftwareOrgSigner(s["org"]), ORG, NOW)
    to_stranger = certify_delegation(
        issue(s["principal"], s["stranger"].fingerprint, {"send"}, NOW,
              NOW + timedelta(days=3), NOW), SoftwareOrgSigner(s["org"]), ORG, NOW)
    calls = {
        "uncertified": lambda: _check(s, s["signed"]),
        "expired": lambda: _check(s, at=NOW + timedelta(days=31)),
        "not_yet": lambda: _check(s, at=NOW - timedelta(days=1)),
        "scope": lambda: _check(s, only_receive, scope="send"),
        "other_delegate": lambda: _check(s, delegate=s["stranger"]),
        "other_org_key": lambda: _check(s, org_key=s["other"]),
        "delegate_other_org": lambda: _check(s, to_stranger, delegate=s["stranger"]),
    }
    with pytest.raises(DelegationError, match=words):
        calls[case]()


def test_a_forged_principal_signature_is_refused(setting: dict) -> None:
    s = setting
    # The delegate writes a delegation to themself and has it certified: no principal signature.
    forged = replace(s["signed"], valid_until=NOW + timedelta(days=3650))
    certified = certify_delegation(forged, SoftwareOrgSigner(s["org"]), ORG, NOW)
    with pytest.raises(DelegationError, match="forged or altered"):
        _check(s, certified)
    mallory = _member("Me Alice Martin", s["org"])  # same name, other keys
    own = issue(mallory, s["delegate"].fingerprint, {"send"}, NOW, NOW + timedelta(days=3), NOW)
    with pytest.raises(DelegationError, match="another principal"):
        _check(s, certify_delegation(own, SoftwareOrgSigner(s["org"]), ORG, NOW))


def test_a_certification_moved_to_other_terms_is_refused(setting: dict) -> None:
    s = setting
    wider = issue(s["principal"], s["delegate"].fingerprint, {"send"}, NOW,
                  NOW + timedelta(days=300), NOW)
    moved = replace(wider, certification=s["certified"].certification)
    with pytest.raises(DelegationError, match="certification is not a valid signature"):
        _check(s, moved)


def test_strict_parsing(setting: dict) -> None:
    data = setting["certified"].to_bytes()
    for bad in (data + b" ", data.replace(b'"receive","send"', b'"send","receive"'),
                data.replace(b'"version":1', b'"version":2'),
                data.replace(b'"scope":["receive","send"]', b'"scope":["print"]'),
                data[:-1] + b',"extra":1}'):
        with pytest.raises(DelegationError):
            parse_delegation(bad)
    with pytest.raises(DelegationError, match="scope"):
        issue(setting["principal"], setting["delegate"].fingerprint, set(), NOW,
              NOW + timedelta(days=1), NOW)
    with pytest.raises(DelegationError, match="end after"):
        issue(setting["principal"], setting["delegate"].fingerprint, {"send"}, NOW, NOW, NOW)


def test_revocations_by_principal_or_organisation(setting: dict) -> None:
    s = setting
    certified, principal_card = s["certified"], s["principal"].card
    for signer in (s["principal"], SoftwareOrgSigner(s["org"])):
        revocation = revoke(certified, signer, NOW + timedelta(days=2))
        assert parse_revocation(revocation.to_bytes()) == revocation
        check_revocation(revocation, certified, principal_card)
    by_delegate = revoke(certified, s["delegate"], NOW)
    with pytest.raises(DelegationError, match="not signed by the principal"):
        check_revocation(by_delegate, certified, principal_card)
    by_other_org = revoke(certified, SoftwareOrgSigner(s["other"]), NOW)
    with pytest.raises(DelegationError, match="not signed by the principal"):
        check_revocation(by_other_org, certified, principal_card)
    other = issue(s["principal"], s["delegate"].fingerprint, {"send"}, NOW,
                  NOW + timedelta(days=1), NOW)
    with pytest.raises(DelegationError, match="another delegation"):
        check_revocation(revoke(other, s["principal"], NOW), certified, principal_card)
