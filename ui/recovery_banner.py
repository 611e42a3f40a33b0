"""The banner that asks for a new recovery code after the vault was opened with the old one.

The rule is the core's (app/vault/recovery_reminder.py: due from an unlock with the recovery
code until a new code is made, whichever face makes it). The banner is a fixed tool bar at the
top of the main window, shown while the rule says so; its button opens Security settings on
"New recovery code" (the settings dialog asks, makes and shows the code). It is checked again
at every unlock and whenever the settings dialog closes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QMainWindow, QPushButton, QSizePolicy, QToolBar, QWidget

from app.vault import VaultSession
from app.vault.recovery_reminder import new_recovery_code_due
from ui.common.widgets import Banner
from ui.widgets.icons import icon
from ui.workers import JobQueue, plain

#: Opens the settings dialog on the new-recovery-code action; returns the dialog (or None).
MakeCode = Callable[[], QWidget | None]


class RecoveryBanner(QToolBar):
    def __init__(self, window: QMainWindow, jobs: JobQueue, make_code: MakeCode) -> None:
        super().__init__(window)
        self.setObjectName("recoveryBanner")
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)  # not a tool bar the user may hide
        self._jobs, self._make_code = jobs, make_code
        self._session: VaultSession | None = None
        # The warning strip of the forms (ui/common/widgets.Banner), on a row of its own
        # under the main tool bar: sharing the tool bar's row squeezed the text into a column.
        self.strip = Banner(self)
        self.strip.show_message("warning", self.tr(
            "The vault was opened with its recovery code: that code must be considered used. "
            "Make a new one and keep it safe."), bold=True)
        self.strip.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.text = self.strip.label
        self.text.setWordWrap(True)
        self.button = QPushButton(icon("recovery"), self.tr("Make a &new recovery code…"),
                                  self.strip)
        self.button.clicked.connect(self.make_code)
        self.strip.layout().addWidget(self.button)
        self.addWidget(self.strip)
        window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self)
        self.hide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        # A word-wrapped label inside a tool bar asks for the height of a narrow guess at its
        # width: give the strip the height its text needs at the width it really has.
        super().resizeEvent(event)
        needed = self.strip.heightForWidth(self.strip.width())
        if needed > 0 and needed != self.strip.maximumHeight():
            self.strip.setMaximumHeight(needed)

    def watch(self, session: VaultSession) -> None:
        """Show or hide the banner for `session` (checked in a worker: it reads the store)."""
        self._session = session
        self._jobs.submit(plain(new_recovery_code_due), session,
                          on_done=lambda due: self._show_for(session, bool(due)),
                          on_error=lambda _exc: None)  # locked meanwhile: the next unlock asks

    def _show_for(self, session: VaultSession, due: bool) -> None:
        if session is self._session:
            self.setVisible(due)

    def make_code(self) -> None:
        dialog = self._make_code()
        session = self._session
        if dialog is not None and session is not None:
            dialog.finished.connect(lambda *_: self.watch(session))  # type: ignore[attr-defined]


def show_recovery_reminder(window: QWidget, session: VaultSession, jobs: JobQueue,
                           make_code: MakeCode) -> None:
    """Attach the banner to `window` once, then check `session` (each unlock)."""
    if not isinstance(window, QMainWindow):
        return
    banner = window.findChild(RecoveryBanner)
    if banner is None:
        banner = RecoveryBanner(window, jobs, make_code)
    banner.watch(session)
