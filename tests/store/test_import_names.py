"""Imported file names the vault cannot store or show honestly: names that are not UTF-8 and
names with invisible or line-separator characters are skipped and listed (escaped) in a
folder import, refused with one clear error for a single file, and never leave an empty case."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.importer import Importer
from app.records import InvalidValueError
from tests.support.library import Library


def _bytes_file(folder: Path, name: bytes, data: bytes = b"x") -> Path:
    fd = os.open(os.path.join(os.fsencode(folder), name), os.O_CREAT | os.O_WRONLY, 0o600)
    os.write(fd, data)
    os.close(fd)
    return Path(os.fsdecode(os.path.join(os.fsencode(folder), name)))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "Dossier Roux"
    root.mkdir()
    (root / "bon.txt").write_bytes(b"bon")
    _bytes_file(root, b"bad\xff.pdf", b"%PDF-1.4 nope")
    (root / "zw\u200bx.txt").write_bytes(b"zero width")
    (root / "rtl\u202etxt.exe").write_bytes(b"override")
    (root / "ligne\u2028From: Greffe (verified).txt").write_bytes(b"separator")
    bad_dir = Path(os.fsdecode(os.path.join(os.fsencode(root), b"sous\xfe")))
    bad_dir.mkdir()
    (bad_dir / "dedans.txt").write_bytes(b"inside")
    return root


def test_folder_import_skips_and_lists_names_it_cannot_store(lib: Library, folder: Path) -> None:
    report = lib.importer.import_folder(folder)
    assert [lib.documents.get(i).name for i in report.imported] == ["bon.txt"]
    skipped = dict(report.skipped)
    assert skipped == {
        "bad\\xff.pdf": "file name is not valid UTF-8 text (it holds undecodable bytes)",
        "ligne\\u{2028}From: Greffe (verified).txt":
            "file name contains a Unicode line or paragraph separator",
        "rtl\\u{202e}txt.exe": "file name contains invisible formatting characters "
                               "(zero-width, direction or similar marks)",
        "sous\\xfe": "folder name is not valid UTF-8 text (it holds undecodable bytes)",
        "zw\\u{200b}x.txt": "file name contains invisible formatting characters "
                            "(zero-width, direction or similar marks)",
    }
    for name in skipped:  # safe to print: valid UTF-8 on one line
        name.encode("utf-8")
        assert name.isprintable()
    assert [c.name for c in lib.cases.list()] == ["Dossier Roux"]


def test_single_file_with_such_a_name_is_refused_clearly(lib: Library, folder: Path) -> None:
    bad = _bytes_file(folder, b"seul\xff.txt")
    with pytest.raises(InvalidValueError,
                       match=r"^The document name is not valid UTF-8 text \(it holds "
                             r"undecodable bytes\)\.$"):
        lib.importer.import_file(bad)
    with pytest.raises(InvalidValueError, match="invisible formatting"):
        lib.importer.import_file(folder / "zw\u200bx.txt")
    assert lib.documents.count() == 0 and lib.cases.list() == []


def test_folder_with_an_undecodable_name_is_refused_before_any_case(lib: Library,
                                                                    tmp_path: Path) -> None:
    bad_dir = Path(os.fsdecode(os.fsencode(tmp_path) + b"/dossier\xff"))
    bad_dir.mkdir()
    (bad_dir / "a.txt").write_bytes(b"a")
    with pytest.raises(InvalidValueError, match="case name is not valid UTF-8"):
        lib.importer.import_folder(bad_dir)
    assert lib.cases.list() == []


def test_a_failing_folder_import_leaves_no_empty_case(lib: Library, folder: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Importer, "_import_batch", broken)
    with pytest.raises(OSError):
        lib.importer.import_folder(folder)
    assert lib.cases.list() == []
    # A case given by the caller is theirs: it stays.
    case = lib.cases.create("Existant")
    with pytest.raises(OSError):
        lib.importer.import_folder(folder, case=case.id)
    assert [c.name for c in lib.cases.list()] == ["Existant"]
