"""`SendViaRelayDialog`: seal documents for verified contacts and send them through the relay.

The form is the seal dialog's (`ui.exchange.seal_form.SealForm`: recipients, documents,
letter), without the file destination, plus how long the relay keeps the envelope (1 to 30
days). Only verified contacts are offered. `RelayService.send` seals into the outbox and
uploads at once, in a background job with progress and Cancel; when the relay cannot be reached
the message waits in the outbox for the next synchronisation, and the dialog says so.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.relay_client import Letter, OutboxItem, RelayService
from app.relay_client.groups import GroupAddress
from app.vault import Contact, ContactState, VaultSession
from ui.common.widgets import Banner, PlainLabel
from ui.delegation.picker import OnBehalfPicker
from ui.exchange.documents_model import DocumentItem, load_documents
from ui.exchange.seal_form import SealForm
from ui.groups.picker import GroupPicker
from ui.relay.errors import relay_error_text
from ui.relay.prekey_line import LongTermNotice
from ui.widgets.progress import ProgressPanel
from ui.workers import JobHandle, JobQueue, Transfer, plain

DEFAULT_DAYS = 7


def _load(session: VaultSession, document_ids: list[int]
          ) -> tuple[list[Contact], list[DocumentItem]]:
    verified = [c for c in session.contacts.list() if c.state is ContactState.VERIFIED]
    return verified, load_documents(session, document_ids)


class SendViaRelayDialog(QDialog):
    """`sent` is emitted with the `OutboxItem` (deposited, or waiting in the outbox)."""

    sent = Signal(object)

    def __init__(self, session: VaultSession, jobs: JobQueue, document_ids: list[int],
                 parent: QWidget | None = None, *, service: RelayService | None = None) -> None:
        super().__init__(parent)
        self.service = service or RelayService(session)
        self._session = session
        self._jobs = jobs
        self._job: JobHandle | None = None
        self.result_item: OutboxItem | None = None
        self.setWindowTitle(self.tr("Send through the relay"))
        self.resize(1000, 660)
        self._build()
        self._jobs.submit(plain(_load), session, document_ids, on_done=self._loaded,
                          on_error=self._failed)

    def _build(self) -> None:
        self.banner = Banner(self)
        self.form = SealForm(self)
        self.form.destination.parentWidget().hide()  # no file: the relay carries it
        self.form.contacts_button.hide()
        self.days = QSpinBox(self)
        self.days.setRange(1, 30)
        self.days.setValue(DEFAULT_DAYS)
        self.days.setSuffix(self.tr(" days"))
        self.days.setAccessibleName(self.tr("Days the relay keeps the envelope"))
        note = PlainLabel(self.tr("After this delay the relay deletes the envelope, opened or "
                                  "not. Only your verified contacts are listed."), self,
                          selectable=False)
        availability = QFormLayout()
        availability.addRow(self.tr("&Available on the relay for:"), self.days)
        availability.addRow(note)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.form)
        self.group_picker = GroupPicker(self.service, self._jobs, self)  # ui/groups/
        self.group_picker.toggled.connect(self._group_toggled)
        self.on_behalf = OnBehalfPicker(self._session, self._jobs, self)  # ui/delegation/
        self.progress = ProgressPanel(self)
        self.progress.hide()
        self.buttons = QDialogButtonBox(self)
        self.send_button = QPushButton(self.tr("&Send"), self)
        self.send_button.setDefault(True)
        self.send_button.setEnabled(False)
        self.buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.send_button.clicked.connect(self.start_sending)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        self.long_term_notice = LongTermNotice(self)  # recipients without a prekey
        layout.addWidget(self.banner)
        layout.addWidget(self.group_picker)
        layout.addWidget(self.on_behalf)
        layout.addWidget(self.long_term_notice)
        layout.addWidget(scroll, 1)
        layout.addLayout(availability)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)

    def _loaded(self, result: tuple[list[Contact], list[DocumentItem]]) -> None:
        contacts, documents = result
        self.form.recipients.set_contacts(contacts)
        self.form.documents.set_items(documents)
        self.send_button.setEnabled(True)
        if not contacts:
            self.banner.show_message("info", self.tr(
                "You have no verified contact yet. Add your correspondent from the relay's "
                "directory in Contacts and compare the safety number with them first."))

    def _group_toggled(self, on: bool) -> None:
        """A group instead of contacts: the contacts list (and what it said) steps aside."""
        self.form.recipients_view.setEnabled(not on)
        if on:
            self.banner.clear()

    def problem(self) -> tuple[str, QWidget] | None:
        form = self.form
        if self.group_picker.active():
            if (waiting := self.group_picker.problem()) is not None:
                return waiting, self.group_picker.combo
        elif not form.recipients.checked():
            return self.tr("Choose at least one recipient."), form.recipients_view
        documents = form.documents.items()
        if not documents:
            return self.tr("There is no document to send: select documents in the main "
                           "window first."), form.documents_view
        if any(d.view_only for d in documents):
            return self.tr("Remove the view-only documents: they cannot be sent on."), \
                form.documents_view
        return None

    def letter(self) -> Letter:
        form = self.form
        return Letter(subject=form.subject.text().strip(), message=form.message.toPlainText(),
                      reference=form.reference.text().strip(), expires=form.expiry(),
                      view_only=form.view_only.isChecked(),
                      consult_until=form.consult_end.value())

    def start_sending(self) -> JobHandle | None:
        if self._job is not None:
            return None
        problem = self.problem()
        if problem is not None:
            self.banner.show_message("warning", problem[0])
            problem[1].setFocus()
            return None
        self.banner.clear()
        form = self.form
        to = self.group_picker.target() if self.group_picker.active() else \
            [c.id for c in form.recipients.checked()]
        self._job = self._jobs.submit(
            _send, self.service, [d.id for d in form.documents.items()], to, self.letter(),
            self.days.value(), self.on_behalf.value(),
            on_done=self._sent, on_error=self._failed, on_cancelled=self._cancelled,
            transfer=Transfer.batch("send", [d.name for d in form.documents.items()]))
        self._job.finished.connect(self._over)
        self.progress.watch(self._job, self.tr("Sealing and sending…"))
        form.setEnabled(False)
        self.send_button.setEnabled(False)
        return self._job

    def _over(self) -> None:
        self._job = None
        self.form.setEnabled(self.result_item is None)
        self.send_button.setEnabled(self.result_item is None)

    def _sent(self, item: OutboxItem) -> None:
        self.result_item = item
        stopped = self._job is not None and self._job.cancel_requested
        if item.state != "deposited" and stopped:  # Cancel during the upload: kept, resumable
            self.banner.show_message("info", self.tr(
                "Sending stopped after sealing: the message waits in the outbox and goes at "
                "the next synchronisation."))
        elif item.state == "deposited":
            self.banner.show_message("success", self.tr(
                "Sent: the relay signed a proof of deposit. Follow the delivery in Relay, "
                "Inbox and sent."))
        else:
            self.banner.show_message("info", self.tr(
                "Sealed. The relay cannot be reached right now: the message waits in the "
                "outbox and goes at the next synchronisation."))
        self.send_button.hide()
        self.close_button.setFocus()
        self.long_term_notice.check(self._jobs, self.service, item)
        self.sent.emit(item)

    def _failed(self, exc: BaseException) -> None:
        self.banner.show_message("danger", relay_error_text(exc))

    def _cancelled(self) -> None:
        self.banner.show_message("info", self.tr("Sending cancelled."))

    def reject(self) -> None:
        if self._job is not None:
            self._job.cancel()
            return
        super().reject()

    @property
    def busy(self) -> bool:
        return self._job is not None


def _send(service: RelayService, document_ids: list[int], to: list[int] | GroupAddress,
          letter: Letter, days: int, on_behalf: str | None = None, *, progress=None,
          cancel=None) -> OutboxItem:  # noqa: ANN001
    """To contacts (their ids), or to a duty group's members on duty (its `GroupAddress`);
    `on_behalf`: a principal's fingerprint (contacts only)."""
    def report(_what: str, done: int, total: int) -> None:
        if progress is not None:
            progress(done, total)

    if isinstance(to, GroupAddress):
        return service.send_to_group(document_ids, to, letter, availability_days=days,
                                     progress=report, cancel=cancel)
    return service.send(document_ids, to, letter, availability_days=days,
                        progress=report, cancel=cancel, on_behalf=on_behalf)
