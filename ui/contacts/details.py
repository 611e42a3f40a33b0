"""`ContactDetails`: one contact's card, fingerprint and verification state, with its actions."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.vault import Contact, ContactState, VerificationMethod
from ui.clipboard import protect_copy
from ui.common.widgets import Banner, PlainLabel, day, fingerprint_text, monospace_font
from ui.contacts.state import state_colour, state_explanation, state_text, subtitle


class ContactDetails(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Contact"))
        self.contact: Contact | None = None
        self.banner = Banner(self)
        self.name = PlainLabel(parent=self)
        font = self.name.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.name.setFont(font)
        self.details = PlainLabel(parent=self)
        self.state = PlainLabel(parent=self)
        self.explanation = PlainLabel(parent=self)
        self.fingerprint = protect_copy(PlainLabel(parent=self))
        self.fingerprint.setFont(monospace_font())
        self.fingerprint.setAccessibleName(self.tr("Fingerprint"))
        self.validity = PlainLabel(parent=self)
        self.certified = PlainLabel(parent=self)
        self.verify_button = QPushButton(self.tr("&Compare the safety number…"), self)
        self.delete_button = QPushButton(self.tr("De&lete the contact…"), self)
        self.delete_button.setAccessibleName(self.tr("Delete the contact"))
        form = QFormLayout()
        form.addRow(self.tr("Verification:"), self.state)
        form.addRow(self.tr("Fingerprint:"), self.fingerprint)
        form.addRow(self.tr("Card valid until:"), self.validity)
        form.addRow(self.tr("Certified by:"), self.certified)
        buttons = QHBoxLayout()
        buttons.addWidget(self.verify_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        self.placeholder = PlainLabel(self.tr("Choose a contact in the list."), self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.banner)
        layout.addWidget(self.name)
        layout.addWidget(self.details)
        layout.addLayout(form)
        layout.addWidget(self.explanation)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self._parts = [self.name, self.details, self.state, self.fingerprint, self.validity,
                       self.certified, self.explanation, self.verify_button,
                       self.delete_button]
        self.show_contact(None)

    def show_contact(self, contact: Contact | None) -> None:
        self.contact = contact
        self.placeholder.setVisible(contact is None)
        for part in self._parts:
            part.setEnabled(contact is not None)
        if contact is None:
            for label in (self.name, self.details, self.state, self.fingerprint, self.validity,
                          self.certified, self.explanation):
                label.clear()
            self.banner.clear()
            return
        card = contact.card
        self.name.setText(card.name)
        self.details.setText(subtitle(contact))
        self.state.setText(self._state_line(contact))
        self.state.setStyleSheet(f"color: {state_colour(contact.state).name()};"
                                 " font-weight: bold;")
        self.explanation.setText(state_explanation(contact))
        self.fingerprint.setText(fingerprint_text(card.fingerprint))
        self.validity.setText(day(card.expires) if card.is_valid_at()
                              else self.tr("{day} (expired)").format(day=day(card.expires)))
        self.certified.setText(", ".join(c.organisation for c in card.certifications)
                               or self.tr("No organisation"))
        if contact.state is ContactState.KEY_CHANGED:
            self.banner.show_message("danger", self.tr(
                "KEY CHANGED — This contact's keys changed on {day}. Sending to them is "
                "blocked until you compare the new safety number with them.").format(
                    day=day(contact.updated_at)), bold=True)
        else:
            self.banner.clear()
        self.verify_button.setText(self.tr("&Compare the safety number again…")
                                   if contact.verified else
                                   self.tr("&Compare the safety number…"))

    def _state_line(self, contact: Contact) -> str:
        text = state_text(contact.state)
        if contact.state is ContactState.VERIFIED and contact.verified_at is not None:
            how = (self.tr("QR code") if contact.verified_method is VerificationMethod.QR_CODE
                   else self.tr("safety number"))
            text += " " + self.tr("on {day} ({how})").format(day=day(contact.verified_at),
                                                            how=how)
        return text
