"""Table models of the Organisation window: its members with their state, its audit trail.

Rows are the frozen values app/org returns (loaded on a worker); the models only format them.
A state is a word and an icon-free colour-independent text: "Revoked (departure)".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, \
    QPersistentModelIndex, Qt

from app.org.admin import OrgAuditRow, OrgMember
from ui.common.formatting import format_date, format_datetime
from ui.common.widgets import short_fingerprint_text

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")
_DISPLAY = Qt.ItemDataRole.DisplayRole


def reason_text(reason: str) -> str:
    translate = QCoreApplication.translate
    return {"removed-from-roll": translate("OrgLabels", "removal from the roll"),
            "lost-key": translate("OrgLabels", "lost key"),
            "departure": translate("OrgLabels", "departure")}.get(reason, reason)


def state_text(member: OrgMember) -> str:
    translate = QCoreApplication.translate
    if member.status == "pending":
        return translate("OrgLabels", "Waiting for certification")
    if member.status == "certified":
        return translate("OrgLabels", "Certified")
    if member.reason:
        return translate("OrgLabels", "Revoked (%1)").replace("%1", reason_text(member.reason))
    return translate("OrgLabels", "Revoked")


def role_text(role: str) -> str:
    translate = QCoreApplication.translate
    return translate("OrgLabels", "Administrator") if role == "admin" else \
        translate("OrgLabels", "Member")


class _Rows(QAbstractTableModel, Generic[Row]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def headers(self) -> Sequence[str]:
        raise NotImplementedError

    def cell(self, row: Row, column: int) -> str:
        raise NotImplementedError

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY:
            return self.headers()[section]
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or role not in (_DISPLAY, Qt.ItemDataRole.AccessibleTextRole):
            return None
        return self.cell(self._rows[index.row()], index.column())


class MembersModel(_Rows[OrgMember]):
    def headers(self) -> Sequence[str]:
        return (self.tr("Name"), self.tr("Title"), self.tr("State"), self.tr("Role"),
                self.tr("Card valid until"), self.tr("Fingerprint"))

    def cell(self, row: OrgMember, column: int) -> str:
        values = (row.name, row.title, state_text(row), role_text(row.role),
                  format_date(row.card_expires.date()), short_fingerprint_text(row.fingerprint))
        return values[column]


class AuditModel(_Rows[OrgAuditRow]):
    def headers(self) -> Sequence[str]:
        return (self.tr("Time"), self.tr("Action"), self.tr("By"), self.tr("About"),
                self.tr("Detail"))

    def cell(self, row: OrgAuditRow, column: int) -> str:
        values = (format_datetime(row.time), row.action, row.actor, row.subject, row.detail)
        return values[column]
