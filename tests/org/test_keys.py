"""An admin's organisation key: imported from the relay's key file, made in the vault, or made
on a PKCS#11 token; `open_org_signer` signs with each, and `certify` takes the signer."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.org.errors import OrgError, OrgKeyFileError, OrgKeyMissingError
from app.org.signer import (
    create_token_key,
    create_vault_key,
    import_key_file,
    open_org_signer,
    org_keys,
    org_signer,
    public_key_from_text,
)
from app.vault import VaultSession
from crypto.factors.pkcs11_errors import WrongPinError
from crypto.identity import PrivateIdentity, certify
from relay.keys import create_org_key

ORG = "Barreau de Lyon"


def _verifies(public: bytes, signature: bytes, message: bytes) -> None:
    Ed25519PublicKey.from_public_bytes(public).verify(signature, message)


def test_import_relay_key_file_then_sign(alice: VaultSession, tmp_path: Path) -> None:
    key_file = tmp_path / "org.key"
    key = create_org_key(key_file, b"secret de la cle")
    record = import_key_file(alice, key_file, ORG, passphrase=b"secret de la cle")
    assert record.kind == "vault" and record.organisation == ORG
    assert record.public_key == key.public_key().public_bytes_raw()
    signer = open_org_signer(alice)
    _verifies(record.public_key, signer.sign(b"roster"), b"roster")
    # The secret sits inside the encrypted database only: not in any file of the vault.
    seed = key.private_bytes_raw()
    assert all(seed not in p.read_bytes() for p in Path(alice.vault_dir).rglob("*")
               if p.is_file())
    assert [e.action for e in alice.audit.entries()][-1] == "org.key_add"


def test_key_file_refusals(alice: VaultSession, tmp_path: Path) -> None:
    key_file = tmp_path / "org.key"
    create_org_key(key_file, b"secret de la cle")
    with pytest.raises(OrgKeyFileError, match="protected by a passphrase"):
        import_key_file(alice, key_file, ORG)
    with pytest.raises(OrgKeyFileError, match="passphrase is wrong"):
        import_key_file(alice, key_file, ORG, passphrase=b"autre")
    garbage = tmp_path / "notes.txt"
    garbage.write_text("pas une clé")
    with pytest.raises(OrgKeyFileError, match="not an organisation key"):
        import_key_file(alice, garbage, ORG)
    with pytest.raises(OrgKeyFileError, match="cannot be read"):
        import_key_file(alice, tmp_path / "absent.key", ORG)
    assert org_keys(alice).list() == []


def test_one_key_per_organisation_and_lookup(alice: VaultSession) -> None:
    with pytest.raises(OrgKeyMissingError, match="no organisation key"):
        open_org_signer(alice)
    create_vault_key(alice, ORG)
    with pytest.raises(OrgError, match="already holds a key"):
        create_vault_key(alice, ORG)
    create_vault_key(alice, "Étude Dubois")
    with pytest.raises(OrgError, match="several organisations"):
        open_org_signer(alice)
    with pytest.raises(OrgKeyMissingError, match="Police"):
        open_org_signer(alice, organisation="Police")
    signer = open_org_signer(alice, organisation="Étude Dubois")
    assert signer.public_key_raw() == org_keys(alice).get("Étude Dubois").public_key
    org_keys(alice).remove("Étude Dubois")
    assert [k.organisation for k in org_keys(alice).list()] == [ORG]


def test_certify_accepts_an_org_signer(alice: VaultSession) -> None:
    create_vault_key(alice, ORG)
    member = PrivateIdentity.generate("Me Louise Avocat", "Avocat", ORG)
    with org_signer(alice) as signer:
        card = certify(member.card, signer, ORG)
    assert card.certifications[0].signing_key == signer.public_key_raw()
    # A raw key still works for the relay machine's commands.
    raw = certify(member.card, Ed25519PrivateKey.generate(), ORG)
    assert len(raw.certifications) == 1


def test_public_key_text() -> None:
    key = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    assert public_key_from_text(key.hex().upper()) == key
    with pytest.raises(OrgKeyFileError, match="64 hexadecimal"):
        public_key_from_text("zz")


def test_token_key_generated_on_softhsm(alice: VaultSession, softhsm) -> None:  # noqa: ANN001
    record = create_token_key(alice, ORG, token=softhsm.selector(),
                              module_path=softhsm.module_path, pin=softhsm.user_pin)
    assert record.kind == "token" and record.key_id
    calls = softhsm.pin_provider()
    with org_signer(alice, pin=calls) as signer:
        assert signer.public_key_raw() == record.public_key
        for message in (b"one", b"two", b"three"):
            _verifies(record.public_key, signer.sign(message), message)
    assert calls.calls == 1  # one login for the signer's life
    with pytest.raises(WrongPinError):
        with org_signer(alice, pin="000000") as signer:
            signer.sign(b"x")
    member = PrivateIdentity.generate("Me Louise Avocat", "Avocat", ORG)
    with org_signer(alice, pin=softhsm.user_pin) as signer:
        certified = certify(member.card, signer, ORG)
    assert certified.certifications[0].signing_key == record.public_key
    softhsm.delete_key(record.key_id)


def test_schema_keeps_each_kind_whole(alice: VaultSession) -> None:
    """A vault key without its secret, or a token key without its CKA_ID, cannot be stored."""
    import sqlcipher3

    db = alice.store.db
    for kind in ("vault", "token"):
        with pytest.raises(sqlcipher3.IntegrityError):
            with db.transaction():
                db.execute("INSERT INTO org_keys (organisation, public_key, kind, added_at)"
                           " VALUES (?, ?, ?, 'now')", (kind, bytes(32), kind))
    assert org_keys(alice).list() == []


def test_a_refused_pin_is_not_tried_again(alice: VaultSession, softhsm) -> None:  # noqa: ANN001
    """The token counts wrong PINs: a signer whose PIN was refused never offers it again."""
    record = create_token_key(alice, ORG, token=softhsm.selector(),
                              module_path=softhsm.module_path, pin=softhsm.user_pin)
    wrong = softhsm.pin_provider("000000")
    try:
        with org_signer(alice, pin=wrong) as signer:
            for _ in range(3):
                with pytest.raises(WrongPinError):
                    signer.sign(b"x")
        assert wrong.calls == 1
        with org_signer(alice, pin=softhsm.user_pin) as signer:  # a new signer, the right PIN
            _verifies(record.public_key, signer.sign(b"y"), b"y")
    finally:
        softhsm.delete_key(record.key_id)
