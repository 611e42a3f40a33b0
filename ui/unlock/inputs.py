"""The second-factor part of the unlock form: one page per kind of slot the vault has."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QWidget,
)

from app.key_factors import unlock_factor
from app.unlock import FactorInput
from app.vault import SlotSummary
from ui.widgets.factors import TouchBridge, kind_name
from ui.widgets.icons import icon
from ui.widgets.passphrase import SecretLineEdit

_ORDER = ("pkcs11", "fido2", "totp")


class FactorInputs(QWidget):
    """Kind selector (when the vault has several) and the matching field (PIN or code)."""

    changed = Signal()

    def __init__(self, slots: tuple[SlotSummary, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kinds = [k for k in _ORDER if any(s.kind == k for s in slots)]
        self.touch = TouchBridge(self)
        self.choice = QComboBox(self)
        self.choice.setAccessibleName(self.tr("Second factor"))
        self.pages = QStackedWidget(self)
        self.pin = SecretLineEdit(self)
        self.pin.setAccessibleName(self.tr("Token PIN"))
        self.fido_pin = SecretLineEdit(self)
        self.fido_pin.setAccessibleName(self.tr("Security key PIN"))
        self.fido_pin.setPlaceholderText(self.tr("Only if your key has a PIN"))
        self.code = QLineEdit(self)
        self.code.setAccessibleName(self.tr("Code from the authenticator app"))
        self.code.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9 ]{0,9}"),
                                                           self.code))
        self.code.setPlaceholderText("123 456")
        self.code.setMaxLength(9)
        for kind in self.kinds:
            self.choice.addItem(icon({"pkcs11": "token", "fido2": "fido", "totp": "totp"}[kind]),
                                kind_name(kind), kind)
            self.pages.addWidget(self._page(kind, [s for s in slots if s.kind == kind]))
        self.choice.currentIndexChanged.connect(self._switch)
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.choice_label = QLabel(self.tr("Second &factor:"), self)
        self.choice_label.setBuddy(self.choice)
        layout.addRow(self.choice_label, self.choice)
        layout.addRow(self.pages)
        self.choice_label.setVisible(len(self.kinds) > 1)
        self.choice.setVisible(len(self.kinds) > 1)
        for kind, edit in (("pkcs11", self.pin), ("fido2", self.fido_pin), ("totp", self.code)):
            edit.textChanged.connect(self.changed)
            if kind not in self.kinds:
                edit.hide()  # not on any page: it must not float over the form

    def _page(self, kind: str, slots: list[SlotSummary]) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        hint = _describe(slots)
        if kind == "pkcs11":
            if hint:
                value = QLabel(hint, page)
                name = QLabel(self.tr("Token:"), page)
                name.setBuddy(value)  # for the screen reader, and the label alignment
                form.addRow(name, value)
            label = QLabel(self.tr("P&IN:"), page)
            label.setBuddy(self.pin)
            form.addRow(label, self.pin)
        elif kind == "fido2":
            note = QLabel(self.tr("Plug in your security key; you will be asked to touch it."),
                          page)
            note.setWordWrap(True)
            form.addRow(note)
            label = QLabel(self.tr("Key P&IN:"), page)
            label.setBuddy(self.fido_pin)
            form.addRow(label, self.fido_pin)
        else:
            label = QLabel(self.tr("&Code:"), page)
            label.setBuddy(self.code)
            form.addRow(label, self.code)
        return page

    def _switch(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        self.changed.emit()
        self.first_field().setFocus()

    @property
    def kind(self) -> str | None:
        return self.choice.currentData() if self.kinds else None

    def select(self, kind: str) -> None:
        self.choice.setCurrentIndex(self.kinds.index(kind))

    def first_field(self) -> QWidget:
        return {"pkcs11": self.pin, "fido2": self.fido_pin, "totp": self.code}.get(
            self.kind or "", self.code)

    def complete(self) -> bool:
        if self.kind == "pkcs11":
            return bool(self.pin.text())
        if self.kind == "totp":
            return len(self.code.text().replace(" ", "")) >= 6
        return self.kind == "fido2"

    def factor_input(self, module_path: str) -> FactorInput:
        """Build what `open_vault` takes (app/key_factors.py); may raise Pkcs11ModuleError (no
        middleware) or PolicyRefusal (a library other than the imposed one)."""
        kind = self.kind or "totp"
        pin = {"pkcs11": self.pin, "fido2": self.fido_pin}.get(kind)
        return unlock_factor(self.touch.request(
            kind, pin.text() if pin is not None else "", code=self.code.text(),
            module_path=module_path))

    def clear_secrets(self) -> None:
        self.pin.clear_secret()
        self.fido_pin.clear_secret()
        self.code.clear()


def _describe(slots: list[SlotSummary]) -> str:
    # Labels and descriptions are not authenticated before unlock: shown as hints only.
    names = [s.label or s.description for s in slots if s.label or s.description]
    return ", ".join(dict.fromkeys(names))
