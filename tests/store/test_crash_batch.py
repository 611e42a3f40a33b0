"""Crash safety of a batched folder import (storage/blobs/batch.py): a subprocess imports a
folder of small files, committed as one batch, and is SIGKILLed at each step of the batch. The
vault must then open healthy with all of the folder's documents or none, no orphan blob, no
staging file, and no plaintext anywhere under the test's folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.store.crash_payload import CANARY, DOC_NAME, PDF_WORD, payload
from tests.store.helpers import files_containing, random_bytes
from tests.support.library import Library

CHILD = Path(__file__).with_name("crash_child.py")
SECRETS = (CANARY, DOC_NAME.encode(), PDF_WORD.encode(), b"Secret-Piece")
SMALL = 5  # small files next to the PDF: all six fit in one batch


def _source(root: Path) -> dict[str, bytes]:
    contents = {DOC_NAME: payload()}
    for i in range(SMALL):
        contents[f"Secret-Piece-{i}.bin"] = random_bytes(9_000, seed=i) + CANARY * 64
    for name, data in contents.items():
        (root / name).write_bytes(data)
    return contents


def _run_child(tmp_path: Path, vault: Path, vmk: bytes, point: str, source: Path) -> None:
    flag = tmp_path / "reached"
    (tmp_path / "tmp").mkdir(exist_ok=True)
    env = dict(os.environ, TMPDIR=str(tmp_path / "tmp"), PYTHONDONTWRITEBYTECODE="1",
               CRASH_REACHED=str(flag))
    proc = subprocess.run(
        [sys.executable, str(CHILD), str(vault), vmk.hex(), "folder", point, str(source)],
        env=env, capture_output=True, timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode(errors="replace")
    assert flag.exists() == (point != "end"), "the crash point was not reached"


POINTS = ["batch-announced", "batch-staged-2", "batch-audited", "batch-synced", "batch-moving",
          "batch-published", "batch-settled", "end"]


@pytest.mark.parametrize("point", POINTS)
def test_batched_folder_import_killed(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory,
                                      vmk: bytes, point: str) -> None:
    source = tmp_path_factory.mktemp("source")  # outside tmp_path: it holds the plaintext
    contents = _source(source)
    vault = tmp_path / "vault"
    with Library.create(vault, vmk) as lib:
        lib.cases.create("Dossier crash")
    _run_child(tmp_path, vault, vmk, point, source)
    for secret in SECRETS:
        assert files_containing(tmp_path, secret) == [], secret
    with Library.open(vault, vmk) as lib:
        report = lib.check()
        assert report.ok, report.summary()
        assert lib.audit.verify().ok
        imports = [e.document_id for e in lib.audit.entries() if e.action == "document.import"]
        assert lib.store.staging.entries() == [] and lib.store.journal.pending() == []
        docs = lib.documents.list()
        if point == "end":  # the whole batch
            assert sorted(d.name for d in docs) == sorted(contents)
            for doc in docs:
                assert lib.documents.open(doc.id).read() == contents[doc.name]
            assert [h.name for h in lib.search.search(PDF_WORD)] == [DOC_NAME]
            assert len(list(lib.store.blobs.iter_files())) == len(contents)
            assert sorted(imports) == sorted(d.id for d in docs)  # one entry each, committed
        else:  # none of it, and no orphan
            assert docs == [] and imports == []
            assert list(lib.store.blobs.iter_files()) == []
            assert lib.search.search(PDF_WORD) == []
            # the vault keeps working: the same folder now imports completely
            imported = lib.importer.import_folder(source, case=1).imported
            assert len(imported) == len(contents) and lib.check().ok
    for secret in SECRETS:
        assert files_containing(tmp_path, secret) == [], secret
