"""Cancelling relay transfers against the real relay on loopback (SQLite): a send stopped while
sealing puts nothing in the outbox; one stopped while uploading stays in the outbox and the
next sync finishes the same envelope; a sync stops between envelopes and the next one receives
each envelope once. Cancel is pressed from the job's progress report at an exact moment."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from app.relay_client import Letter, RelayService
from tests.relay.conftest import limits, relay  # noqa: F401 (fixtures)
from tests.relay_client.conftest import add_document, net, templates  # noqa: F401 (fixtures)
from tests.relay_client.conftest import Net
from ui.transfers.history import CANCELLED, DONE, PARTIAL, TransferHistory
from ui.workers import JobHandle, JobQueue, Transfer

MB = 1_000_000
WAIT_MS = 60_000


@pytest.fixture
def backend() -> None:
    """SQLite only: the relay's back ends are covered by tests/relay."""
    return None


@pytest.fixture
def jobs(qapp) -> Iterator[JobQueue]:  # noqa: ANN001
    queue = JobQueue()
    yield queue
    queue.cancel_all()
    queue.wait(WAIT_MS)


def _send_job(service: RelayService, doc: int, contact: int, stop_in: str | None):
    """`RelayService.send` as a job; Cancel pressed at the first report of phase `stop_in`."""
    def run(*, progress: Any, cancel: Any) -> Any:
        def report(what: str, done: int, total: int) -> None:
            progress(done, total)
            if what == stop_in and done < total:
                cancel.cancel()
        return service.send([doc], [contact], Letter(subject="Pièces"), progress=report,
                            cancel=cancel)
    return run


def _sync_job(service: RelayService, stop_after_downloads: int | None):
    def run(*, progress: Any, cancel: Any) -> Any:
        finished = []

        def report(what: str, done: int, total: int) -> None:
            progress(done, total)
            if what == "download" and done == total:
                finished.append(1)
                if stop_after_downloads is not None and len(finished) >= stop_after_downloads:
                    cancel.cancel()
        return service.sync(progress=report, cancel=cancel)
    return run


def _run(qtbot, jobs: JobQueue, fn: Any, kind: str) -> JobHandle:  # noqa: ANN001
    handle = jobs.submit(fn, transfer=Transfer(kind, "pv-audition.pdf"))
    qtbot.waitUntil(lambda: handle.done, timeout=WAIT_MS)
    return handle


def test_send_cancelled_while_sealing_leaves_the_outbox_empty(qtbot, jobs: JobQueue,
                                                              net: Net) -> None:  # noqa: F811
    history = TransferHistory(jobs)
    at_lawyer, _ = net.befriend(net.lawyer, net.officer)
    doc = add_document(net.lawyer.session, "pv-audition.pdf", os.urandom(3 * MB))
    handle = _run(qtbot, jobs, _send_job(net.lawyer.relay, doc, at_lawyer, "seal"), "send")
    assert handle.cancel_requested and handle.error is None
    state = net.lawyer.relay.state
    assert state.outbox() == [] and list(state.spool_dir("outbox").iterdir()) == []
    assert [e.result for e in history.entries] == [CANCELLED]


def test_send_cancelled_while_uploading_resumes_at_the_next_sync(qtbot, jobs: JobQueue,
                                                                 net: Net) -> None:  # noqa: F811
    history = TransferHistory(jobs)
    at_lawyer, _ = net.befriend(net.lawyer, net.officer)
    doc = add_document(net.lawyer.session, "pv-audition.pdf", os.urandom(9 * MB))  # 2 chunks
    lawyer = net.lawyer.relay
    handle = _run(qtbot, jobs, _send_job(lawyer, doc, at_lawyer, "upload"), "send")
    assert handle.cancel_requested and handle.error is None
    [item] = lawyer.state.outbox()
    assert item.state in ("queued", "uploading") and lawyer.state.outbox_path(item).exists()
    sync = _run(qtbot, jobs, _sync_job(lawyer, None), "sync")
    assert sync.error is None and sync.result.uploaded == [lawyer.state.outbox()[0].envelope_id]
    [after] = lawyer.state.outbox()
    assert after.id == item.id and after.state == "deposited"
    assert [e.result for e in history.entries] == [DONE, PARTIAL]  # newest first


def test_sync_stops_between_envelopes_and_the_next_receives_each_once(
        qtbot, jobs: JobQueue, net: Net) -> None:  # noqa: F811
    at_lawyer, _ = net.befriend(net.lawyer, net.officer)
    for name in ("premier.pdf", "second.pdf"):
        doc = add_document(net.lawyer.session, name, os.urandom(200_000))
        net.lawyer.relay.send([doc], [at_lawyer], Letter(subject=name))
    officer = net.officer.relay
    stopped = _run(qtbot, jobs, _sync_job(officer, 1), "sync")
    assert stopped.cancel_requested and stopped.error is None
    opened = [i for i in officer.state.inbox() if i.state == "opened"]
    assert len(opened) <= 1  # stopped after the first envelope's bytes: not both
    assert len(officer.session.messages.list()) == len(opened)  # no half-received message
    again = _run(qtbot, jobs, _sync_job(officer, None), "sync")
    assert again.error is None
    assert sorted(i.state for i in officer.state.inbox()) == ["opened", "opened"]
    assert len(officer.session.messages.list()) == 2


def test_send_dialog_says_a_stopped_upload_waits_in_the_outbox(
        qtbot, jobs: JobQueue, net: Net, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    from ui.relay import send_dialog

    real_send = send_dialog._send

    def send_then_cancel(*args: Any, progress: Any, cancel: Any) -> Any:
        totals: list[int] = []

        def report(done: int, total: int) -> None:  # the dialog's job reports (done, total)
            progress(done, total)
            if totals and total != totals[0]:  # a new total: the upload started, press Cancel
                cancel.cancel()
            totals.append(total)
        return real_send(*args, progress=report, cancel=cancel)

    monkeypatch.setattr(send_dialog, "_send", send_then_cancel)
    at_lawyer, _ = net.befriend(net.lawyer, net.officer)
    doc = add_document(net.lawyer.session, "pv-audition.pdf", os.urandom(9 * MB))
    dialog = send_dialog.SendViaRelayDialog(net.lawyer.session, jobs, [doc],
                                            service=net.lawyer.relay)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.send_button.isEnabled, timeout=WAIT_MS)
    assert dialog.form.recipients.set_checked(at_lawyer, True)
    job = dialog.start_sending()
    assert job is not None and job.transfer is not None and job.transfer.kind == "send"
    qtbot.waitUntil(lambda: dialog.result_item is not None, timeout=WAIT_MS)
    assert dialog.result_item.state != "deposited"
    assert "waits in the outbox" in dialog.banner.label.text()
    assert "cannot be reached" not in dialog.banner.label.text()
