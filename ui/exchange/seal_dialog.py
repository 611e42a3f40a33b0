"""`SealDialog`: seal documents of the vault for chosen contacts into a `.scelle` file.

Everything that touches the vault runs as a background job (ui/workers.py): loading contacts
and documents, and the sealing itself (progress and Cancel; a cancelled or failed sealing
leaves no file, the app layer guarantees it). The dialog checks the form before sealing and
says what is missing in a banner, next to the control to fix.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QDate, QStandardPaths, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.vault import Contact, ContactState, SealedMessage, VaultSession
from ui.common.explain import explain
from ui.common.prompts import Prompts
from ui.common.widgets import Banner
from ui.exchange.documents_model import load_documents
from ui.exchange.seal_form import SealForm
from ui.exchange.seal_result import SealResult
from ui.widgets.progress import ProgressPanel
from ui.workers import JobHandle, JobQueue, Transfer, plain


def default_file_name(today: QDate | None = None) -> str:
    """'pli-2026-03-05.scelle': a date, never a client's name (file names travel in clear)."""
    day = today or QDate.currentDate()
    return f"pli-{day.toString('yyyy-MM-dd')}.scelle"


def free_path(folder: Path, name: str) -> Path:
    """`folder/name`, or `name-2`, `name-3`… if taken (sealing never replaces a file)."""
    path = folder / name
    stem, suffix = path.stem, path.suffix
    n = 2
    while os.path.lexists(path):
        path = folder / f"{stem}-{n}{suffix}"
        n += 1
    return path


def _load(session: VaultSession, document_ids: list[int]) -> tuple[list[Contact], list]:
    return session.contacts.list(), load_documents(session, document_ids)


