"""Who of my delegates opened an envelope addressed to me, from the relay inbox.

`OpenedByDelegatesButton` shows on an inbox row once it is known that you gave a delegation
with the scope "receive" (loaded once, on a worker); clicking asks the core for the delegates'
signed receipts of that envelope (`DelegationService.delegate_receipts`, verified there) and
emits one sentence for the panel's banner: "Opened by Denise Assistante on 6 December 2026
14:02." or "None of your delegates has opened it yet."
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from app.delegation.service import DelegationService
from app.times import parse_time
from app.vault import VaultSession
from ui.common.formatting import format_datetime
from ui.workers import JobQueue, error_message, plain


@dataclass(frozen=True)
class DelegateAnswer:
    name: str
    event: str  # opened | refused | taken | destroyed
    time: datetime


def has_receiving_delegates(session: VaultSession) -> bool:
    service = DelegationService(session)
    try:
        given, _received = service.mine()
    finally:
        service.close()
    return any("receive" in d.delegation.scope and d.state in ("active", "expired", "revoked")
               and d.delegation.certification is not None for d in given)


def answers(session: VaultSession, envelope_id: str) -> list[DelegateAnswer]:
    """The delegates' verified receipts, named from the delegations you gave."""
    service = DelegationService(session)
    try:
        receipts = service.delegate_receipts(envelope_id)
        given, _received = service.mine()
    finally:
        service.close()
    names = {d.delegation.delegate.hex(): d.delegate_card.name for d in given
             if d.delegate_card is not None}
    return [DelegateAnswer(names.get(r.statement["recipient"], r.statement["recipient"][:16]),
                           r.statement["event"], parse_time(r.statement["time"]))
            for r in receipts]


def answers_text(found: list[DelegateAnswer]) -> str:
    translate = QCoreApplication.translate
    if not found:
        return translate("DelegateReceipts", "None of your delegates has opened it yet.")
    texts = {"opened": translate("DelegateReceipts", "Opened by {name} on {time}."),
             "refused": translate("DelegateReceipts", "Refused by {name} on {time}."),
             "taken": translate("DelegateReceipts", "Taken by {name} on {time}.")}
    return " ".join(texts.get(a.event, texts["opened"]).format(
        name=a.name, time=format_datetime(a.time)) for a in found)


class OpenedByDelegatesButton(QPushButton):
    """`said(kind, text)` for the panel's banner."""

    said = Signal(str, str)

    def __init__(self, session: VaultSession, jobs: JobQueue,
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Opened by my &delegates?"), parent)
        self.setAccessibleName(self.tr("Which of your delegates opened this envelope"))
        self._session, self._jobs = session, jobs
        self._delegates = False
        self._envelope: str | None = None
        self.clicked.connect(self.ask)
        self.hide()
        jobs.submit(plain(has_receiving_delegates), session, on_done=self._known,
                    on_error=lambda _exc: None)  # no relay: nothing to show

    def _known(self, delegates: bool) -> None:
        self._delegates = delegates
        self.setVisible(delegates and self._envelope is not None)

    def show_for(self, row: Any) -> None:
        """`row`: the selected inbox row (ui/relay/data.py `InboxRow`) or None."""
        self._envelope = None if row is None else row.envelope_id
        self.setVisible(self._delegates and self._envelope is not None)

    def ask(self, _checked: bool = False) -> None:
        if self._envelope is None:
            return
        self.setEnabled(False)
        self._jobs.submit(plain(answers), self._session, self._envelope, on_done=self._answered,
                          on_error=self._failed)

    def _answered(self, found: list[DelegateAnswer]) -> None:
        self.setEnabled(True)
        self.said.emit("info", answers_text(found))

    def _failed(self, exc: BaseException) -> None:
        self.setEnabled(True)
        self.said.emit("danger", error_message(exc))
