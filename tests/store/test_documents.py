"""Documents and cases: import, read, edit, export, delete, legal hold, retention."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from app.cases import CaseNotEmptyError, LegalHoldError
from app.documents import ExportError
from app.records import InvalidValueError, NotFoundError
from storage.blobs import CancelledError, CorruptBlobError, SizeMismatchError
from tests.store.helpers import flip_byte, random_bytes
from tests.support.library import Library


def put(lib: Library, name: str, data: bytes, **kw: object):
    return lib.importer.import_stream(name, len(data), kw.pop("media_type", None),  # type: ignore[arg-type]
                                      io.BytesIO(data), **kw)  # type: ignore[arg-type]


def blob_path(lib: Library, doc_id: int) -> Path:
    blob_id = lib.store.db.scalar("SELECT blob_id FROM versions WHERE document_id = ?"
                                  " ORDER BY number DESC", (doc_id,))
    return lib.store.blobs.path_for(blob_id)


def test_import_read_round_trip(lib: Library) -> None:
    data = random_bytes(200_000)
    created = datetime(2020, 5, 17, 8, 30, tzinfo=UTC)
    case = lib.cases.create("Dossier A")
    doc = put(lib, "rapport.bin", data, case=case.id, tags=["Urgent", "urgent", "Expertise"],
              notes="à relire", created_at=created)
    assert (doc.size, doc.case_id, doc.version, doc.notes) == (len(data), case.id, 1, "à relire")
    assert doc.tags == ("Expertise", "Urgent")  # first spelling wins, sorted case-insensitively
    assert doc.created_at == created and doc.imported_at >= created
    assert doc.media_type == "application/octet-stream"
    import hashlib
    assert doc.sha256 == hashlib.sha256(data).digest()
    with lib.documents.open(doc.id) as stream:
        assert stream.read() == data
        stream.seek(150_000)
        assert stream.read(10) == data[150_000:150_010]
    assert lib.documents.read_range(doc.id, 65_530, 20) == data[65_530:65_550]
    assert lib.documents.get(doc.id) == doc
    assert lib.cases.get(case.id).document_count == 1


def test_media_type_guessing_and_validation(lib: Library) -> None:
    assert put(lib, "photo", b"\x89PNG\r\n\x1a\n....").media_type == "image/png"
    assert put(lib, "a.txt", b"hello").media_type == "text/plain"
    assert put(lib, "x", b"abc", media_type="Text/CSV").media_type == "text/csv"
    with pytest.raises(InvalidValueError):
        put(lib, "x", b"abc", media_type="not a type")


def test_bad_names_sizes_and_cases_keep_nothing(lib: Library) -> None:
    for bad in ("", "   ", "a\x00b", "x" * 2000):
        with pytest.raises(InvalidValueError):
            put(lib, bad, b"abc")
    with pytest.raises(NotFoundError):
        put(lib, "a", b"abc", case=999)
    with pytest.raises(SizeMismatchError):
        lib.importer.import_stream("a", 10, None, io.BytesIO(b"short"))
    with pytest.raises(InvalidValueError):
        lib.importer.import_stream("a", -1, None, io.BytesIO(b""))
    with pytest.raises(CancelledError):
        lib.importer.import_stream("a", None, None, io.BytesIO(b"x" * 300_000), cancel=lambda: True)
    assert lib.documents.count() == 0
    assert list(lib.store.blobs.iter_files()) == [] and lib.store.staging.entries() == []


def test_versions(lib: Library) -> None:
    doc = put(lib, "contrat.txt", b"version one")
    doc2 = lib.importer.add_version(doc.id, 11, io.BytesIO(b"version two"))
    assert doc2.version == 2 and doc2.size == 11 and doc2.sha256 != doc.sha256
    assert [v.number for v in lib.documents.versions(doc.id)] == [1, 2]
    assert lib.documents.open(doc.id).read() == b"version two"
    assert lib.documents.open(doc.id, version=1).read() == b"version one"
    with pytest.raises(InvalidValueError):
        lib.documents.open(doc.id, version=3)
    lib.documents.delete(doc.id)
    assert list(lib.store.blobs.iter_files()) == []


def test_edit_metadata(lib: Library) -> None:
    a, b = lib.cases.create("A"), lib.cases.create("B")
    doc = put(lib, "x.txt", b"1", case=a.id, tags=["t1"])
    assert lib.documents.rename(doc.id, "  y.txt ").name == "y.txt"
    assert lib.documents.set_notes(doc.id, "ligne 1\nligne 2").notes == "ligne 1\nligne 2"
    assert lib.documents.add_tags(doc.id, ["t2", "T1"]).tags == ("t1", "t2")
    assert lib.documents.remove_tags(doc.id, ["T1"]).tags == ("t2",)
    assert lib.documents.all_tags() == ["t2"]  # unused tags disappear
    assert lib.documents.move(doc.id, b.id).case_id == b.id
    assert lib.documents.move(doc.id, None).case_id is None
    assert [d.id for d in lib.documents.list(unfiled=True)] == [doc.id]
    assert [d.id for d in lib.documents.list(tag="T2")] == [doc.id]
    with pytest.raises(NotFoundError):
        lib.documents.move(doc.id, 999)
    with pytest.raises(NotFoundError):
        lib.documents.get(999)
    with pytest.raises(InvalidValueError):
        lib.documents.set_tags(doc.id, ["bad\ttag"])


def test_list_paging(lib: Library) -> None:
    for name in ["c", "A", "b"]:
        put(lib, name, b"x")
    assert [d.name for d in lib.documents.list()] == ["A", "b", "c"]
    assert [d.name for d in lib.documents.list(limit=1, offset=1)] == ["b"]


def test_export(lib: Library, tmp_path: Path) -> None:
    data = random_bytes(150_000)
    doc = put(lib, "piece.bin", data)
    dest = tmp_path / "out" / "piece.bin"
    dest.parent.mkdir()
    seen: list[int] = []
    assert lib.documents.export(doc.id, dest, progress=lambda d, t: seen.append(d)) == dest
    assert dest.read_bytes() == data and seen[-1] == len(data)
    with pytest.raises(ExportError, match="already exists"):
        lib.documents.export(doc.id, dest)
    lib.documents.export(doc.id, dest, overwrite=True)
    with pytest.raises(ExportError, match="folder"):
        lib.documents.export(doc.id, tmp_path / "out")
    with pytest.raises(ExportError, match="does not exist"):
        lib.documents.export(doc.id, tmp_path / "missing" / "f")
    with pytest.raises(CancelledError):
        lib.documents.export(doc.id, tmp_path / "out" / "c.bin", cancel=lambda: True)
    for inside in (lib.store.vault_dir / "piece.bin", lib.store.vault_dir / "staging" / "x"):
        with pytest.raises(ExportError, match="inside the vault"):
            lib.documents.export(doc.id, inside)
    assert sorted(p.name for p in dest.parent.iterdir()) == ["piece.bin"]


def test_export_of_a_damaged_blob_leaves_no_partial_file(lib: Library, tmp_path: Path) -> None:
    data = random_bytes(200_000)
    doc = put(lib, "piece.bin", data)
    flip_byte(blob_path(lib, doc.id), 32 + 2 * (65536 + 16) + 5)  # chunk 2 of 4
    with pytest.raises(CorruptBlobError, match=f"document {doc.id}"):
        lib.documents.export(doc.id, tmp_path / "out.bin")
    assert list(tmp_path.iterdir()) == [lib.store.vault_dir]


def test_legal_hold_blocks_deletion_and_moving_out(lib: Library) -> None:
    case = lib.cases.create("Affaire sensible")
    other = lib.cases.create("Autre")
    doc = put(lib, "pv.txt", b"proces-verbal", case=case.id)
    assert lib.cases.set_legal_hold(case.id, True).legal_hold
    with pytest.raises(LegalHoldError) as err:
        lib.documents.delete(doc.id)
    assert str(case.id) in str(err.value) and "Affaire" not in str(err.value)
    with pytest.raises(LegalHoldError):
        lib.documents.delete_many([put(lib, "libre", b"x").id, doc.id])  # all or none
    with pytest.raises(LegalHoldError):
        lib.documents.move(doc.id, other.id)
    with pytest.raises(LegalHoldError):
        lib.cases.delete(case.id, with_documents=True)
    assert lib.documents.count() == 2 and lib.documents.open(doc.id).read() == b"proces-verbal"
    put(lib, "ajout.txt", b"x", case=case.id)  # adding to a held case is allowed
    lib.cases.set_legal_hold(case.id, False)
    lib.documents.delete(doc.id)
    with pytest.raises(NotFoundError):
        lib.documents.get(doc.id)


def test_cases_retention_and_deletion(lib: Library) -> None:
    old = lib.cases.create("Ancien", reference="2001/1", retention_until=date(2020, 1, 1))
    held = lib.cases.create("Gelé", retention_until=date(2020, 1, 1))
    lib.cases.set_legal_hold(held.id, True)
    lib.cases.create("Récent", retention_until=date(2099, 1, 1))
    lib.cases.create("Sans date")
    assert [c.id for c in lib.cases.due_for_disposal(date(2024, 6, 1))] == [old.id]
    doc = put(lib, "a", b"x", case=old.id)
    with pytest.raises(CaseNotEmptyError):
        lib.cases.delete(old.id)
    assert lib.cases.delete(old.id, with_documents=True) == 1
    with pytest.raises(NotFoundError):
        lib.documents.get(doc.id)
    assert [c.name for c in lib.cases.list()] == ["Gelé", "Récent", "Sans date"]
    assert lib.cases.set_retention(held.id, None).retention_until is None
    with pytest.raises(InvalidValueError):
        lib.cases.set_retention(held.id, "2020-01-01")  # type: ignore[arg-type]
    updated = lib.cases.update(held.id, name="Gelé bis", reference="R-1", notes="n")
    assert (updated.name, updated.reference, updated.notes) == ("Gelé bis", "R-1", "n")
    with pytest.raises(InvalidValueError):
        lib.cases.create("")


def test_ids_are_never_reused(lib: Library) -> None:
    first = put(lib, "a", b"1")
    lib.documents.delete(first.id)
    assert put(lib, "b", b"2").id == first.id + 1
