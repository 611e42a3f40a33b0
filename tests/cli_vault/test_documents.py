"""Documents and cases through the command line: import, ls, search, show, export, rm, cases."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from tests.cli_vault.conftest import Vault, write


def _import(vault: Vault, *args: str | Path) -> list[dict[str, object]]:
    result = vault.ok("import", "--json", *args).json()
    assert isinstance(result, dict)
    return result["imported"]


def test_import_list_show_export_remove(alice: Vault, tmp_path: Path) -> None:
    memo = write(tmp_path / "in" / "mémo Martin.txt", "Rendez-vous lundi chez le notaire.\n")
    scan = write(tmp_path / "in" / "pv.pdf", b"%PDF-1.7\n" + os.urandom(200 * 1024))
    docs = _import(alice, "--case", "Dossier Martin", "--tag", "urgent", memo, scan)
    assert [d["name"] for d in docs] == ["mémo Martin.txt", "pv.pdf"]
    assert all(d["case"] == "Dossier Martin" and d["tags"] == ["urgent"] for d in docs)
    memo_id, scan_id = (int(d["id"]) for d in docs)
    assert docs[1]["sha256"] == hashlib.sha256(scan.read_bytes()).hexdigest()
    assert docs[1]["media_type"] == "application/pdf"

    listing = alice.ok("ls", "--json").json()
    assert [d["id"] for d in listing] == [memo_id, scan_id]
    text = alice.ok("ls").out
    assert "mémo Martin.txt" in text and str(scan_id) in text

    shown = alice.ok("show", str(scan_id), "--json").json()
    assert shown["size"] == scan.stat().st_size and shown["view_only"] is False
    assert [v["number"] for v in shown["versions"]] == [1]

    out = tmp_path / "out" / "pv-copie.pdf"
    out.parent.mkdir()
    assert f"exported document {scan_id}" in alice.ok("export", str(scan_id), "-o", out).out
    assert out.read_bytes() == scan.read_bytes()

    assert "deleted 1 document(s)" in alice.ok("rm", str(memo_id)).out
    assert [d["id"] for d in alice.ok("ls", "--json").json()] == [scan_id]
    # No plaintext anywhere in the vault folder.
    for data in alice.files().values():
        assert b"Rendez-vous" not in data and "Martin".encode() not in data


def test_cases_and_filters(alice: Vault, tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", "alpha")
    b = write(tmp_path / "b.txt", "beta")
    c = write(tmp_path / "c.txt", "gamma")
    _import(alice, "--case", "Succession Petit", a)
    _import(alice, "--case", "succession petit", b)  # same case, whatever the letter case
    _import(alice, c)
    cases = alice.ok("cases", "--json").json()
    assert [(x["name"], x["documents"]) for x in cases] == [("Succession Petit", 2)]
    in_case = alice.ok("ls", "--case", "SUCCESSION PETIT", "--json").json()
    assert sorted(d["name"] for d in in_case) == ["a.txt", "b.txt"]
    unfiled = alice.ok("ls", "--unfiled", "--json").json()
    assert [d["name"] for d in unfiled] == ["c.txt"]
    refused = alice.run("ls", "--case", "Inconnu")
    assert refused.returncode == 1 and "no case with that name" in refused.err


def test_import_folder_into_a_new_case(alice: Vault, tmp_path: Path) -> None:
    folder = tmp_path / "Dossier Leroy"
    write(folder / "actes" / "acte.txt", "acte")
    write(folder / "notes.txt", "notes")
    os.symlink(folder / "notes.txt", folder / "lien.txt")
    result = alice.ok("import", "--json", folder).json()
    assert sorted(d["name"] for d in result["imported"]) == ["actes/acte.txt", "notes.txt"]
    assert result["skipped"] == [{"path": f"{folder}/lien.txt", "reason": "symbolic link"}]
    assert alice.ok("cases", "--json").json()[0]["name"] == "Dossier Leroy"


def test_search_finds_names_accents_and_case(alice: Vault, tmp_path: Path) -> None:
    _import(alice, "--case", "Affaire Éléonore", write(tmp_path / "convocation.txt", "x"))
    _import(alice, write(tmp_path / "facture-2024.txt", "y"))
    hits = alice.ok("search", "eleonore", "--json").json()
    assert [h["name"] for h in hits] == ["convocation.txt"]
    assert all(isinstance(h["id"], int) for h in hits)
    assert [h["name"] for h in alice.ok("search", "FACT", "--json").json()] == [
        "facture-2024.txt"]
    assert alice.ok("search", "introuvable", "--json").json() == []
    assert "convocation.txt" in alice.ok("search", "éléonore").out


def test_import_refuses_missing_path_before_unlocking(alice: Vault, tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", "good")
    before = alice.files()
    result = alice.run("import", good, tmp_path / "absent.txt",
                       unlock=["--pkcs11-module", "/nonexistent.so"])
    assert result.returncode == 1
    assert result.err.strip() == f"scelle: file to import '{tmp_path / 'absent.txt'}': not found"
    assert alice.files() == before


def test_export_refuses_existing_output_and_unknown_document(alice: Vault,
                                                             tmp_path: Path) -> None:
    doc = _import(alice, write(tmp_path / "a.txt", "contenu"))[0]
    existing = write(tmp_path / "exists.txt", "keep me")
    result = alice.run("export", str(doc["id"]), "-o", existing)
    assert result.returncode == 1 and "already exists" in result.err
    assert existing.read_text() == "keep me"
    result = alice.run("export", "999", "-o", tmp_path / "new.txt")
    assert result.returncode == 4 and "no document with id 999" in result.err
    assert not (tmp_path / "new.txt").exists()
    result = alice.run("rm", "1", "999")
    assert result.returncode == 4 and "no document with id 999" in result.err
    assert len(alice.ok("ls", "--json").json()) == 1
    result = alice.run("show", "abc")
    assert result.returncode == 2 and "'abc' is not an id" in result.err
