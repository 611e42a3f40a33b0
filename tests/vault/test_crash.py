"""Crash safety of receiving, for real: a subprocess receives a sealed file into the vault and
is SIGKILLed at chosen points. The vault must then open, pass the integrity check, hold the
whole message or no trace of it (documents, record, replay entry), and no plaintext may exist
anywhere under the test's folders, neither right after the kill nor after reopening."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from crypto.sealed.errors import ReplayedMessage
from tests.store.helpers import files_containing, make_pdf
from tests.vault.conftest import (
    CANARY,
    Template,
    add_document,
    befriend,
    canary_data,
    open_copy,
    open_with_vmk,
)

CHILD = Path(__file__).with_name("crash_child.py")
PDF_WORD = "Motcachecrash"
SECRETS = (CANARY, PDF_WORD.encode(), b"Objet-Secret-Crash", b"Nom-Secret-Crash")

# 64 KiB blob chunks: file 1 has 4, file 2 (PDF) 1, file 3 has 2.
# point: (files in staging/, files in blobs/) right after the kill
POINTS = {
    "chunk:1": (1, 0),  # inside file 1
    "chunk:4": (2, 0),  # file 1 staged, file 2 begun
    "chunk:6": (3, 0),  # inside file 3
    "verified": (3, 0),  # the reader accepted the file: all staged, nothing announced
    "announced": (3, 0),  # first journal entry committed, its file not renamed
    "published:1": (2, 1),  # one blob in blobs/, no row
    "published:3": (0, 3),  # every blob in blobs/, no row
    "in-transaction": (0, 3),  # rows inserted, not committed
    "end": (0, 3),  # committed; killed before closing
}


@pytest.fixture(scope="module")
def scenario(templates: dict[str, Template], tmp_path_factory: pytest.TempPathFactory):
    """Bob's vault (template copy, knowing Alice) and a 3-file sealed file from Alice."""
    root = tmp_path_factory.mktemp("crash-scenario")
    alice = open_copy(templates["alice"], root / "alice")
    bob = open_copy(templates["bob"], root / "bob")
    try:
        at_alice, _ = befriend(alice, bob)
        ids = [add_document(alice, "Nom-Secret-Crash-1.bin", canary_data(200_000)),
               add_document(alice, "Nom-Secret-Crash-2.pdf", make_pdf([f"Le {PDF_WORD} ici"])),
               add_document(alice, "Nom-Secret-Crash-3.bin", canary_data(100_000, seed=3))]
        alice.seal_documents(ids, [at_alice], root / "message.scelle",
                             subject="Objet-Secret-Crash")
    finally:
        alice.lock()
        bob.lock()
    return root / "bob", root / "message.scelle", templates["bob"].vmk


def _run_child(tmp_path: Path, vault: Path, vmk: bytes, sealed: Path, point: str) -> None:
    flag = tmp_path / "reached"
    (tmp_path / "tmp").mkdir(exist_ok=True)
    env = dict(os.environ, TMPDIR=str(tmp_path / "tmp"), PYTHONDONTWRITEBYTECODE="1",
               CRASH_REACHED=str(flag))
    proc = subprocess.run([sys.executable, str(CHILD), str(vault), vmk.hex(), str(sealed), point],
                          env=env, capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode(errors="replace")
    assert flag.exists() == (point != "end"), "the crash point was not reached"


def _assert_no_plaintext(root: Path) -> None:
    for secret in SECRETS:
        assert files_containing(root, secret) == [], secret


def _files(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file() and p.name != ".lock")


@pytest.mark.parametrize("point", list(POINTS))
def test_receive_killed(scenario: tuple[Path, Path, bytes], tmp_path: Path, point: str) -> None:
    template_vault, sealed_src, vmk = scenario
    import shutil

    vault = tmp_path / "vault"
    shutil.copytree(template_vault, vault)
    sealed = tmp_path / "message.scelle"
    shutil.copyfile(sealed_src, sealed)
    _run_child(tmp_path, vault, vmk, sealed, point)
    assert (_files(vault / "staging"), _files(vault / "blobs")) == POINTS[point]
    _assert_no_plaintext(tmp_path)
    complete = point == "end"
    with open_with_vmk(vault, vmk) as session:
        report = session.integrity.check()
        assert report.ok, report.summary()
        assert session.store.staging.entries() == []
        assert session.store.journal.pending() == []
        db = session.store.db
        counts = (session.documents.count(),
                  db.scalar("SELECT count(*) FROM versions"),
                  db.scalar("SELECT count(*) FROM messages"),
                  db.scalar("SELECT count(*) FROM seen_messages"),
                  sum(1 for _ in session.store.blobs.iter_files()))
        assert counts == ((3, 3, 1, 1, 3) if complete else (0, 0, 0, 0, 0))
        _assert_no_plaintext(tmp_path)
        if complete:
            with pytest.raises(ReplayedMessage):
                session.receive_sealed(sealed)
        else:  # the interrupted message can be received again, whole
            got = session.receive_sealed(sealed)
            assert len(got.document_ids) == 3
            data = session.documents.read_range(got.document_ids[0], 0, 200_000 + 200 * 22)
            assert data == canary_data(200_000)
        assert session.integrity.check().ok
    _assert_no_plaintext(tmp_path)
