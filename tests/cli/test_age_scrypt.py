"""Passphrase (scrypt) files with the real `age`, whose prompts need a terminal; and what
scelle shows on a terminal."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import AGE, SCELLE, age_cmd, age_keygen, run_on_tty, scelle

SECRET = "correct horse battery staple"


def test_age_passphrase_file_opens_in_scelle(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_bytes(b"sealed by age -p\n" * 1000)
    enc = tmp_path / "plain.age"
    rc, transcript = run_on_tty([AGE, "-p", "-o", str(enc), str(plain)], [SECRET, SECRET])
    assert rc == 0, transcript
    pw = tmp_path / "pw.txt"
    pw.write_text(SECRET + "\n")
    out = tmp_path / "out.txt"
    proc = scelle("age", "decrypt", "--passphrase-file", pw, "-o", out, enc)
    assert proc.returncode == 0, proc.err
    assert out.read_bytes() == plain.read_bytes()
    # The passphrase typed on a terminal works too.
    out2 = tmp_path / "out2.txt"
    rc, transcript = run_on_tty([SCELLE, "age", "decrypt", "-o", str(out2), str(enc)], [SECRET])
    assert rc == 0, transcript
    assert out2.read_bytes() == plain.read_bytes()


def test_scelle_passphrase_file_opens_in_age(tmp_path: Path) -> None:
    plain = tmp_path / "plain.bin"
    plain.write_bytes(bytes(range(256)) * 300)
    enc = tmp_path / "plain.age"
    # Asked twice on the terminal.
    rc, transcript = run_on_tty(
        [SCELLE, "age", "encrypt", "-p", "-o", str(enc), str(plain)], [SECRET, SECRET]
    )
    assert rc == 0, transcript
    assert transcript.lower().count("passphrase") == 2
    out = tmp_path / "out.bin"
    rc, transcript = run_on_tty([AGE, "-d", "-o", str(out), str(enc)], [SECRET])
    assert rc == 0, transcript
    assert out.read_bytes() == plain.read_bytes()


def test_global_passphrase_file_for_scripts(tmp_path: Path) -> None:
    pw = tmp_path / "pw.txt"
    pw.write_text(SECRET + "\n")
    enc = scelle("--passphrase-file", pw, "age", "encrypt", "-p", stdin=b"from a script\n")
    assert enc.returncode == 0, enc.err
    out = tmp_path / "out"
    # age reads the passphrase from the terminal, so the file is passed by name.
    enc_path = tmp_path / "script.age"
    enc_path.write_bytes(enc.stdout)
    rc, transcript = run_on_tty([AGE, "-d", "-o", str(out), str(enc_path)], [SECRET])
    assert rc == 0, transcript
    assert out.read_bytes() == b"from a script\n"


def test_mismatched_confirmation_writes_nothing(tmp_path: Path) -> None:
    plain = tmp_path / "p"
    plain.write_bytes(b"x")
    enc = tmp_path / "p.age"
    rc, transcript = run_on_tty(
        [SCELLE, "age", "encrypt", "-p", "-o", str(enc), str(plain)], [SECRET, SECRET + "!"]
    )
    assert rc == 1
    assert "the two passphrases differ" in transcript
    assert not enc.exists()


def test_wrong_passphrase_leaves_no_output(tmp_path: Path) -> None:
    pw, bad = tmp_path / "pw", tmp_path / "bad"
    pw.write_text(SECRET)
    bad.write_text("not it")
    enc = scelle("age", "encrypt", "-p", "--passphrase-file", pw, stdin=b"data")
    assert enc.returncode == 0, enc.err
    src = tmp_path / "f.age"
    src.write_bytes(enc.stdout)
    out = tmp_path / "out"
    proc = scelle("age", "decrypt", "--passphrase-file", bad, "-o", out, src)
    assert proc.returncode == 1
    assert proc.err.startswith("scelle: ") and proc.err.count("\n") == 1
    assert "passphrase" in proc.err.lower()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad", "f.age", "pw"]


def test_passphrase_without_terminal_or_file_is_refused(tmp_path: Path) -> None:
    proc = scelle("age", "encrypt", "-p", stdin=b"data")
    assert proc.returncode == 2
    assert "no terminal" in proc.err and "--passphrase-file" in proc.err
    assert proc.stdout == b""


def test_passphrase_with_recipient_is_refused(tmp_path: Path) -> None:
    pw = tmp_path / "pw"
    pw.write_text(SECRET)
    proc = scelle("age", "encrypt", "-p", "--passphrase-file", pw, "-r",
                  "age1ekfud45sdwsu8q4fypkr5h0227w2tq6e6et6jadamr8su83jgc5sk3qpue", stdin=b"x")
    assert proc.returncode == 2
    assert "-p/--passphrase can't be combined" in proc.err


def test_empty_passphrase_file_is_refused(tmp_path: Path) -> None:
    pw = tmp_path / "pw"
    pw.write_text("\n")
    proc = scelle("age", "encrypt", "-p", "--passphrase-file", pw, stdin=b"x")
    assert proc.returncode == 1
    assert "is empty" in proc.err


def test_passphrase_encrypted_identity_file(tmp_path: Path) -> None:
    """`age -d -i key.age`: an identity file that is itself passphrase-encrypted."""
    key = tmp_path / "key.txt"
    public = age_keygen(key)
    pw = tmp_path / "pw"
    pw.write_text(SECRET)
    locked = tmp_path / "key.age"
    proc = scelle("age", "encrypt", "-p", "--passphrase-file", pw, "-o", locked, key)
    assert proc.returncode == 0, proc.err
    enc = age_cmd("-r", public, stdin=b"opened with a locked key").stdout
    dec = scelle("age", "decrypt", "-i", locked, "--passphrase-file", pw, stdin=enc)
    assert dec.returncode == 0, dec.err
    assert dec.stdout == b"opened with a locked key"
    bad = tmp_path / "bad"
    bad.write_text("nope")
    dec = scelle("age", "decrypt", "-i", locked, "--passphrase-file", bad, stdin=enc)
    assert dec.returncode == 1
    assert "identity file" in dec.err and "wrong passphrase" in dec.err
    assert dec.stdout == b""


def test_progress_only_on_a_terminal(tmp_path: Path) -> None:
    key = tmp_path / "k.txt"
    public = age_keygen(key)
    plain = tmp_path / "big.bin"
    plain.write_bytes(bytes(5 * 64 * 1024))
    enc = tmp_path / "big.age"
    rc, transcript = run_on_tty([SCELLE, "age", "encrypt", "-r", public, "-o", str(enc),
                                 str(plain)], [])
    assert rc == 0, transcript
    assert "encrypting: 100 %" in transcript
    # Not a terminal: standard error stays empty, for logs and pipes.
    proc = scelle("age", "decrypt", "-i", key, "-o", tmp_path / "out.bin", enc)
    assert proc.returncode == 0 and proc.stderr == b""
    assert (tmp_path / "out.bin").read_bytes() == plain.read_bytes()
