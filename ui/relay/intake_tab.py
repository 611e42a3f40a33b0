"""The "Requests from outside" tab of the relay panel (issue 14, app/intake).

A request written on the organisation's intake page comes from someone nobody authenticated:
each row carries the "outside request" marker (icon and words, a tooltip saying why), never a
sender's name, and the detail line repeats that the name and contact inside are what the
requester typed. Receiving goes into the chosen case like any envelope; Reply… opens the
reply dialog (ui/relay/intake_reply_dialog.py). Everything runs on the job queue.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.cases import Case
from app.intake.service import IntakeService
from app.intake.state import IntakeItem
from app.relay_client import RelayService
from ui.common.formatting import format_size
from ui.common.prompts import Prompts
from ui.common.widgets import Banner, PlainLabel
from ui.exchange.case_picker import CaseChoice, CasePicker
from ui.relay.errors import relay_error_text
from ui.relay.intake_proofs import IntakeProofs
from ui.relay.labels import moment_text
from ui.relay.models import RowsModel
from ui.relay.tables import make_table
from ui.widgets.icons import icon
from ui.workers import JobHandle, JobQueue, Transfer, plain

_DISPLAY = Qt.ItemDataRole.DisplayRole
translate = QCoreApplication.translate


def marker_text() -> str:
    return translate("IntakeTab", "Outside request, not authenticated")


def marker_tooltip() -> str:
    return translate("IntakeTab", "Written on your organisation's intake page by someone "
                     "without an account. Nobody has verified who sent it: the name and "
                     "contact inside are only what the requester typed.")


@dataclass(frozen=True)
class IntakeRow:
    item: IntakeItem = field(repr=False)
    case_name: str | None = field(default=None, repr=False)
    replies: int = 0

    @property
    def receivable(self) -> bool:
        return self.item.state in ("listed", "downloaded")

    @property
    def can_reply(self) -> bool:
        return self.item.state == "received" and self.item.reply_recipient is not None


def load_rows(service: IntakeService) -> tuple[list[IntakeRow], list[Case]]:
    """On a worker: the intake envelopes and the cases (no network)."""
    session = service.session
    cases = session.cases.list()
    names = {c.id: c.name for c in cases}
    rows = [IntakeRow(i, names.get(i.case_id) if i.case_id is not None else None,
                      len(service.replies(i.envelope_id))) for i in service.items()]
    return rows, cases


_STATE_ICONS = {"listed": "info", "downloaded": "warning", "received": "check",
                "refused": "error", "expired": "timer"}


class IntakeModel(RowsModel[IntakeRow]):
    ORIGIN, SUBJECT, POINT, DEPOSITED, SIZE, STATE = range(6)

    def headers(self) -> Sequence[str]:
        return (self.tr("Origin"), self.tr("Subject"), self.tr("Intake point"),
                self.tr("Deposited"), self.tr("Size"), self.tr("State"))

    def cell(self, row: IntakeRow, column: int, role: int) -> Any:
        item = row.item
        if column == self.ORIGIN:
            return {_DISPLAY: marker_text(), Qt.ItemDataRole.DecorationRole: icon("warning"),
                    Qt.ItemDataRole.ToolTipRole: marker_tooltip()}.get(role)
        if column == self.STATE:
            name = _STATE_ICONS.get(item.state)
            return {_DISPLAY: state_text(item.state),
                    Qt.ItemDataRole.DecorationRole: icon(name) if name else None,
                    Qt.ItemDataRole.ToolTipRole: item.reason}.get(role)
        if role != _DISPLAY:
            return None
        subject = item.subject if item.subject is not None else \
            self.tr("(encrypted: shown once received)")
        return ("", subject, item.intake, moment_text(item.deposited), format_size(item.size),
                "")[column]


def state_text(state: str) -> str:
    words = {"listed": translate("IntakeTab", "Waiting (not downloaded yet)"),
             "downloaded": translate("IntakeTab", "Waiting for your decision"),
             "received": translate("IntakeTab", "Received"),
             "refused": translate("IntakeTab", "Unreadable, refused"),
             "expired": translate("IntakeTab", "Expired")}
    return words.get(state, state)


def receive_job(service: IntakeService, envelope_id: str, choice: CaseChoice, *,
                progress: Any = None, cancel: Any = None) -> IntakeItem:
    case_id = choice.case_id
    if case_id is None and choice.new_name:
        case_id = service.session.cases.create(choice.new_name).id
    return service.receive(envelope_id, case_id=case_id, cancel=cancel)


class IntakeTab(QWidget):
    """The list, the case picker, Receive and Reply…; `received` after a request entered the
    vault (the main window refreshes its documents)."""

    received = Signal()

    def __init__(self, service: IntakeService, jobs: JobQueue, parent: QWidget | None = None,
                 *, prompts: Prompts | None = None,
                 relay: RelayService | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self._jobs = jobs
        self._prompts = prompts or Prompts(self)
        self._busy = False
        self.model = IntakeModel(self)
        self.view = make_table(self, self.tr("Requests from outside"), self.model,
                               stretch=IntakeModel.SUBJECT)
        self.view.selectionModel().currentRowChanged.connect(self._selected)
        self.view.activated.connect(lambda _i: self.reply_selected())
        self.explanation = Banner(self)
        self.detail = PlainLabel("", self)
        self.case_picker = CasePicker(self)
        self.receive_button = QPushButton(self.tr("&Receive into the vault"), self)
        self.receive_button.setAccessibleName(self.tr("Receive the request into the chosen case"))
        self.receive_button.clicked.connect(self.receive_selected)
        self.reply_button = QPushButton(self.tr("Re&ply…"), self)
        self.reply_button.setAccessibleName(self.tr("Reply to the requester"))
        self.reply_button.clicked.connect(self.reply_selected)
        form = QFormLayout()
        form.addRow(self.tr("C&ase:"), self.case_picker)
        buttons = QHBoxLayout()
        buttons.addLayout(form, 1)
        buttons.addWidget(self.receive_button)
        buttons.addWidget(self.reply_button)
        # The relay's deposit proof, our delivery proof and receipt (ui/relay/intake_proofs.py).
        self.proofs = IntakeProofs(relay or RelayService(service.session), jobs,
                                   self._prompts, self)
        self.proofs.status.connect(self.explanation.show_message)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(self.view, 2)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        layout.addWidget(self.proofs, 1)
        self.explanation.show_message("warning", marker_tooltip())
        self._selected()

    # -- loading ------------------------------------------------------------------------------
    def reload(self) -> JobHandle:
        return self._jobs.submit(plain(load_rows), self.service, on_done=self._loaded,
                                 on_error=self._failed)

    def _loaded(self, loaded: tuple[list[IntakeRow], list[Case]]) -> None:
        rows, cases = loaded
        self.case_picker.set_cases(cases)
        current = self.selected()
        self.model.set_rows(rows)
        for number, row in enumerate(rows):
            if current is not None and row.item.envelope_id == current.item.envelope_id:
                self.view.selectRow(number)
        self._selected()

    def _failed(self, exc: BaseException) -> None:
        self.explanation.show_message("danger", relay_error_text(exc))

    # -- selection ----------------------------------------------------------------------------
    def selected(self) -> IntakeRow | None:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _selected(self) -> None:
        row = self.selected()
        can_receive = row is not None and row.receivable and not self._busy
        self.receive_button.setEnabled(can_receive)
        self.case_picker.setEnabled(can_receive)
        self.reply_button.setEnabled(row is not None and row.can_reply and not self._busy)
        self.detail.setText(self._detail_text(row))
        kept = row is not None and row.item.state in ("downloaded", "received", "refused")
        if kept and row is not None:
            self.proofs.show_envelope(row.item.envelope_id, row.item.state)
        else:
            self.proofs.show_envelope(None)

    def _detail_text(self, row: IntakeRow | None) -> str:
        if row is None:
            return ""
        item = row.item
        if item.state == "received":
            where = row.case_name or self.tr("unfiled documents")
            text = self.tr("Received into: {case}. The note document holds the message and "
                           "what the requester said about themselves.").format(case=where)
            if item.reply_recipient is None:
                return text + " " + self.tr("The requester asked for no reply.")
            return text + " " + self.tr("Replies sent: {n}.").format(n=row.replies)
        if item.state in ("refused", "expired") and item.reason:
            return item.reason
        return self.tr("Receive it to read it: only the members of the intake group can.")

    # -- actions ------------------------------------------------------------------------------
    def receive_selected(self) -> JobHandle | None:
        row = self.selected()
        choice = self.case_picker.choice()
        if row is None or not row.receivable or self._busy:
            return None
        if choice is None:
            self.explanation.show_message("warning", self.tr("Name the new case first."))
            self.case_picker.new_name.setFocus()
            return None
        self._busy = True
        self._selected()
        job = self._jobs.submit(receive_job, self.service, row.item.envelope_id, choice,
                                on_done=self._received, on_error=self._failed,
                                transfer=Transfer("receive", marker_text()))
        job.finished.connect(self._over)
        return job

    def _received(self, item: IntakeItem) -> None:
        if item.state == "received":
            self.explanation.show_message("success", self.tr(
                "Received into the vault, marked as an outside request nobody authenticated."))
            self.received.emit()
        else:
            self.explanation.show_message("danger", self.tr(
                "The request could not be read and was refused: {reason}").format(
                    reason=item.reason or ""))

    def _over(self) -> None:
        self._busy = False
        self.reload()

    def reply_selected(self) -> Any:
        from ui.relay.intake_reply_dialog import IntakeReplyDialog

        row = self.selected()
        if row is None or not row.can_reply or self._busy:
            return None
        dialog = IntakeReplyDialog(self.service, self._jobs, row.item, self,
                                   prompts=self._prompts)
        dialog.sent.connect(lambda _r: self.reload())
        dialog.open()
        return dialog
