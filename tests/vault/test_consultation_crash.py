"""A process killed (SIGKILL) in the middle of a consultation-end shredding leaves either the
document whole or nothing of it, and the next run finishes the job."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.vault.conftest import CANARY, add_document, befriend, canary_data, open_copy, \
    open_with_vmk
from tests.store.helpers import files_containing

CHILD = Path(__file__).with_name("consultation_crash_child.py")
# point -> whether the document is already gone when the process dies
POINTS = {"audit": False, "forgotten": False, "committed": True, "unlinked": True,
          "end": True}


@pytest.fixture(scope="module")
def scenario(templates: dict, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    root = tmp_path_factory.mktemp("consultation-crash")
    alice = open_copy(templates["alice"], root / "alice")
    bob = open_copy(templates["bob"], root / "bob")
    try:
        at_alice, _ = befriend(alice, bob)
        doc = add_document(alice, "Piece-Secrete.bin", canary_data(300_000))
        end = datetime.now(UTC) + timedelta(hours=1)
        alice.seal_documents([doc], [at_alice], root / "m.scelle", view_only=True,
                             consult_until=end)
        bob.receive_sealed(root / "m.scelle")
    finally:
        alice.lock()
        bob.lock()
    return root / "bob", templates["bob"].vmk


@pytest.mark.parametrize("point", list(POINTS))
def test_shredding_killed(scenario: tuple[Path, bytes], tmp_path: Path, point: str) -> None:
    template_vault, vmk = scenario
    vault = tmp_path / "vault"
    shutil.copytree(template_vault, vault)
    flag = tmp_path / "reached"
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", CRASH_REACHED=str(flag))
    proc = subprocess.run([sys.executable, str(CHILD), str(vault), vmk.hex(), point], env=env,
                          capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode(errors="replace")
    assert flag.exists() == (point != "end"), "the crash point was not reached"
    gone = POINTS[point]
    with open_with_vmk(vault, vmk) as session:  # the end is an hour away: the open keeps it
        assert session.store.journal.pending() == []
        assert session.integrity.check().ok
        blobs = sum(1 for _ in session.store.blobs.iter_files())
        if gone:
            assert (session.documents.count(), blobs) == (0, 0)
            assert len(session.consultations.ended()) == 1
        else:
            [doc] = session.documents.list()
            assert (session.documents.count(), blobs) == (1, 1)
            with session.documents.open(doc.id) as stream:
                assert CANARY in stream.read()  # whole, still readable before its end
            assert session.consultations.ended() == []
            assert session.consultations.enforce(datetime(2100, 1, 1, tzinfo=UTC)) == [doc.id]
            assert sum(1 for _ in session.store.blobs.iter_files()) == 0
        actions = [e.action for e in session.audit.entries()]
        assert actions.count("document.consultation_end") == 1
        assert session.audit.verify().ok
    assert files_containing(vault, CANARY) == []
