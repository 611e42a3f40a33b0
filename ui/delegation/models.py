"""The delegations table: state, what it allows, until when, and the other person.

Rows are the frozen values app/delegation returns (loaded on a worker); the model only formats
them, in the words of the dialog ("Send and receive", "Waiting for certification").
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, \
    QPersistentModelIndex, Qt

from app.relay_client.delegations import PublishedDelegation
from ui.common.formatting import format_date
from ui.common.widgets import short_fingerprint_text

Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole


def state_text(state: str) -> str:
    translate = QCoreApplication.translate
    return {"pending": translate("DelegationLabels", "Waiting for certification"),
            "active": translate("DelegationLabels", "In force"),
            "expired": translate("DelegationLabels", "Ended"),
            "revoked": translate("DelegationLabels", "Revoked")}.get(state, state)


def scope_text(scope: tuple[str, ...]) -> str:
    translate = QCoreApplication.translate
    if set(scope) == {"send", "receive"}:
        return translate("DelegationLabels", "Send and receive")
    if "send" in scope:
        return translate("DelegationLabels", "Send")
    return translate("DelegationLabels", "Receive")


def person_text(entry: PublishedDelegation, principal: bool) -> str:
    """The other party: their name from the directory, else their short fingerprint."""
    card = entry.principal_card if principal else entry.delegate_card
    fingerprint = entry.delegation.principal if principal else entry.delegation.delegate
    return card.name if card is not None else short_fingerprint_text(fingerprint)


class DelegationsModel(QAbstractTableModel):
    """`principal_column`: True lists received delegations (the other party is the
    principal), False the given ones (the other party is the delegate)."""

    def __init__(self, principal_column: bool, parent: Any = None) -> None:
        super().__init__(parent)
        self._principal = principal_column
        self._rows: list[PublishedDelegation] = []

    def set_rows(self, rows: list[PublishedDelegation]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> PublishedDelegation | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != _DISPLAY:
            return None
        person = self.tr("For") if self._principal else self.tr("Assistant")
        return (person, self.tr("Allows"), self.tr("Until"), self.tr("State"))[section]

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or role not in (_DISPLAY, Qt.ItemDataRole.AccessibleTextRole):
            return None
        entry = self._rows[index.row()]
        d = entry.delegation
        values = (person_text(entry, self._principal), scope_text(d.scope),
                  format_date(d.valid_until.astimezone().date()), state_text(entry.state))
        return values[index.column()]
