"""`RecipientsModel`: the contacts with a check box each, for choosing who a file is sealed for.

A contact whose keys changed (or whose card expired) has no check box: sending to it is
blocked until it is verified again (or its card renewed), and the row says why. Unverified
contacts can be checked; the dialog then asks for an explicit confirmation.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal

from app.vault import Contact, ContactState
from ui.contacts.model import ContactsModel, Index
from ui.contacts.state import KEY_CHANGED_COLOUR


def blocked_reason(contact: Contact) -> str:
    """Why this contact cannot be chosen, or '' if it can."""
    if contact.state is ContactState.KEY_CHANGED:
        return QCoreApplication.translate(
            "RecipientsModel", "This contact's keys changed: compare the safety number again "
            "in Contacts before sending to them.")
    if not contact.card.is_valid_at():
        return QCoreApplication.translate(
            "RecipientsModel", "This contact's identity card has expired: import their "
            "renewed card before sending to them.")
    return ""


class RecipientsModel(ContactsModel):
    checkedChanged = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._checked: set[int] = set()

    def set_contacts(self, contacts: list[Contact]) -> None:
        # Keep the ticks across a reload, except on rows that became blocked meanwhile.
        allowed = {c.id for c in contacts if not blocked_reason(c)}
        self._checked &= allowed
        super().set_contacts(contacts)
        self.checkedChanged.emit()

    def checked(self) -> list[Contact]:
        return [c for c in self.contacts() if c.id in self._checked]

    def set_checked(self, contact_id: int, on: bool) -> bool:
        row = self.row_of(contact_id)
        if row < 0:
            return False
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        return self.setData(self.index(row, self.NAME), state, Qt.ItemDataRole.CheckStateRole)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == self.NAME \
                and not blocked_reason(self.contact(index.row())):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        contact = self.contact(index.row())
        reason = blocked_reason(contact)
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == self.NAME:
            if reason:
                return None
            return (Qt.CheckState.Checked if contact.id in self._checked
                    else Qt.CheckState.Unchecked)
        if reason and role == Qt.ItemDataRole.ToolTipRole:
            return reason
        if reason and role == Qt.ItemDataRole.ForegroundRole:
            return KEY_CHANGED_COLOUR if index.column() == self.STATE else None
        if (reason and index.column() == self.STATE and role == Qt.ItemDataRole.DisplayRole
                and contact.state is not ContactState.KEY_CHANGED):
            return self.tr("Card expired")
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != self.NAME:
            return False
        contact = self.contact(index.row())
        if blocked_reason(contact):
            return False  # the model itself refuses: no view trick can tick a blocked row
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self._checked.add(contact.id)
        else:
            self._checked.discard(contact.id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checkedChanged.emit()
        return True
