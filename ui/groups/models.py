"""`RosterMembersModel`: the members of one duty roster, their names and duty windows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.relay_client.groups import DutyGroup
from ui.common.widgets import short_fingerprint_text
from ui.groups.texts import windows_text

Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole


@dataclass(frozen=True)
class MemberRow:
    fingerprint: str
    name: str | None
    windows: tuple[tuple[datetime, datetime], ...]
    on_duty: bool


class RosterMembersModel(QAbstractTableModel):
    NAME, FINGERPRINT, DUTY, WINDOWS = range(4)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[MemberRow] = []

    def set_group(self, group: DutyGroup | None, names: dict[str, str],
                  now: datetime) -> None:
        self.beginResetModel()
        members = group.roster.members if group is not None else ()
        on_duty = set(group.on_duty(now)) if group is not None else set()
        self._rows = [MemberRow(m.fingerprint, names.get(m.fingerprint),
                                tuple((w.start, w.end) for w in m.windows),
                                m.fingerprint in on_duty) for m in members]
        self.endResetModel()

    def row_at(self, row: int) -> MemberRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != _DISPLAY:
            return None
        return (self.tr("Name"), self.tr("Fingerprint"), self.tr("On duty now"),
                self.tr("Duty windows"))[section]

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or role not in (_DISPLAY, Qt.ItemDataRole.AccessibleTextRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.fingerprint if column == self.FINGERPRINT else None
        if column == self.NAME:
            return row.name or self.tr("(not in your directory)")
        if column == self.FINGERPRINT:
            return short_fingerprint_text(row.fingerprint)
        if column == self.DUTY:
            return self.tr("yes") if row.on_duty else self.tr("no")
        return windows_text(row.windows)
