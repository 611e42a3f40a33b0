"""While the vault is open, view-only documents are destroyed when their consultation ends.

The core destroys them at unlock and at each relay sync (app/vault/consultation.py); a vault
left open past an end needs this timer too. Every minute it asks the core, on a worker, to
enforce the ends passed; the main window then drops the destroyed documents from its lists and
closes their viewers (whose pages are plaintext in memory). Documents destroyed meanwhile by
a relay sync are noticed the same way (the count of ended messages grew): the lists reload and
the viewers of documents gone close. Between two ticks a document whose end has passed is
already refused by the core at any reading, so the minute is no loophole.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer

from app.records import NotFoundError

INTERVAL_MS = 60_000


@dataclass(frozen=True)
class Check:
    destroyed: list[int]  # by this check
    ended: int  # messages destroyed at their end so far, by anyone
    gone: set[int]  # documents of open viewers that no longer exist


def enforce_ends(session: Any, shown: list[int], **_: Any) -> Check:
    """Job: destroy what is due; what the window must drop."""
    destroyed = session.consultations.enforce()
    gone = set()
    for document_id in shown:
        try:
            session.documents.get(document_id)
        except NotFoundError:
            gone.add(document_id)
    return Check(destroyed, len(session.consultations.ended()), gone)


class ConsultationTimer(QObject):
    """Installed by the main window; reads `window.session` at each tick (None: locked)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self._window = window
        self._busy = False
        self._ended: int | None = None  # at the previous check
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> None:
        session = self._window.session
        if session is None or self._busy:
            return
        self._busy = True
        shown = [viewer.document.id for viewer in self._window.viewers]
        self._window.jobs.submit(enforce_ends, session, shown, on_done=lambda check: self._done(
            session, check), on_error=lambda _exc: self._over())

    def _over(self) -> None:
        # A failure (locked meanwhile, disk error) is retried at the next tick; the core still
        # refuses to open a document past its end in between.
        self._busy = False

    def _done(self, session: Any, check: Check) -> None:
        self._busy = False
        window = self._window
        if window.session is not session:
            return
        changed = self._ended is not None and check.ended != self._ended
        self._ended = check.ended
        if check.destroyed or check.gone:
            window._deleted(set(check.destroyed) | check.gone)
        if changed:
            window._contents_changed()  # a relay sync may have destroyed some too: reload
        if check.destroyed:
            window.statusBar().showMessage(self.tr(
                "%n view-only document(s) destroyed: their consultation period ended.", "",
                len(check.destroyed)), 8000)
