"""`check`, and damaged contents: a truncated or bit-flipped blob is reported by `check` and
refused by `export`, which leaves no file behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.cli_vault.conftest import Vault, write


def _one_document(vault: Vault, tmp_path: Path) -> tuple[int, Path]:
    source = write(tmp_path / "acte.bin", os.urandom(300 * 1024))
    doc_id = int(vault.ok("import", "--json", source).json()["imported"][0]["id"])
    blobs = [p for p in (vault.dir / "blobs").rglob("*") if p.is_file()]
    assert len(blobs) == 1
    return doc_id, blobs[0]


def _flip_bit(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 1000])


def test_check_passes_on_an_intact_vault(alice: Vault, tmp_path: Path) -> None:
    _one_document(alice, tmp_path)
    assert alice.ok("check").out == "vault intact (1 document versions checked)\n"
    report = alice.ok("check", "--json").json()
    assert report == {"ok": True, "versions_checked": 1, "problems": [], "orphans_removed": 0}


@pytest.mark.parametrize("damage", [_flip_bit, _truncate], ids=["bit-flip", "truncated"])
def test_damaged_blob_reported_by_check_refused_by_export(alice: Vault, tmp_path: Path,
                                                          damage) -> None:
    doc_id, blob = _one_document(alice, tmp_path)
    damage(blob)
    result = alice.run("check")
    assert result.returncode == 1
    assert result.out.startswith(f"document {doc_id} version 1: ")
    report = alice.run("check", "--json")
    assert report.returncode == 1 and '"ok": false' in report.out

    out = tmp_path / "exported.bin"
    result = alice.run("export", str(doc_id), "-o", out)
    assert result.returncode == 1
    assert result.err == (f"scelle: The encrypted content of document {doc_id} is damaged or "
                          f"was altered ({result.err.split('(', 1)[1].split(')')[0]}).\n")
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acte.bin", "alice"]  # no .part


def test_missing_blob_and_orphan_file(alice: Vault, tmp_path: Path) -> None:
    doc_id, blob = _one_document(alice, tmp_path)
    stray = blob.with_name("0" * len(blob.name))
    blob.rename(stray)  # the content file is missing, and an unknown file appeared
    result = alice.run("check")
    assert result.returncode == 1
    assert f"document {doc_id} version 1: content missing" in result.out
    assert "orphan file: blobs/" in result.out
    result = alice.run("check", "--quick", "--remove-orphans")
    assert "removed 1 orphan file(s)" in result.out and not stray.exists()
    result = alice.run("export", str(doc_id), "-o", tmp_path / "x")
    assert result.returncode == 1 and "is missing from the vault" in result.err
