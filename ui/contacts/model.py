"""`ContactsModel`: the contacts as a Qt table (name, role, organisation, state).

The rows are loaded off the GUI thread (parsing a card checks its signatures: about a
millisecond each) and handed to `set_contacts`. Filtering goes through a
`QSortFilterProxyModel` on the view side (see `ContactsFilter`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from app.vault import Contact, ContactState
from app.vault.contacts import fold
from ui.contacts.state import state_colour, state_text, subtitle

ContactRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


class ContactsModel(QAbstractTableModel):
    NAME, ROLE, ORGANISATION, STATE = range(4)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._contacts: list[Contact] = []

    # -- content ------------------------------------------------------------------------------
    def set_contacts(self, contacts: list[Contact]) -> None:
        self.beginResetModel()
        self._contacts = list(contacts)
        self.endResetModel()

    def contacts(self) -> list[Contact]:
        return list(self._contacts)

    def contact(self, row: int) -> Contact:
        return self._contacts[row]

    def row_of(self, contact_id: int) -> int:
        for row, contact in enumerate(self._contacts):
            if contact.id == contact_id:
                return row
        return -1

    # -- Qt model -----------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._contacts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Name"), self.tr("Role"), self.tr("Organisation"),
                self.tr("Verification"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        contact = self._contacts[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(contact, column)
        if role == ContactRole:
            return contact
        if role == SortRole:
            return (fold(self._text(contact, column)), contact.id)
        if role == Qt.ItemDataRole.ToolTipRole:
            # Long names and organisations are elided in the table: the tooltip shows them.
            details = subtitle(contact)
            return f"{contact.name}\n{details}" if details else contact.name
        if column == self.STATE and role == Qt.ItemDataRole.ForegroundRole:
            return state_colour(contact.state)
        if column == self.STATE and role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(contact.state is not ContactState.UNVERIFIED)
            return font
        return None

    def _text(self, contact: Contact, column: int) -> str:
        card = contact.card
        if column == self.NAME:
            return card.name
        if column == self.ROLE:
            return card.role
        if column == self.ORGANISATION:
            return card.organisation
        return state_text(contact.state)


class ContactsFilter(QSortFilterProxyModel):
    """Case- and accent-insensitive search over name, role, organisation ("elise" = "Élise")."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self.setSortRole(SortRole)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = fold(text).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        contact = model.index(source_row, 0, source_parent).data(ContactRole)
        card = contact.card
        haystack = fold(f"{card.name} {card.role} {card.organisation} {card.fingerprint_hex}")
        return all(word in haystack for word in self._words)

    def lessThan(self, left: Index, right: Index) -> bool:
        return bool(left.data(SortRole) < right.data(SortRole))
