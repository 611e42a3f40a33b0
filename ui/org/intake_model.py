"""The Intake point tab's table: the organisation's intake points (values from
app/org/intake.py, loaded on a worker) and the words for their state and left-out members."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, \
    QPersistentModelIndex, Qt

from app.org.intake import IntakePoint, LeftOut
from ui.common.formatting import format_datetime, format_size

Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole


def state_text(point: IntakePoint) -> str:
    translate = QCoreApplication.translate
    if point.withdrawn is not None:
        return translate("IntakeLabels", "Withdrawn")
    if not point.current:
        return translate("IntakeLabels", "Outdated: publish it again")
    return translate("IntakeLabels", "Open")


def left_out_text(member: LeftOut) -> str:
    translate = QCoreApplication.translate
    reasons = {"no_card": translate("IntakeLabels", "no valid certified card (revoked, "
                                                    "expired or unknown)"),
               "other_key": translate("IntakeLabels", "card not certified by this "
                                                      "organisation's key"),
               "no_hybrid": translate("IntakeLabels", "card without a post-quantum key: the "
                                                      "member renews it")}
    return translate("IntakeLabels", "%1: %2").replace("%1", member.name).replace(
        "%2", reasons.get(member.kind, member.reason))


class IntakePointsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[IntakePoint] = []

    def set_rows(self, rows: list[IntakePoint]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> IntakePoint:
        return self._rows[row]

    def rows(self) -> list[IntakePoint]:
        return list(self._rows)

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Name"), self.tr("Title"), self.tr("State"), self.tr("Version"),
                self.tr("Readers"), self.tr("Largest request"), self.tr("Published"))

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
        point = self._rows[index.row()]
        document = point.document
        values = (document.name, document.title, state_text(point), str(document.version),
                  str(len(document.recipients)), format_size(document.max_bytes),
                  format_datetime(point.published))
        return values[index.column()]
