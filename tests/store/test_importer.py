"""Importing files and folders: names, skipped entries, progress, cancel, sources that fail."""

from __future__ import annotations

import io
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

import app.import_sources as sources_mod
from app.importer import FolderProgress, ImportSourceError
from app.records import NotFoundError
from storage.blobs import CancelledError
from tests.store.helpers import make_pdf, random_bytes
from tests.support.library import Library


@pytest.fixture
def source(tmp_path: Path) -> Path:
    root = tmp_path / "Dossier Perrin"
    (root / "Pièces" / "2024").mkdir(parents=True)
    (root / "note.txt").write_bytes(b"note")
    (root / "Pièces" / "acte.pdf").write_bytes(make_pdf(["bornage cadastral"]))
    (root / "Pièces" / "2024" / "vide.bin").write_bytes(b"")
    (root / "Pièces" / "2024" / "gros.bin").write_bytes(random_bytes(150_000))
    os.symlink(root / "note.txt", root / "lien.txt")
    os.symlink(root / "Pièces", root / "lien-dossier")
    os.mkfifo(root / "tube")
    return root


def test_import_file_keeps_its_time(lib: Library, tmp_path: Path) -> None:
    path = tmp_path / "lettre.txt"
    path.write_bytes(b"Madame, Monsieur")
    os.utime(path, (1_600_000_000, 1_600_000_000))
    doc = lib.importer.import_file(path, tags=["courrier"])
    assert (doc.name, doc.media_type, doc.tags) == ("lettre.txt", "text/plain", ("courrier",))
    assert doc.created_at == datetime.fromtimestamp(1_600_000_000, UTC)
    assert lib.documents.open(doc.id).read() == b"Madame, Monsieur"


def test_import_file_refuses_what_is_not_a_regular_file(lib: Library, source: Path) -> None:
    for bad in (source / "lien.txt", source / "tube", source / "absent", source / "Pièces"):
        with pytest.raises(ImportSourceError):
            lib.importer.import_file(bad)
    assert lib.documents.count() == 0


def test_import_folder_recursively(lib: Library, source: Path) -> None:
    events: list[FolderProgress] = []
    report = lib.importer.import_folder(source, tags=["perrin"], progress=events.append)
    case = lib.cases.get(report.case_id)
    assert case.name == "Dossier Perrin" and not report.cancelled
    names = sorted(lib.documents.get(i).name for i in report.imported)
    assert names == ["Pièces/2024/gros.bin", "Pièces/2024/vide.bin", "Pièces/acte.pdf",
                     "note.txt"]
    assert sorted(r for r, _ in report.skipped) == ["lien-dossier", "lien.txt", "tube"]
    assert all(lib.documents.get(i).case_id == case.id for i in report.imported)
    assert [h.name for h in lib.search.search("cadastral")] == ["Pièces/acte.pdf"]
    assert events[-1].bytes_done == events[-1].bytes_total
    assert events[-1].files_total == 4
    assert lib.check().ok


def test_import_folder_into_an_existing_case(lib: Library, source: Path) -> None:
    case = lib.cases.create("Existant")
    report = lib.importer.import_folder(source, case=case.id)
    assert report.case_id == case.id and len(report.imported) == 4
    with pytest.raises(NotFoundError):
        lib.importer.import_folder(source, case=999)
    with pytest.raises(ImportSourceError):
        lib.importer.import_folder(source / "note.txt", case=case.id)


def test_unreadable_file_is_skipped(lib: Library, source: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    real = sources_mod._open_regular

    def fussy(path: Path):  # running as root, chmod 000 would not stop us: simulate EACCES
        if path.name == "note.txt":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(sources_mod, "_open_regular", fussy)
    report = lib.importer.import_folder(source)
    assert len(report.imported) == 3
    assert ("note.txt", "The file to import cannot be read (Permission denied).") in report.skipped


def test_read_error_during_import_keeps_nothing(lib: Library) -> None:
    class Failing(io.RawIOBase):
        def __init__(self) -> None:
            self.n = 0

        def read(self, n: int = -1) -> bytes:
            self.n += 1
            if self.n > 2:
                raise OSError(5, "Input/output error")
            return b"x" * 65536

    with pytest.raises(OSError):
        lib.importer.import_stream("a", None, None, Failing())  # type: ignore[arg-type]
    assert lib.documents.count() == 0 and lib.store.staging.entries() == []
    assert list(lib.store.blobs.iter_files()) == []


def test_cancel_mid_folder_keeps_complete_documents_only(lib: Library, source: Path) -> None:
    seen: list[str] = []

    def progress(p: FolderProgress) -> None:
        seen.append(p.current)

    def cancel() -> bool:  # cancel while the big file is half written
        return seen.count("Pièces/2024/gros.bin") >= 2

    report = lib.importer.import_folder(source, progress=progress, cancel=cancel)
    assert report.cancelled
    # walk order: note.txt, Pièces/acte.pdf, then Pièces/2024/gros.bin (cancelled half-way)
    assert [lib.documents.get(i).name for i in report.imported] == ["note.txt", "Pièces/acte.pdf"]
    assert lib.documents.count() == 2
    assert lib.store.staging.entries() == [] and len(list(lib.store.blobs.iter_files())) == 2
    # cancelling between files keeps those already done (a batch inserts its documents at its
    # end, so the cancel is decided by what the progress reported, not by counting documents)
    started: list[str] = []
    report = lib.importer.import_folder(source, progress=lambda p: started.append(p.current),
                                        cancel=lambda: len(set(started)) >= 2)
    assert report.cancelled and len(report.imported) == 1
    assert lib.documents.count() == 3 and lib.store.staging.entries() == []
    assert lib.check().ok


def test_cancel_import_stream(lib: Library) -> None:
    ticks = iter(range(100))
    with pytest.raises(CancelledError):
        lib.importer.import_stream("a", 300_000, None, io.BytesIO(random_bytes(300_000)),
                                   cancel=lambda: next(ticks) >= 3)
    assert lib.documents.count() == 0 and lib.store.staging.entries() == []
