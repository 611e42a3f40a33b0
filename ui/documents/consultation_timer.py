"""While the vault is open, view-only documents are destroyed when their consultation ends.

The core destroys them at unlock and at each relay sync (app/vault/consultation.py); a vault
left open past an end needs this timer too. Every minute it asks the core, on a worker, to
enforce the ends passed; the main window then drops the destroyed documents from its lists and
closes their viewers (whose pages are plaintext in memory). Between two ticks a document whose
end has passed is already refused by the core at any reading, so the minute is no loophole.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 60_000


def enforce_ends(session: Any, **_: Any) -> list[int]:
    """Job: destroy what is due; the ids destroyed."""
    return session.consultations.enforce()


class ConsultationTimer(QObject):
    """Installed by the main window; reads `window.session` at each tick (None: locked)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self._window = window
        self._busy = False
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> None:
        session = self._window.session
        if session is None or self._busy:
            return
        self._busy = True
        self._window.jobs.submit(enforce_ends, session, on_done=lambda ids: self._done(
            session, ids), on_error=lambda _exc: self._over())

    def _over(self) -> None:
        # A failure (locked meanwhile, disk error) is retried at the next tick; the core still
        # refuses to open a document past its end in between.
        self._busy = False

    def _done(self, session: Any, ids: list[int]) -> None:
        self._busy = False
        window = self._window
        if not ids or window.session is not session:
            return
        window._deleted(set(ids))
        window.statusBar().showMessage(self.tr(
            "%n view-only document(s) destroyed: their consultation period ended.", "",
            len(ids)), 8000)
