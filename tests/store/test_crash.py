"""Crash safety for real: a subprocess imports (or deletes) a document and is SIGKILLed at
chosen points; the vault must then open, pass the integrity check, hold either the whole
document or nothing of it, and no plaintext may exist anywhere under the test's folders, neither
right after the kill nor after reopening."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.store.crash_payload import CANARY, DOC_NAME, PDF_WORD, payload
from tests.store.helpers import files_containing
from tests.support.library import Library

CHILD = Path(__file__).with_name("crash_child.py")
SECRETS = (CANARY, DOC_NAME.encode(), PDF_WORD.encode(), PDF_WORD.lower().encode())


def _run_child(tmp_path: Path, vault: Path, vmk: bytes, operation: str, point: str) -> None:
    flag = tmp_path / "reached"
    env = dict(os.environ, TMPDIR=str(tmp_path / "tmp"), PYTHONDONTWRITEBYTECODE="1",
               CRASH_REACHED=str(flag))
    (tmp_path / "tmp").mkdir(exist_ok=True)
    proc = subprocess.run(
        [sys.executable, str(CHILD), str(vault), vmk.hex(), operation, point],
        env=env, capture_output=True, timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode(errors="replace")
    assert flag.exists() == (point != "end"), "the crash point was not reached"


def _files(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file() and p.name != ".lock")


def _assert_no_plaintext(tmp_path: Path) -> None:
    for secret in SECRETS:
        assert files_containing(tmp_path, secret) == [], secret


def _assert_healthy(lib: Library) -> None:
    report = lib.check()
    assert report.ok, report.summary()
    assert lib.store.staging.entries() == []
    assert lib.store.journal.pending() == []


def _new_vault(tmp_path: Path, vmk: bytes) -> Path:
    vault = tmp_path / "vault"
    with Library.create(vault, vmk) as lib:
        lib.cases.create("Dossier crash")
    return vault


IMPORT_POINTS = {
    # point: (files in staging/ and in blobs/ right after the kill, document there after reopen)
    "chunk:1": (1, 0, False),  # one chunk sealed in staging
    "chunk:3": (1, 0, False),  # three of five
    "pdf": (1, 0, False),  # staging complete, text being extracted
    "staged": (1, 0, False),  # staging fsynced, nothing announced
    "announced": (1, 0, False),  # journal entry committed, file still in staging
    "published": (0, 1, False),  # blob renamed into blobs/, no document row yet
    "in-transaction": (0, 1, False),  # document rows inserted, not committed
    "end": (0, 1, True),  # committed; killed before close
}


@pytest.mark.parametrize("point", list(IMPORT_POINTS))
def test_import_killed(tmp_path: Path, vmk: bytes, point: str) -> None:
    vault = _new_vault(tmp_path, vmk)
    _run_child(tmp_path, vault, vmk, "import", point)
    staged, blobs, kept = IMPORT_POINTS[point]
    assert (_files(vault / "staging"), _files(vault / "blobs")) == (staged, blobs)
    _assert_no_plaintext(tmp_path)
    with Library.open(vault, vmk) as lib:
        _assert_healthy(lib)
        docs = lib.documents.list()
        if kept:
            assert [d.name for d in docs] == [DOC_NAME]
            assert lib.documents.open(docs[0].id).read() == payload()
            assert [h.document_id for h in lib.search.search(PDF_WORD)] == [docs[0].id]
        else:
            assert docs == []
            assert list(lib.store.blobs.iter_files()) == []
            assert lib.search.search(PDF_WORD) == []
        # the vault keeps working: the same import now succeeds
        data = payload()
        lib.importer.import_stream(DOC_NAME, len(data), None, io.BytesIO(data), case=1)
        _assert_healthy(lib)
    _assert_no_plaintext(tmp_path)


DELETE_POINTS = {
    # point: is the document still there after the crash?
    "in-transaction": True,  # rows deleted, not committed
    "shred-committed": False,  # key rows gone; blob file still on disk
    "unlinking": False,  # about to unlink the blob
    "end": False,
}


@pytest.mark.parametrize("point", list(DELETE_POINTS))
def test_delete_killed(tmp_path: Path, vmk: bytes, point: str) -> None:
    vault = _new_vault(tmp_path, vmk)
    data = payload()
    with Library.open(vault, vmk) as lib:
        lib.importer.import_stream(DOC_NAME, len(data), None, io.BytesIO(data), case=1)
        blob_id = lib.store.db.scalar("SELECT blob_id FROM versions WHERE document_id = 1")
    _run_child(tmp_path, vault, vmk, "delete", point)
    assert _files(vault / "blobs") == (0 if point == "end" else 1)
    _assert_no_plaintext(tmp_path)
    with Library.open(vault, vmk) as lib:
        _assert_healthy(lib)
        if DELETE_POINTS[point]:
            assert lib.documents.open(1).read() == data
        else:
            assert lib.documents.count() == 0
            assert not lib.store.blobs.exists(blob_id)  # finished by the journal at open
            assert lib.audit.entries()[-1].action in ("document.delete", "integrity.check")
