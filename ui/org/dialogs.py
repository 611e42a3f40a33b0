"""The Organisation window's dialogs: invite (and the code to hand over), certify after
comparing the fingerprint, revoke with a reason. Each only collects the answer; the window runs
the request on a worker."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.identities import IdentityCard, format_safety_number, safety_number
from app.org.admin import InvitationCode, OrgMember
from ui.common.formatting import format_date, format_datetime
from ui.common.widgets import PlainLabel, fingerprint_text, monospace_font
from ui.org.models import reason_text

REASONS = ("removed-from-roll", "lost-key", "departure")


def _buttons(dialog: QDialog, accept_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, dialog)
    accept = box.addButton(accept_text, QDialogButtonBox.ButtonRole.AcceptRole)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box, accept


class InviteDialog(QDialog):
    """The role and validity of a new invitation code."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Invite a member"))
        self.role = QComboBox(self)
        self.role.addItem(self.tr("Member"), "member")
        self.role.addItem(self.tr("Administrator"), "admin")
        self.hours = QSpinBox(self)
        self.hours.setRange(1, 24 * 30)
        self.hours.setValue(72)
        self.hours.setSuffix(self.tr(" h"))
        form = QFormLayout()
        form.addRow(self.tr("&Role:"), self.role)
        form.addRow(self.tr("&Valid for:"), self.hours)
        box, self.invite_button = _buttons(self, self.tr("&Make the code"))
        layout = QVBoxLayout(self)
        layout.addWidget(PlainLabel(self.tr("The code works once. The person types it when "
                                            "joining the relay from their own vault."), self))
        layout.addLayout(form)
        layout.addWidget(box)

    def choice(self) -> tuple[str, int]:
        return str(self.role.currentData()), self.hours.value()


class CodeDialog(QDialog):
    """The invitation code, shown once, to read out or copy."""

    def __init__(self, code: InvitationCode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Invitation code"))
        self.code = QLineEdit(code.code, self)
        self.code.setReadOnly(True)
        self.code.setFont(monospace_font(1.3))
        self.code.setAccessibleName(self.tr("Invitation code"))
        role = self.tr("administrator") if code.role == "admin" else self.tr("member")
        text = self.tr("Code for a new %1 of %2, valid until %3. It works once: hand it over "
                       "by a trusted channel (in person, or a call you placed yourself).")
        text = text.replace("%1", role).replace("%2", code.organisation) \
            .replace("%3", format_datetime(code.expires))
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(PlainLabel(text, self))
        layout.addWidget(self.code)
        layout.addWidget(box)
        self.code.selectAll()
        self.code.setFocus()


class CertifyDialog(QDialog):
    """The card to certify, its fingerprint and safety number; certifying needs the box
    ticked once the admin compared the fingerprint with the member."""

    def __init__(self, member: OrgMember, own_card: IdentityCard,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.member = member
        card = member.card
        assert card is not None  # pending_card always carries it
        self.setWindowTitle(self.tr("Certify a member's card"))
        form = QFormLayout()
        form.addRow(self.tr("Name:"), PlainLabel(card.name, self))
        form.addRow(self.tr("Title:"), PlainLabel(card.role, self))
        form.addRow(self.tr("Organisation:"), PlainLabel(card.organisation, self))
        validity = self.tr("%1 to %2").replace("%1", format_date(card.created.date())) \
            .replace("%2", format_date(card.expires.date()))
        form.addRow(self.tr("Valid:"), PlainLabel(validity, self))
        self.fingerprint = PlainLabel(fingerprint_text(card.fingerprint), self)
        self.fingerprint.setFont(monospace_font(1.1))
        form.addRow(self.tr("Fingerprint:"), self.fingerprint)
        number = PlainLabel(format_safety_number(safety_number(own_card, card)), self)
        number.setFont(monospace_font())
        form.addRow(self.tr("Safety number:"), number)
        self.compared = QCheckBox(self.tr("I &compared this fingerprint with the one the member "
                                          "reads on their own device"), self)
        box, self.certify_button = _buttons(self, self.tr("Ce&rtify"))
        self.certify_button.setEnabled(False)
        self.compared.toggled.connect(self.certify_button.setEnabled)
        layout = QVBoxLayout(self)
        layout.addWidget(PlainLabel(self.tr("Compare the fingerprint with the member, in person "
                                            "or by a call you placed yourself, before "
                                            "certifying: the certification tells everyone in "
                                            "the directory that this card is theirs."), self))
        layout.addLayout(form)
        layout.addWidget(self.compared)
        layout.addWidget(box)
        self.compared.setFocus()


class RevokeDialog(QDialog):
    """Why the card is revoked (the fixed vocabulary of the registers)."""

    def __init__(self, member: OrgMember, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.member = member
        self.setWindowTitle(self.tr("Revoke a member's card"))
        self.reason = QComboBox(self)
        for reason in REASONS:
            self.reason.addItem(reason_text(reason), reason)
        form = QFormLayout()
        form.addRow(self.tr("&Reason:"), self.reason)
        text = self.tr("Revoke the card of %1? Nobody can send to it any more, and it cannot be "
                       "certified again: the member will have to enrol a new identity.")
        box, self.revoke_button = _buttons(self, self.tr("Re&voke"))
        box.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(PlainLabel(text.replace("%1", member.name), self))
        layout.addLayout(form)
        layout.addWidget(box)

    def chosen_reason(self) -> str:
        return str(self.reason.currentData())
