"""Post-quantum hybrid (mlkem768x25519) keys: round trips within scelle, and clear limits with
Debian's age 1.1.1, which predates the hybrid recipient type."""

from __future__ import annotations

import os
from pathlib import Path

from tests.cli.conftest import age_cmd, age_keygen, listing, scelle, scelle_keygen


def test_hybrid_round_trip_multi_chunk(tmp_path: Path) -> None:
    key = tmp_path / "pq.txt"
    public = scelle_keygen(key, "--pq")
    assert public.startswith("age1pq1")
    plain = tmp_path / "p.bin"
    plain.write_bytes(os.urandom(2 * 64 * 1024 + 3))
    enc, out = tmp_path / "p.age", tmp_path / "p.out"
    assert scelle("age", "encrypt", "-r", public, "-o", enc, plain).returncode == 0
    proc = scelle("age", "decrypt", "-i", key, "-o", out, enc)
    assert proc.returncode == 0, proc.err
    assert out.read_bytes() == plain.read_bytes()


def test_hybrid_recipients_file_and_mixed_identity_file(tmp_path: Path) -> None:
    pq, classic = tmp_path / "pq.txt", tmp_path / "x.txt"
    pq_public = scelle_keygen(pq, "--pq")
    age_keygen(classic)
    recipients = tmp_path / "recipients.txt"
    recipients.write_text(f"# post-quantum colleague\n{pq_public}\n")
    enc = scelle("age", "encrypt", "-R", recipients, stdin=b"pq memo")
    assert enc.returncode == 0, enc.err
    mixed = tmp_path / "mixed.txt"
    mixed.write_text(classic.read_text() + pq.read_text())
    dec = scelle("age", "decrypt", "-i", mixed, stdin=enc.stdout)
    assert dec.returncode == 0, dec.err
    assert dec.stdout == b"pq memo"


def test_hybrid_file_with_wrong_identity(tmp_path: Path) -> None:
    pq, other = tmp_path / "pq.txt", tmp_path / "other.txt"
    public = scelle_keygen(pq, "--pq")
    scelle_keygen(other, "--pq")
    enc = scelle("age", "encrypt", "-r", public, stdin=b"x").stdout
    out = tmp_path / "out"
    proc = scelle("age", "decrypt", "-i", other, "-o", out, stdin=enc)
    assert proc.returncode == 1
    assert proc.err.startswith("scelle: ") and proc.err.count("\n") == 1
    assert listing(tmp_path) == {"pq.txt", "other.txt"}


def test_debian_age_rejects_hybrid_recipient(tmp_path: Path) -> None:
    """age 1.1.1 does not know age1pq1… recipients (it looks for a plugin named "pq"), and
    cannot read a hybrid-only file with any of its keys."""
    pq = tmp_path / "pq.txt"
    pq_public = scelle_keygen(pq, "--pq")
    proc = age_cmd("-r", pq_public, stdin=b"x")
    assert proc.returncode != 0
    assert proc.stdout == b""
    classic = tmp_path / "x.txt"
    age_keygen(classic)
    enc = scelle("age", "encrypt", "-r", pq_public, stdin=b"x")
    assert enc.returncode == 0, enc.err
    assert age_cmd("-d", "-i", classic, stdin=enc.stdout).returncode != 0


def test_mixing_hybrid_and_classic_recipients_is_refused(tmp_path: Path) -> None:
    """A classic recipient beside a post-quantum one would void the post-quantum protection
    (age 1.3 refuses it too); the refusal names the problem and writes nothing."""
    pq_public = scelle_keygen(tmp_path / "pq.txt", "--pq")
    x_public = age_keygen(tmp_path / "x.txt")
    out = tmp_path / "out.age"
    proc = scelle("age", "encrypt", "-r", pq_public, "-r", x_public, "-o", out, stdin=b"x")
    assert proc.returncode == 1
    assert proc.err.startswith("scelle: ") and proc.err.count("\n") == 1
    assert "post-quantum" in proc.err
    assert not out.exists()
