"""Wizard pages: the holder's identity, then the creation itself (in a worker)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from app.errors import ScelleError
from app.vault import NewVault, create_vault
from ui.widgets.unlock_messages import unlock_error_message
from ui.widgets.progress import ProgressPanel
from ui.workers import JobHandle, JobQueue


class IdentityPage(QWizardPage):
    """Name, role, organisation: printed on the identity card correspondents import."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Your identity"))
        self.setSubTitle(self.tr("How your correspondents will see you on the files you seal "
                                 "for them."))
        self.name = QLineEdit(self)
        self.name.setAccessibleName(self.tr("Full name"))
        self.name.setPlaceholderText(self.tr("e.g. Claire Dubois"))
        self.role = QComboBox(self)
        self.role.setEditable(True)
        self.role.setAccessibleName(self.tr("Role"))
        self.role.addItems([self.tr("Notary"), self.tr("Notary's clerk"), self.tr("Lawyer"),
                            self.tr("Judge"), self.tr("Court clerk"),
                            self.tr("Judicial police officer"), self.tr("Insurance broker")])
        self.role.setCurrentIndex(-1)
        self.organisation = QLineEdit(self)
        self.organisation.setAccessibleName(self.tr("Organisation"))
        self.organisation.setPlaceholderText(self.tr("e.g. Étude Dubois & Associés, Lyon"))
        form = QFormLayout(self)
        for text, widget in ((self.tr("Na&me:"), self.name), (self.tr("&Role:"), self.role),
                             (self.tr("&Organisation:"), self.organisation)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, widget)
        note = QLabel(self.tr("This information is stored only inside the encrypted vault and "
                              "on the identity card you give to your correspondents."), self)
        note.setWordWrap(True)
        note.setObjectName("hint")
        form.addRow("", note)
        self.name.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:
        return bool(self.name.text().strip())

    def values(self) -> tuple[str, str, str]:
        return (self.name.text().strip(), self.role.currentText().strip(),
                self.organisation.text().strip())


class CreatePage(QWizardPage):
    """Runs `create_vault` in a worker when shown; complete once the vault exists."""

    def __init__(self, jobs: JobQueue, request: Callable[[], dict[str, Any]]) -> None:
        super().__init__()
        self.setTitle(self.tr("Creating the vault"))
        self.setSubTitle(self.tr("Scellé measures this computer's speed to make your "
                                 "passphrase as costly as possible to attack, then creates "
                                 "your keys."))
        self.setCommitPage(True)
        self._jobs = jobs
        self._request = request
        self._handle: JobHandle | None = None
        self.result: NewVault | None = None
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.touch = QLabel(self.tr("Touch your security key now (it is blinking)."), self)
        self.touch.setObjectName("touchPrompt")
        self.touch.hide()
        self.progress = ProgressPanel(self)
        self.progress.hide()
        self.progress.cancelRequested.connect(self._cancel)
        self._factor: Any = None
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.retry = QPushButton(self.tr("&Try again"), self)
        self.retry.hide()
        self.retry.clicked.connect(self.start)
        self.done_label = QLabel(self.tr("The vault is created."), self)
        self.done_label.setObjectName("success")
        self.done_label.hide()
        layout = QVBoxLayout(self)
        for widget in (self.summary, self.touch, self.progress, self.error, self.retry,
                       self.done_label):
            layout.addWidget(widget)
        layout.addStretch(1)

    def initializePage(self) -> None:
        if self.result is None:
            self.start()

    def start(self) -> None:
        if self._handle is not None or self.result is not None:
            return
        try:
            request = self._request()  # builds the factor: a refused token library fails here
        except ScelleError as exc:
            self._failed(exc)
            return
        self.summary.setText(request.pop("summary"))
        touch = request.pop("touch", None)
        if touch is not None:
            touch.touchNeeded.connect(self.touch.show)
        self._factor = request["factor"]
        self.error.hide()
        self.retry.hide()
        self._set_back(False)
        self._handle = self._jobs.submit(_create, request, on_done=self._created,
                                         on_error=self._failed, on_cancelled=self._cancelled)
        self.progress.watch(self._handle, self.tr("Creating the vault: this takes a few "
                                                  "seconds…"))
        # Only a FIDO2 key waiting for a touch can be interrupted; Argon2id cannot.
        self.progress.cancel_button.setVisible(hasattr(self._factor, "cancel"))

    def _cancel(self) -> None:
        cancel = getattr(self._factor, "cancel", None)
        if cancel is not None:
            cancel()

    def _cancelled(self) -> None:
        self._handle = None
        self.touch.hide()
        self.error.setText(self.tr("Creation cancelled: nothing was created."))
        self.error.show()
        self.retry.show()
        self._set_back(True)

    def _set_back(self, enabled: bool) -> None:
        wizard = self.wizard()
        if wizard is not None:
            wizard.button(QWizard.WizardButton.BackButton).setEnabled(enabled)
            wizard.button(QWizard.WizardButton.CancelButton).setEnabled(enabled)

    def _created(self, new: NewVault) -> None:
        self._handle = None
        self.result = new
        self.touch.hide()
        self.done_label.show()
        self.completeChanged.emit()
        wizard = self.wizard()
        if wizard is not None:
            wizard.vault_created(new)  # type: ignore[attr-defined]
            wizard.next()

    def _failed(self, exc: BaseException) -> None:
        self._handle = None
        self.touch.hide()
        self.error.setText(unlock_error_message(exc) + "\n" + self.tr(
            "Nothing was created. Go back to change your choices, or try again."))
        self.error.show()
        self.retry.show()
        self._set_back(True)

    @property
    def busy(self) -> bool:
        return self._handle is not None

    def isComplete(self) -> bool:
        return self.result is not None


def _create(request: dict[str, Any], progress: Any, cancel: Any) -> NewVault:
    return create_vault(request["folder"], request["passphrase"], request["factor"],
                        name=request["name"], role=request["role"],
                        organisation=request["organisation"], kdf=request["kdf"],
                        keyring=request["keyring"], pending=True)
