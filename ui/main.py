"""Starting the desktop application: `run()` is what `scelle` without arguments calls."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

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


def run(argv: Sequence[str] | None = None) -> int:
    """Start the application and return its exit status."""
    logging.basicConfig(level=logging.WARNING)
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
    controller.start()
    return int(app.exec())
