"""The holder's identity inside the vault: stored encrypted, exported, renewed, certified."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.vault import CardExportError, IdentityMissingError, VaultSession
from crypto.identity import CardError, PrivateIdentity, certify, parse_card
from tests.store.helpers import files_containing
from tests.vault.conftest import open_copy


def test_export_card(alice: VaultSession, tmp_path: Path) -> None:
    path = alice.export_card(tmp_path / "alice.card")
    card = parse_card(path.read_bytes())
    assert card == alice.identity.card
    with pytest.raises(CardExportError):
        alice.export_card(path)
    assert parse_card(path.read_bytes()) == card
    with pytest.raises(CardExportError):
        alice.export_card(tmp_path / "absent" / "x.card")
    assert "identity.export" in [e.action for e in alice.audit.entries()]


def test_renew_keeps_the_keys(alice: VaultSession, templates: dict, tmp_path: Path) -> None:
    before = alice.identity
    expires = datetime.now(UTC).replace(microsecond=0) + timedelta(days=800)
    renewed = alice.renew_identity(expires=expires, role="Avocate associée")
    assert renewed.fingerprint == before.fingerprint
    assert renewed.card.expires == expires and renewed.card.role == "Avocate associée"
    assert alice.identity is renewed
    alice.lock()
    with open_copy(templates["alice"], tmp_path / "alice") as again:
        assert again.identity.card == renewed.card
        history = again.store.db.scalar("SELECT count(*) FROM identity_history")
        assert history == 1


def test_adopt_a_certified_card(alice: VaultSession) -> None:
    org_key = Ed25519PrivateKey.generate()
    certified = certify(alice.identity.card, org_key, "Barreau de Lyon")
    adopted = alice.identities.adopt_card(certified)
    assert adopted.card.certified_by(org_key.public_key().public_bytes_raw()) is not None
    other = PrivateIdentity.generate("Alice Martin")
    with pytest.raises(CardError):
        alice.identities.adopt_card(other.card)
    assert alice.identities.load().card == certified
    assert alice.identity.card == certified  # the session's identity follows


def test_identity_is_only_in_the_encrypted_database(alice: VaultSession) -> None:
    for needle in (b"Alice Martin", b"AGE-SECRET-KEY", alice.identity.card.age_recipient.encode()):
        assert files_containing(alice.vault_dir, needle) == []


def test_a_vault_without_identity_can_make_one(tmp_path: Path) -> None:
    """A vault whose store was made without the session (older tools) gets one on demand."""
    import os

    from tests.support.library import Library
    from app.unlock import create_vault_keys
    from app.vault import open_vault
    from tests.vault.conftest import FAST_KDF, PASSPHRASE
    from tests.vault_keys.conftest import FakeFactor

    created = create_vault_keys(tmp_path / "v", PASSPHRASE, FakeFactor(), kdf=FAST_KDF)
    Library.create(tmp_path / "v", bytes(created.vault.vmk)).close()
    created.vault.wipe()
    with open_vault(tmp_path / "v", PASSPHRASE, FakeFactor()) as session:
        with pytest.raises(IdentityMissingError):
            session.identity
        made = session.identities.create("Nouvelle Identité", "Greffière", "Tribunal")
        assert session.identity.fingerprint == made.fingerprint
        with pytest.raises(Exception, match="already"):
            session.identities.create("Encore")
    assert os.path.exists(tmp_path / "v" / "vault.db")
