"""The warning shown wherever a sender is presented before a decision (open dialog, relay inbox)
when the card's keys are no contact's but its name or organisation are (the wire-fraud case;
the rule is app/vault/sender_check.py), and the check box that is the user's explicit choice.

The texts quote names from outside (cards): they are shown as plain text only.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QWidget

from app.vault.sender_check import MatchedField, NameClash


translate = QCoreApplication.translate


def clash_text(clash: NameClash) -> str:
    """'Me Karim Benali (same name, verified contact)'."""
    fields = {
        (MatchedField.NAME,): translate("Impersonation", "same name"),
        (MatchedField.ORGANISATION,): translate("Impersonation", "same organisation"),
        (MatchedField.NAME, MatchedField.ORGANISATION): translate(
            "Impersonation", "same name and organisation"),
    }
    state = (translate("Impersonation", "verified contact") if clash.contact.verified
             else translate("Impersonation", "contact not verified"))
    return translate("Impersonation", "{name} ({fields}, {state})").format(
        name=clash.contact.name, fields=fields[clash.fields], state=state)


def impersonation_text(card_name: str, clashes: Sequence[NameClash]) -> str:
    """The banner's text: what happened, what it may be, what to do."""
    contacts = "; ".join(clash_text(c) for c in clashes)
    return translate(
        "Impersonation",
        "DIFFERENT KEY UNDER A KNOWN NAME — The identity card says “{name}”, but it is signed "
        "by keys that are not those of your contact: {contacts}. It may be a new computer, or "
        "someone impersonating them: a message announcing new bank details is the classic "
        "fraud. Before receiving it, call your contact on a telephone number you already know "
        "— never one given in this message — and compare the safety number.").format(
            name=card_name, contacts=contacts)


def different_key_box(parent: QWidget) -> QCheckBox:
    """The explicit choice (unchecked, never the default action)."""
    return QCheckBox(translate(
        "Impersonation", "I c&hecked by telephone, on a number I already knew, that these "
        "keys are theirs: receive it anyway"), parent)
