"""The unlock window: passphrase + the vault's second factor, or the recovery code alone.

The vault is opened in a worker (`open_vault`: Argon2id, token I/O, database open). Meanwhile
the form is disabled and a progress panel shows what is happening ("touch your key" for
FIDO2); the window keeps repainting and can be moved. A failure re-enables the form with one
sentence saying exactly what failed, and clears the field that was probably wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import ScelleError
from app.key_factors import PinLockedError, WrongPinError
from app.policy import Policy
from app.unlock import FactorInput, RecoveryCode, TotpRejected, WrongPassphraseError
from app.vault import VaultDescription, VaultSession, open_vault
from ui.unlock.inputs import FactorInputs
from ui.unlock.placement import centre_on_screen, place_fixed
from ui.widgets.unlock_messages import unlock_error_message
from ui.widgets.icons import icon, pixmap
from ui.widgets.passphrase import SecretLineEdit
from ui.widgets.progress import ProgressPanel
from ui.workers import JobHandle, JobQueue


def _open(path: Any, passphrase: str | None, factor: FactorInput, kdf_floor: Any,
          keyring: Any, progress: Callable[[int, int], None],
          cancel: Callable[[], bool]) -> VaultSession:
    # open_vault applies the workstation policy's floor itself; `kdf_floor` is the one of the
    # policy this window was given, which can only add to it.
    return open_vault(path, passphrase, factor, keyring=keyring, kdf_floor=kdf_floor)


class UnlockWindow(QWidget):
    """Emits `unlocked(session)`; the controller takes it from there."""

    unlocked = Signal(object)
    #: What opens the vault in the worker (ui/wizard/pending.py opens an unfinished creation).
    opener: Callable[..., VaultSession] = staticmethod(_open)

    def __init__(self, description: VaultDescription, jobs: JobQueue, policy: Policy,
                 module_path: Callable[[], str] = lambda: "", keyring: Any = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlockWindow")
        self.setWindowTitle(self.tr("Scellé — Unlock the vault"))
        self.setWindowIcon(icon("scelle"))
        self.description = description
        self._jobs, self._policy, self._module_path = jobs, policy, module_path
        self._keyring = keyring
        self._handle: JobHandle | None = None
        self._factor: Any = None
        self.recovery_mode = False
        self._placed = False
        self._build()
        self._update_button()

    # -- layout -------------------------------------------------------------------------------
    def _build(self) -> None:
        seal = QLabel(self)
        seal.setPixmap(pixmap("scelle", 64))
        title = QLabel(self.tr("Your vault is locked"), self)
        title.setObjectName("title")
        where = QLabel(str(self.description.path), self)
        where.setObjectName("hint")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        head = QVBoxLayout()
        head.addWidget(title)
        head.addWidget(where)
        top = QHBoxLayout()
        top.addWidget(seal)
        top.addLayout(head, 1)

        self.passphrase = SecretLineEdit(self)
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.factors = FactorInputs(self.description.slots, self)
        self.recovery = QLineEdit(self)
        self.recovery.setAccessibleName(self.tr("Recovery code"))
        self.recovery.setPlaceholderText("000000-000000-000000-000000-000000-000000-…")
        self.modes = QStackedWidget(self)
        self.modes.addWidget(self._normal_page())
        self.modes.addWidget(self._recovery_page())

        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setAccessibleName(self.tr("Error"))
        self.error.hide()
        self.touch = QLabel(self.tr("Touch your security key now."), self)
        self.touch.setObjectName("touchPrompt")
        self.touch.hide()
        self.factors.touch.touchNeeded.connect(self.touch.show)
        self.progress = ProgressPanel(self)
        self.progress.hide()
        self.progress.cancelRequested.connect(self._cancel)

        self.switch = QPushButton(self.tr("Use the &recovery code"), self)
        self.switch.setObjectName("link")
        self.switch.setFlat(True)
        self.switch.clicked.connect(lambda: self.set_recovery_mode(not self.recovery_mode))
        self.button = QPushButton(icon("unlock"), self.tr("&Unlock"), self)
        self.button.setDefault(True)
        self.button.clicked.connect(self.submit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.switch)
        buttons.addStretch(1)
        buttons.addWidget(self.button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(14)
        layout.addLayout(top)
        layout.addWidget(self.modes)
        layout.addWidget(self.error)
        layout.addWidget(self.touch)
        layout.addWidget(self.progress)
        layout.addStretch(1)
        layout.addLayout(buttons)
        for edit in (self.passphrase, self.recovery):
            edit.textChanged.connect(self._update_button)
            edit.returnPressed.connect(self.submit)
        self.factors.changed.connect(self._update_button)
        for edit in (self.factors.pin, self.factors.fido_pin, self.factors.code):
            edit.returnPressed.connect(self.submit)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self._cancel)
        self._align_labels()

    def _align_labels(self) -> None:
        """The factor fields sit in nested forms: give every label column the same width."""
        labels = [label for label in self.findChildren(QLabel) if label.buddy() is not None]
        width = max((label.sizeHint().width() for label in labels), default=0)
        for label in labels:
            label.setMinimumWidth(width)

    def _normal_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        label = QLabel(self.tr("&Passphrase:"), page)
        label.setBuddy(self.passphrase)
        form.addRow(label, self.passphrase)
        form.addRow(self.factors)
        return page

    def _recovery_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        note = QLabel(self.tr("The recovery code printed when the vault was created opens it "
                              "alone, without passphrase or second factor. Afterwards, set a "
                              "new code in the security settings."), page)
        note.setWordWrap(True)
        form.addRow(note)
        label = QLabel(self.tr("Recovery &code:"), page)
        label.setBuddy(self.recovery)
        form.addRow(label, self.recovery)
        return page

    # -- behaviour ----------------------------------------------------------------------------
    def showEvent(self, event: Any) -> None:
        if not self._placed:
            self._placed = True
            place_fixed(self, self._worst_case)
            # The frame's margins are known once the window is made: centre it again then.
            QTimer.singleShot(0, self, lambda: centre_on_screen(self))
        super().showEvent(event)
        self.focus_first()

    def _worst_case(self) -> list[tuple[QLabel, str]]:
        """The tallest texts the window must hold without growing: the longest progress text
        and a long error sentence (the fixed size is measured with them shown)."""
        return [(self.progress.label, self._progress_text() + " " + self._progress_text()),
                (self.error, unlock_error_message(PinLockedError("W" * 32)))]

    def focus_first(self) -> None:
        (self.recovery if self.recovery_mode else self.passphrase).setFocus()

    def set_recovery_mode(self, on: bool) -> None:
        self.recovery_mode = on
        self.modes.setCurrentIndex(1 if on else 0)
        self.switch.setText(self.tr("Use the &passphrase") if on
                            else self.tr("Use the &recovery code"))
        self.error.hide()
        self._update_button()
        self.focus_first()

    @property
    def busy(self) -> bool:
        return self._handle is not None

    def _update_button(self) -> None:
        if self.recovery_mode:
            ready = bool(self.recovery.text().strip())
        else:
            ready = bool(self.passphrase.text()) and self.factors.complete()
        self.button.setEnabled(ready and not self.busy)

    def submit(self) -> None:
        if self.busy or not self.button.isEnabled():
            return
        try:
            passphrase, factor = self._inputs()
        except ScelleError as exc:
            self._show_error(unlock_error_message(exc))
            return
        self._factor = factor
        self._set_busy(True)
        self._handle = self._jobs.submit(
            self.opener, self.description.path, passphrase, factor, self._policy.kdf_floor(),
            self._keyring, on_done=self._done, on_error=self._failed,
            on_cancelled=self._cancelled)
        self.progress.watch(self._handle, self._progress_text())
        self.progress.cancel_button.setVisible(self.factors.kind == "fido2"
                                               and not self.recovery_mode)

    def _inputs(self) -> tuple[str | None, FactorInput]:
        if self.recovery_mode:
            return None, RecoveryCode(self.recovery.text())
        return self.passphrase.text(), self.factors.factor_input(self._module_path())

    def _progress_text(self) -> str:
        if not self.recovery_mode and self.factors.kind == "pkcs11":
            return self.tr("Unlocking: deriving the key from your passphrase, then asking "
                           "your token…")
        return self.tr("Unlocking: deriving the key from your passphrase (a few seconds)…")

    def _set_busy(self, busy: bool) -> None:
        self.modes.setEnabled(not busy)
        self.switch.setEnabled(not busy)
        self.error.hide()
        self.touch.hide()
        if busy:
            self.button.setEnabled(False)
        else:
            self._handle = None
            self._factor = None
            self._update_button()

    def _cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            cancel = getattr(self._factor, "cancel", None)
            if cancel is not None:
                cancel()  # a FIDO2 key waiting for a touch stops waiting

    def _done(self, session: VaultSession) -> None:
        self._set_busy(False)
        self.passphrase.clear_secret()
        self.recovery.clear()
        self.factors.clear_secrets()
        self.unlocked.emit(session)

    def _cancelled(self) -> None:
        self._set_busy(False)
        self.focus_first()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._show_error(unlock_error_message(exc))
        self._clear_after(exc)

    def _clear_after(self, exc: BaseException) -> None:
        """Empty and focus the field that was most likely wrong."""
        if self.recovery_mode:
            self.recovery.setFocus()
            self.recovery.selectAll()
            return
        if isinstance(exc, (WrongPinError, PinLockedError)):
            self.factors.pin.clear_secret()
            self.factors.pin.setFocus()
        elif isinstance(exc, TotpRejected):
            self.factors.code.clear()
            self.factors.code.setFocus()
        elif isinstance(exc, WrongPassphraseError):
            self.passphrase.clear_secret()
            self.passphrase.setFocus()
        self._update_button()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def closeEvent(self, event: Any) -> None:
        self._cancel()
        super().closeEvent(event)
