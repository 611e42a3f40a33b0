"""ASCII armor: writing, strict reading, detection, and interop with the age command."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from crypto.age import (
    CHUNK_SIZE,
    AgeReader,
    ArmorError,
    HeaderError,
    X25519Identity,
    decrypt_file,
    encrypt_file,
    parse_identities_file,
)
from crypto.age.armor import BEGIN, END, ArmorReader
from tests.age.helpers import open_sealed, seal

AGE = shutil.which("age") or "/usr/bin/age"
AGE_KEYGEN = shutil.which("age-keygen") or "/usr/bin/age-keygen"


@pytest.fixture(scope="module")
def identity() -> X25519Identity:
    return X25519Identity.generate()


@pytest.mark.parametrize("size", [0, 1, 47, 48, 49, CHUNK_SIZE, 2 * CHUNK_SIZE + 5])
def test_round_trip_and_layout(identity: X25519Identity, size: int) -> None:
    plaintext = os.urandom(size)
    armored = seal(plaintext, [identity.recipient()], armor=True)
    lines = armored.split(b"\n")
    assert lines[0] == BEGIN and lines[-2] == END and lines[-1] == b""
    body = lines[1:-2]
    assert all(len(line) == 64 for line in body[:-1]) and 0 < len(body[-1]) <= 64
    assert open_sealed(armored, [identity]) == plaintext
    binary = AgeReader(io.BytesIO(armored), [identity])
    assert b"".join(binary.chunks()) == plaintext


def test_crlf_and_surrounding_whitespace_are_accepted(identity: X25519Identity) -> None:
    armored = seal(b"windows", [identity.recipient()], armor=True).replace(b"\n", b"\r\n")
    assert open_sealed(b" \r\n\t" + armored + b"\n\n  ", [identity]) == b"windows"


def _armored_lines(identity: X25519Identity) -> list[bytes]:
    return seal(os.urandom(300), [identity.recipient()], armor=True).split(b"\n")


@pytest.mark.parametrize(
    "mutate",
    [
        lambda lines: [lines[0], b"Comment: hi", *lines[1:]],  # PEM headers
        lambda lines: [lines[0], b"", *lines[1:]],  # empty line
        lambda lines: [lines[0], lines[1][:60], lines[1][60:], *lines[2:]],  # short line
        lambda lines: [lines[0], lines[1] + b" ", *lines[2:]],  # trailing space
        lambda lines: [lines[0], lines[1] + lines[2][:1], lines[2][1:], *lines[3:]],  # long line
        lambda lines: [*lines[:-2], b"=AbCd", *lines[-2:]],  # PGP checksum
        lambda lines: [*lines[:-2]],  # no end line
        lambda lines: [lines[0].lower(), *lines[1:]],  # lowercase label
        lambda lines: [b"x" + lines[0], *lines[1:]],  # garbage before
        lambda lines: [*lines[:-1], b"garbage", b""],  # garbage after
        lambda lines: [lines[0], lines[1][:10] + b"!" + lines[1][11:], *lines[2:]],  # bad char
    ],
)
def test_strictness(identity: X25519Identity, mutate) -> None:
    data = b"\n".join(mutate(_armored_lines(identity)))
    with pytest.raises(ArmorError):
        list(AgeReader(io.BytesIO(data), [identity], armor=True).chunks())


def _dearmor(text: bytes) -> bytes:
    return ArmorReader(io.BytesIO(text)).read() or b""


def test_last_line_rules() -> None:
    assert _dearmor(BEGIN + b"\nAA==\n" + END + b"\n") == b"\x00"
    assert _dearmor(BEGIN + b"\nAAAA\n" + END) == b"\x00" * 3
    assert _dearmor(BEGIN + b"\n" + END + b"\n") == b""
    for bad, reason in [
        (b"AB==", "canonical"),  # unused bits set
        (b"AA", "padding"),  # unpadded
        (b"AA=", "padding"),  # padding cut short
        (b"A===", "not base64"),  # at most two padding characters
        (b"AA==\n=", "after its short last line"),  # padding split across lines
    ]:
        with pytest.raises(ArmorError, match=reason):
            _dearmor(BEGIN + b"\n" + bad + b"\n" + END + b"\n")


def test_armor_refused_when_binary_required(identity: X25519Identity) -> None:
    armored = seal(b"x", [identity.recipient()], armor=True)
    with pytest.raises(HeaderError):
        AgeReader(io.BytesIO(armored), [identity], armor=False)


def test_binary_refused_when_armor_required(identity: X25519Identity) -> None:
    with pytest.raises(ArmorError):
        AgeReader(io.BytesIO(seal(b"x", [identity.recipient()])), [identity], armor=True)


def test_reader_handles_arbitrary_read_boundaries(identity: X25519Identity) -> None:
    # Feed the armor one byte at a time: lines are split across reads everywhere.
    armored = seal(os.urandom(5000), [identity.recipient()], armor=True)

    class Trickle(io.RawIOBase):
        def __init__(self) -> None:
            self._data = io.BytesIO(armored)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            return self._data.readinto(buffer[:1])

    decoded = ArmorReader(io.BufferedReader(Trickle(), buffer_size=1)).read()
    assert decoded is not None
    assert open_sealed(decoded, [identity]) == open_sealed(armored, [identity])


def test_non_seekable_armored_input_is_detected(identity: X25519Identity) -> None:
    armored = seal(os.urandom(CHUNK_SIZE + 1), [identity.recipient()], armor=True)
    read_end, write_end = os.pipe()

    def feed() -> None:
        with os.fdopen(write_end, "wb") as writer:
            writer.write(armored)

    feeder = threading.Thread(target=feed)
    feeder.start()
    with os.fdopen(read_end, "rb", buffering=0) as reader:  # neither seekable nor peekable
        plaintext = b"".join(AgeReader(reader, [identity]).chunks())  # type: ignore[arg-type]
    feeder.join()
    assert plaintext == open_sealed(armored, [identity])


def test_files_with_armor_and_progress(tmp_path: Path, identity: X25519Identity) -> None:
    source = tmp_path / "plain"
    source.write_bytes(os.urandom(3 * CHUNK_SIZE))
    sealed = tmp_path / "sealed.age"
    encrypt_file(source, sealed, [identity.recipient()], armor=True)
    assert sealed.read_bytes().startswith(BEGIN + b"\n")
    seen: list[int] = []
    decrypt_file(sealed, tmp_path / "out", [identity], progress=seen.append)
    assert seen[-1] == sealed.stat().st_size
    assert (tmp_path / "out").read_bytes() == source.read_bytes()


@pytest.fixture(scope="module")
def cli_key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("armor") / "key.txt"
    subprocess.run([AGE_KEYGEN, "-o", str(path)], capture_output=True, check=True)
    return path


@pytest.mark.parametrize("size", [0, 100, CHUNK_SIZE + 1])
def test_interop_with_age_armor(cli_key: Path, size: int) -> None:
    identities = parse_identities_file(cli_key.read_text())
    recipient = str(identities[0].recipient())  # type: ignore[attr-defined]
    plaintext = os.urandom(size)
    theirs = subprocess.run(
        [AGE, "-a", "-r", recipient], input=plaintext, capture_output=True, check=True
    ).stdout
    assert theirs.startswith(BEGIN)
    assert open_sealed(theirs, identities) == plaintext
    ours = seal(plaintext, [identities[0].recipient()], armor=True)  # type: ignore[attr-defined]
    decrypted = subprocess.run(
        [AGE, "-d", "-i", str(cli_key)], input=ours, capture_output=True, check=True
    ).stdout
    assert decrypted == plaintext
