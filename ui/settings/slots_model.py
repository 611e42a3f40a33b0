"""Table model of the vault's key slots (kind, label, created) for the settings dialog."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.unlock import SlotInfo
from ui.widgets.factors import KIND_ICONS, kind_name
from ui.widgets.icons import icon

_Index = QModelIndex | QPersistentModelIndex


def _date(created: str) -> str:
    try:
        return datetime.fromisoformat(created.replace("Z", "+00:00")).astimezone().strftime(
            "%d/%m/%Y %H:%M")
    except ValueError:
        return created


class SlotsModel(QAbstractTableModel):
    COLUMNS = 3

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._slots: list[SlotInfo] = []

    def set_slots(self, slots: list[SlotInfo]) -> None:
        self.beginResetModel()
        self._slots = list(slots)
        self.endResetModel()

    def slot(self, row: int) -> SlotInfo:
        return self._slots[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._slots)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Kind"), self.tr("Name"), self.tr("Added on"))[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        slot = self._slots[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == 0:
                return kind_name(slot.kind)
            if column == 1:
                return slot.label or slot.description or "—"
            return _date(slot.created)
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return icon(KIND_ICONS.get(slot.kind, "key"))
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return slot.description or None
        return None
