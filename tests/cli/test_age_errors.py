"""`scelle age` failures: one clear line, the right exit status, and no output file left."""

from __future__ import annotations

import os
from pathlib import Path

from tests.cli.conftest import SCELLE, age_cmd, age_keygen, listing, run_on_tty, scelle, scelle_keygen


def _one_line(err: str) -> None:
    assert err.startswith("scelle: "), err
    assert err.count("\n") == 1, err


def test_missing_recipients_is_usage_error() -> None:
    proc = scelle("age", "encrypt", stdin=b"x")
    assert proc.returncode == 2
    _one_line(proc.err)
    assert "missing recipients" in proc.err


def test_bad_recipient_string_is_named() -> None:
    proc = scelle("age", "encrypt", "-r", "age1notakey", stdin=b"x")
    assert proc.returncode == 1
    _one_line(proc.err)
    assert "invalid recipient 'age1notakey'" in proc.err
    assert proc.stdout == b""


def test_secret_key_given_as_recipient_is_not_echoed(tmp_path: Path) -> None:
    key = tmp_path / "k"
    age_keygen(key)
    secret = key.read_text().splitlines()[2]
    proc = scelle("age", "encrypt", "-r", secret, stdin=b"x")
    assert proc.returncode == 1
    assert secret not in proc.err
    assert "invalid recipient" in proc.err


def test_missing_recipients_file(tmp_path: Path) -> None:
    proc = scelle("age", "encrypt", "-R", tmp_path / "absent.txt", stdin=b"x")
    assert proc.returncode == 1
    _one_line(proc.err)
    assert "recipients file" in proc.err and "absent.txt" in proc.err and "not found" in proc.err


