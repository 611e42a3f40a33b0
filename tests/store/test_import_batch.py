"""A folder import's batch writes its documents' rows at its end with ids given in advance
(app/import_rows.py): the ids must be those SQLite would have given, never reused after a
deletion, and every row (tags, versions, index, audit) must be there."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from app.import_rows import BatchRows
from tests.support.library import Library


def _folder(root: Path, name: str, count: int) -> Path:
    folder = root / name
    folder.mkdir()
    for i in range(count):
        (folder / f"piece-{i}.txt").write_text(f"contenu {name} {i}")
    return folder


def test_batch_ids_follow_the_last_id_ever_used(lib: Library, tmp_path: Path) -> None:
    alone = lib.importer.import_stream("seule.txt", 1, None, io.BytesIO(b"x"))
    first = lib.importer.import_folder(_folder(tmp_path, "A", 3)).imported
    assert first == [alone.id + 1, alone.id + 2, alone.id + 3]
    lib.documents.delete(first[-1])  # the newest: its id must not come back
    second = lib.importer.import_folder(_folder(tmp_path, "B", 2)).imported
    assert second == [first[-1] + 1, first[-1] + 2]
    after = lib.importer.import_stream("après.txt", 1, None, io.BytesIO(b"y"))
    assert after.id == second[-1] + 1  # SQLite's own numbering goes on from the batch's
    assert lib.check().ok


def test_batch_rows_are_complete(lib: Library, tmp_path: Path) -> None:
    report = lib.importer.import_folder(_folder(tmp_path, "Dossier Garnier", 4),
                                        tags=["garnier", "Garnier", "2026"])
    docs = [lib.documents.get(i) for i in report.imported]
    assert [d.name for d in docs] == [f"piece-{i}.txt" for i in range(4)]
    assert all(sorted(d.tags) == ["2026", "garnier"] for d in docs)  # first spelling kept
    assert all(d.case_id == report.case_id for d in docs)
    for i, doc in enumerate(docs):
        with lib.documents.open(doc.id) as stream:
            assert stream.read() == f"contenu Dossier Garnier {i}".encode()
    assert {h.document_id for h in lib.search.search("garnier")} == set(report.imported)
    assert [h.document_id for h in lib.search.search("piece-2.txt")] == [report.imported[2]]
    imports = [e.document_id for e in lib.audit.entries() if e.action == "document.import"]
    assert imports == report.imported
    assert lib.check().ok and lib.audit.verify().ok


def test_batch_rows_are_taken_inside_a_transaction(lib: Library) -> None:
    with pytest.raises(RuntimeError):
        BatchRows.start(lib.store, lib.audit.batch())