class SealDialog(QDialog):
    """Seal and send. `sealed` is emitted with the `SealedMessage` once the file exists."""

    sealed = Signal(object)

    def __init__(self, session: VaultSession, jobs: JobQueue, document_ids: list[int],
                 parent: QWidget | None = None, *, prompts: Prompts | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._jobs = jobs
        self._prompts = prompts or Prompts(self)
        self._job: JobHandle | None = None
        self._close_when_idle = False
        self.result_message: SealedMessage | None = None
        self.setWindowTitle(self.tr("Seal and send"))
        self.resize(1000, 680)
        self._build()
        self.set_output_path(free_path(_documents_folder(), default_file_name()))
        self._reload(document_ids)

    def _build(self) -> None:
        self.banner = Banner(self)
        self.form = SealForm(self)
        self.result_page = SealResult(self)
        self.pages = QStackedWidget(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.form)
        self.pages.addWidget(scroll)
        self.pages.addWidget(self.result_page)
        self.progress = ProgressPanel(self)
        self.progress.hide()
        self.buttons = QDialogButtonBox(self)
        self.seal_button = QPushButton(self.tr("&Seal"), self)
        self.seal_button.setAccessibleName(self.tr("Seal the documents"))
        self.seal_button.setDefault(True)
        self.buttons.addButton(self.seal_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.seal_button.clicked.connect(self.start_sealing)
        self.close_button.clicked.connect(self.reject)
        self.form.browse_button.clicked.connect(self.choose_output_path)
        self.form.contacts_button.clicked.connect(self._manage_contacts)
        self.form.recipients.checkedChanged.connect(self._recipients_changed)
        self.result_page.open_folder_button.clicked.connect(self._open_folder)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)

    # -- loading ------------------------------------------------------------------------------
    def _reload(self, document_ids: list[int] | None = None) -> None:
        ids = document_ids if document_ids is not None else [
            d.id for d in self.form.documents.items()]
        self.seal_button.setEnabled(False)
        self._jobs.submit(plain(_load), self._session, ids, on_done=self._loaded,
                          on_error=self._load_failed)

    def _loaded(self, result: tuple[list[Contact], list]) -> None:
        contacts, documents = result
        self.form.recipients.set_contacts(contacts)
        self.form.documents.set_items(documents)
        self.seal_button.setEnabled(self._job is None)
        if not contacts:
            self.banner.show_message("info", self.tr(
                "You have no contacts yet. Import your correspondent's identity card in "
                "Contacts and compare the safety number with them first."))

    def _load_failed(self, exc: BaseException) -> None:
        self._show_error(exc)

    @property
    def loaded(self) -> bool:
        return self.seal_button.isEnabled() or self._job is not None

    def _manage_contacts(self) -> None:
        from ui.contacts.contacts_dialog import ContactsDialog  # the other way round is a cycle

        dialog = ContactsDialog(self._session, self._jobs, self, prompts=self._prompts)
        dialog.finished.connect(lambda _code: self._reload())
        dialog.open()  # window-modal without a nested event loop

    def _recipients_changed(self) -> None:
        unverified = [c for c in self.form.recipients.checked()
                      if c.state is ContactState.UNVERIFIED]
        form = self.form
        if not unverified:
            form.unverified_banner.clear()
            form.confirm_unverified.hide()
            form.confirm_unverified.setChecked(False)
            return
        names = ", ".join(c.name for c in unverified)
        form.unverified_banner.show_message("warning", self.tr(
            "Not verified: {names}. You have not compared the safety number with them: if "
            "their identity card was substituted, someone else could read these documents.")
            .format(names=names))
        form.confirm_unverified.show()

    # -- destination --------------------------------------------------------------------------
    def set_output_path(self, path: Path | str) -> None:
        self.form.destination.setText(str(path))

    def output_path(self) -> Path | None:
        text = self.form.destination.text().strip()
        return Path(text).expanduser() if text else None

    def choose_output_path(self) -> None:
        current = self.output_path() or _documents_folder() / default_file_name()
        chosen = self._prompts.save_path(self, self.tr("Save the sealed file"), current,
                                         self.tr("Sealed files (*.scelle)"))
        if chosen is not None:
            if not chosen.suffix:
                chosen = chosen.with_suffix(".scelle")
            self.set_output_path(chosen)

    # -- sealing ------------------------------------------------------------------------------
    def problem(self) -> tuple[str, QWidget] | None:
        """What prevents sealing now, with the control to fix it; None when all is ready."""
        form = self.form
        recipients = form.recipients.checked()
        documents = form.documents.items()
        if not recipients:
            return self.tr("Choose at least one recipient."), form.recipients_view
        if not documents:
            return self.tr("There is no document to seal."), form.documents_view
        if any(d.view_only for d in documents):
            return self.tr("Remove the view-only documents: they cannot be sent on."), \
                form.documents_view
        if any(c.state is ContactState.UNVERIFIED for c in recipients) \
                and not form.confirm_unverified.isChecked():
            return self.tr("Some recipients are not verified: confirm below that you want to "
                           "send to them anyway, or untick them."), form.confirm_unverified
        path = self.output_path()
        if path is None:
            return self.tr("Choose where to save the sealed file."), form.destination
        if os.path.lexists(path):
            return self.tr("A file already exists with this name: choose another name."), \
                form.destination
        if not path.parent.is_dir():
            return self.tr("The folder for the sealed file does not exist."), form.destination
        return None

    def start_sealing(self) -> JobHandle | None:
        if self._job is not None:
            return None
        problem = self.problem()
        if problem is not None:
            text, widget = problem
            self.banner.show_message("warning", text)
            widget.setFocus()
            return None
        self.banner.clear()
        form = self.form
        recipients = form.recipients.checked()
        self._job = self._jobs.submit(
            self._session.seal_documents, [d.id for d in form.documents.items()],
            [c.id for c in recipients], self.output_path(),
            subject=form.subject.text().strip(), message=form.message.toPlainText(),
            reference=form.reference.text().strip(), expires=form.expiry(),
            view_only=form.view_only.isChecked(), consult_until=form.consult_end.value(),
            allow_unverified=form.confirm_unverified.isChecked(),
            on_done=self._sealed, on_error=self._failed, on_cancelled=self._cancelled,
            transfer=Transfer.batch("seal", [d.name for d in form.documents.items()]))
        self._job.finished.connect(self._job_over)
        self.progress.watch(self._job, self.tr("Sealing the documents…"))
        self._set_busy(True)
        return self._job

    def _set_busy(self, busy: bool) -> None:
        self.form.setEnabled(not busy)
        self.seal_button.setEnabled(not busy)

    def _job_over(self) -> None:
        self._job = None
        self._set_busy(False)
        if self._close_when_idle:
            super().reject()

    def _sealed(self, message: SealedMessage) -> None:
        self.result_message = message
        names = {c.fingerprint.hex(): c.name for c in self.form.recipients.contacts()}
        self.result_page.show_message(message, [names.get(fp, fp) for fp in message.recipients])
        self.pages.setCurrentWidget(self.result_page)
        self.seal_button.hide()
        self.close_button.setFocus()
        self.sealed.emit(message)

    def _failed(self, exc: BaseException) -> None:
        self._show_error(exc)

    def _cancelled(self) -> None:
        self.banner.show_message("info", self.tr("Sealing cancelled: no file was created."))

    def _show_error(self, exc: BaseException) -> None:
        found = explain(exc, "seal")
        self.banner.show_message("danger", found.title)
        self._prompts.error(self, found.title, found.text)

    def _open_folder(self) -> None:
        if self.result_message is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result_message.path.parent)))

    def reject(self) -> None:
        # Escape or Close while sealing: stop the job first; the dialog closes once it ends,
        # so no callback reaches a dialog that is gone.
        if self._job is not None:
            self._close_when_idle = True
            self._job.cancel()
            return
        super().reject()

    @property
    def busy(self) -> bool:
        return self._job is not None


def _documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()
