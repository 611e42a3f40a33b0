"""First wizard pages: welcome, vault location, passphrase."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from app.vault import FolderProblem, VaultFolderError, check_new_vault_folder
from ui.widgets.icons import icon
from ui.widgets.passphrase import PassphraseField, SecretLineEdit


def _note(text: str, parent: Any) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    return label


class WelcomePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Welcome to Scellé"))
        self.setSubTitle(self.tr("Let's create your encrypted vault. It takes a few minutes."))
        layout = QVBoxLayout(self)
        layout.addWidget(_note(self.tr(
            "Scellé keeps your clients' files in an encrypted vault on this computer, and "
            "seals files for the people you exchange with. Nobody can read them without your "
            "passphrase and your second factor."), self))
        layout.addWidget(_note(self.tr("You will need:"), self))
        for item in (self.tr("a passphrase that you will remember (several words are "
                             "easiest);"),
                     self.tr("a second factor: your professional smart card or USB token, a "
                             "FIDO2 security key, or an authenticator app on your phone;"),
                     self.tr("a printer or a safe place for the recovery sheet.")):
            layout.addWidget(_note("•  " + item, self))
        layout.addStretch(1)


class LocationPage(QWizardPage):
    """Where the vault folder goes (default from the settings / XDG)."""

    def __init__(self, default: Path) -> None:
        super().__init__()
        self.setTitle(self.tr("Vault location"))
        self.setSubTitle(self.tr("The folder that will hold your encrypted vault."))
        self.path = QLineEdit(str(default), self)
        self.path.setAccessibleName(self.tr("Vault folder"))
        browse = QPushButton(icon("folder"), self.tr("Bro&wse…"), self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        label = QLabel(self.tr("F&older:"), self)
        label.setBuddy(self.path)
        self.problem = QLabel(self)
        self.problem.setObjectName("error")
        self.problem.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(label, row)
        form.addRow("", _note(self.tr(
            "Everything in this folder is encrypted. You can put it on an encrypted disk or a "
            "backed-up drive; do not put it in a folder synchronised with a cloud service."),
            self))
        form.addRow("", self.problem)
        self.path.textChanged.connect(self._check)
        self._check()

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Vault location"),
                                                  self.path.text())
        if chosen:
            self.path.setText(str(Path(chosen) / "vault") if any(Path(chosen).iterdir())
                              else chosen)

    def folder(self) -> Path:
        return Path(self.path.text().strip()).expanduser()

    def _check(self) -> None:
        problem = self._problem()
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))  # an empty error box would still be drawn
        self.completeChanged.emit()

    def _problem(self) -> str:
        text = self.path.text().strip()
        if not text:
            return self.tr("Choose a folder.")
        folder = self.folder()
        if not folder.is_absolute():
            return self.tr("Give a full path, starting from the root of the disk.")
        try:
            # The core's rule (the command line's too); the default location's parents may
            # not exist yet: they are created with it.
            check_new_vault_folder(folder, make_parents=True)
        except VaultFolderError as exc:
            return self._folder_problem(exc)
        return ""

    def _folder_problem(self, exc: VaultFolderError) -> str:
        if exc.problem is FolderProblem.NOT_A_FOLDER:
            return self.tr("This is a file, not a folder.")
        if exc.problem is FolderProblem.HOLDS_VAULT:
            return self.tr("This folder already holds a Scellé vault. Choose another folder.")
        return str(exc)

    def isComplete(self) -> bool:
        return not self._problem()


class PassphrasePage(QWizardPage):
    """Passphrase twice; Next stays greyed below the minimum (app/passphrase_rules.py: 80 bits,
    the CNIL's rule, or the policy's higher one), with the estimate shown. The creation
    refuses a weak passphrase again, whatever this page lets through."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Your passphrase"))
        self.setSubTitle(self.tr("You will type it every time you open the vault."))
        self.field = PassphraseField(self, propose=True)
        self.confirm = SecretLineEdit(self)
        self.confirm.setAccessibleName(self.tr("Passphrase again"))
        self.mismatch = QLabel(self)
        self.mismatch.setObjectName("error")
        self.mismatch.hide()
        label = QLabel(self.tr("&Passphrase:"), self)
        label.setBuddy(self.field.edit)
        again = QLabel(self.tr("&Again:"), self)
        again.setBuddy(self.confirm)
        form = QFormLayout(self)
        form.addRow("", _note(self.tr(
            "Tip: choose 7 words at random (for instance by opening a dictionary at random "
            "pages) and join them with spaces. Such a phrase is easier to remember and harder "
            "to guess than a short password full of symbols."), self))
        form.addRow(label, self.field)
        form.addRow(again, self.confirm)
        form.addRow("", self.mismatch)
        self.field.edit.textChanged.connect(self._changed)
        self.confirm.textChanged.connect(self._changed)
        self.field.proposed.connect(self.confirm.setText)  # shown above: no need to retype

    def _changed(self) -> None:
        differs = bool(self.confirm.text()) and self.confirm.text() != self.field.text()
        self.mismatch.setText(self.tr("The two passphrases differ.") if differs else "")
        self.mismatch.setVisible(differs)
        self.completeChanged.emit()

    def passphrase(self) -> str:
        return self.field.text()

    def isComplete(self) -> bool:
        return (self.field.strength.acceptable and bool(self.field.text())
                and self.field.text() == self.confirm.text())

    def clear_secrets(self) -> None:
        self.field.clear_secret()
        self.confirm.clear_secret()
