"""`scelle-relay org create NAME --public-key HEX|FILE`: an organisation whose key the admin
made in their vault or on a token; the relay never sees the private key. `member revoke
--reason` keeps the reason for the organisation's admin. SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from relay.cli import main
from relay.db import directory
from relay.db import org_admin as rows
from relay.db import open_database
from relay.config import RelayConfig
from tests.relay.test_cli import data, run  # noqa: F401 (fixture)


def _orgs(tmp_path: Path, backend: str | None) -> dict[str, bytes]:
    db = open_database(RelayConfig(data_dir=tmp_path / "relay", database_url=backend))
    try:
        with db.transaction() as tx:
            return {o.name: bytes(o.certification_key) for o in directory.list_orgs(tx)}
    finally:
        db.close()


def test_create_with_public_key(capsys, tmp_path: Path, data: list[str],  # noqa: F811
                                backend: str | None) -> None:
    key = Ed25519PrivateKey.generate().public_key()
    raw = key.public_bytes_raw()
    status, out, err = run(capsys, *data, "org", "create", "Barreau", "--public-key", raw.hex())
    assert status == 0, err
    assert "stays with its admin" in out and "Invitation code (admin of Barreau)" in out
    pem = tmp_path / "etude.pub"
    other = Ed25519PrivateKey.generate().public_key()
    pem.write_bytes(other.public_bytes(serialization.Encoding.PEM,
                                       serialization.PublicFormat.SubjectPublicKeyInfo))
    hex_file = tmp_path / "police.hex"
    third = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    hex_file.write_text(third.hex().upper() + "\n")
    assert run(capsys, *data, "org", "create", "Étude Dubois", "--public-key", pem)[0] == 0
    assert run(capsys, *data, "org", "create", "Police", "--public-key", hex_file)[0] == 0
    assert _orgs(tmp_path, backend) == {"Barreau": raw, "Étude Dubois": other.public_bytes_raw(),
                                        "Police": third}
    assert not list(tmp_path.glob("*.pem"))  # no key file was written anywhere


def test_create_refusals(capsys, tmp_path: Path, data: list[str]) -> None:  # noqa: F811
    raw = Ed25519PrivateKey.generate().public_key().public_bytes_raw().hex()
    assert run(capsys, *data, "org", "create", "Barreau", "--public-key", raw)[0] == 0
    status, _, err = run(capsys, *data, "org", "create", "Autre", "--public-key", raw)
    assert status == 1 and "already another organisation's" in err
    status, _, err = run(capsys, *data, "org", "create", "X", "--public-key", "zz")
    assert status == 1 and "neither 64 hexadecimal" in err and "Traceback" not in err
    garbage = tmp_path / "garbage.pub"
    garbage.write_text("pas une clé")
    status, _, err = run(capsys, *data, "org", "create", "X", "--public-key", garbage)
    assert status == 1 and "PEM public key" in err
    with pytest.raises(SystemExit):  # both or neither: usage error
        main([*data, "org", "create", "X"])
    with pytest.raises(SystemExit):
        main([*data, "org", "create", "X", "--public-key", raw, "--admin-key",
              str(tmp_path / "k.pem")])


def test_member_revoke_reason(capsys, tmp_path: Path, data: list[str],  # noqa: F811
                              backend: str | None) -> None:
    from crypto.identity import PrivateIdentity

    assert run(capsys, *data, "org", "create", "Barreau", "--admin-key",
               tmp_path / "b.pem")[0] == 0
    identity = PrivateIdentity.generate("Nina Nouvelle", "avocat", "Barreau", hybrid=False)
    fingerprint = identity.card.fingerprint_hex
    db = open_database(RelayConfig(data_dir=tmp_path / "relay", database_url=backend))
    try:
        with db.transaction() as tx:
            org_id = directory.org_by_name(tx, "Barreau").id
            directory.add_member(tx, directory.Member(
                fingerprint, org_id, "member", directory.CERTIFIED, identity.card.to_bytes(),
                int(identity.card.expires.timestamp()), 1, 1))
        status, _, err = run(capsys, *data, "member", "revoke", fingerprint, "--reason",
                             "lost-key")
        assert status == 0, err
        with db.transaction() as tx:
            assert rows.revocations(tx, org_id)[fingerprint].reason == "lost-key"
            assert directory.member(tx, fingerprint).status == directory.REVOKED
    finally:
        db.close()
    with pytest.raises(SystemExit):
        main([*data, "member", "revoke", fingerprint, "--reason", "dislike"])
