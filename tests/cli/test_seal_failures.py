"""Sealed files refused: each failure exits non-zero with its own message and writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import People, Result, listing, scelle


@pytest.fixture()
def sealed(people: People, tmp_path: Path) -> Path:
    """A fresh sealed file from the lawyer to the officer (a new message id per test)."""
    doc = tmp_path / "note.txt"
    doc.write_bytes(b"confidential\n" * 20000)  # about 260 KiB: several chunks
    out = tmp_path / "note.scelle"
    proc = scelle("seal", *people.lawyer.creds(), "--to", people.officer.card,
                  "--subject", "Note", "-o", out, doc)
    assert proc.returncode == 0, proc.err
    return out


def _open(people: People, reader_creds: list[str], sender_card: Path, src: Path,
          dest: Path) -> Result:
    return scelle("open", *reader_creds, "--from", sender_card, "-o", dest, src)


def _refused(proc: Result, *words: str) -> None:
    assert proc.returncode == 1, proc.err
    assert proc.err.startswith("scelle: ") and proc.err.count("\n") == 1, proc.err
    for word in words:
        assert word in proc.err, proc.err


def test_wrong_identity_is_not_addressed(people: People, sealed: Path, tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    dest.mkdir()
    _refused(_open(people, people.outsider.creds(), people.lawyer.card, sealed, dest),
             "not addressed to you")
    assert listing(dest) == set()
    _refused(scelle("verify", *people.outsider.creds(), "--from", people.lawyer.card, sealed),
             "not addressed to you")


def test_forwarded_copy_is_refused(people: People, sealed: Path, tmp_path: Path) -> None:
    """The officer strips the envelope and re-encrypts it to the outsider with plain age
    commands: the sender's signature covers the original envelope, so the copy is refused."""
    keys = tmp_path / "officer-age.txt"
    assert scelle("id", "export-age", people.officer.identity, "-o", keys).returncode == 0
    inner = scelle("age", "decrypt", "-i", keys, sealed)
    assert inner.returncode == 0 and inner.stdout.startswith(b"SCELLE/1\n")
    outsider = json.loads(people.outsider.card.read_text())
    forwarded = tmp_path / "forwarded.scelle"
    proc = scelle("age", "encrypt", "-r", outsider["age_pq_recipient"], "-o", forwarded,
                  stdin=inner.stdout)
    assert proc.returncode == 0, proc.err
    dest = tmp_path / "dest"
    proc = _open(people, people.outsider.creds(), people.lawyer.card, forwarded, dest)
    _refused(proc, "re-encrypted")
    assert not dest.exists()  # created for the command, removed again on failure


