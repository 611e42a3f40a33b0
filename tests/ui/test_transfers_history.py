"""The recent-transfers history: one row per transfer job of the session (kind, name, size,
result, time), newest first, at most 20, in memory only and emptied when the vault locks;
opened from the main window's Tools menu or Ctrl+Shift+T."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from app.errors import ScelleError
from tests.ui.documents_fixtures import (  # noqa: F401 (fixtures)
    WAIT_MS,
    FakePrompts,
    OpenVault,
    documents_root,
    make_window,
    notary,
    prompts,
)
from ui.common.formatting import format_size
from ui.transfers.dialog import TransfersDialog
from ui.transfers.history import (
    CANCELLED,
    DONE,
    FAILED,
    MAX_ENTRIES,
    OFFLINE,
    RUNNING,
    TransferHistory,
)
from ui.workers import JobQueue, Transfer, plain


class Report:
    def __init__(self, offline: bool = False) -> None:
        self.offline = offline


def _fail(*, progress: Any, cancel: Any) -> None:
    raise ScelleError("The relay refused the envelope.")


def _wait_cancel(*, progress: Any, cancel: Any) -> None:
    progress(1000, 4000)
    while not cancel():
        threading.Event().wait(0.01)
    cancel.check()


def test_history_lists_each_transfer_with_its_outcome(qtbot, jobs: JobQueue) -> None:
    history = TransferHistory(jobs)
    jobs.submit(plain(lambda: 1))  # not a transfer: not listed
    def sized(*, progress, cancel):  # noqa: ANN001, ANN202
        progress(2_500_000, 2_500_000)
        return None
    done = jobs.submit(sized, transfer=Transfer("seal", "testament.pdf"))
    qtbot.waitUntil(lambda: done.done, timeout=WAIT_MS)
    failed = jobs.submit(_fail, transfer=Transfer("send", "pv.pdf"))
    offline = jobs.submit(plain(Report), True, transfer=Transfer("sync"))
    qtbot.waitUntil(lambda: failed.done and offline.done, timeout=WAIT_MS)
    running = jobs.submit(_wait_cancel, transfer=Transfer("receive", "Succession Martin"))
    assert [(e.kind, e.result) for e in history.entries] == [
        ("receive", RUNNING), ("sync", OFFLINE), ("send", FAILED), ("seal", DONE)]
    assert history.entries[-1].size == 2_500_000
    qtbot.waitUntil(lambda: running.total == 4000, timeout=WAIT_MS)  # it runs, then Cancel
    running.cancel()
    qtbot.waitUntil(lambda: running.done, timeout=WAIT_MS)
    assert history.entries[0].result == CANCELLED
    shown = [history.index(0, column).data() for column in range(5)]
    assert shown[1:] == ["Receipt", "Succession Martin", format_size(4000), "Cancelled"]
    assert history.index(2, TransferHistory.RESULT).data() == "Failed"
    assert history.index(1, TransferHistory.NAME).data() == "—"  # a sync names no document


def test_history_keeps_the_last_twenty_and_forgets_at_clear(qtbot, jobs: JobQueue) -> None:
    history = TransferHistory(jobs)
    handles = [jobs.submit(plain(lambda: None), transfer=Transfer("import", f"pièce-{n}.pdf"))
               for n in range(MAX_ENTRIES + 5)]
    qtbot.waitUntil(lambda: all(h.done for h in handles), timeout=WAIT_MS)
    assert history.rowCount() == MAX_ENTRIES
    assert history.entries[0].name == f"pièce-{MAX_ENTRIES + 4}.pdf"
    assert history.entries[-1].name == "pièce-5.pdf"
    assert all(e.result == DONE for e in history.entries)
    history.clear()
    assert history.rowCount() == 0


def test_an_unknown_kind_is_refused() -> None:
    try:
        Transfer("print", "x")
    except ValueError as exc:
        assert "print" in str(exc)
    else:
        raise AssertionError("unknown kinds must be refused")
    assert Transfer.batch("import", ["a.pdf", "b.pdf", "c.pdf"]).name == "a.pdf and 2 more"
    assert "secret" not in repr(Transfer("seal", "secret client.pdf"))  # never in logs


def test_main_window_lists_an_import_and_forgets_it_at_lock(
        qtbot, make_window, notary: OpenVault, prompts: FakePrompts,  # noqa: F811
        tmp_path: Path) -> None:
    window = make_window(notary.session)
    source = tmp_path / "compromis de vente.pdf"
    source.write_bytes(b"%PDF-1.4 compromis" * 200)
    prompts.paths_answer = [source]
    action = window.glance.transfers_action
    assert action.shortcut() == QKeySequence("Ctrl+Shift+T")
    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    [tools] = [m for m in menus if action in m.actions()]
    assert window.main_actions.settings in tools.actions()  # in Tools, beside the settings
    with qtbot.waitSignal(window.ops.imported, timeout=WAIT_MS):
        window.import_files()
    [entry] = window.glance.history.entries
    assert (entry.kind, entry.name, entry.result) == ("import", source.name, DONE)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.glance.dialog
    assert isinstance(dialog, TransfersDialog) and dialog.isVisible()
    assert dialog.table.model().index(0, 2).data() == source.name
    window.release_session()  # the lock: names are the clients', they go
    assert window.glance.history.rowCount() == 0 and window.glance.dialog is None
