"""The identity file: passphrase-protected by default, plain JSON on explicit request."""

from __future__ import annotations

import io
import json
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from crypto.age import AgeReader, parse_identities_file
from crypto.identity import PrivateIdentity
from crypto.identity_file import (
    IdentityFileError,
    PassphraseRequired,
    WrongPassphrase,
    export_age_identities,
    identity_from_json,
    identity_to_json,
    is_protected,
    load_identity,
    save_identity,
)
from crypto.sealed.codec import canonical_json
from tests.sealed.test_roundtrip import open_bytes, seal_bytes

WORK = 4  # scrypt work factor for tests: fast; real files use 18


def same(a: PrivateIdentity, b: PrivateIdentity) -> bool:
    return identity_to_json(a) == identity_to_json(b)


def test_protected_round_trip_asks_once(tmp_path: Path, alice: PrivateIdentity) -> None:
    path = tmp_path / "alice.id"
    save_identity(alice, path, passphrase="correct horse", work_factor=WORK)
    data = path.read_bytes()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and is_protected(data)
    assert b"AGE-SECRET-KEY" not in data and b"Alice" not in data
    asked: list[int] = []
    loaded = load_identity(path, lambda: asked.append(1) or "correct horse")
    assert asked == [1] and same(loaded, alice) and loaded.card == alice.card
    assert load_identity(path, lambda: b"correct horse").card == alice.card


def test_wrong_or_missing_passphrase(tmp_path: Path, alice: PrivateIdentity) -> None:
    path = tmp_path / "alice.id"
    save_identity(alice, path, passphrase="right", work_factor=WORK)
    with pytest.raises(WrongPassphrase, match="passphrase is wrong"):
        load_identity(path, lambda: "wrong")
    with pytest.raises(PassphraseRequired):
        load_identity(path)


def test_work_factor_above_the_limit_is_refused(tmp_path: Path, alice: PrivateIdentity) -> None:
    path = tmp_path / "alice.id"
    save_identity(alice, path, passphrase="p", work_factor=WORK)
    with pytest.raises(IdentityFileError, match="work factor"):
        load_identity(path, lambda: "p", max_work_factor=WORK - 1)


def test_unprotected_is_plain_json_and_needs_no_passphrase(tmp_path: Path,
                                                           alice: PrivateIdentity) -> None:
    path = tmp_path / "alice.json"
    save_identity(alice, path, unprotected=True)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    value = json.loads(path.read_bytes())
    assert value["format"] == "scelle-identity/1"
    assert value["age_identity"].startswith("AGE-SECRET-KEY-1")
    assert value["age_pq_identity"].startswith("AGE-SECRET-KEY-PQ-1")
    assert same(load_identity(path, lambda: pytest.fail("must not ask")), alice)


def test_save_requires_an_explicit_choice_and_never_overwrites(tmp_path: Path,
                                                               alice: PrivateIdentity) -> None:
    path = tmp_path / "id"
    with pytest.raises(IdentityFileError, match="explicitly"):
        save_identity(alice, path)
    with pytest.raises(IdentityFileError, match="explicitly"):
        save_identity(alice, path, passphrase="p", unprotected=True)
    with pytest.raises(IdentityFileError, match="empty"):
        save_identity(alice, path, passphrase="")
    path.write_bytes(b"keep")
    with pytest.raises(IdentityFileError, match="already exists"):
        save_identity(alice, path, unprotected=True)
    assert path.read_bytes() == b"keep"
    save_identity(alice, path, unprotected=True, overwrite=True)
    assert same(load_identity(path), alice)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["id"]  # no temporary left


def test_damaged_protected_file(tmp_path: Path, alice: PrivateIdentity) -> None:
    path = tmp_path / "id"
    save_identity(alice, path, passphrase="p", work_factor=WORK)
    data = bytearray(path.read_bytes())
    data[-5] ^= 1
    path.write_bytes(bytes(data))
    with pytest.raises(IdentityFileError, match="damaged"):
        load_identity(path, lambda: "p")


