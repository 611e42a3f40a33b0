"""Forward secrecy in the relay views: the prekey state line of the relay panel, and the notice
of the send dialog naming how many recipients were sealed for without a prekey.

Both ask the core (`RelayService.prekey_state`, `prekey_use`: app/relay_client/prekeys.py) on
the job queue; the text follows docs/security.md §8.2.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.relay_client import OutboxItem, RelayService
from app.relay_client.prekeys import PrekeyState, PrekeyUse
from ui.common.formatting import format_datetime
from ui.common.widgets import PlainLabel
from ui.workers import JobQueue, plain


class PrekeyLine(PlainLabel):
    """"Forward secrecy: …" under the relay account line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setAccessibleName(self.tr("Forward secrecy"))
        self.hide()

    def refresh(self, jobs: JobQueue, service: RelayService) -> None:
        jobs.submit(plain(service.prekey_state), on_done=self.show_state,
                    on_error=lambda _exc: self.hide())

    def show_state(self, state: PrekeyState) -> None:
        self.setText(self.text_for(state))
        self.show()

    def text_for(self, state: PrekeyState) -> str:
        current = state.current
        if current is None:
            return self.tr("Forward secrecy: no prekey yet; one is made and published at the "
                           "next synchronisation.")
        if not state.published:
            return self.tr("Forward secrecy: a new prekey waits to be published at the next "
                           "synchronisation.")
        return self.tr("Forward secrecy: prekey published, renewed by {date}; {held} held, "
                       "{destroyed} destroyed after use.").format(
            date=format_datetime(current.rotate_after), held=state.held,
            destroyed=state.destroyed)


class LongTermNotice(PlainLabel):
    """After a send: the recipients that had no valid prekey (hidden when there are none)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.hide()

    def check(self, jobs: JobQueue, service: RelayService, item: OutboxItem) -> None:
        jobs.submit(plain(service.prekey_use), item.id, on_done=self.show_use,
                    on_error=lambda _exc: self.hide())

    def show_use(self, use: PrekeyUse | None) -> None:
        if use is None or not use.long_term:
            self.hide()
            return
        self.setText(self.tr("%n recipient(s) had no valid prekey on the relay (an older "
                             "Scellé, or none published yet): sealed for the long-term key, "
                             "without forward secrecy.", "", len(use.long_term)))
        self.show()
