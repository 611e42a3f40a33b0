"""`OpenSealedDialog`: check a sealed file, show what it holds, receive it into a case.

1. The file is checked in a background job (`verify_sealed`: every check, nothing written).
2. A refused file gets a page saying what the refusal means; nothing is imported.
3. An accepted file shows its sender and how far we trust them, the letter and the files.
   An unknown sender, or a contact whose keys changed, must be verified (import the card from
   the file, compare the safety number) or accepted explicitly before receiving. Other keys
   under a contact's name or organisation (app/vault/sender_check.py) get the strongest
   warning, and their own check box ("checked by telephone…"); Enter does not receive them.
4. "Receive" runs `receive_sealed` into the chosen case (or a new one), all or nothing.

The files are listed in full at the default size, beside a preview of the selected one, made
from the plaintext the check kept in memory (preview*.py): wiped when the file is checked again,
received, or when the dialog closes. Once received, "Show the documents" (offered when the
main window listens, reveal.py) closes the dialog and selects them in the main window.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.cases import Case
from app.vault import VaultSession
from ui.common.contact_events import contact_events
from ui.common.explain import Explanation, explain
from ui.common.prompts import Prompts
from ui.common.widgets import Banner, PlainLabel
from ui.exchange.case_picker import CasePicker
from ui.exchange.impersonation import different_key_box, impersonation_text
from ui.exchange.message_view import (
    IMPERSONATION,
    KEY_CHANGED,
    OWN,
    UNKNOWN,
    UNVERIFIED,
    VERIFIED,
    CheckedFile,
    MessageView,
)
from ui.exchange.open_jobs import Received, check_file, receive_file
from ui.exchange.open_pages import ReceivedPage, RefusedPage
from ui.widgets.progress import ProgressPanel
from ui.workers import JobHandle, JobQueue, Transfer, plain


class OpenSealedDialog(QDialog):
    """`checked` is emitted once the file passed every check; `received` with a `Received`;
    `documentsRequested` with the `Received` when the user asks to see the documents."""

    checked = Signal(object)
    refused = Signal(object)
    received = Signal(object)
    documentsRequested = Signal(object)

    def __init__(self, session: VaultSession, jobs: JobQueue, path: Path | str,
                 parent: QWidget | None = None, *, prompts: Prompts | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._jobs = jobs
        self._path = Path(path)
        self._prompts = prompts or Prompts(self)
        self._job: JobHandle | None = None
        self._close_when_idle = False
        self.file: CheckedFile | None = None
        self.refusal: Explanation | None = None
        self.outcome: Received | None = None
        self.safety_dialog: QDialog | None = None
        self.setWindowTitle(self.tr("Open a sealed file"))
        screen = (parent.screen() if parent is not None else QGuiApplication.primaryScreen())
        self.resize(default_size(screen.availableGeometry().size()))
        self.setMinimumWidth(560)
        self._build()
        self.check()
        self._jobs.submit(plain(lambda: session.cases.list()), on_done=self._cases_loaded)
        contact_events().verified.connect(self._contact_verified)

    # -- building -----------------------------------------------------------------------------
    def _build(self) -> None:
        self.banner = Banner(self)
        self.pages = QStackedWidget(self)
        self.waiting_page = PlainLabel(self.tr("Checking the sealed file…"), self)
        self.pages.addWidget(self.waiting_page)
        self.pages.addWidget(self._message_page())
        self.refused_page = RefusedPage(self)
        self.pages.addWidget(self.refused_page)
        self.received_page = ReceivedPage(self)
        self.pages.addWidget(self.received_page)
        self.progress = ProgressPanel(self)
        self.progress.hide()
        self.buttons = QDialogButtonBox(self)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)

    def _message_page(self) -> QWidget:
        page = self.message_page = QWidget(self)
        self.verify_button = QPushButton(self.tr("Co&mpare the safety number…"), page)
        self.import_button = QPushButton(self.tr("&Import the sender's card and verify it…"),
                                         page)
        self.accept_unverified = QCheckBox(
            self.tr("Receive it anyway, as coming from an &unverified sender"), page)
        # Other keys under a contact's name: a separate, explicit choice (app/vault/sender_check)
        self.accept_different_key = different_key_box(page)
        self.accept_different_key.toggled.connect(self._update_receive)
        self.verify_button.clicked.connect(self.compare_safety_number)
        self.import_button.clicked.connect(self.import_sender_card)
        self.accept_unverified.toggled.connect(self._update_receive)
        actions = QHBoxLayout()
        actions.addWidget(self.verify_button)
        actions.addWidget(self.import_button)
        actions.addStretch(1)
        self.view = MessageView(self._jobs, page)
        self.cases = CasePicker(page)
        self.cases.combo.currentIndexChanged.connect(self._update_receive)
        self.cases.new_name.textChanged.connect(self._update_receive)
        self.receive_button = QPushButton(self.tr("&Receive into the vault"), page)
        self.receive_button.setDefault(True)
        self.receive_button.clicked.connect(self.start_receiving)
        receive = QHBoxLayout()
        receive.addWidget(PlainLabel(self.tr("Case:"), page, selectable=False))
        receive.addWidget(self.cases, 1)
        receive.addWidget(self.receive_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(actions)
        layout.addWidget(self.accept_unverified)
        layout.addWidget(self.accept_different_key)
        layout.addWidget(self.view, 1)
        layout.addLayout(receive)
        return page

    def _cases_loaded(self, cases: list[Case]) -> None:
        self.cases.set_cases(cases)

    # -- checking -----------------------------------------------------------------------------
    def check(self) -> None:
        """(Re)check the file: at opening, and after the sender's card was imported/verified."""
        self.pages.setCurrentWidget(self.waiting_page)
        self.banner.clear()
        self._drop_contents()
        self._run(check_file, self.tr("Checking the sealed file…"), self._checked,
                  self._refused, self._session, self._path)

    def _checked(self, checked: CheckedFile) -> None:
        self.file = checked
        self.view.show_file(checked)
        self._show_sender_state(checked)
        self.pages.setCurrentWidget(self.message_page)
        self._update_receive()
        self.receive_button.setFocus()
        self.checked.emit(checked)

    def _show_sender_state(self, checked: CheckedFile) -> None:
        name = checked.message.sender_card.name
        state = checked.sender_state
        texts = {
            OWN: ("info", self.tr("You sealed this file yourself: it is a copy of a file you "
                                  "sent.")),
            VERIFIED: ("success", self.tr(
                "Verified sender ✓ — You compared the safety number with {name}: this file "
                "comes from them and was not altered.")),
            UNVERIFIED: ("warning", self.tr(
                "Sender not verified — {name} is among your contacts, but you have not "
                "compared the safety number with them: the signature is valid, but nothing "
                "proves that this identity card belongs to them.")),
            UNKNOWN: ("danger", self.tr(
                "Unknown sender — {name} is not among your contacts. Anyone can make an "
                "identity card bearing any name: nothing proves this file comes from this "
                "person. Import their card and compare the safety number with them, or "
                "accept the file explicitly.")),
            KEY_CHANGED: ("danger", self.tr(
                "KEY CHANGED — The keys that signed this file are not the ones you verified "
                "for {name}. It may be a new computer, or someone impersonating them. Compare "
                "the new safety number with them before trusting this file.")),
        }
        if state == IMPERSONATION:
            check = checked.message.sender.check
            kind, text = "danger", impersonation_text(name, check.clashes if check else ())
        else:
            kind, text = texts[state]
            text = text.format(name=name)
        self.banner.show_message(kind, text, bold=state in (UNKNOWN, KEY_CHANGED, IMPERSONATION))
        self.verify_button.setVisible(state in (UNVERIFIED, KEY_CHANGED))
        self.import_button.setVisible(state in (UNKNOWN, IMPERSONATION))
        self.accept_unverified.setVisible(state in (UNKNOWN, KEY_CHANGED))
        self.accept_unverified.setChecked(False)
        self.accept_different_key.setVisible(state == IMPERSONATION)
        self.accept_different_key.setChecked(False)
        # Enter must not receive a file whose keys are not the contact's.
        self.receive_button.setDefault(state != IMPERSONATION)
        self.receive_button.setAutoDefault(state != IMPERSONATION)

    def _refused(self, exc: BaseException) -> None:
        self.refusal = explain(exc, "receive")
        self.refused_page.show_refusal(self.refusal)
        self.banner.show_message("danger", self.refusal.title, bold=True)
        self.pages.setCurrentWidget(self.refused_page)
        self.close_button.setFocus()
        self.refused.emit(self.refusal)

    # -- the sender ---------------------------------------------------------------------------
    def needs_acceptance(self) -> bool:
        return self.file is not None and self.file.sender_state in (UNKNOWN, KEY_CHANGED,
                                                                    IMPERSONATION)

    def _accepted(self) -> bool:
        """The explicit choice the sender's state asks for was made."""
        if not self.needs_acceptance():
            return True
        assert self.file is not None
        box = (self.accept_different_key if self.file.sender_state == IMPERSONATION
               else self.accept_unverified)
        return box.isChecked()

    def compare_safety_number(self) -> None:
        if self.file is None or self.file.contact is None:
            return
        self._open_safety_dialog(self.file.contact.id)

    def import_sender_card(self) -> None:
        if self.file is None:
            return
        from ui.contacts.card_import import CardImporter

        importer = CardImporter(self._session, self._jobs, self, self._prompts)
        importer.imported.connect(self._sender_imported)
        importer.import_cards([self.file.message.sender_card.to_bytes()])

    def _sender_imported(self, contact_id: int) -> None:
        self._open_safety_dialog(contact_id)

    def _contact_verified(self, contact_id: int) -> None:
        """A contact was verified elsewhere: if the banner says this sender is not, check again."""
        if self.file is not None and self._job is None and self.outcome is None \
                and self.file.sender_state in (UNVERIFIED, KEY_CHANGED, UNKNOWN):
            self.check()

    def _open_safety_dialog(self, contact_id: int) -> None:
        from ui.contacts.safety_dialog import SafetyNumberDialog

        dialog = SafetyNumberDialog(self._session, self._jobs, contact_id, self,
                                    prompts=self._prompts)
        # Check again once it closes: the sender is a contact now, verified or not.
        dialog.finished.connect(lambda _code: self.check())
        self.safety_dialog = dialog
        dialog.open()  # window-modal without a nested event loop

    # -- receiving ----------------------------------------------------------------------------
    def _update_receive(self) -> None:
        ready = (self.file is not None and self._job is None
                 and self.cases.choice() is not None
                 and self._accepted())
        self.receive_button.setEnabled(ready)

    def start_receiving(self) -> JobHandle | None:
        choice = self.cases.choice()
        if self.file is None or self._job is not None or choice is None:
            return None
        accept = self.needs_acceptance()
        if not self._accepted():
            return None
        mismatch = self.file.sender_state == IMPERSONATION
        meta = self.file.message.metadata
        # A transfer: listed in the recent transfers (shown there, never logged).
        transfer = Transfer("receive", meta.subject or meta.sender.name)
        return self._run(receive_file, self.tr("Receiving into the vault…"), self._received,
                         self._receive_failed, self._session, self._path, choice,
                         accept and not mismatch, mismatch, transfer=transfer)

    def _received(self, outcome: Received) -> None:
        self.outcome = outcome
        self._drop_contents()  # in the vault now: the viewer shows them from there
        self.received_page.show_outcome(outcome)
        self.banner.show_message("success", self.tr("Received into your vault."), bold=True)
        self.pages.setCurrentWidget(self.received_page)
        show = self.received_page.show_documents
        (self.close_button if show.isHidden() else show).setFocus()
        self.received.emit(outcome)

    # -- after receipt ------------------------------------------------------------------------
    def offer_documents_link(self) -> None:
        """Called by whoever handles `documentsRequested` (reveal.py): offer the button."""
        self.received_page.show_documents.setVisible(True)
        self.received_page.show_documents.clicked.connect(self.show_documents)

    def show_documents(self) -> None:
        if self.outcome is None:
            return
        self.documentsRequested.emit(self.outcome)
        self.accept()

    def _drop_contents(self) -> None:
        """Wipe the plaintext kept for the preview (the preview pane forgets it first)."""
        self.view.preview.reset()
        if self.file is not None and self.file.contents is not None:
            self.file.contents.wipe()

    def done(self, result: int) -> None:
        self._drop_contents()
        super().done(result)

    def _receive_failed(self, exc: BaseException) -> None:
        self._refused(exc)

    # -- jobs ---------------------------------------------------------------------------------
    def _run(self, fn: Callable[..., object], text: str, on_done: Callable[[object], None],
             on_error: Callable[[BaseException], None], *args: object,
             transfer: Transfer | None = None) -> JobHandle:
        self._job = self._jobs.submit(fn, *args, on_done=on_done, on_error=on_error,
                                      on_cancelled=self._cancelled, transfer=transfer)
        self._job.finished.connect(self._job_over)
        self.progress.watch(self._job, text)
        self.message_page.setEnabled(False)
        self._update_receive()
        return self._job

    def _job_over(self) -> None:
        self._job = None
        self.message_page.setEnabled(True)
        self._update_receive()
        if self._close_when_idle:
            self.done(QDialog.DialogCode.Rejected)

    def _cancelled(self) -> None:
        if self.file is None:
            self.waiting_page.setText(self.tr("Checking cancelled."))
        self.banner.show_message("info", self.tr("Cancelled: nothing was imported."))

    @property
    def busy(self) -> bool:
        return self._job is not None

    def reject(self) -> None:
        if self._job is not None:  # stop the job first; close once it has unwound
            self._close_when_idle = True
            self._job.cancel()
            return
        super().reject()


def default_size(available: QSize) -> QSize:
    """Room for the sender, the letter, every file of a usual message and a preview: 1180×680
    on a 1366×768 screen, less on a smaller one (the letter scrolls then, not the list)."""
    return QSize(max(560, min(1180, available.width() - 48)),
                 max(480, min(720, available.height() - 48)))