def test_unreadable_and_invalid_recipients_files(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    proc = scelle("age", "encrypt", "-R", folder, stdin=b"x")
    assert proc.returncode == 1 and "is a folder" in proc.err
    bad = tmp_path / "bad.txt"
    bad.write_text("age1garbage\n")
    proc = scelle("age", "encrypt", "-R", bad, stdin=b"x")
    assert proc.returncode == 1
    _one_line(proc.err)
    assert "recipients file" in proc.err and "bad.txt" in proc.err
    if os.geteuid() != 0:  # root reads anything
        locked = tmp_path / "locked.txt"
        locked.write_text("x")
        locked.chmod(0)
        proc = scelle("age", "encrypt", "-R", locked, stdin=b"x")
        assert proc.returncode == 1 and "permission denied" in proc.err


def test_missing_input_and_missing_identity(tmp_path: Path) -> None:
    key = tmp_path / "k"
    public = scelle_keygen(key)
    proc = scelle("age", "encrypt", "-r", public, "-o", tmp_path / "o", tmp_path / "nope.bin")
    assert proc.returncode == 1
    assert "input file" in proc.err and "nope.bin" in proc.err and "not found" in proc.err
    proc = scelle("age", "decrypt", "-i", tmp_path / "nokey", "-o", tmp_path / "o", key)
    assert proc.returncode == 1
    _one_line(proc.err)
    assert "identity file" in proc.err and "nokey" in proc.err
    assert listing(tmp_path) == {"k"}


def test_invalid_identity_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad-key.txt"
    bad.write_text("# a comment\nAGE-SECRET-KEY-1NOTAKEY\n")
    proc = scelle("age", "decrypt", "-i", bad, stdin=b"")
    assert proc.returncode == 1
    _one_line(proc.err)
    assert "identity file" in proc.err and "bad-key.txt" in proc.err


def test_wrong_identity_no_output_file(tmp_path: Path) -> None:
    right, wrong = tmp_path / "right", tmp_path / "wrong"
    public = age_keygen(right)
    age_keygen(wrong)
    enc = tmp_path / "f.age"
    enc.write_bytes(age_cmd("-r", public, stdin=b"secret").stdout)
    out = tmp_path / "out.txt"
    proc = scelle("age", "decrypt", "-i", wrong, "-o", out, enc)
    assert proc.returncode == 1
    _one_line(proc.err)
    assert "identit" in proc.err.lower()
    assert listing(tmp_path) == {"right", "wrong", "f.age"}


def _multi_chunk_file(tmp_path: Path) -> tuple[Path, Path, bytes]:
    key = tmp_path / "k"
    public = age_keygen(key)
    plain = os.urandom(3 * 64 * 1024)
    enc = tmp_path / "f.age"
    enc.write_bytes(age_cmd("-r", public, stdin=plain).stdout)
    return key, enc, plain


def test_tampered_last_chunk_leaves_no_output_file(tmp_path: Path) -> None:
    """Early chunks are valid: age itself would have written them. We must not."""
    key, enc, _ = _multi_chunk_file(tmp_path)
    data = bytearray(enc.read_bytes())
    data[-5] ^= 0x01
    enc.write_bytes(bytes(data))
    out = tmp_path / "out.bin"
    proc = scelle("age", "decrypt", "-i", key, "-o", out, enc)
    assert proc.returncode == 1
    _one_line(proc.err)
    assert listing(tmp_path) == {"k", "f.age"}


def test_truncated_file_and_trailing_data(tmp_path: Path) -> None:
    key, enc, plain = _multi_chunk_file(tmp_path)
    data = enc.read_bytes()
    out = tmp_path / "out.bin"
    for broken in (data[: -100], data[: 64 * 1024], data + b"\x00"):
        proc = scelle("age", "decrypt", "-i", key, "-o", out, stdin=broken)
        assert proc.returncode == 1
        _one_line(proc.err)
        assert not out.exists()
    assert scelle("age", "decrypt", "-i", key, stdin=data).stdout == plain


def test_not_an_age_file(tmp_path: Path) -> None:
    key = tmp_path / "k"
    scelle_keygen(key)
    proc = scelle("age", "decrypt", "-i", key, stdin=b"hello, not encrypted\n")
    assert proc.returncode == 1
    _one_line(proc.err)
    assert "header" in proc.err.lower()


def test_decrypt_without_identity_or_passphrase_source(tmp_path: Path) -> None:
    """No -i: the file must be passphrase-encrypted; with no terminal nothing hangs."""
    key = tmp_path / "k"
    public = scelle_keygen(key)
    enc = tmp_path / "f.age"
    enc.write_bytes(age_cmd("-r", public, stdin=b"x").stdout)
    proc = scelle("age", "decrypt", enc)
    assert proc.returncode == 1
    _one_line(proc.err)
    assert "not passphrase-encrypted" in proc.err and "-i" in proc.err
    # A passphrase file, without a terminal to ask on: refused before anything is written.
    pw = tmp_path / "pw"
    pw.write_text("secret\n")
    enc.write_bytes(scelle("age", "encrypt", "-p", "--passphrase-file", pw, stdin=b"x").stdout)
    out = tmp_path / "out"
    proc = scelle("age", "decrypt", "-o", out, enc)
    assert proc.returncode == 2
    _one_line(proc.err)
    assert "no terminal" in proc.err
    assert not out.exists()


def test_existing_output_is_replaced_only_on_success(tmp_path: Path) -> None:
    key = tmp_path / "k"
    public = scelle_keygen(key)
    out = tmp_path / "out.txt"
    out.write_bytes(b"previous version")
    proc = scelle("age", "decrypt", "-i", key, "-o", out, stdin=b"garbage")
    assert proc.returncode == 1
    assert out.read_bytes() == b"previous version"
    enc = age_cmd("-r", public, stdin=b"new version").stdout
    assert scelle("age", "decrypt", "-i", key, "-o", out, stdin=enc).returncode == 0
    assert out.read_bytes() == b"new version"


def test_binary_output_to_terminal_is_refused(tmp_path: Path) -> None:
    key = tmp_path / "k"
    public = scelle_keygen(key)
    plain = tmp_path / "p"
    plain.write_bytes(b"x")
    rc, transcript = run_on_tty([SCELLE, "age", "encrypt", "-r", public, str(plain)], [])
    assert rc == 2
    assert "refusing to write binary output to the terminal" in transcript
    assert "age-encryption.org" not in transcript
