"""`RelayPanel`: the relay's inbox and sent messages, with Synchronise, Receive, Refuse and the
proofs of each message.

Everything that touches the vault or the network runs as a background job: loading the lists,
synchronising (progress and Cancel), receiving, refusing, checking and exporting proofs. An
unreachable relay is an ordinary situation (train, hotel Wi-Fi): the status line says so
calmly and what waits; nothing pops up.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.relay_client import RelayService, RelayUnreachable, SyncReport
from app.vault import VaultSession
from ui.common.contact_events import contact_events
from ui.common.prompts import Prompts
from ui.common.widgets import Banner, PlainLabel, short_fingerprint_text
from ui.delegation.opened import OpenedByDelegatesButton
from ui.exchange.case_picker import CasePicker
from ui.exchange.impersonation import different_key_box, impersonation_text
from ui.groups.take import TakeButton, take
from ui.relay import actions
from ui.relay.data import InboxRow, RelaySnapshot, SentRow, load_snapshot
from ui.relay.errors import relay_error_text
from ui.relay.models import InboxModel, SentModel
from ui.relay.prekey_line import PrekeyLine
from ui.relay.proofs_view import SentDetails
from ui.relay.tables import make_table
from ui.widgets.progress import ProgressPanel
from ui.workers import JobHandle, JobQueue, Transfer, plain


class RelayPanel(QWidget):
    """Inbox and Sent tabs. `received` is emitted after an envelope enters the vault."""

    received = Signal()
    loaded = Signal()

    def __init__(self, session: VaultSession, jobs: JobQueue, parent: QWidget | None = None,
                 *, service: RelayService | None = None, prompts: Prompts | None = None) -> None:
        super().__init__(parent)
        self.service = service or RelayService(session)
        self._jobs = jobs
        self._prompts = prompts or Prompts(self)
        self._sync_job: JobHandle | None = None
        self._busy = False
        self._warned_for: str | None = None  # the inbox row the different-key box was for
        self.snapshot: RelaySnapshot | None = None
        self.setWindowTitle(self.tr("Relay: inbox and sent"))
        self._build()
        self.reload()
        # A sender verified in the address book: the identity column and banner follow.
        contact_events().verified.connect(self._contact_verified)

    # -- building -----------------------------------------------------------------------------
    def _build(self) -> None:
        self.account_label = PlainLabel("", self)
        self.sync_button = QPushButton(self.tr("S&ynchronise"), self)
        self.sync_button.setAccessibleName(self.tr("Synchronise with the relay"))
        self.sync_button.clicked.connect(self.synchronise)
        top = QHBoxLayout()
        top.addWidget(self.account_label, 1)
        top.addWidget(self.sync_button)
        self.banner = Banner(self)
        self.progress = ProgressPanel(self, escape_cancels=True)  # Escape stops the sync
        self.progress.hide()
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._inbox_tab(), self.tr("Inbox"))
        self.tabs.addTab(self._sent_tab(), self.tr("Sent"))
        self._intake_tab()  # requests from outside (issue 14): ui/relay/intake_tab.py
        self.prekey_line = PrekeyLine(self)  # forward secrecy (ui/relay/prekey_line.py)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.prekey_line)
        layout.addWidget(self.banner)
        layout.addWidget(self.progress)
        layout.addWidget(self.tabs, 1)

    def _inbox_tab(self) -> QWidget:
        tab = QWidget(self)
        self.inbox = InboxModel(self)
        self.inbox_view = make_table(tab, self.tr("Inbox"), self.inbox, stretch=InboxModel.SUBJECT)
        self.inbox_view.selectionModel().currentRowChanged.connect(self._inbox_selected)
        self.inbox_detail = PlainLabel("", tab)
        # Other keys under a contact's name (app/vault/sender_check.py): the strongest warning
        # and an explicit choice before the receive button does anything.
        self.inbox_warning = Banner(tab)
        self.accept_different_key = different_key_box(tab)
        self.accept_different_key.hide()
        self.accept_different_key.toggled.connect(self._inbox_selected)
        self.case_picker = CasePicker(tab)
        self.receive_button = QPushButton(self.tr("&Receive into the vault"), tab)
        self.receive_button.setAccessibleName(self.tr("Receive the envelope into the chosen case"))
        self.receive_button.clicked.connect(self.receive_selected)
        self.refuse_button = QPushButton(self.tr("Re&fuse"), tab)
        self.refuse_button.setAccessibleName(self.tr("Refuse the envelope"))
        self.refuse_button.clicked.connect(self.refuse_selected)
        form = QFormLayout()
        form.addRow(self.tr("&Case:"), self.case_picker)
        buttons = QHBoxLayout()
        buttons.addLayout(form, 1)
        buttons.addWidget(self.receive_button)
        buttons.addWidget(self.refuse_button)
        self.take_button = TakeButton(tab)  # duty groups: ui/groups/take.py
        self.take_button.clicked.connect(self.take_selected)
        buttons.addWidget(self.take_button)
        self.delegates_button = OpenedByDelegatesButton(self.service.session, self._jobs, tab)
        self.delegates_button.said.connect(self.banner.show_message)  # ui/delegation/opened.py
        buttons.addWidget(self.delegates_button)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.inbox_view, 1)
        layout.addWidget(self.inbox_detail)
        layout.addWidget(self.inbox_warning)
        layout.addWidget(self.accept_different_key)
        layout.addLayout(buttons)
        self._inbox_selected()
        return tab

    def _sent_tab(self) -> QWidget:
        tab = QWidget(self)
        self.sent = SentModel(self)
        self.sent_view = make_table(tab, self.tr("Sent"), self.sent, stretch=SentModel.RECIPIENTS)
        self.sent_view.selectionModel().currentRowChanged.connect(self._sent_selected)
        self.details = SentDetails(self.service, self._jobs, self._prompts, tab)
        self.details.status.connect(self.banner.show_message)
        split = QSplitter(Qt.Orientation.Vertical, tab)
        split.addWidget(self.sent_view)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        QVBoxLayout(tab).addWidget(split)
        return tab

    def _intake_tab(self) -> None:
        from app.intake.service import IntakeService
        from ui.relay.intake_tab import IntakeTab

        self.intake_tab = IntakeTab(IntakeService(self.service.session), self._jobs, self,
                                    prompts=self._prompts, relay=self.service)
        self.intake_tab.received.connect(self.received)
        self.loaded.connect(self.intake_tab.reload)
        self.tabs.addTab(self.intake_tab, self.tr("Requests from &outside"))

    # -- loading ------------------------------------------------------------------------------
    def _contact_verified(self, _contact_id: int) -> None:
        self.reload()

    def reload(self) -> JobHandle:
        return self._jobs.submit(plain(load_snapshot), self.service, on_done=self._loaded,
                                 on_error=self._load_failed)

    def _loaded(self, snapshot: RelaySnapshot) -> None:
        self.snapshot = snapshot
        self.case_picker.set_cases(snapshot.cases)
        self._keep_selection(self.inbox_view, self.inbox, snapshot.inbox,
                             lambda r: r.envelope_id)
        self._keep_selection(self.sent_view, self.sent, snapshot.sent, lambda r: r.outbox_id)
        self.account_label.setText(self._account_text(snapshot))
        if snapshot.joined:
            self.prekey_line.refresh(self._jobs, self.service)
        self.sync_button.setEnabled(snapshot.joined and self._sync_job is None)
        self._inbox_selected()
        self._sent_selected()
        self.loaded.emit()

    def _keep_selection(self, view, model, rows, key) -> None:  # noqa: ANN001 - two models
        current = view.currentIndex()
        chosen = key(model.row_at(current.row())) if current.isValid() else None
        model.set_rows(rows)
        for number, row in enumerate(rows):
            if key(row) == chosen:
                view.selectRow(number)

    def _account_text(self, snapshot: RelaySnapshot) -> str:
        if not snapshot.joined:
            return self.tr("This vault has not joined a relay yet (Relay menu, Join a relay…).")
        status = {"pending": self.tr("waiting for your organisation to certify your card"),
                  "certified": self.tr("certified member"),
                  "revoked": self.tr("membership revoked")}.get(snapshot.status,
                                                                snapshot.status)
        return self.tr("Relay {url}: {status}.").format(url=snapshot.url, status=status)

    def _load_failed(self, exc: BaseException) -> None:
        self.banner.show_message("danger", relay_error_text(exc))

    # -- synchronising ------------------------------------------------------------------------
    def synchronise(self) -> JobHandle | None:
        if self._sync_job is not None or (self.snapshot and not self.snapshot.joined):
            return None
        self.banner.clear()
        job = self._jobs.submit(actions.sync, self.service, on_done=self._synced,
                                on_error=self._sync_failed, on_cancelled=self._sync_cancelled,
                                transfer=Transfer("sync"))
        self._sync_job = job
        job.finished.connect(self._sync_over)
        self.progress.watch(job, self.tr("Synchronising with the relay…"))
        self.sync_button.setEnabled(False)
        return job

    def _sync_over(self) -> None:
        self._sync_job = None
        self.sync_button.setEnabled(True)
        self.reload()

    def _synced(self, report: SyncReport) -> None:
        if report.offline:
            self._offline()
            return
        parts = [self.tr("Synchronised.")]
        if report.received:
            parts.append(self.tr("{n} received into the vault.").format(n=len(report.received)))
        if report.uploaded:
            parts.append(self.tr("{n} sent.").format(n=len(report.uploaded)))
        if report.held:
            parts.append(self.tr("{n} waiting for your decision.").format(n=len(report.held)))
        if report.errors:
            parts.append(self.tr("{n} could not be handled; details in the lists.")
                         .format(n=len(report.errors)))
        kind = "warning" if report.errors or report.held else "success"
        self.banner.show_message(kind, " ".join(parts))

    def _offline(self) -> None:
        self.banner.show_message("info", self.tr(
            "The relay cannot be reached right now. Nothing is lost: messages waiting to go "
            "out are sent at the next synchronisation."))

    def _sync_failed(self, exc: BaseException) -> None:
        if isinstance(exc, RelayUnreachable):
            self._offline()
        else:
            self.banner.show_message("danger", relay_error_text(exc))

    def _sync_cancelled(self) -> None:
        self.banner.show_message("info", self.tr(
            "Synchronisation stopped; transfers resume where they stopped next time."))

    # -- inbox actions ------------------------------------------------------------------------
    def selected_inbox(self) -> InboxRow | None:
        index = self.inbox_view.currentIndex()
        return self.inbox.row_at(index.row()) if index.isValid() else None

    def _inbox_selected(self) -> None:
        row = self.selected_inbox()
        can = row is not None and row.receivable and not self._busy
        mismatch = can and row is not None and row.verification == "impersonation"
        if row is None or row.envelope_id != self._warned_for:
            self.accept_different_key.setChecked(False)  # a new row asks again
            self._warned_for = row.envelope_id if row is not None else None
        self.accept_different_key.setVisible(mismatch)
        if mismatch and row is not None:
            self.inbox_warning.show_message(
                "danger", impersonation_text(row.sender_name or "", row.clashes), bold=True)
        else:
            self.inbox_warning.clear()
        self.receive_button.setEnabled(can and (not mismatch
                                                or self.accept_different_key.isChecked()))
        self.refuse_button.setEnabled(can)
        self.case_picker.setEnabled(can)
        self.take_button.show_for(row, self._busy)
        self.delegates_button.show_for(row)
        self.inbox_detail.setText(self._inbox_text(row))

    def _inbox_text(self, row: InboxRow | None) -> str:
        if row is None:
            return ""
        who = self.tr("From {name}, key {key}.").format(
            name=row.sender_name or self.tr("an unknown sender"),
            key=short_fingerprint_text(row.sender))
        if row.state == "held":
            return who + " " + self.tr(
                "Held: this sender is not among your verified contacts. Receive it only if "
                "you expected it; otherwise refuse it.")
        if row.reason and row.state in ("refused", "expired"):
            return who + " " + row.reason
        if row.state == "opened":
            where = row.case_name or self.tr("unfiled documents")
            return who + " " + self.tr("Received into: {case}.").format(case=where)
        return who

    def receive_selected(self) -> JobHandle | None:
        row = self.selected_inbox()
        choice = self.case_picker.choice()
        if row is None or not row.receivable:
            return None
        if choice is None:
            self.banner.show_message("warning", self.tr("Name the new case first."))
            self.case_picker.new_name.setFocus()
            return None
        mismatch = row.verification == "impersonation"
        if mismatch and not self.accept_different_key.isChecked():
            return None  # the check box is the explicit choice (the button is disabled too)
        if not mismatch and row.verification != "verified" and not self._prompts.confirm(
                self, self.tr("Receive from an unverified sender"), self.tr(
                    "You have not verified this sender's identity. Receive the envelope into "
                    "the vault anyway?"), self.tr("Receive")):
            return None
        return self._run(actions.receive, row.envelope_id, choice, mismatch,
                         done=self.tr("Received into the vault."), signal=True,
                         transfer=Transfer("receive", row.subject or row.sender_name or ""))

    def refuse_selected(self) -> JobHandle | None:
        row = self.selected_inbox()
        if row is None or not row.receivable:
            return None
        if not self._prompts.confirm(self, self.tr("Refuse the envelope"), self.tr(
                "The sender will receive a signed refusal and the envelope will be deleted "
                "from this computer. Refuse it?"), self.tr("Refuse"), danger=True):
            return None
        return self._run(actions.refuse, row.envelope_id, done=self.tr("Envelope refused."))

    def take_selected(self) -> JobHandle | None:
        row = self.selected_inbox()
        if row is None or not self.take_button.isEnabled():
            return None
        return self._run(take, row.envelope_id, done=self.tr("Taken for the group."))

    def _run(self, fn, *args, done: str, signal: bool = False,  # noqa: ANN001
             transfer: Transfer | None = None) -> JobHandle:
        self._busy = True
        self._inbox_selected()

        def finished(_result: object) -> None:
            self.banner.show_message("success", done)
            if signal:
                self.received.emit()

        def over() -> None:
            self._busy = False
            self.reload()

        job = self._jobs.submit(fn, self.service, *args, on_done=finished,
                                on_error=self._sync_failed, transfer=transfer)
        job.finished.connect(over)
        return job

    # -- sent ---------------------------------------------------------------------------------
    def selected_sent(self) -> SentRow | None:
        index = self.sent_view.currentIndex()
        return self.sent.row_at(index.row()) if index.isValid() else None

    def _sent_selected(self) -> None:
        row = self.selected_sent()
        current = self.details.row
        if row != current:
            self.details.show_row(row)

    @property
    def busy(self) -> bool:
        return self._sync_job is not None or self._busy
