"""Progress that says something: the file worked on, the percentage, a smoothed time left shown
only after a second of data, and Cancel by button or Escape. The clock is driven by hand."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from app.cancel import Cancelled, CancelToken
from app.errors import is_cancellation
from ui.documents.job_status import JobStatus
from ui.widgets.eta import Estimate, RateEstimator, progress_line, time_left_text
from ui.widgets.progress import ProgressPanel
from ui.workers import JobQueue, Transfer

MB = 1_000_000


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_no_time_left_before_a_second_of_data_then_a_steady_estimate() -> None:
    clock = Clock()
    estimator = RateEstimator(clock)
    clock.now += 0.5
    done = 5 * MB
    assert estimator.update(done, 100 * MB) == Estimate(5, None)  # too early to say
    for _ in range(5):  # 10 MB/s
        clock.now += 0.5
        done += 5 * MB
        last = estimator.update(done, 100 * MB)
    assert last.percent == 30 and last.seconds_left is not None
    assert 6.5 <= last.seconds_left <= 7.5  # 70 MB left at 10 MB/s


def test_one_slow_moment_does_not_make_the_estimate_jump() -> None:
    clock = Clock()
    estimator = RateEstimator(clock)
    done = 0
    for _ in range(8):  # 10 MB/s, steady
        clock.now += 0.5
        done += 5 * MB
        steady = estimator.update(done, 400 * MB)
    clock.now += 0.5  # a stall: nothing in half a second
    stalled = estimator.update(done, 400 * MB)
    assert steady.seconds_left is not None and stalled.seconds_left is not None
    # A raw estimate would be infinite; the average moves by less than half.
    assert stalled.seconds_left < steady.seconds_left * 1.5


def test_a_total_that_is_unknown_gives_no_percentage() -> None:
    estimator = RateEstimator(Clock())
    assert estimator.update(10, 0) == Estimate(None, None)
    assert progress_line("acte.pdf", estimator.last) == "acte.pdf"


def test_time_left_is_rounded_coarsely() -> None:
    assert time_left_text(4) == "a few seconds left"
    assert time_left_text(21) == "about 25 s left"
    assert time_left_text(61) == "about 2 min left"
    assert time_left_text(3700) == "about 1 h 02 left"
    assert progress_line("acte.pdf", Estimate(42, 130)) == "acte.pdf — 42% — about 3 min left"


def test_cancel_token_and_its_error() -> None:
    token = CancelToken()
    assert not token() and not token.cancelled
    token.check()  # nothing asked: no error
    token.cancel()
    assert token() and token.cancelled
    try:
        token.check()
    except Cancelled as exc:
        assert is_cancellation(exc) and str(exc) == "The operation was cancelled."
    else:
        raise AssertionError("check() must raise once cancelled")


def _waiting_job(started: threading.Event):
    """Reports two files, then waits until cancelled (and stops as the core does)."""
    def run(*, progress, cancel):  # noqa: ANN001, ANN202
        progress(0, 4 * MB, "premier.pdf")
        progress(2 * MB, 4 * MB, "acte de vente.pdf")
        started.set()
        while not cancel():
            threading.Event().wait(0.01)
        cancel.check()
    return run


def test_panel_shows_name_and_percentage_and_escape_cancels(qtbot, jobs: JobQueue) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    panel = ProgressPanel(window, escape_cancels=True, clock=Clock())
    window.setCentralWidget(panel)
    window.show()
    started = threading.Event()
    handle = jobs.submit(_waiting_job(started), transfer=Transfer("seal", "premier.pdf"))
    panel.watch(handle, "Sealing the documents…")
    assert panel.detail.text() == "premier.pdf"
    qtbot.waitUntil(lambda: panel.detail.text() == "acte de vente.pdf — 50%", timeout=10_000)
    assert panel.bar.value() == 500 and handle.item == "acte de vente.pdf"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    with qtbot.waitSignal(handle.cancelled, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert panel.isHidden() and not panel.escape.isEnabled()


def test_status_bar_names_the_file_and_escape_cancels(qtbot, jobs: JobQueue) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    status = JobStatus(window, clock=Clock())
    window.statusBar().addWidget(status)
    window.show()
    assert not status.escape.isEnabled()  # Escape means nothing while no job runs
    started = threading.Event()
    handle = jobs.submit(_waiting_job(started), transfer=Transfer("import", "premier.pdf"))
    status.watch(handle, "Importing…")
    qtbot.waitUntil(lambda: status.detail.text() == "acte de vente.pdf — 50%", timeout=10_000)
    assert status.label.text() == "Importing…" and status.isVisible()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    with qtbot.waitSignal(handle.cancelled, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert status.isHidden() and not status.busy


def test_cancel_button_is_reachable_by_its_mnemonic(qtbot, jobs: JobQueue) -> None:
    panel = ProgressPanel(clock=Clock())
    qtbot.addWidget(panel)
    panel.show()
    started = threading.Event()
    handle = jobs.submit(_waiting_job(started))
    panel.watch(handle)
    assert panel.cancel_button.text() == "&Cancel"
    with qtbot.waitSignal(handle.cancelled, timeout=10_000):
        qtbot.keyClick(panel.cancel_button, Qt.Key.Key_Space)
