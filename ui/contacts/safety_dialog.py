"""`SafetyNumberDialog`: compare the safety number with a contact, and mark them verified.

Both people see the same 60 digits (twelve groups of five) and the same QR code for their two
cards. Comparing them in person or over a call one placed oneself proves that no one
substituted a card in between. Two ways to mark the contact verified:

* the user read the digits with the contact and confirms they match;
* the user enters (scanner or paste) the contact's QR payload, checked by the app layer.

Computing the number takes tens of milliseconds (5,200 hash rounds per party): it runs as a
background job, like the marking.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.vault import Contact, ContactState, VaultSession
from ui.common.contact_events import contact_events
from ui.common.explain import explain
from ui.common.prompts import Prompts
from ui.clipboard import protect_copy
from ui.common.widgets import Banner, PlainLabel, day, monospace_font
from ui.contacts.state import subtitle
from ui.widgets.qr import QrView
from ui.workers import JobQueue, plain


@dataclass(frozen=True)
class _Pair:
    contact: Contact
    number: str  # three lines of four groups of five digits
    payload: str


def _load(session: VaultSession, contact_id: int) -> _Pair:
    contacts = session.contacts
    return _Pair(contacts.get(contact_id), contacts.safety_number(contact_id),
                 contacts.qr_payload(contact_id))


class SafetyNumberDialog(QDialog):
    def __init__(self, session: VaultSession, jobs: JobQueue, contact_id: int,
                 parent: QWidget | None = None, *, prompts: Prompts | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._jobs = jobs
        self._contact_id = contact_id
        self._prompts = prompts or Prompts(self)
        self.pair: _Pair | None = None
        self.marked_verified = False
        self.setWindowTitle(self.tr("Compare the safety number"))
        self._build()
        self._set_ready(False)
        jobs.submit(plain(_load), session, contact_id, on_done=self._loaded,
                    on_error=self._failed)

    def _build(self) -> None:
        self.banner = Banner(self)
        self.heading = PlainLabel(parent=self)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.instructions = PlainLabel(self.tr(
            "Compare these 60 digits with the ones shown on your contact's screen: in person, "
            "or by a telephone call that you place yourself to a number you already know. "
            "They see the same digits for your two cards. If every digit matches, nobody "
            "substituted an identity card between you."), self, selectable=False)
        self.number = protect_copy(PlainLabel(self.tr("Computing…"), self))
        self.number.setFont(monospace_font(1.8))
        self.number.setWordWrap(False)
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number.setAccessibleName(self.tr("Safety number"))
        self.qr = QrView(self)
        self.qr.setToolTip(self.tr("Your contact can scan this code instead of reading the "
                                   "digits."))
        numbers = QHBoxLayout()
        numbers.addWidget(self.number, 3)
        numbers.addWidget(self.qr, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.heading)
        layout.addWidget(self.instructions)
        layout.addLayout(numbers, 1)
        layout.addWidget(self._scan_box())
        layout.addWidget(self._buttons())

    def _scan_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Or check your contact's code"), self)
        self.scanned = QLineEdit(box)
        self.scanned.setPlaceholderText(self.tr("Scan or paste the code shown by your contact "
                                                "(SCELLE-SN1:…)"))
        self.scanned.setAccessibleName(self.tr("Your contact's code"))
        self.check_button = QPushButton(self.tr("C&heck the code"), box)
        self.check_button.clicked.connect(self.check_scanned)
        self.scanned.returnPressed.connect(self.check_scanned)
        row = QHBoxLayout(box)
        row.addWidget(self.scanned, 1)
        row.addWidget(self.check_button)
        return box

    def _buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(self)
        self.match_button = QPushButton(self.tr("The digits &match: mark as verified"), self)
        self.match_button.setAutoDefault(False)  # a deliberate click, never a stray Enter
        self.mismatch_button = QPushButton(self.tr("The digits &differ"), self)
        self.mismatch_button.setAutoDefault(False)
        buttons.addButton(self.match_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.mismatch_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.reject)
        self.match_button.clicked.connect(self.mark_verified)
        self.mismatch_button.clicked.connect(self._mismatch)
        return buttons

    def _set_ready(self, ready: bool) -> None:
        for widget in (self.match_button, self.mismatch_button, self.check_button,
                       self.scanned):
            widget.setEnabled(ready)

    # -- loading ------------------------------------------------------------------------------
    def _loaded(self, pair: _Pair) -> None:
        self.pair = pair
        contact = pair.contact
        self.heading.setText(self.tr("Safety number with {name}").format(name=contact.name)
                             + (f"\n{subtitle(contact)}" if subtitle(contact) else ""))
        self.number.setText(pair.number)
        self.qr.set_data(pair.payload)
        self._show_state(contact)
        self._set_ready(True)
        self.scanned.setFocus()

    def _show_state(self, contact: Contact) -> None:
        if contact.state is ContactState.KEY_CHANGED:
            self.banner.show_message("danger", self.tr(
                "KEY CHANGED — {name}'s keys changed since you verified them. Nothing can be "
                "sent to them until you compare this new safety number with them.").format(
                    name=contact.name), bold=True)
        elif contact.state is ContactState.VERIFIED and contact.verified_at is not None:
            self.banner.show_message("success", self.tr(
                "Verified ✓ on {day}.").format(day=day(contact.verified_at)))
        else:
            self.banner.show_message("warning", self.tr("Not verified yet."))

    # -- marking ------------------------------------------------------------------------------
    def mark_verified(self) -> None:
        if self.pair is None:
            return
        # The number *shown* goes back: if the card changed meanwhile, nothing is marked.
        self._submit(self._session.contacts.verify_safety_number, self.pair.number)

    def check_scanned(self) -> None:
        text = self.scanned.text().strip()
        if self.pair is None or not text:
            return
        self._submit(self._session.contacts.verify_qr, text)

    def _submit(self, method, value: str) -> None:  # type: ignore[no-untyped-def]
        self._set_ready(False)
        self._jobs.submit(plain(method), self._contact_id, value, on_done=self._verified,
                          on_error=self._failed)

    def _verified(self, contact: Contact) -> None:
        self.marked_verified = True
        contact_events().verified.emit(contact.id)  # open dialogs and the inbox check again
        self.pair = _Pair(contact, self.pair.number, self.pair.payload) if self.pair else None
        self._show_state(contact)
        self.banner.show_message("success", self.tr(
            "{name} is now a verified contact ✓. You can send them sealed files.").format(
                name=contact.name), bold=True)
        self._set_ready(True)

    def _failed(self, exc: BaseException) -> None:
        found = explain(exc, "contact")
        self.banner.show_message("danger", found.title, bold=True)
        self._prompts.error(self, found.title, found.text)
        self._set_ready(self.pair is not None)

    def _mismatch(self) -> None:
        self.banner.show_message("danger", self.tr(
            "The digits differ: do not send anything to this contact and do not trust files "
            "signed with this card. Someone may have substituted it. Ask your contact to send "
            "their identity card again through another channel, then compare again."),
            bold=True)
