"""`scelle age keygen`: age-keygen's layout, file rules, and keys the real age accepts."""

from __future__ import annotations

import re
import stat
from pathlib import Path

from tests.cli.conftest import AGE_KEYGEN, run, scelle

_X25519_LAYOUT = re.compile(
    r"# created: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n"
    r"# public key: (age1[02-9ac-hj-np-z]{58})\n"
    r"(AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58})\n\Z"
)


def test_keygen_to_stdout_has_age_keygen_layout() -> None:
    proc = scelle("age", "keygen")
    assert proc.returncode == 0, proc.err
    match = _X25519_LAYOUT.match(proc.out)
    assert match, proc.out
    # Not a terminal: the public key is repeated on stderr, as age-keygen does.
    assert proc.err == f"Public key: {match.group(1)}\n"


def test_keygen_file_is_private_new_and_read_by_age_keygen(tmp_path: Path) -> None:
    key = tmp_path / "key.txt"
    proc = scelle("age", "keygen", "-o", key)
    assert proc.returncode == 0, proc.err
    assert proc.stdout == b""
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    match = _X25519_LAYOUT.match(key.read_text())
    assert match
    assert proc.err == f"Public key: {match.group(1)}\n"
    # The real age-keygen derives the same public key from our secret key.
    assert run([AGE_KEYGEN, "-y", str(key)]).out.strip() == match.group(1)


def test_keygen_refuses_to_overwrite(tmp_path: Path) -> None:
    key = tmp_path / "key.txt"
    key.write_text("precious\n")
    proc = scelle("age", "keygen", "-o", key)
    assert proc.returncode == 1
    assert "already exists" in proc.err and "key.txt" in proc.err
    assert key.read_text() == "precious\n"


def test_keygen_into_missing_folder_fails_cleanly(tmp_path: Path) -> None:
    proc = scelle("age", "keygen", "-o", tmp_path / "nope" / "key.txt")
    assert proc.returncode == 1
    assert "does not exist" in proc.err
    assert not (tmp_path / "nope").exists()


def test_keygen_pq_layout(tmp_path: Path) -> None:
    key = tmp_path / "pq.txt"
    proc = scelle("age", "keygen", "--pq", "-o", key)
    assert proc.returncode == 0, proc.err
    lines = key.read_text().splitlines()
    assert lines[0].startswith("# created: ")
    assert lines[1].startswith("# public key: age1pq1")
    assert lines[2].startswith("AGE-SECRET-KEY-PQ-1")
    assert len(lines) == 3
    assert proc.err == f"Public key: {lines[1].removeprefix('# public key: ')}\n"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600


def test_two_keys_differ() -> None:
    first, second = scelle("age", "keygen").out, scelle("age", "keygen").out
    assert first.splitlines()[2] != second.splitlines()[2]


def test_unknown_option_is_usage_error() -> None:
    proc = scelle("age", "keygen", "--bogus")
    assert proc.returncode == 2
    assert "--bogus" in proc.err
