"""X25519 files exchanged with the real `age` 1.1.1, in both directions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.cli.conftest import age_cmd, age_keygen, scelle, scelle_keygen

CHUNK = 64 * 1024


def _payload(size: int) -> bytes:
    return os.urandom(size)


@pytest.mark.parametrize("size", [0, 1, CHUNK, 3 * CHUNK + 17])
def test_scelle_encrypts_age_decrypts(tmp_path: Path, size: int) -> None:
    """Empty, tiny, exactly one full chunk, and a multi-chunk input."""
    key = tmp_path / "age-key.txt"
    public = age_keygen(key)
    plain = tmp_path / "plain.bin"
    plain.write_bytes(_payload(size))
    enc = tmp_path / "plain.age"
    proc = scelle("age", "encrypt", "-r", public, "-o", enc, plain)
    assert proc.returncode == 0, proc.err
    assert enc.read_bytes().startswith(b"age-encryption.org/v1\n")
    dec = age_cmd("-d", "-i", key, enc)
    assert dec.returncode == 0, dec.err
    assert dec.stdout == plain.read_bytes()


@pytest.mark.parametrize("size", [0, 2 * CHUNK + 1])
def test_age_encrypts_scelle_decrypts(tmp_path: Path, size: int) -> None:
    key = tmp_path / "scelle-key.txt"
    public = scelle_keygen(key)
    plain = _payload(size)
    enc = tmp_path / "f.age"
    assert age_cmd("-r", public, "-o", enc, stdin=plain).returncode == 0
    out = tmp_path / "f.out"
    proc = scelle("age", "decrypt", "-i", key, "-o", out, enc)
    assert proc.returncode == 0, proc.err
    assert out.read_bytes() == plain
    assert proc.stdout == b""


def test_stdin_to_stdout_both_ways(tmp_path: Path) -> None:
    key = tmp_path / "k.txt"
    public = scelle_keygen(key)
    plain = b"confidential minutes\n" * 50
    enc = scelle("age", "encrypt", "-r", public, stdin=plain)
    assert enc.returncode == 0, enc.err
    assert age_cmd("-d", "-i", key, stdin=enc.stdout).stdout == plain
    dec = scelle("age", "decrypt", "-i", key, "-", stdin=enc.stdout)
    assert dec.returncode == 0, dec.err
    assert dec.stdout == plain


def test_multiple_recipients_each_can_decrypt(tmp_path: Path) -> None:
    keys = [tmp_path / f"k{i}.txt" for i in range(3)]
    publics = [age_keygen(keys[0]), scelle_keygen(keys[1]), age_keygen(keys[2])]
    plain = b"for three readers"
    args = [a for p in publics for a in ("-r", p)]
    enc = scelle("age", "encrypt", *args, stdin=plain)
    assert enc.returncode == 0, enc.err
    for key in keys:
        assert age_cmd("-d", "-i", key, stdin=enc.stdout).stdout == plain
        assert scelle("age", "decrypt", "-i", key, stdin=enc.stdout).stdout == plain
    # And age's own multi-recipient file opens with each key in scelle.
    by_age = age_cmd(*args, stdin=plain)
    for key in keys:
        assert scelle("age", "decrypt", "-i", key, stdin=by_age.stdout).stdout == plain


def test_recipients_files_with_comments_and_several_files(tmp_path: Path) -> None:
    k1, k2, k3 = (tmp_path / f"k{i}.txt" for i in range(3))
    p1, p2, p3 = age_keygen(k1), age_keygen(k2), scelle_keygen(k3)
    list_a = tmp_path / "team-a.txt"
    list_a.write_text(f"# the clerk's office\n{p1}\n\n{p2}\n")
    list_b = tmp_path / "team-b.txt"
    list_b.write_text(f"{p3}\n")
    enc = scelle("age", "encrypt", "-R", list_a, "-R", list_b, stdin=b"memo")
    assert enc.returncode == 0, enc.err
    for key in (k1, k2, k3):
        assert age_cmd("-d", "-i", key, stdin=enc.stdout).stdout == b"memo"
    # The same recipients file drives the real age, and scelle reads what it writes.
    by_age = age_cmd("-R", list_a, stdin=b"memo")
    assert scelle("age", "decrypt", "-i", k2, stdin=by_age.stdout).stdout == b"memo"


def test_identity_file_with_several_keys(tmp_path: Path) -> None:
    k1, k2 = tmp_path / "k1.txt", tmp_path / "k2.txt"
    age_keygen(k1)
    p2 = scelle_keygen(k2)
    both = tmp_path / "both.txt"
    both.write_text(k1.read_text() + "\n" + k2.read_text())
    enc = age_cmd("-r", p2, stdin=b"second key")
    assert scelle("age", "decrypt", "-i", both, stdin=enc.stdout).stdout == b"second key"
    # Several -i options are pooled too.
    assert scelle("age", "decrypt", "-i", k1, "-i", k2, stdin=enc.stdout).stdout == b"second key"


def test_armor_both_ways(tmp_path: Path) -> None:
    key = tmp_path / "k.txt"
    public = age_keygen(key)
    plain = _payload(CHUNK + 5)
    enc = scelle("age", "encrypt", "-a", "-r", public, stdin=plain)
    assert enc.returncode == 0, enc.err
    assert enc.stdout.startswith(b"-----BEGIN AGE ENCRYPTED FILE-----\n")
    assert age_cmd("-d", "-i", key, stdin=enc.stdout).stdout == plain
    by_age = age_cmd("-a", "-r", public, stdin=plain)
    dec = scelle("age", "decrypt", "-i", key, stdin=by_age.stdout)
    assert dec.returncode == 0, dec.err
    assert dec.stdout == plain


def test_global_passphrase_file_does_not_disturb_key_encryption(tmp_path: Path) -> None:
    """`scelle --passphrase-file F age encrypt -r …` is a usage error, not a silent ignore."""
    pw = tmp_path / "pw"
    pw.write_text("x\n")
    proc = scelle("--passphrase-file", pw, "age", "encrypt", "-r", age_keygen(tmp_path / "k"))
    assert proc.returncode == 2
    assert "--passphrase-file needs -p" in proc.err
