"""The job queue: results, errors, progress and cancellation reach the GUI thread."""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QThread

from crypto.errors import ScelleError
from ui.widgets.progress import BusyOverlay, ProgressPanel
from ui.workers import JobCancelled, error_message, plain


def test_result_and_progress_arrive_on_the_gui_thread(qtbot, jobs):
    gui = QThread.currentThread()
    seen = []

    def work(count, progress, cancel, offset=0):
        assert threading.current_thread() is not threading.main_thread()
        for i in range(count):
            progress(i + 1, count)
        return count + offset

    def done(result):
        seen.append(("done", result, QThread.currentThread() is gui))

    handle = jobs.submit(work, 50, offset=2, on_done=done,
                         on_progress=lambda d, t: seen.append(("progress", d, t)))
    qtbot.waitUntil(lambda: handle.done)
    assert seen[-1] == ("done", 52, True)
    assert ("progress", 50, 50) in seen  # the last report always gets through


def test_errors_are_delivered_and_only_their_type_is_logged(qtbot, jobs, caplog):
    errors = []

    def fails(progress, cancel):
        raise ValueError("client: Succession Martin")

    handle = jobs.submit(fails, on_error=errors.append)
    qtbot.waitUntil(lambda: handle.done)
    assert isinstance(errors[0], ValueError)
    with caplog.at_level(logging.WARNING):
        text = error_message(errors[0])
    assert "Martin" not in text and "Martin" not in caplog.text
    assert "ValueError" in caplog.text
    assert error_message(ScelleError("The token was removed.")) == "The token was removed."


def test_cancel_reaches_the_function_and_reports_cancelled(qtbot, jobs):
    started = threading.Event()
    outcome = []

    def long(progress, cancel):
        started.set()
        while not cancel():
            started.wait(0.01)
        raise JobCancelled()

    handle = jobs.submit(long, on_cancelled=lambda: outcome.append("cancelled"),
                         on_error=outcome.append, on_done=outcome.append)
    panel = ProgressPanel()
    qtbot.addWidget(panel)
    panel.watch(handle, "Import…")
    assert panel.isVisible()
    qtbot.waitUntil(started.is_set)
    panel.cancel_button.click()
    qtbot.waitUntil(lambda: handle.done)
    assert outcome == ["cancelled"] and not panel.isVisible()


def test_plain_wrapper_and_overlay(qtbot, jobs):
    from PySide6.QtWidgets import QWidget

    host = QWidget()
    host.resize(400, 300)
    qtbot.addWidget(host)
    host.show()
    overlay = BusyOverlay(host)
    handle = jobs.submit(plain(sorted), [3, 1, 2])
    overlay.watch(handle, "…")
    assert overlay.isVisible() and overlay.geometry() == host.rect()
    qtbot.waitUntil(lambda: handle.done)
    assert handle.result == [1, 2, 3] and not overlay.isVisible()
