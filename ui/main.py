"""Starting the desktop application: `run()` is what `scelle` without arguments calls."""

from __future__ import annotations

import logging
import signal
import socket
import sys
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QSocketNotifier, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from app.files import sweep_leftovers
from app.policy import Policy, PolicyError, workstation_policy
from ui import gc_guard
from ui.controller import AppController
from ui.i18n import install_translators
from ui.settings.store import AppSettings
from ui.widgets.icons import icon, resources_dir
from ui.workers import JobQueue

log = logging.getLogger(__name__)


def apply_style(app: QApplication) -> None:
    """The application's style sheet (small: only our named widgets are styled)."""
    path = resources_dir() / "style.qss"
    if path.is_file():
        app.setStyleSheet(path.read_text(encoding="utf-8"))


def make_application(argv: Sequence[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(list(argv if argv is not None else sys.argv[:1]))
    app.setApplicationName("Scellé")
    app.setOrganizationName("Scelle")
    app.setDesktopFileName("scelle")
    app.setWindowIcon(icon("scelle"))
    return app


def _policy_or_explain(app: QApplication) -> Policy | None:
    try:
        # The same policy object the core enforces (read once per process): what the windows
        # grey out is exactly what the services refuse.
        return workstation_policy()
    except PolicyError as exc:
        # The administrator's rules cannot be read: refusing to start is the safe answer.
        install_translators(app, None)
        QMessageBox.critical(None, "Scellé", QCoreApplication.translate(
            "Main", "Scellé cannot start: the workstation policy set by your administrator "
                    "is invalid.") + "\n\n" + str(exc))
        return None


def quit_on_signals(app: QApplication, jobs: JobQueue) -> None:
    """SIGTERM, SIGHUP, SIGINT and SIGQUIT quit the application as its Quit action does.

    Running jobs are cancelled (an export drops its output, which has no name yet), then the
    usual way out locks the vault; the exit status is 128 + the signal's number. Python runs
    its handlers only when the interpreter gets control, which a waiting Qt event loop does not
    give: the C-level handler writes to a socket (signal.set_wakeup_fd) that wakes the loop.
    """
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)
    notifier.activated.connect(lambda *_: reader.recv(64))  # Python's handler runs meanwhile

    def stop(signo: int, _frame: object) -> None:
        jobs.cancel_all()
        # Through the event loop: a signal that came before it started is not lost.
        QTimer.singleShot(0, app, lambda: app.exit(128 + signo))

    for name in ("SIGTERM", "SIGHUP", "SIGINT", "SIGQUIT"):
        signo = getattr(signal, name, None)
        if signo is not None and signal.getsignal(signo) != signal.SIG_IGN:
            signal.signal(signo, stop)
    # The two connections keep the sockets alive as long as the application.
    notifier.destroyed.connect(lambda *_: (signal.set_wakeup_fd(-1), reader.close(),
                                           writer.close()))


def run(argv: Sequence[str] | None = None) -> int:
    """Start the application and return its exit status."""
    logging.basicConfig(level=logging.WARNING)
    sweep_leftovers()  # what killed processes left where outputs cannot be unnamed files
    app = make_application(argv)
    gc_guard.install(app)
    policy = _policy_or_explain(app)
    if policy is None:
        return 2
    settings = AppSettings(policy=policy)
    install_translators(app, settings.language)
    apply_style(app)
    jobs = JobQueue(app)
    controller = AppController(settings, policy, jobs, parent=app)
    app.aboutToQuit.connect(controller.shutdown)
    quit_on_signals(app, jobs)
    controller.start()
    return int(app.exec())
