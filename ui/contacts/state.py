"""How a contact's verification state is shown: words first, colour and symbol second.

The state is always spelled out (a colour-blind user, a screen reader and a printed screenshot
all get it); the colour and the symbol only make it quicker to see.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from app.vault import Contact, ContactState

VERIFIED_COLOUR = QColor("#1e6b34")
UNVERIFIED_COLOUR = QColor("#8a5a00")
KEY_CHANGED_COLOUR = QColor("#b71c1c")


def state_text(state: ContactState) -> str:
    if state is ContactState.VERIFIED:
        return QCoreApplication.translate("ContactState", "Verified ✓")
    if state is ContactState.KEY_CHANGED:
        return QCoreApplication.translate("ContactState", "⚠ KEY CHANGED")
    return QCoreApplication.translate("ContactState", "Not verified")


def state_colour(state: ContactState) -> QColor:
    if state is ContactState.VERIFIED:
        return VERIFIED_COLOUR
    if state is ContactState.KEY_CHANGED:
        return KEY_CHANGED_COLOUR
    return UNVERIFIED_COLOUR


def state_explanation(contact: Contact) -> str:
    """One sentence on what the state means for sending and receiving."""
    if contact.state is ContactState.VERIFIED:
        return QCoreApplication.translate(
            "ContactState", "You compared the safety number with this contact: you can "
            "send them sealed files.")
    if contact.state is ContactState.KEY_CHANGED:
        return QCoreApplication.translate(
            "ContactState", "This contact's keys changed since you verified them. It may be "
            "a new computer, or someone impersonating them. Nothing can be sent to them until "
            "you compare the new safety number with them.")
    return QCoreApplication.translate(
        "ContactState", "You have not compared the safety number with this contact yet. "
        "Sending to them needs an explicit confirmation.")


def subtitle(contact: Contact) -> str:
    """'Notaire, Étude Dubois' (either part may be missing)."""
    card = contact.card
    return ", ".join(part for part in (card.role, card.organisation) if part)
