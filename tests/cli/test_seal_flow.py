"""`scelle seal`, `open`, `verify`: the happy paths, and the outer layer read by the real age."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.cli.conftest import People, age_cmd, listing, scelle


def _documents(folder: Path) -> list[Path]:
    folder.mkdir()
    memo, scan = folder / "mémo client.txt", folder / "pv-audition.pdf"
    memo.write_text("Rendez-vous lundi.\n")
    scan.write_bytes(b"%PDF-1.7\n" + os.urandom(150 * 1024))
    return [memo, scan]


def test_seal_to_one_then_verify_and_open(people: People, tmp_path: Path) -> None:
    files = _documents(tmp_path / "docs")
    sealed = tmp_path / "pli.scelle"
    proc = scelle("seal", *people.lawyer.creds(), "--to", people.officer.card,
                  "--subject", "Affaire 2024/118", "--message", "Pièces jointes.\nCordialement",
                  "--reference", "RG 24/118", "-o", sealed, *files)
    assert proc.returncode == 0, proc.err
    assert "Sealed 2 file(s)" in proc.out and "Post-quantum:  yes" in proc.out
    data = sealed.read_bytes()
    assert data.startswith(b"age-encryption.org/v1\n")
    assert b"Affaire" not in data and "mémo".encode() not in data  # metadata is encrypted

    proc = scelle("verify", *people.officer.creds(), "--from", people.lawyer.card, sealed)
    assert proc.returncode == 0, proc.err
    assert "every check passed" in proc.out
    assert "From:          Maître Claire Dupont (avocate, Barreau de Lyon)" in proc.out
    assert "Subject:       Affaire 2024/118" in proc.out and "mémo client.txt" in proc.out

    out = tmp_path / "reçu"
    proc = scelle("open", *people.officer.creds(), "--from", people.lawyer.card, "-o", out,
                  sealed)
    assert proc.returncode == 0, proc.err
    assert listing(out) == {"mémo client.txt", "pv-audition.pdf", "message.json"}
    for original in files:
        assert (out / original.name).read_bytes() == original.read_bytes()
    summary = json.loads((out / "message.json").read_text())
    assert summary["subject"] == "Affaire 2024/118" and summary["reference"] == "RG 24/118"
    assert summary["message"] == "Pièces jointes.\nCordialement"
    assert summary["sender"]["name"] == "Maître Claire Dupont"


def test_seal_to_several_each_opens_and_sender_reopens(people: People, tmp_path: Path) -> None:
    files = _documents(tmp_path / "docs")
    sealed = tmp_path / "pli.scelle"
    proc = scelle("seal", *people.officer.creds(), "--to", people.lawyer.card,
                  "--to", people.outsider.card, "--subject", "Convocation", "-o", sealed, *files)
    assert proc.returncode == 0, proc.err
    assert "Recipients:    2" in proc.out
    for index, reader in enumerate((people.lawyer, people.outsider, people.officer)):
        out = tmp_path / f"out{index}"
        proc = scelle("open", *reader.creds(), "--from", people.officer.card, "--json",
                      "-o", out, sealed)
        assert proc.returncode == 0, proc.err
        summary = json.loads(proc.out)
        assert summary["subject"] == "Convocation" and len(summary["recipients"]) == 2
        assert (out / "pv-audition.pdf").read_bytes() == files[1].read_bytes()


def test_classic_outer_layer_opens_with_debian_age(people: People, tmp_path: Path) -> None:
    files = _documents(tmp_path / "docs")
    sealed = tmp_path / "classic.scelle"
    proc = scelle("seal", *people.lawyer.creds(), "--to", people.officer.card, "--classic",
                  "-o", sealed, *files)
    assert proc.returncode == 0, proc.err
    assert "Post-quantum:  no" in proc.out
    keys = tmp_path / "officer-age.txt"
    assert scelle("id", "export-age", "--classic", people.officer.identity,
                  "-o", keys).returncode == 0
    plain = age_cmd("-d", "-i", keys, sealed)
    assert plain.returncode == 0, plain.err
    assert plain.stdout.startswith(b"SCELLE/1\n")
    assert files[1].read_bytes() in plain.stdout  # the content, in metadata order
    # The full export (X25519 + hybrid) opens the default, post-quantum sealed file in scelle.
    pq_sealed = tmp_path / "pq.scelle"
    assert scelle("seal", *people.lawyer.creds(), "--to", people.officer.card, "-o", pq_sealed,
                  *files).returncode == 0
    full = tmp_path / "officer-all.txt"
    assert scelle("id", "export-age", people.officer.identity, "-o", full).returncode == 0
    inner = scelle("age", "decrypt", "-i", full, pq_sealed)
    assert inner.returncode == 0, inner.err
    assert inner.stdout.startswith(b"SCELLE/1\n")
    assert age_cmd("-d", "-i", keys, pq_sealed).returncode != 0  # age 1.1.1: no hybrid keys


def test_expiry_view_only_and_message_file(people: People, tmp_path: Path) -> None:
    files = _documents(tmp_path / "docs")
    body = tmp_path / "body.txt"
    body.write_text("Lecture seule.\n")
    sealed = tmp_path / "vo.scelle"
    proc = scelle("seal", *people.lawyer.creds(), "--to", people.officer.card, "--view-only",
                  "--expires", "2099-12-31", "--message-file", body, "-o", sealed, files[0])
    assert proc.returncode == 0, proc.err
    proc = scelle("verify", *people.officer.creds(), "--from", people.lawyer.card, "--json",
                  sealed)
    assert proc.returncode == 0, proc.err
    summary = json.loads(proc.out)
    assert summary["view_only"] is True and summary["expires"].startswith("2099-12-3")
    assert summary["message"] == "Lecture seule.\n"
    # The command line cannot show without saving: a view-only file is not opened to disk.
    out = tmp_path / "vo-out"
    proc = scelle("open", *people.officer.creds(), "--from", people.lawyer.card, "-o", out,
                  sealed)
    assert proc.returncode == 1 and "view-only" in proc.err
    assert not out.exists()
