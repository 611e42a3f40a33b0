"""The integrity check finds missing, orphan and corrupt blobs and a damaged database."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from app.integrity import remove_orphans
from storage.blobs import CancelledError
from storage.db import PAGE_SIZE
from tests.store.helpers import flip_byte, random_bytes
from tests.support.library import Library


def put(lib: Library, name: str, data: bytes) -> int:
    return lib.importer.import_stream(name, len(data), None, io.BytesIO(data)).id


def blob_path(lib: Library, doc_id: int) -> Path:
    blob_id = lib.store.db.scalar("SELECT blob_id FROM versions WHERE document_id = ?", (doc_id,))
    return lib.store.blobs.path_for(blob_id)


def test_clean_vault_passes(lib: Library) -> None:
    put(lib, "a", random_bytes(100_000))
    put(lib, "b", b"")
    seen: list[tuple[int, int]] = []
    report = lib.check(progress=lambda d, t: seen.append((d, t)))
    assert report.ok, report.summary()
    assert report.versions_checked == 2 and report.summary()[0].startswith("vault intact")
    assert seen[-1] == (100_000, 100_000)
    assert lib.audit.entries()[-1].action == "integrity.check"


def test_missing_orphan_and_corrupt_blobs(lib: Library) -> None:
    missing = put(lib, "missing", random_bytes(1000, 1))
    corrupt = put(lib, "corrupt", random_bytes(200_000, 2))
    truncated = put(lib, "truncated", random_bytes(70_000, 3))
    fine = put(lib, "fine", random_bytes(10, 4))
    blob_path(lib, missing).unlink()
    flip_byte(blob_path(lib, corrupt), 32 + 65_536 + 16 + 100)  # chunk 1
    path = blob_path(lib, truncated)
    path.write_bytes(path.read_bytes()[:-20])
    orphan = lib.store.blobs.root / "ab" / ("ab" + "0" * 30)
    orphan.parent.mkdir(exist_ok=True)
    orphan.write_bytes(b"left behind")
    stray = lib.store.blobs.root / "notes.txt"
    stray.write_bytes(b"?")

    report = lib.check()
    assert not report.ok
    assert [i.document_id for i in report.missing_blobs] == [missing]
    assert sorted(i.document_id for i in report.corrupt_blobs) == [corrupt, truncated]
    assert {p.name for p in report.orphan_blobs} == {orphan.name, "notes.txt"}
    assert report.database_errors == () and report.audit.ok
    text = "\n".join(report.summary())
    assert f"document {corrupt} version 1: chunk 1 failed authentication" in text
    assert "corrupt" not in text.replace(f"document {corrupt}", "")  # ids, never names
    assert fine not in [i.document_id for i in report.corrupt_blobs + report.missing_blobs]

    assert remove_orphans(lib.store, report) == 2
    assert lib.check().orphan_blobs == ()


def test_quick_check_skips_decryption(lib: Library) -> None:
    doc = put(lib, "a", random_bytes(5000))
    flip_byte(blob_path(lib, doc), 40)
    assert lib.check(verify_blobs=False).ok
    assert not lib.check().ok


def test_swapped_blob_files_are_corrupt(lib: Library) -> None:
    a, b = put(lib, "a", random_bytes(5000, 1)), put(lib, "b", random_bytes(5000, 2))
    pa, pb = blob_path(lib, a), blob_path(lib, b)
    tmp = pa.with_name("tmp")
    shutil.move(pa, tmp)
    shutil.move(pb, pa)
    shutil.move(tmp, pb)
    report = lib.check()
    assert sorted(i.document_id for i in report.corrupt_blobs) == [a, b]
    assert all("another blob" in i.reason for i in report.corrupt_blobs)


def test_tampered_key_record_is_corrupt(lib: Library) -> None:
    a, b = put(lib, "a", b"first"), put(lib, "b", b"second")
    key_b = lib.store.db.scalar("SELECT wrapped_key FROM versions WHERE document_id = ?", (b,))
    lib.store.db.execute("UPDATE versions SET wrapped_key = ? WHERE document_id = ?", (key_b, a))
    report = lib.check()
    assert [i.document_id for i in report.corrupt_blobs] == [a]
    assert "key record" in report.corrupt_blobs[0].reason


def test_audit_problems_are_reported(lib: Library) -> None:
    put(lib, "a", b"x")
    lib.store.db.execute("UPDATE audit_log SET actor = 'someone else' WHERE seq = 2")
    report = lib.check()
    assert not report.ok and "altered" in report.audit.kinds()
    assert any(line.startswith("audit log:") for line in report.summary())


def test_damaged_database_page_is_reported(lib: Library) -> None:
    for i in range(30):  # enough rows for several pages
        put(lib, f"document {i}", b"x")
    lib.store.db.checkpoint()
    db_path = lib.store.vault_dir / "vault.db"
    pages = db_path.stat().st_size // PAGE_SIZE
    flip_byte(db_path, (pages - 1) * PAGE_SIZE + 100)  # inside the last page's ciphertext
    report = lib.check(verify_blobs=False)
    assert not report.ok
    assert any("page check" in e or "could not be checked" in e for e in report.database_errors)


def test_check_can_be_cancelled(lib: Library) -> None:
    put(lib, "a", random_bytes(10_000))
    with pytest.raises(CancelledError):
        lib.check(cancel=lambda: True)
