"""Interoperability with the reference `age` command (Debian age 1.1.1), both directions."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from crypto.age import (
    CHUNK_SIZE,
    X25519Identity,
    format_keygen,
    parse_identities_file,
    parse_recipient,
    parse_recipients_file,
)
from tests.age.helpers import open_sealed, seal

AGE = shutil.which("age") or "/usr/bin/age"
AGE_KEYGEN = shutil.which("age-keygen") or "/usr/bin/age-keygen"

KEYGEN_LAYOUT = re.compile(
    r"# created: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)\n"
    r"# public key: age1[02-9ac-hj-np-z]{58}\n"
    r"AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}\n"
)

SIZES = [0, 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE - 1]


def _run(args: list[str], stdin: bytes = b"") -> bytes:
    done = subprocess.run(args, input=stdin, capture_output=True, check=True)
    return done.stdout


def _plaintext(size: int) -> bytes:
    return (b"interop-" * (size // 8 + 1))[:size]


@pytest.fixture(scope="module")
def cli_key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An identity file written by age-keygen."""
    path = tmp_path_factory.mktemp("age") / "key.txt"
    subprocess.run([AGE_KEYGEN, "-o", str(path)], capture_output=True, check=True)
    return path


def test_age_keygen_output_parses(cli_key: Path) -> None:
    text = cli_key.read_text()
    identities = parse_identities_file(text)
    assert len(identities) == 1
    public = text.split("# public key: ")[1].split()[0]
    assert str(identities[0].recipient()) == public  # type: ignore[attr-defined]
    # Our keygen layout is the one of age-keygen, line for line.
    assert KEYGEN_LAYOUT.fullmatch(text)
    assert KEYGEN_LAYOUT.fullmatch(format_keygen(X25519Identity.generate()))


@pytest.mark.parametrize("size", SIZES)
def test_age_encrypts_we_decrypt(cli_key: Path, size: int) -> None:
    identities = parse_identities_file(cli_key.read_text())
    recipient = str(identities[0].recipient())  # type: ignore[attr-defined]
    plaintext = _plaintext(size)
    sealed = _run([AGE, "-r", recipient], plaintext)
    assert open_sealed(sealed, identities) == plaintext


@pytest.mark.parametrize("size", SIZES)
def test_we_encrypt_age_decrypts(cli_key: Path, size: int) -> None:
    identities = parse_identities_file(cli_key.read_text())
    plaintext = _plaintext(size)
    sealed = seal(plaintext, [identities[0].recipient()])  # type: ignore[attr-defined]
    assert _run([AGE, "-d", "-i", str(cli_key)], sealed) == plaintext


def test_our_keygen_file_works_with_age(tmp_path: Path) -> None:
    identity = X25519Identity.generate()
    key_file = tmp_path / "ours.txt"
    key_file.write_text(format_keygen(identity))
    recipients_file = tmp_path / "recipients.txt"
    recipients_file.write_text(f"# colleague\n\n{identity.recipient()}\n")
    assert [str(r) for r in parse_recipients_file(recipients_file.read_text())] == [
        str(identity.recipient())
    ]
    sealed = _run([AGE, "-R", str(recipients_file)], b"to age and back")
    assert _run([AGE, "-d", "-i", str(key_file)], sealed) == b"to age and back"
    assert open_sealed(sealed, parse_identities_file(key_file.read_text())) == b"to age and back"


def test_multiple_recipients_mixed_with_age(cli_key: Path) -> None:
    theirs = parse_identities_file(cli_key.read_text())
    ours = X25519Identity.generate()
    their_recipient = parse_recipient(str(theirs[0].recipient()))  # type: ignore[attr-defined]
    recipients = [their_recipient, ours.recipient()]
    sealed = seal(b"two readers", recipients)
    assert _run([AGE, "-d", "-i", str(cli_key)], sealed) == b"two readers"
    assert open_sealed(sealed, [ours]) == b"two readers"