def test_wrong_sender_card(people: People, sealed: Path, tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    _refused(_open(people, people.officer.creds(), people.outsider.card, sealed, dest),
             "someone other than the expected sender")
    assert not dest.exists()


def test_tampered_byte(people: People, sealed: Path, tmp_path: Path) -> None:
    data = bytearray(sealed.read_bytes())
    for position, name in ((len(data) // 2, "middle"), (len(data) - 30, "end")):
        tampered = tmp_path / f"tampered-{name}.scelle"
        copy = bytearray(data)
        copy[position] ^= 0x40
        tampered.write_bytes(bytes(copy))
        dest = tmp_path / f"dest-{name}"
        dest.mkdir()
        _refused(_open(people, people.officer.creds(), people.lawyer.card, tampered, dest),
                 "refused")
        assert listing(dest) == set()


def test_truncated_file(people: People, sealed: Path, tmp_path: Path) -> None:
    data = sealed.read_bytes()
    header_end = data.index(b"\n", data.index(b"\n--- ") + 1) + 1
    chunk_boundary = header_end + 16 + (64 * 1024 + 16)  # nonce, then one full chunk
    cases = {
        # Cut exactly between chunks: the final chunk is missing.
        chunk_boundary: "incomplete",
        # Cut inside a chunk: indistinguishable from an alteration of that chunk.
        len(data) - 1: "altered",
        # Cut inside the envelope's header.
        100: "not a sealed file",
    }
    for size, words in cases.items():
        cut = tmp_path / f"cut-{size}.scelle"
        cut.write_bytes(data[:size])
        dest = tmp_path / f"dest-{size}"
        dest.mkdir()
        _refused(_open(people, people.officer.creds(), people.lawyer.card, cut, dest), words)
        assert listing(dest) == set()


def test_replay_open_twice(people: People, sealed: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    assert _open(people, people.officer.creds(), people.lawyer.card, sealed, first).returncode == 0
    _refused(_open(people, people.officer.creds(), people.lawyer.card, sealed, second),
             "already received")
    assert not second.exists()
    _refused(scelle("verify", *people.officer.creds(), "--from", people.lawyer.card, sealed),
             "already received")


def test_bad_passphrase_of_identity(people: People, sealed: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad-pw"
    bad.write_text("wrong")
    out = tmp_path / "again.scelle"
    proc = scelle("seal", "--identity", people.lawyer.identity, "--passphrase-file", bad,
                  "--to", people.officer.card, "-o", out, sealed)
    _refused(proc, "passphrase is wrong")
    assert not out.exists()


def test_missing_files_are_named(people: People, sealed: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.scelle"
    cases = [
        (["seal", *people.officer.creds(), "--to", tmp_path / "nocard.json", "-o", out, sealed],
         "nocard.json"),
        (["seal", *people.officer.creds(), "--to", people.lawyer.card, "-o", out,
          tmp_path / "absent.pdf"], "absent.pdf"),
        (["seal", "--identity", tmp_path / "noid.id", "--to", people.lawyer.card, "-o", out,
          sealed], "noid.id"),
        (["open", *people.officer.creds(), "--from", people.lawyer.card, "-o", tmp_path / "d",
          tmp_path / "nothing.scelle"], "nothing.scelle"),
        (["verify", *people.officer.creds(), "--from", tmp_path / "nosender.json", sealed],
         "nosender.json"),
    ]
    for argv, name in cases:
        _refused(scelle(*argv), name, "not found")
    assert not out.exists() and not (tmp_path / "d").exists()


def test_output_conflicts_and_bad_options(people: People, sealed: Path, tmp_path: Path) -> None:
    proc = scelle("seal", *people.officer.creds(), "--to", people.lawyer.card, "-o", sealed,
                  sealed)
    _refused(proc, "already exists")
    proc = scelle("seal", *people.officer.creds(), "--to", people.lawyer.card, "--expires",
                  "2001-01-01", "-o", tmp_path / "old.scelle", sealed)
    assert proc.returncode == 2 and "already past" in proc.err
    proc = scelle("seal", *people.officer.creds(), "--to", people.lawyer.card, "--expires",
                  "next week", "-o", tmp_path / "old.scelle", sealed)
    assert proc.returncode == 2 and "--expires" in proc.err
    proc = scelle("seal", *people.officer.creds(), "-o", tmp_path / "n.scelle", sealed)
    assert proc.returncode == 2 and "--to" in proc.err
    proc = scelle("seal", "--to", people.lawyer.card, "-o", tmp_path / "n.scelle", sealed)
    assert proc.returncode == 2 and "missing --identity" in proc.err
    proc = scelle("verify", *people.officer.creds(), sealed)
    assert proc.returncode == 2 and "missing --from" in proc.err
    assert not (tmp_path / "old.scelle").exists() and not (tmp_path / "n.scelle").exists()
    # A destination already holding a file of the same name: nothing written, nothing replaced.
    dest = tmp_path / "busy"
    dest.mkdir()
    (dest / "note.txt").write_text("mine")
    proc = _open(people, people.officer.creds(), people.lawyer.card, sealed, dest)
    _refused(proc, "nothing was written")
    assert listing(dest) == {"note.txt"} and (dest / "note.txt").read_text() == "mine"
    # That failed attempt did not count as an opening.
    assert _open(people, people.officer.creds(), people.lawyer.card, sealed,
                 tmp_path / "free").returncode == 0