@pytest.mark.parametrize("content,message", [
    (b"", "not a Scell"), (b"hello", "not a Scell"), (b"{}", "lacks the field"),
    (b"x" * 70_000, "too large"), (b'{"format":1}', "lacks"),
])
def test_not_identity_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "id"
    path.write_bytes(content)
    with pytest.raises(IdentityFileError, match=message):
        load_identity(path, lambda: "p")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(IdentityFileError, match="cannot be read"):
        load_identity(tmp_path / "absent")


def test_secret_keys_must_match_the_card(alice: PrivateIdentity, bob: PrivateIdentity) -> None:
    value = json.loads(bytes(identity_to_json(alice)))
    for field in ("signing_key", "age_identity", "age_pq_identity"):
        mixed = dict(value, **{field: json.loads(bytes(identity_to_json(bob)))[field]})
        with pytest.raises(IdentityFileError, match="do not match"):
            identity_from_json(canonical_json(mixed))
    bad = dict(value, age_pq_identity=value["age_identity"])
    with pytest.raises(IdentityFileError):
        identity_from_json(canonical_json(bad))
    bad = dict(value, format="scelle-identity/9")
    with pytest.raises(IdentityFileError, match="version"):
        identity_from_json(canonical_json(bad))
    bad = dict(value, age_identity="AGE-SECRET-KEY-1XYZ")
    with pytest.raises(IdentityFileError, match="secret key") as info:
        identity_from_json(canonical_json(bad))
    assert "XYZ" not in str(info.value)


def test_classic_identity_round_trip(tmp_path: Path, classic_dave: PrivateIdentity) -> None:
    path = tmp_path / "dave.id"
    save_identity(classic_dave, path, passphrase="p", work_factor=WORK)
    loaded = load_identity(path, lambda: "p")
    assert loaded.age_pq_identity is None and same(loaded, classic_dave)


def test_age_can_open_the_protected_identity_file(tmp_path: Path, alice: PrivateIdentity
                                                  ) -> None:
    """The protected file is a standard age scrypt file (checked with our age reader)."""
    from crypto.age import ScryptIdentity

    path = tmp_path / "id"
    save_identity(alice, path, passphrase="p", work_factor=WORK)
    reader = AgeReader(io.BytesIO(path.read_bytes()), [ScryptIdentity("p")])
    assert json.loads(b"".join(reader.chunks()))["format"] == "scelle-identity/1"


def test_export_age_identities(alice: PrivateIdentity, bob: PrivateIdentity) -> None:
    text = export_age_identities(alice)
    identities = parse_identities_file(text)
    assert [str(i) for i in identities] == [str(alice.age_identity), str(alice.age_pq_identity)]
    assert f"# public key: {alice.card.age_recipient}" in text
    assert f"# public key: {alice.card.age_pq_recipient}" in text
    assert alice.card.fingerprint_hex in text and "Alice" not in text


def test_the_age_command_opens_the_outer_layer_with_the_export(
        tmp_path: Path, alice: PrivateIdentity, classic_dave: PrivateIdentity) -> None:
    """Interoperability: `age -d -i exported` decrypts a classic sealed file's age layer."""
    age = shutil.which("age")
    assert age, "the age command is part of the test environment"
    keys = tmp_path / "dave.txt"
    keys.write_text(export_age_identities(classic_dave))
    keys.chmod(0o600)
    sealed = tmp_path / "p.scelle"
    sealed.write_bytes(seal_bytes(alice, [classic_dave.card], [("a", b"hello")]))
    plain = subprocess.run([age, "-d", "-i", str(keys), str(sealed)], capture_output=True,
                           check=True, timeout=60).stdout
    assert plain.startswith(b"SCELLE/1\n") and plain[-68:-64] == b"SIG1"
    assert open_bytes(sealed.read_bytes(), classic_dave, alice)[1] == [b"hello"]
