"""Cancelling leaves nothing partial (real vaults, real files): an import keeps the documents
finished before the stop and nothing of the one in progress; a sealing leaves no file. The
user's Cancel is pressed from the job's own progress report at a chosen moment (the job's real
`CancelToken`), so the moment is exact and no test waits on time."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.vault import VaultSession
from tests.ui.exchange_fixtures import (  # noqa: F401 (fixtures)
    WAIT_MS,
    add_document,
    exchange_cards,
    jobs,
    recipient,
    sender,
    vault_root,
)
from ui.documents.importing import ImportSummary, import_paths
from ui.transfers.history import CANCELLED, PARTIAL, TransferHistory
from ui.workers import JobHandle, JobQueue, Transfer

MB = 1_000_000


def cancel_when(fn: Callable[..., Any], moment: Callable[..., bool]) -> Callable[..., Any]:
    """`fn` as a job whose Cancel is pressed when `moment(*report)` first says so."""
    def run(*args: Any, progress: Any, cancel: Any, **kwargs: Any) -> Any:
        def report(*values: Any) -> None:
            progress(*values)
            if moment(*values):
                cancel.cancel()
        return fn(*args, progress=report, cancel=cancel, **kwargs)
    return run


def _finish(qtbot, handle: JobHandle) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: handle.done, timeout=WAIT_MS)


def test_cancelled_import_keeps_the_files_done_and_nothing_of_the_next(
        qtbot, jobs: JobQueue, sender: VaultSession, tmp_path: Path) -> None:  # noqa: F811
    history = TransferHistory(jobs)
    first, second = tmp_path / "acte-signé.pdf", tmp_path / "grand-livre.bin"
    first.write_bytes(b"%PDF-1.4 small" * 100)
    second.write_bytes(os.urandom(4 * MB))
    size_first = first.stat().st_size
    before = {d.name for d in sender.documents.list()}
    job = cancel_when(import_paths, lambda done, _total, item="": (
        item == second.name and done >= size_first + MB))  # a quarter into the second file
    handle = jobs.submit(job, sender, [first, second], [], None,
                         transfer=Transfer.batch("import", [first.name, second.name]))
    _finish(qtbot, handle)
    summary: ImportSummary = handle.result
    assert summary.cancelled and len(summary.imported) == 1
    names = {d.name for d in sender.documents.list()} - before
    assert names == {first.name}  # the second left no document behind
    report = sender.integrity.check(verify_blobs=True)
    assert report.ok, report.summary()  # and no blob, no row
    [row] = history.entries
    assert (row.kind, row.result, row.size) == ("import", PARTIAL, size_first + 4 * MB)
    assert row.name == "acte-signé.pdf and 1 more"


def test_cancelled_seal_leaves_no_file(qtbot, jobs: JobQueue, sender: VaultSession,  # noqa: F811
                                       recipient: VaultSession, tmp_path: Path) -> None:  # noqa: F811
    history = TransferHistory(jobs)
    contact_id, _ = exchange_cards(sender, recipient)
    doc = add_document(sender, "testament.pdf", os.urandom(3 * MB))
    out = tmp_path / "out"
    out.mkdir()
    target = out / "envoi.scelle"
    job = cancel_when(sender.seal_documents, lambda done, total: 0 < done < total)
    handle = jobs.submit(job, [doc], [contact_id], target, subject="Succession",
                         allow_unverified=True, transfer=Transfer("seal", "testament.pdf"))
    _finish(qtbot, handle)
    assert handle.cancel_requested and handle.error is None
    assert not target.exists() and list(out.iterdir()) == []
    [row] = history.entries
    assert (row.kind, row.name, row.result) == ("seal", "testament.pdf", CANCELLED)
    # The same request, not cancelled, makes the file: the stop was the only difference.
    done = jobs.submit(sender.seal_documents, [doc], [contact_id], target, subject="Succession",
                       allow_unverified=True)
    _finish(qtbot, done)
    assert done.error is None and target.exists()
