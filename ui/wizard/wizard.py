"""The first-run wizard: from nothing to an open vault with a confirmed recovery code.

Pages: welcome → location → passphrase → second factor (→ token | FIDO2 key) → identity →
creation (worker; commit point: no going back after it) → [TOTP: scan and confirm] →
recovery code → recovery check → done. `vaultReady(session)` carries the open session to
the controller.

The creation is pending (app/vault/pending_creation.py) until the recovery check passes: the
marker is removed when leaving the check page. While the vault is being made, Back and Cancel
do nothing (the request was taken from the pages when it started; nothing typed afterwards
could be used). Closing or Escape asks first; after the vault exists, leaving says that the
next start will offer to finish it (with a new recovery code) or delete it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFileDialog, QWidget, QWizard

from app.errors import ScelleError
from app.policy import Policy
from app.unlock import TotpSetup
from app.vault.pending_creation import confirm_recovery
from app.vault import Argon2Params, NewVault
from ui.widgets.factors import TouchBridge, kind_name
from ui.widgets.icons import icon, pixmap
from ui.wizard.pages_create import CreatePage, IdentityPage
from ui.wizard.pages_factor import FactorChoicePage, FidoPage, TokenPage
from ui.widgets.prompts import MessagePrompts, Prompts
from ui.wizard.pages_confirm import RecoveryConfirmPage
from ui.wizard.pages_finish import DonePage, RecoveryPage, TotpPage
from ui.wizard.pages_intro import LocationPage, PassphrasePage, WelcomePage
from ui.workers import JobQueue

(P_WELCOME, P_LOCATION, P_PASSPHRASE, P_FACTOR, P_TOKEN, P_FIDO, P_IDENTITY, P_CREATE,
 P_TOTP, P_RECOVERY, P_CONFIRM, P_DONE) = range(12)


def ask_save_path(parent: Any, name: str) -> str | None:
    title = QCoreApplication.translate("FirstRunWizard", "Save the recovery sheet")
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path.home() / name),
                                          "PDF (*.pdf)")
    return path or None


class FirstRunWizard(QWizard):
    """Emits `vaultReady(session)` when the user finishes (after confirming the code)."""

    vaultReady = Signal(object)

    def __init__(self, jobs: JobQueue, policy: Policy, default_dir: Path,
                 module_path: str = "", kdf: Argon2Params | None = None, keyring: Any = None,
                 save_path: Any = ask_save_path, prompts: MessagePrompts | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompts = prompts or Prompts()
        self.setObjectName("firstRunWizard")
        self.setWindowTitle(self.tr("Scellé — New vault"))
        self.setWindowIcon(icon("scelle"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setPixmap(QWizard.WizardPixmap.LogoPixmap, pixmap("scelle", 48))
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Continue"))
        self.setMinimumSize(720, 560)
        self._policy, self._kdf, self._keyring = policy, kdf, keyring
        self.touch = TouchBridge(self)
        self.new_vault: NewVault | None = None
        self.location = LocationPage(default_dir)
        self.passphrase = PassphrasePage()
        self.factor = FactorChoicePage(policy)
        self.token = TokenPage(jobs, module_path, bool(policy.pkcs11_module))
        self.fido = FidoPage()
        self.identity = IdentityPage()
        self.create = CreatePage(jobs, self._request)
        self.totp = TotpPage()
        self.recovery = RecoveryPage(jobs, save_path)
        self.confirm = RecoveryConfirmPage()
        for page_id, page in ((P_WELCOME, WelcomePage()), (P_LOCATION, self.location),
                              (P_PASSPHRASE, self.passphrase), (P_FACTOR, self.factor),
                              (P_TOKEN, self.token), (P_FIDO, self.fido),
                              (P_IDENTITY, self.identity), (P_CREATE, self.create),
                              (P_TOTP, self.totp), (P_RECOVERY, self.recovery),
                              (P_CONFIRM, self.confirm), (P_DONE, DonePage())):
            self.setPage(page_id, page)
        self.setStartId(P_WELCOME)
        # QWizard re-enables Back after initializePage (which starts the creation): disable it
        # again once the page is shown, while the worker runs.
        self.currentIdChanged.connect(self._hold_while_busy)

    def _hold_while_busy(self, _page_id: int) -> None:
        if self.create.busy:
            for button in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton):
                self.button(button).setEnabled(False)

    # -- navigation ---------------------------------------------------------------------------
    def nextId(self) -> int:
        current = self.currentId()
        if current == P_FACTOR:
            return {"pkcs11": P_TOKEN, "fido2": P_FIDO}.get(self.factor.kind(), P_IDENTITY)
        if current in (P_TOKEN, P_FIDO):
            return P_IDENTITY
        if current == P_CREATE:
            return P_TOTP if self.factor.kind() == "totp" else P_RECOVERY
        if current == P_TOTP:
            return P_RECOVERY
        return super().nextId()

    def _request(self) -> dict[str, Any]:
        """Everything `create_vault` needs, gathered from the pages (on the GUI thread)."""
        kind = self.factor.kind()
        name, role, organisation = self.identity.values()
        request: dict[str, Any] = {
            "folder": self.location.folder(), "passphrase": self.passphrase.passphrase(),
            "name": name, "role": role, "organisation": organisation,
            "kdf": self._policy.kdf_for_new_slots(self._kdf), "keyring": self._keyring,
            "summary": self.tr("Vault: %1\nSecond factor: %2").replace(
                "%1", str(self.location.folder())).replace("%2", kind_name(kind)),
        }
        if kind == "pkcs11":
            request["factor"] = self.token.picker.factor()
        elif kind == "fido2":
            request["factor"] = self.touch.new_key(self.fido.pin.text())
            request["touch"] = self.touch
        else:
            request["factor"] = TotpSetup()
        return request

    def vault_created(self, new: NewVault) -> None:
        """Called by the creation page: fill the later pages, forget the typed secrets."""
        self.new_vault = new
        self.passphrase.clear_secrets()
        self.fido.clear_secrets()
        self.token.picker.pin.clear_secret()
        if new.otpauth_uri:
            self.totp.set_uri(new.otpauth_uri)
        holder = new.session.identity.card.name
        self.recovery.set_code(new.recovery_code, holder, new.session.vault_id)
        self.confirm.set_code(new.recovery_code)
        self.button(QWizard.WizardButton.CancelButton).setEnabled(True)  # leaving asks first

    def module_path(self) -> str:
        return self.token.picker.module_path if self.factor.kind() == "pkcs11" else ""

    def back(self) -> None:
        if self.create.busy:
            return  # the creation runs with what the pages said when it started
        super().back()

    def validateCurrentPage(self) -> bool:
        if self.currentId() == P_CONFIRM and self.new_vault is not None:
            return self._finish_creation()
        return super().validateCurrentPage()

    def _finish_creation(self) -> bool:
        """The code was typed back: the creation is no longer pending (the core checks it)."""
        try:
            confirm_recovery(self.location.folder(), self.confirm.code, self.confirm.answers())
        except (ScelleError, OSError) as exc:
            self.prompts.error(self, self.tr("Check the recovery code"), str(exc))
            return False
        return True

    # -- ending -------------------------------------------------------------------------------
    def accept(self) -> None:
        new = self.new_vault
        super().accept()
        if new is not None:
            self.recovery.code = ""
            self.confirm.code = ""
            self.vaultReady.emit(new.session)

    def reject(self) -> None:
        """Cancel, Escape and closing the window all come here: ask before abandoning."""
        if self.create.busy:
            return  # Argon2id cannot be interrupted; the wizard goes on by itself
        if self.currentId() == P_DONE and self.new_vault is not None:
            self.accept()  # finished: leaving the last page opens the vault, as Finish does
            return
        if not self._may_leave():
            return
        new, self.new_vault = self.new_vault, None
        if new is not None:
            self.recovery.code = ""
            self.confirm.code = ""
            new.session.lock()  # a fresh, almost empty store: closing it is immediate
        super().reject()

    def _may_leave(self) -> bool:
        if self.new_vault is None and self.currentId() in (P_WELCOME, -1):
            return True  # nothing chosen yet: nothing to abandon
        if self.new_vault is None:
            return self.prompts.confirm(self, self.tr("Leave the wizard"), self.tr(
                "No vault has been created yet. Leave the wizard?"), self.tr("Leave"))
        return self.prompts.confirm(self, self.tr("Leave the wizard"), self.tr(
            "The vault is created, but its recovery code has not been checked yet. If you "
            "leave now, the next start will offer to finish it (with a new recovery code) or "
            "to delete it. Leave the wizard?"), self.tr("Leave"), danger=True)

    def closeEvent(self, event: Any) -> None:
        if self.create.busy:
            event.ignore()
            return
        super().closeEvent(event)  # QDialog turns it into reject(), which asks
