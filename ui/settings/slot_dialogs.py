"""Dialogs that change key slots: add a token/FIDO2 key/TOTP, change a passphrase, show a new
recovery code. Every slot change runs in a worker (Argon2id, token I/O, header rewrite)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import ScelleError
from app.key_factors import unlock_factor
from app.passphrase_rules import WeakPassphraseError, require_strong_passphrase
from app.policy import Policy, PolicyRefusal
from app.unlock import SlotInfo, TotpSetup
from app.vault import Argon2Params, VaultSession
from ui.widgets.factors import TouchBridge, kind_name
from ui.widgets.unlock_messages import unlock_error_message
from ui.widgets.icons import icon
from ui.widgets.passphrase import PassphraseField, SecretLineEdit
from ui.widgets.progress import ProgressPanel
from ui.widgets.prompts import Prompts
from ui.wizard.pages_finish import RecoveryPage, TotpPage
from ui.workers import JobHandle, JobQueue, plain


class _SlotJobDialog(QDialog):
    """Common frame: a form, an error line, a progress panel, OK/Cancel."""

    def __init__(self, jobs: JobQueue, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._jobs = jobs
        self._handle: JobHandle | None = None
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.touch = TouchBridge(self)
        self.touch_label = QLabel(self.tr("Touch your security key now."), self)
        self.touch_label.setObjectName("touchPrompt")
        self.touch_label.hide()
        self.touch.touchNeeded.connect(self.touch_label.show)
        self.progress = ProgressPanel(self, cancellable=False)
        self.progress.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self, body: QWidget) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(body)
        layout.addWidget(self.error)
        layout.addWidget(self.touch_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)

    @property
    def busy(self) -> bool:
        return self._handle is not None

    def run(self, fn: Any, *args: Any, text: str, **kwargs: Any) -> None:
        self.error.hide()
        self.setEnabled_form(False)
        self._handle = self._jobs.submit(plain(fn), *args, on_done=self._ok,
                                         on_error=self._failed, **kwargs)
        self.progress.watch(self._handle, text)

    def setEnabled_form(self, enabled: bool) -> None:
        for child in self.findChildren(QWidget):
            if child not in (self.progress, self.error, self.touch_label) and \
                    not self.progress.isAncestorOf(child):
                if child is not self.buttons.button(QDialogButtonBox.StandardButton.Cancel):
                    child.setEnabled(enabled)

    def _ok(self, result: Any) -> None:
        self._handle = None
        self.touch_label.hide()
        self.setEnabled_form(True)
        self.succeeded(result)

    def _failed(self, exc: BaseException) -> None:
        self._handle = None
        self.touch_label.hide()
        self.setEnabled_form(True)
        self.error.setText(unlock_error_message(exc))
        self.error.show()

    def succeeded(self, result: Any) -> None:
        self.accept()

    def submit(self) -> None:
        raise NotImplementedError

    def reject(self) -> None:
        if not self.busy:  # a slot change cannot be interrupted half-way
            super().reject()


class AddSlotDialog(_SlotJobDialog):
    """Add a passphrase slot bound to another token, a FIDO2 key, or a TOTP app."""

    slotAdded = Signal()

    def __init__(self, session: VaultSession, jobs: JobQueue, policy: Policy,
                 module_path: str, kdf: Argon2Params | None, kind: str = "pkcs11",
                 parent: QWidget | None = None) -> None:
        super().__init__(jobs, parent)
        from ui.widgets.token_picker import TokenPicker

        self.setWindowTitle(self.tr("Add a way to open the vault"))
        self._session, self._policy, self._kdf = session, policy, kdf
        self.group = QButtonGroup(self)
        kinds = QHBoxLayout()
        self.kind_buttons: dict[str, QRadioButton] = {}
        for number, k in enumerate(("pkcs11", "fido2", "totp")):
            button = QRadioButton(kind_name(k), self)
            button.setEnabled(policy.factor_allowed(k))
            self.group.addButton(button, number)
            self.kind_buttons[k] = button
            kinds.addWidget(button)
        self.label = QLineEdit(self)
        self.label.setAccessibleName(self.tr("Name of this way in"))
        self.label.setPlaceholderText(self.tr("e.g. Spare key in the office safe"))
        self.passphrase = PassphraseField(self)
        self.confirm = SecretLineEdit(self)
        self.confirm.setAccessibleName(self.tr("Passphrase again"))
        self.picker = TokenPicker(jobs, module_path, bool(policy.pkcs11_module), self)
        self.fido_pin = SecretLineEdit(self)
        self.fido_pin.setAccessibleName(self.tr("Security key PIN"))
        self.fido_pin.setPlaceholderText(self.tr("Only if your key has a PIN"))
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.picker)
        fido = QWidget(self)
        fido_form = QFormLayout(fido)
        fido_form.addRow(self.tr("Key PIN:"), self.fido_pin)
        self.pages.addWidget(fido)
        self.pages.addWidget(QLabel(self.tr("After adding, scan the QR code with the app."), self))
        self.totp_page = TotpPage()
        self.totp_page.setParent(self)
        self.totp_page.hide()
        body = QWidget(self)
        form = QFormLayout(body)
        form.addRow(self.tr("Kind:"), kinds)
        form.addRow(self.tr("&Name:"), self.label)
        form.addRow("", self._hint(self.tr("The name is visible without unlocking the vault: "
                                           "never put a client's name in it.")))
        form.addRow(self.tr("&Passphrase:"), self.passphrase)
        form.addRow(self.tr("&Again:"), self.confirm)
        form.addRow("", self._hint(self.tr("It may be the same passphrase as today.")))
        form.addRow(self.pages)
        form.addRow(self.totp_page)
        self.finish_layout(body)
        self.group.idToggled.connect(lambda number, on: on and self.pages.setCurrentIndex(number))
        start = kind if policy.factor_allowed(kind) else next(
            k for k in ("pkcs11", "fido2", "totp") if policy.factor_allowed(k))
        self.kind_buttons[start].setChecked(True)
        self.pages.setCurrentIndex(("pkcs11", "fido2", "totp").index(start))
        self.resize(640, 620)

    def _hint(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName("hint")
        label.setWordWrap(True)
        return label

    def kind(self) -> str:
        return ("pkcs11", "fido2", "totp")[self.group.checkedId()]

    def submit(self) -> None:
        if self.totp_page.isVisible():  # second step of a TOTP slot: the code was checked
            if self.totp_page.isComplete():
                self.accept()
            return
        problem = self._problem()
        if problem:
            self.error.setText(problem)
            self.error.show()
            return
        kind = self.kind()
        factor: Any
        try:
            if kind == "pkcs11":
                factor = self.picker.factor()
            elif kind == "fido2":
                factor = self.touch.new_key(self.fido_pin.text())
            else:
                factor = TotpSetup()
        except ScelleError as exc:  # a token library the policy refuses
            self.error.setText(unlock_error_message(exc))
            self.error.show()
            return
        self.run(self._session.slots.add, self.passphrase.text(), factor,
                 label=self.label.text().strip(), kdf=self._policy.kdf_for_new_slots(self._kdf),
                 text=self.tr("Adding: deriving the key from the passphrase…"))

    def _problem(self) -> str:
        problem = _weak(self.passphrase.text())
        if problem:
            return problem
        if self.passphrase.text() != self.confirm.text():
            return self.tr("The two passphrases differ.")
        if self.kind() == "pkcs11" and not self.picker.complete():
            return self.tr("Choose a token and a certificate, and type the PIN.")
        return ""

    def succeeded(self, enrollment: Any) -> None:
        self.passphrase.clear_secret()
        self.confirm.clear_secret()
        self.slotAdded.emit()
        if enrollment is None:
            self.accept()
            return
        # TOTP: show the QR code; OK once a code from the app matches.
        for widget in (self.pages, self.passphrase, self.confirm, self.label):
            widget.setEnabled(False)
        self.totp_page.set_uri(enrollment.uri)
        self.totp_page.show()
        self.totp_page.code.setFocus()


class ChangePassphraseDialog(_SlotJobDialog):
    def __init__(self, session: VaultSession, slot: SlotInfo, jobs: JobQueue, policy: Policy,
                 module_path: str, kdf: Argon2Params | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(jobs, parent)
        self.setWindowTitle(self.tr("Change the passphrase"))
        self._session, self._slot, self._policy = session, slot, policy
        self._kdf, self._module_path = kdf, module_path
        self.old = SecretLineEdit(self)
        self.old.setAccessibleName(self.tr("Current passphrase"))
        self.new = PassphraseField(self)
        self.confirm = SecretLineEdit(self)
        self.confirm.setAccessibleName(self.tr("New passphrase again"))
        self.pin = SecretLineEdit(self)
        self.pin.setAccessibleName(self.tr("PIN"))
        body = QWidget(self)
        form = QFormLayout(body)
        form.addRow(self.tr("For:"), QLabel(f"{kind_name(slot.kind)} — "
                                            f"{slot.label or slot.description}", self))
        form.addRow(self.tr("&Current passphrase:"), self.old)
        form.addRow(self.tr("&New passphrase:"), self.new)
        form.addRow(self.tr("&Again:"), self.confirm)
        if slot.kind in ("pkcs11", "fido2"):
            form.addRow(self.tr("&PIN of the token or key:"), self.pin)
        self.finish_layout(body)
        self.resize(560, 380)

    def submit(self) -> None:
        problem = _weak(self.new.text())
        if problem:
            self._show(problem)
            return
        if self.new.text() != self.confirm.text():
            self._show(self.tr("The two new passphrases differ."))
            return
        factor: Any = None
        try:
            if self._slot.kind in ("pkcs11", "fido2"):
                factor = unlock_factor(self.touch.request(self._slot.kind, self.pin.text(),
                                                          module_path=self._module_path))
        except ScelleError as exc:  # no middleware, or a library the policy refuses
            self._show(unlock_error_message(exc))
            return
        self.run(self._session.slots.change_passphrase, self._slot.slot_id, self.old.text(),
                 self.new.text(), factor, kdf=self._policy.kdf_for_new_slots(self._kdf),
                 text=self.tr("Changing the passphrase…"))

    def _show(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def succeeded(self, result: Any) -> None:
        for field in (self.old, self.confirm, self.pin):
            field.clear_secret()
        self.new.clear_secret()
        self.accept()


def _weak(passphrase: str) -> str:
    """The core's refusal of a weak passphrase ("" if it accepts it), asked before the job (the
    service asks again).

    The CNIL rule's refusal is the core's sentence in the user's language; a refusal by the
    workstation policy's higher minimum is the core's own text, which names the policy file as
    the command line does.
    """
    try:
        require_strong_passphrase(passphrase)
    except PolicyRefusal as exc:
        return str(exc)
    except WeakPassphraseError as exc:
        return QCoreApplication.translate(
            "SlotDialogs", "The passphrase is too weak: its strength is estimated at %1 bits and "
            "at least %2 are required (for example 7 random words, or 13 characters mixing upper "
            "and lower case, digits and symbols).").replace("%1", f"{exc.bits:.0f}").replace(
            "%2", f"{exc.required:.0f}")
    return ""


class RecoveryCodeDialog(QDialog):
    """Shows a new recovery code once; closes only after the user ticks that it is noted."""

    def __init__(self, code: str, holder: str, vault_id: str, jobs: JobQueue,
                 prompts: Prompts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New recovery code"))
        self.page = RecoveryPage(jobs, lambda p, name: prompts.save_path(
            p, self.tr("Save the recovery sheet"), name))
        self.page.setParent(self)
        self.page.set_code(code, holder, vault_id)
        self.ok = QPushButton(icon("check"), self.tr("&Done"), self)
        self.ok.setEnabled(False)
        self.ok.clicked.connect(self.accept)
        self.page.written.toggled.connect(self.ok.setEnabled)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("The previous recovery code no longer works."), self))
        layout.addWidget(self.page)
        layout.addWidget(self.ok)
        self.resize(620, 420)

    def reject(self) -> None:
        if self.page.written.isChecked():
            super().reject()

