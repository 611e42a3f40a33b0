"""Wizard pages for the second factor: the choice, then the token or FIDO2 key details."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWizardPage,
)

from app.policy import Policy
from ui.widgets.factors import kind_name
from ui.widgets.passphrase import SecretLineEdit
from ui.widgets.policy_note import PolicyNote
from ui.widgets.token_picker import TokenPicker
from ui.workers import JobQueue

KINDS = ("pkcs11", "fido2", "totp")


class FactorChoicePage(QWizardPage):
    """One radio button per kind; kinds the policy excludes are disabled, with the reason."""

    def __init__(self, policy: Policy) -> None:
        super().__init__()
        self.setTitle(self.tr("Second factor"))
        self.setSubTitle(self.tr("What else, besides the passphrase, will open your vault?"))
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        details = {
            "pkcs11": self.tr("Your professional smart card or USB token (for instance a "
                              "lawyer's RPVA key or a notary's REAL key), with its PIN. "
                              "Recommended."),
            "fido2": self.tr("A FIDO2 security key (YubiKey, SoloKey, Nitrokey…) that you "
                             "touch at each opening."),
            "totp": self.tr("A 6-digit code from an authenticator app on your phone. Works "
                            "only on this computer; the weakest of the three."),
        }
        self.buttons: dict[str, QRadioButton] = {}
        for number, kind in enumerate(KINDS):
            button = QRadioButton(f"&{number + 1}  {kind_name(kind)}", self)
            button.setEnabled(policy.factor_allowed(kind))
            self.group.addButton(button, number)
            self.buttons[kind] = button
            note = QLabel(details[kind], self)
            note.setWordWrap(True)
            note.setIndent(26)
            note.setEnabled(button.isEnabled())
            layout.addWidget(button)
            layout.addWidget(note)
        if policy.required_factor_kinds:
            names = ", ".join(kind_name(k) for k in policy.required_factor_kinds)
            layout.addWidget(PolicyNote(self.tr("allowed: %1").replace("%1", names), self))
        layout.addStretch(1)
        first = next(k for k in KINDS if policy.factor_allowed(k))
        self.buttons[first].setChecked(True)
        self.group.idToggled.connect(lambda *_: self.completeChanged.emit())

    def kind(self) -> str:
        return KINDS[self.group.checkedId()]

    def isComplete(self) -> bool:
        return self.group.checkedId() >= 0


class TokenPage(QWizardPage):
    def __init__(self, jobs: JobQueue, module_path: str, module_locked: bool) -> None:
        super().__init__()
        self.setTitle(self.tr("Smart card or USB token"))
        self.setSubTitle(self.tr("Plug in your token, choose it, type its PIN, then choose the "
                                 "certificate whose key will protect the vault."))
        self.picker = TokenPicker(jobs, module_path, module_locked, self)
        self.picker.changed.connect(self.completeChanged)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)

    def isComplete(self) -> bool:
        return self.picker.complete()


class FidoPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("FIDO2 security key"))
        self.setSubTitle(self.tr("Plug in your security key (only that one)."))
        self.pin = SecretLineEdit(self)
        self.pin.setAccessibleName(self.tr("Security key PIN"))
        self.pin.setPlaceholderText(self.tr("Only if your key has a PIN"))
        label = QLabel(self.tr("Key &PIN:"), self)
        label.setBuddy(self.pin)
        note = QLabel(self.tr("When the vault is created, the key will blink: touch it twice "
                              "(once to register it, once to derive the vault key). If your "
                              "key has a PIN, type it here: it will then be asked at every "
                              "opening."), self)
        note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(note)
        form.addRow(label, self.pin)

    def clear_secrets(self) -> None:
        self.pin.clear_secret()


def describe_choice(page: Any) -> str:
    return kind_name(page.kind())
