"""The start after an interrupted creation: finish it (with a new recovery code) or delete it.

The controller shows `PendingCreationWizard` when the vault folder holds an unfinished creation
(app/vault/pending_creation.py). Pages: choice → unlock (the ordinary unlock form, opening
with `open_pending`) → new recovery code → recovery check → done. Deleting asks first, then
runs `discard_creation` in a worker and emits `discarded` (the controller then starts the
first-run wizard). Finishing emits `vaultReady(session)` as the first-run wizard does.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.errors import ScelleError
from app.policy import Policy
from app.vault import Argon2Params, VaultSession, describe_vault
from app.vault.pending_creation import confirm_recovery, discard_creation
from app.vault.resume import fresh_recovery_code, open_pending
from ui.unlock.window import UnlockWindow
from ui.widgets.icons import icon, pixmap
from ui.widgets.prompts import MessagePrompts, Prompts
from ui.widgets.unlock_messages import unlock_error_message
from ui.wizard.pages_confirm import RecoveryConfirmPage
from ui.wizard.pages_finish import DonePage, RecoveryPage
from ui.wizard.wizard import ask_save_path
from ui.workers import JobQueue, error_message, plain

P_CHOICE, P_UNLOCK, P_RECOVERY, P_CONFIRM, P_DONE = range(5)


def _open_pending(path: Any, passphrase: str | None, factor: Any, kdf_floor: Any,
                  keyring: Any, progress: Any, cancel: Any) -> VaultSession:
    return open_pending(path, passphrase, factor, keyring=keyring, kdf_floor=kdf_floor)


class PendingUnlockWindow(UnlockWindow):
    """The unlock form, opening a vault whose creation is pending."""

    opener = staticmethod(_open_pending)


def _label(text: str, parent: QWidget, name: str = "") -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


class ChoicePage(QWizardPage):
    """Says what happened; Next finishes the creation, the Delete button discards it."""

    def __init__(self, folder: Path, resumable: bool) -> None:
        super().__init__()
        self.resumable = resumable  # False: killed before the keys existed, only deleting
        self.setTitle(self.tr("Unfinished vault"))
        self.setSubTitle(self.tr("The creation of your vault was interrupted before its "
                                 "recovery code was checked."))
        self.delete = QPushButton(icon("remove"), self.tr("&Delete it and start again…"), self)
        self.error = _label("", self, "error")
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(_label(self.tr("Vault: %1").replace("%1", str(folder)), self))
        layout.addWidget(_label(self.tr(
            "To finish it, unlock it with the passphrase and the second factor you chose. A "
            "new recovery code will then be made: the first one was never checked, so it no "
            "longer opens the vault."), self))
        layout.addWidget(_label(self.tr(
            "If you no longer have what you chose (for instance the authenticator app was not "
            "set up yet), delete this unfinished vault and create a new one. Nothing was put in "
            "it yet."), self))
        layout.addWidget(self.delete)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def isComplete(self) -> bool:
        return self.resumable


class UnlockPage(QWizardPage):
    """The unlock form; once open, the new recovery code is made in a worker."""

    def __init__(self, form: UnlockWindow) -> None:
        super().__init__()
        self.setTitle(self.tr("Unlock the unfinished vault"))
        self.setSubTitle(self.tr("With the passphrase and the second factor chosen when it "
                                 "was created."))
        self.setCommitPage(True)
        self.form = form
        self.status = _label("", self)
        layout = QVBoxLayout(self)
        layout.addWidget(form)
        layout.addWidget(self.status)
        self.code = ""

    def isComplete(self) -> bool:
        return bool(self.code)


class PendingCreationWizard(QWizard):
    """Emits `vaultReady(session)` once finished, `discarded()` once deleted."""

    vaultReady = Signal(object)
    discarded = Signal()

    def __init__(self, folder: Path, jobs: JobQueue, policy: Policy, *,
                 module_path: Callable[[], str] = lambda: "", kdf: Argon2Params | None = None,
                 keyring: Any = None, save_path: Any = None,
                 prompts: MessagePrompts | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pendingCreationWizard")
        self.setWindowTitle(self.tr("Scellé — Unfinished vault"))
        self.setWindowIcon(icon("scelle"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setPixmap(QWizard.WizardPixmap.LogoPixmap, pixmap("scelle", 48))
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Continue"))
        self.setMinimumSize(720, 560)
        self.folder, self.prompts = folder, prompts or Prompts()
        self._jobs, self._policy, self._kdf, self._keyring = jobs, policy, kdf, keyring
        self.session: VaultSession | None = None
        description = describe_vault(folder)
        self.choice = ChoicePage(folder, description.usable)
        self.choice.delete.clicked.connect(self.ask_discard)
        form = PendingUnlockWindow(description, jobs, policy, module_path=module_path,
                                   keyring=keyring)
        form.unlocked.connect(self._unlocked)
        self.unlock = UnlockPage(form)
        self.recovery = RecoveryPage(jobs, save_path or ask_save_path)
        self.confirm = RecoveryConfirmPage()
        for page_id, page in ((P_CHOICE, self.choice), (P_UNLOCK, self.unlock),
                              (P_RECOVERY, self.recovery), (P_CONFIRM, self.confirm),
                              (P_DONE, DonePage())):
            self.setPage(page_id, page)
        self.setStartId(P_CHOICE)

    # -- finishing ----------------------------------------------------------------------------
    def _unlocked(self, session: VaultSession) -> None:
        self.session = session
        self.unlock.status.setText(self.tr("Making a new recovery code…"))
        self._jobs.submit(plain(fresh_recovery_code), session,
                          kdf=self._policy.kdf_for_new_slots(self._kdf),
                          on_done=self._code_made, on_error=self._code_failed)

    def _code_made(self, code: str) -> None:
        session = self.session
        if session is None:
            return
        self.unlock.code = code
        self.unlock.status.setText("")
        self.recovery.set_code(code, session.identity.card.name, session.vault_id)
        self.confirm.set_code(code)
        self.unlock.completeChanged.emit()
        self.next()

    def _code_failed(self, exc: BaseException) -> None:
        self.unlock.status.setText(unlock_error_message(exc))

    def validateCurrentPage(self) -> bool:
        if self.currentId() == P_CONFIRM:
            try:
                confirm_recovery(self.folder, self.confirm.code, self.confirm.answers())
            except (ScelleError, OSError) as exc:
                self.prompts.error(self, self.tr("Check the recovery code"), str(exc))
                return False
        return super().validateCurrentPage()

    def accept(self) -> None:
        session, self.session = self.session, None
        super().accept()
        self.recovery.code = self.confirm.code = ""
        if session is not None:
            self.vaultReady.emit(session)

    # -- deleting -----------------------------------------------------------------------------
    def ask_discard(self) -> None:
        if not self.prompts.confirm(self, self.tr("Delete the unfinished vault"), self.tr(
                "The unfinished vault in %1 will be deleted. Nothing in it can be recovered. "
                "Continue?").replace("%1", str(self.folder)), self.tr("Delete"), danger=True):
            return
        self.choice.delete.setEnabled(False)
        self._jobs.submit(plain(discard_creation), self.folder, keyring=self._keyring,
                          on_done=self._discarded, on_error=self._discard_failed)

    def _discarded(self, _result: object) -> None:
        self.discarded.emit()

    def _discard_failed(self, exc: BaseException) -> None:
        self.choice.delete.setEnabled(True)
        self.choice.error.setText(error_message(exc))
        self.choice.error.show()

    # -- leaving ------------------------------------------------------------------------------
    def reject(self) -> None:
        if self.unlock.form.busy:
            return
        if self.currentId() == P_DONE and self.session is not None:
            self.accept()
            return
        session, self.session = self.session, None
        if session is not None:
            if not self.prompts.confirm(self, self.tr("Leave"), self.tr(
                    "The new recovery code has not been checked: the vault stays unfinished "
                    "and the next start will ask again. Leave?"), self.tr("Leave"),
                    danger=True):
                self.session = session
                return
            self.recovery.code = self.confirm.code = ""
            session.lock()
        super().reject()

