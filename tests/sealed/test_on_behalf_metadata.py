"""The optional `delegation` and `delegates` metadata keys (crypto/sealed/on_behalf.py)."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crypto.delegation import certify_delegation, issue
from crypto.identity import PrivateIdentity, certify
from crypto.org_signer import SoftwareOrgSigner
from crypto.sealed.codec import canonical_json, utc_now
from crypto.sealed.errors import MalformedMetadata, SealingRefused
from crypto.sealed.metadata import decode_metadata
from crypto.sealed.on_behalf import DelegateCopy, SealedDelegation
from crypto.sealed.reader import open_sealed
from crypto.sealed.writer import Letter, build_metadata, seal
from tests.sealed.test_roundtrip import sources

NOW = utc_now()


@pytest.fixture(scope="module")
def people() -> dict:
    key = Ed25519PrivateKey.generate()

    def member(name: str) -> PrivateIdentity:
        me = PrivateIdentity.generate(name, "", "Barreau", hybrid=False,
                                      now=NOW - timedelta(days=1))
        return me.with_card(certify(me.card, key, "Barreau", NOW - timedelta(days=1)))

    principal, delegate, reader = member("Me Alice"), member("Denise"), member("Bob")
    delegation = certify_delegation(
        issue(principal, delegate.fingerprint, {"send"}, NOW - timedelta(hours=1),
              NOW + timedelta(days=3), NOW), SoftwareOrgSigner(key), "Barreau", NOW)
    return {"principal": principal, "delegate": delegate, "reader": reader,
            "sealed": SealedDelegation(delegation, principal.card)}


def test_a_file_without_them_keeps_its_bytes(people: dict) -> None:
    plain = build_metadata(people["delegate"], [people["reader"].card], [], Letter(), NOW)
    assert b"delegat" not in plain.encode()


def test_sealed_on_behalf_round_trips_and_is_signed(people: dict) -> None:
    letter = Letter(subject="Acte", delegation=people["sealed"])
    out = io.BytesIO()
    seal(out, people["delegate"], [people["reader"].card], sources([("a.txt", b"x")]), letter,
         now=NOW)
    opened = open_sealed(io.BytesIO(out.getvalue()), people["reader"],
                         sender_check=lambda _card: True, replay_guard=None)
    assert opened.metadata.delegation == people["sealed"]
    assert opened.metadata.delegates is None


def test_delegates_must_be_recipients_and_sorted(people: dict) -> None:
    p, d, r = people["principal"], people["delegate"], people["reader"]
    copy = DelegateCopy(d.fingerprint, p.fingerprint)
    meta = build_metadata(r, [p.card, d.card], [], Letter(delegates=(copy, copy)), NOW)
    assert decode_metadata(meta.encode()).delegates == (copy,)
    with pytest.raises(SealingRefused, match="outside its recipients"):
        build_metadata(r, [p.card], [], Letter(delegates=(copy,)), NOW).encode()


def test_structural_refusals(people: dict) -> None:
    meta = build_metadata(people["delegate"], [people["reader"].card], [],
                          Letter(delegation=people["sealed"]), NOW)
    value = json.loads(meta.encode())
    other = people["reader"].card.to_json()
    for broken in ({**value["delegation"], "principal": other},  # not the principal's card
                   {**value["delegation"], "extra": 1},
                   {"document": {**value["delegation"]["document"], "scope": ["print"]},
                    "principal": value["delegation"]["principal"]}):
        with pytest.raises(MalformedMetadata):
            decode_metadata(canonical_json({**value, "delegation": broken}))
    assert replace(meta, delegation=None).encode() != meta.encode()
