"""`IntakeReplyDialog`: answering a request from outside (app/intake/reply.py).

The member writes a subject and a message and may attach files. The reply is encrypted for the
requester's one-time reply key only (the requester reads it on the reply page with their reply
code) and a copy is filed in the request's case. The work runs on the job queue; every control
has a mnemonic and Ctrl+Return sends.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.intake.reply import MAX_FILES, MAX_MESSAGE, MAX_SUBJECT, ReplyDraft, SentReply
from app.intake.service import IntakeService
from app.intake.state import IntakeItem
from ui.common.prompts import Prompts
from ui.common.widgets import Banner
from ui.relay.errors import relay_error_text
from ui.workers import JobHandle, JobQueue, Transfer


def reply_job(service: IntakeService, envelope_id: str, draft: ReplyDraft, *,
              progress: object = None, cancel: object = None) -> SentReply:
    service.check_reply(envelope_id, draft)
    return service.reply(envelope_id, draft, cancel=cancel)  # type: ignore[arg-type]


class IntakeReplyDialog(QDialog):
    """`sent` carries the `SentReply` once the relay accepted it."""

    sent = Signal(object)

    def __init__(self, service: IntakeService, jobs: JobQueue, item: IntakeItem,
                 parent: QWidget | None = None, *, prompts: Prompts | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self._jobs = jobs
        self._item = item
        self._prompts = prompts or Prompts(self)
        self.job: JobHandle | None = None
        self.setWindowTitle(self.tr("Reply to an outside request"))
        self.banner = Banner(self)
        self.banner.show_message("info", self.tr(
            "Only the requester can read this reply, with the reply code they kept. Nobody "
            "has verified who they are: write nothing you would not tell a stranger who "
            "claims their name."))
        self.subject = QLineEdit(self)
        self.subject.setMaxLength(MAX_SUBJECT)
        self.subject.setAccessibleName(self.tr("Subject of the reply"))
        if item.subject:
            self.subject.setText(self.tr("Re: {subject}").format(subject=item.subject)
                                 [:MAX_SUBJECT])
        self.message = QPlainTextEdit(self)
        self.message.setAccessibleName(self.tr("Message of the reply"))
        self.message.setTabChangesFocus(True)
        self.attachments = QListWidget(self)
        self.attachments.setAccessibleName(self.tr("Attached files"))
        self.add_button = QPushButton(self.tr("&Attach files…"), self)
        self.add_button.clicked.connect(self.add_files)
        self.remove_button = QPushButton(self.tr("Re&move"), self)
        self.remove_button.clicked.connect(self.remove_selected)
        self._build()

    def _build(self) -> None:
        form = QFormLayout()
        subject_label = QLabel(self.tr("&Subject:"), self)
        subject_label.setBuddy(self.subject)
        form.addRow(subject_label, self.subject)
        message_label = QLabel(self.tr("&Message:"), self)
        message_label.setBuddy(self.message)
        form.addRow(message_label, self.message)
        files_label = QLabel(self.tr("&Files:"), self)
        files_label.setBuddy(self.attachments)
        file_buttons = QVBoxLayout()
        file_buttons.addWidget(self.add_button)
        file_buttons.addWidget(self.remove_button)
        file_buttons.addStretch(1)
        files = QHBoxLayout()
        files.addWidget(self.attachments, 1)
        files.addLayout(file_buttons)
        form.addRow(files_label, files)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, parent=self)
        self.send_button = self.buttons.addButton(self.tr("S&end the reply"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.send)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.send)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form, 1)
        layout.addWidget(self.buttons)
        self.resize(640, 480)
        self.message.setFocus()

    def add_files(self) -> None:
        paths = self._prompts.open_paths(self, self.tr("Attach files"), self.tr("All files (*)"))
        present = {self.attachments.item(i).text() for i in range(self.attachments.count())}
        for path in paths:
            if str(path) not in present:
                present.add(str(path))
                self.attachments.addItem(str(path))

    def remove_selected(self) -> None:
        for entry in self.attachments.selectedItems():
            self.attachments.takeItem(self.attachments.row(entry))

    def draft(self) -> ReplyDraft:
        paths = tuple(Path(self.attachments.item(i).text())
                      for i in range(self.attachments.count()))
        return ReplyDraft(message=self.message.toPlainText(), subject=self.subject.text(),
                          attachments=paths)

    def send(self) -> JobHandle | None:
        if self.job is not None:
            return None
        draft = self.draft()
        problem = self._early_problem(draft)
        if problem:
            self.banner.show_message("warning", problem)
            return None
        self._set_busy(True)
        self.banner.show_message("info", self.tr("Encrypting and sending the reply…"))
        self.job = self._jobs.submit(reply_job, self.service, self._item.envelope_id, draft,
                                     on_done=self._sent, on_error=self._failed,
                                     transfer=Transfer("send", self.tr("Reply")))
        self.job.finished.connect(self._over)
        return self.job

    def _early_problem(self, draft: ReplyDraft) -> str:
        """A courtesy before the job: the core checks every rule again."""
        if not draft.message.strip():
            self.message.setFocus()
            return self.tr("Write the reply's message first.")
        if len(draft.message) > MAX_MESSAGE:
            return self.tr("The message is too long ({n} characters at most).").format(
                n=MAX_MESSAGE)
        if len(draft.attachments) > MAX_FILES:
            return self.tr("A reply holds at most {n} files.").format(n=MAX_FILES)
        return ""

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.subject, self.message, self.attachments, self.add_button,
                       self.remove_button, self.send_button):
            widget.setEnabled(not busy)

    def _sent(self, reply: SentReply) -> None:
        self.sent.emit(reply)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.banner.show_message("danger", relay_error_text(exc))

    def _over(self) -> None:
        self.job = None
        if self.isVisible():
            self._set_busy(False)
