"""A sealed file sent on behalf of a principal, read by a real vault (app/vault/on_behalf.py):
accepted as "sent by X for Y", or refused like a bad signature with nothing kept."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.vault import VaultSession
from app.vault.delegation_revocations import learn
from app.vault.on_behalf import OnBehalfRefused, principal_of
from crypto.delegation import Delegation, certify_delegation, issue, revoke
from crypto.identity import PrivateIdentity, certify
from crypto.org_signer import SoftwareOrgSigner
from crypto.sealed.codec import utc_now
from crypto.sealed.errors import BadSignature
from crypto.sealed.on_behalf import SealedDelegation
from crypto.sealed.writer import Letter, SourceFile, seal
from tests.vault.exchange_helpers import _assert_intact, _state

NOW = utc_now()
ORG = "Barreau de Lyon"


def _member(name: str, key: Ed25519PrivateKey, org: str = ORG) -> PrivateIdentity:
    me = PrivateIdentity.generate(name, "", org, hybrid=False, now=NOW - timedelta(days=2))
    return me.with_card(certify(me.card, key, org, NOW - timedelta(days=2)))


@pytest.fixture(scope="module")
def office() -> dict:
    key, other = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    return {"key": key, "other": other, "principal": _member("Me Paule Principal", key),
            "delegate": _member("Denise Assistante", key),
            "stranger": _member("Sam Ailleurs", other, "Barreau de Paris")}


def _delegation(o: dict, *, scope=("send",), start=NOW - timedelta(days=1),
                end=NOW + timedelta(days=30), to: PrivateIdentity | None = None,
                by: Ed25519PrivateKey | None = None, certified: bool = True) -> Delegation:
    signed = issue(o["principal"], (to or o["delegate"]).fingerprint, set(scope), start, end,
                   NOW - timedelta(days=1))
    if not certified:
        return signed
    return certify_delegation(signed, SoftwareOrgSigner(by or o["key"]), ORG, NOW)


def _sealed(o: dict, reader: VaultSession, path: Path, delegation: Delegation | None, *,
            sender: PrivateIdentity | None = None, principal_card=None) -> Path:
    sender = sender or o["delegate"]
    letter = Letter(subject="Acte", delegation=None if delegation is None else SealedDelegation(
        delegation, principal_card or o["principal"].card))
    with open(path, "wb") as out:
        seal(out, sender, [reader.identity.card], [SourceFile("acte.txt", 3, lambda: io.BytesIO(
            b"abc"))], letter)
    return path


def test_sent_by_the_delegate_for_the_principal(bob: VaultSession, office: dict,
                                               tmp_path: Path) -> None:
    path = _sealed(office, bob, tmp_path / "m.scelle", _delegation(office))
    got = bob.receive_sealed(path, accept_unverified=True)
    sealed = got.metadata.delegation
    assert sealed is not None and sealed.principal_card.name == "Me Paule Principal"
    assert got.metadata.sender.name == "Denise Assistante"
    shown = principal_of(bob.store.db, got.record_id)
    assert shown is not None and shown.fingerprint == office["principal"].fingerprint
    plain = bob.receive_sealed(_sealed(office, bob, tmp_path / "p.scelle", None),
                               accept_unverified=True)
    assert principal_of(bob.store.db, plain.record_id) is None


@pytest.mark.parametrize("case, words", [
    ("expired", "not in force"),
    ("out_of_scope", "scope"),
    ("uncertified", "never certified"),
    ("other_delegate", "another person"),
    ("other_org_delegate", "delegate's card is not certified"),
    ("forged_principal", "forged or altered"),
    ("other_org_key", "principal's card is not certified"),
])
def test_refused_like_a_bad_signature(bob: VaultSession, office: dict, tmp_path: Path,
                                      case: str, words: str) -> None:
    o = office
    sender = None
    if case == "expired":
        delegation = _delegation(o, start=NOW - timedelta(days=10), end=NOW - timedelta(days=1))
    elif case == "out_of_scope":
        delegation = _delegation(o, scope=("receive",))
    elif case == "uncertified":
        delegation = _delegation(o, certified=False)
    elif case == "other_delegate":  # Denise's delegation used by Sam
        delegation, sender = _delegation(o), o["stranger"]
    elif case == "other_org_delegate":  # given to someone the organisation never certified
        delegation, sender = _delegation(o, to=o["stranger"]), o["stranger"]
    elif case == "forged_principal":  # Denise extends her own delegation
        base = _delegation(o, certified=False)
        delegation = certify_delegation(replace(base, valid_until=NOW + timedelta(days=900)),
                                        SoftwareOrgSigner(o["key"]), ORG, NOW)
    else:  # certified by another organisation's key
        delegation = _delegation(o, by=o["other"])
    path = _sealed(o, bob, tmp_path / "m.scelle", delegation, sender=sender)
    before = _state(bob)
    for call in (bob.verify_sealed, bob.receive_sealed):
        with pytest.raises(OnBehalfRefused, match=words) as caught:
            call(path, accept_unverified=True)
        assert isinstance(caught.value, BadSignature)
        assert "Paule" not in str(caught.value) and "Denise" not in str(caught.value)
    _assert_intact(bob, before)


def test_a_known_revocation_refuses_the_file_even_offline(bob: VaultSession, office: dict,
                                                         tmp_path: Path) -> None:
    delegation = _delegation(office)
    path = _sealed(office, bob, tmp_path / "m.scelle", delegation)
    bob.verify_sealed(path, accept_unverified=True)
    # A revocation by someone else than the principal or the organisation is ignored.
    assert learn(bob.store.db, revoke(delegation, office["delegate"], NOW))
    bob.verify_sealed(path, accept_unverified=True)
    bob.store.db.execute("DELETE FROM delegation_revocations")
    assert learn(bob.store.db, revoke(delegation, office["principal"], NOW))
    with pytest.raises(OnBehalfRefused, match="revoked"):
        bob.receive_sealed(path, accept_unverified=True)


def test_a_tampered_delegation_breaks_the_signature(bob: VaultSession, office: dict,
                                                   tmp_path: Path) -> None:
    path = _sealed(office, bob, tmp_path / "m.scelle", _delegation(office))
    data = bytearray(path.read_bytes())
    # The metadata is encrypted: flipping a byte of the ciphertext is caught before anything.
    data[len(data) // 2] ^= 1
    path.write_bytes(bytes(data))
    with pytest.raises(Exception) as caught:
        bob.receive_sealed(path, accept_unverified=True)
    assert "refused" in str(caught.value)


def test_a_principal_card_impersonating_a_contact_is_refused(
        bob: VaultSession, office: dict, tmp_path: Path) -> None:
    real = _member("Me Paule Principal", office["key"], "Cabinet Principal")
    bob.contacts.import_card(real.card)  # Bob knows the real Me Principal, other keys
    path = _sealed(office, bob, tmp_path / "m.scelle", _delegation(office))
    with pytest.raises(OnBehalfRefused, match="contact's name"):
        bob.receive_sealed(path, accept_unverified=True)


def test_without_a_vault_the_claim_is_checked_offline(bob: VaultSession, office: dict,
                                                     tmp_path: Path) -> None:
    from app.sealing.opener import open_to_directory, verify_file

    good = _sealed(office, bob, tmp_path / "good.scelle", _delegation(office))
    bad = _sealed(office, bob, tmp_path / "bad.scelle", _delegation(office, scope=("receive",)))
    card = office["delegate"].card
    assert verify_file(good, bob.identity, expected_sender_card=card).message.metadata.delegation
    out = tmp_path / "out"
    for call in (lambda: verify_file(bad, bob.identity, expected_sender_card=card),
                 lambda: open_to_directory(bad, out, bob.identity, expected_sender_card=card,
                                           replay_guard=None, create=True)):
        with pytest.raises(OnBehalfRefused, match="scope"):
            call()
    assert not out.exists()


def test_the_command_line_says_for_whom(bob: VaultSession, office: dict, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    from cli.vault_exchange import _print, _summary

    path = _sealed(office, bob, tmp_path / "m.scelle", _delegation(office))
    summary = _summary(bob.verify_sealed(path, accept_unverified=True))
    assert summary["on_behalf_of"]["fingerprint"] == office["principal"].card.fingerprint_hex
    _print(summary, False, "Verified")
    assert "For:           Me Paule Principal, Barreau de Lyon (sent on their behalf" in \
        capsys.readouterr().out


def test_a_certification_by_another_key_than_the_pinned_one_is_refused(
        bob: VaultSession, office: dict, tmp_path: Path) -> None:
    path = _sealed(office, bob, tmp_path / "m.scelle", _delegation(office))
    other = office["other"].public_key().public_bytes_raw()
    with bob.store.db.transaction():
        bob.store.db.execute("INSERT INTO relay_org_keys (organisation, signing_key, "
                             "first_seen) VALUES (?, ?, ?)", (ORG, other, "2026-12-01"))
    with pytest.raises(OnBehalfRefused, match="another key than the one known"):
        bob.verify_sealed(path, accept_unverified=True)
