"""Wizard pages after creation: TOTP enrolment, recovery code (shown, saved), done; the check
of the code is ui/wizard/pages_confirm.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pyotp
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from ui.clipboard import protect_copy
from ui.printing.recovery_sheet import SheetContent, make_print_button
from ui.widgets.icons import icon
from ui.widgets.qr import QrView
from ui.wizard.recovery_sheet import sheet_text, write_recovery_sheet
from ui.workers import JobQueue, error_message, plain


def _wrap(text: str, parent: Any, name: str = "") -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


class TotpPage(QWizardPage):
    """QR code of the otpauth URI; complete once a code from the app has been checked."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Authenticator app"))
        self.setSubTitle(self.tr("Scan this code with your authenticator app (FreeOTP, Aegis, "
                                 "Microsoft or Google Authenticator…), then type the code it "
                                 "shows."))
        self.uri = ""
        self.qr = QrView(self)
        self.manual = protect_copy(_wrap("", self, "mono"))
        self.manual.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.manual.hide()
        show = QPushButton(self.tr("Cannot scan? &Show the key to type"), self)
        show.setFlat(True)
        show.setObjectName("link")
        show.clicked.connect(lambda: self.manual.setVisible(True))
        self.code = QLineEdit(self)
        self.code.setAccessibleName(self.tr("Code from the authenticator app"))
        self.code.setMaxLength(9)
        self.code.setPlaceholderText("123 456")
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        label = QLabel(self.tr("&Code shown by the app:"), self)
        label.setBuddy(self.code)
        form = QFormLayout()
        form.addRow(label, self.code)
        form.addRow("", self.result)
        layout = QHBoxLayout(self)
        layout.addWidget(self.qr, 1, Qt.AlignmentFlag.AlignTop)
        side = QVBoxLayout()
        side.addWidget(show)
        side.addWidget(self.manual)
        side.addLayout(form)
        side.addStretch(1)
        layout.addLayout(side, 1)
        self.confirmed = False
        self.code.textChanged.connect(self._check)

    def set_uri(self, uri: str) -> None:
        self.uri = uri
        self.qr.set_data(uri)
        secret = pyotp.parse_uri(uri).secret
        groups = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
        self.manual.setText(self.tr("Key: %1 (time-based, 6 digits, 30 s)").replace("%1", groups))

    def _check(self, text: str) -> None:
        typed = text.replace(" ", "")
        self.confirmed = False
        if len(typed) >= 6 and self.uri:
            # Checked locally against the enrolment: the vault's gate (single use) is untouched.
            self.confirmed = pyotp.parse_uri(self.uri).verify(typed, valid_window=1)
            self.result.setObjectName("success" if self.confirmed else "error")
            self.result.setText(self.tr("The app is set up correctly.") if self.confirmed
                                else self.tr("This code does not match. Check the app's clock "
                                             "and the entry you scanned."))
            self.result.style().unpolish(self.result)
            self.result.style().polish(self.result)
        else:
            self.result.setText("")
        self.result.setVisible(bool(self.result.text()))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.confirmed


class RecoveryPage(QWizardPage):
    """Shows the code; offers the PDF sheet; asks to tick that it was written down."""

    def __init__(self, jobs: JobQueue, save_path: Callable[[Any, str], str | None]) -> None:
        super().__init__()
        self.setTitle(self.tr("Recovery code"))
        self.setSubTitle(self.tr("If you forget your passphrase or lose your second factor, "
                                 "this code is the only way back into the vault."))
        self._jobs, self._save_path = jobs, save_path
        self.code = ""
        self.holder = ""
        self.vault_id = ""
        self.display = QLabel(self)
        self.display.setObjectName("recoveryCode")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setWeight(QFont.Weight.Bold)
        self.display.setFont(font)
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.display.setAccessibleName(self.tr("Recovery code"))
        self.save = QPushButton(icon("print"), self.tr("&Save the recovery sheet (PDF)…"), self)
        self.save.clicked.connect(self._save)
        self.print = make_print_button(self, jobs, lambda: SheetContent(
            self.code, self.vault_id, self.holder), self.saved_text)
        self.saved = _wrap("", self)
        self.written = QCheckBox(self.tr("I have &written down or printed this code, and I will "
                                         "keep it away from this computer."), self)
        self.written.toggled.connect(self.completeChanged)
        layout = QVBoxLayout(self)
        layout.addWidget(self.display)
        layout.addWidget(_wrap(self.tr(
            "It opens the vault on its own: keep it like the key to a safe. Scellé does not keep "
            "it and cannot show it again."), self))
        row = QHBoxLayout()
        row.addWidget(self.save)
        row.addWidget(self.print)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.saved)
        layout.addSpacing(12)
        layout.addWidget(self.written)
        layout.addStretch(1)

    def set_code(self, code: str, holder: str, vault_id: str) -> None:
        self.code, self.holder, self.vault_id = code, holder, vault_id
        groups = code.split("-")
        self.display.setText("   ".join(groups[:4]) + "\n" + "   ".join(groups[4:]))

    def _save(self) -> None:
        path = self._save_path(self, self.tr("Scelle-recovery-sheet.pdf"))
        if not path:
            return
        self.save.setEnabled(False)
        created = date.today().strftime("%d/%m/%Y")
        self._jobs.submit(plain(write_recovery_sheet), path, sheet_text(), self.code,
                          self.vault_id, self.holder, created, on_done=self._written,
                          on_error=self._failed)

    def saved_text(self, text: str) -> None:
        self.saved.setText(text)

    def _written(self, path: Path) -> None:
        self.save.setEnabled(True)
        self.saved.setText(self.tr("Saved to %1. Print it, then delete the file.").replace(
            "%1", str(path)))

    def _failed(self, exc: BaseException) -> None:
        self.save.setEnabled(True)
        self.saved.setText(self.tr("The sheet could not be saved: %1").replace(
            "%1", error_message(exc)))

    def isComplete(self) -> bool:
        return self.written.isChecked()


class DonePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Your vault is ready"))
        layout = QVBoxLayout(self)
        for text in (
            self.tr("From now on, Scellé will ask for your passphrase and your second factor "
                    "each time it opens, and lock itself when you leave the computer."),
            self.tr("Advice: add a second way in (a spare token, or a FIDO2 key kept in the "
                    "office safe) in Security settings, so that losing one does not leave you "
                    "with only the recovery code."),
            self.tr("Next step: give your identity card to your correspondents, and import "
                    "theirs, from the Contacts window."),
        ):
            layout.addWidget(_wrap(text, self))
        layout.addStretch(1)
