"""Table models of the Brokerage window: the contracts and the instalments of a period.

Rows are the frozen values app/brokerage returns (loaded on a worker, with the names they
need); the models only format them. Amounts are integer cents shown with the interface's
locale ("1 234,56 €" in French), never through a float.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QLocale, QModelIndex, \
    QPersistentModelIndex, Qt, QT_TRANSLATE_NOOP

from app.brokerage.model import Contract, Instalment
from ui.common.formatting import format_date

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")
_DISPLAY = Qt.ItemDataRole.DisplayRole
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

_STATES = {"due": QT_TRANSLATE_NOOP("BrokerageLabels", "Due"),
           "submitted": QT_TRANSLATE_NOOP("BrokerageLabels", "In a direct-debit file"),
           "paid": QT_TRANSLATE_NOOP("BrokerageLabels", "Paid"),
           "rejected": QT_TRANSLATE_NOOP("BrokerageLabels", "Rejected"),
           "remitted": QT_TRANSLATE_NOOP("BrokerageLabels", "Paid to the insurer")}
_SPLITS = {"annual": QT_TRANSLATE_NOOP("BrokerageLabels", "annual"),
           "half-yearly": QT_TRANSLATE_NOOP("BrokerageLabels", "half-yearly"),
           "quarterly": QT_TRANSLATE_NOOP("BrokerageLabels", "quarterly"),
           "monthly": QT_TRANSLATE_NOOP("BrokerageLabels", "monthly")}
# The reject reasons banks send most (ISO codes); others keep the core's wording.
_REASONS = {"AC01": QT_TRANSLATE_NOOP("BrokerageReasons", "incorrect account number"),
            "AC04": QT_TRANSLATE_NOOP("BrokerageReasons", "account closed"),
            "AC06": QT_TRANSLATE_NOOP("BrokerageReasons", "account blocked"),
            "AM04": QT_TRANSLATE_NOOP("BrokerageReasons", "insufficient funds"),
            "MD01": QT_TRANSLATE_NOOP("BrokerageReasons", "no valid mandate"),
            "MD06": QT_TRANSLATE_NOOP("BrokerageReasons", "refund requested by the debtor"),
            "MD07": QT_TRANSLATE_NOOP("BrokerageReasons", "debtor deceased"),
            "MS02": QT_TRANSLATE_NOOP("BrokerageReasons", "refused by the debtor"),
            "MS03": QT_TRANSLATE_NOOP("BrokerageReasons", "reason not given")}


def money(cents: int) -> str:
    """Cents in the interface's locale, exactly: grouping and decimal mark from QLocale."""
    locale = QLocale()
    whole, part = divmod(abs(cents), 100)
    text = f"{locale.toString(whole)}{locale.decimalPoint()}{part:02d}"
    return QCoreApplication.translate("BrokerageLabels", "%1 €").replace(
        "%1", ("-" if cents < 0 else "") + text)


def state_text(item: Instalment) -> str:
    state = QCoreApplication.translate("BrokerageLabels", _STATES[item.state.value])
    if item.state.value != "rejected" or not item.reject_code:
        return state
    reason = _REASONS.get(item.reject_code)
    why = QCoreApplication.translate("BrokerageReasons", reason) if reason else \
        (item.reject_reason or "")
    return QCoreApplication.translate("BrokerageLabels", "%1 (%2: %3)").replace(
        "%1", state).replace("%2", item.reject_code).replace("%3", why)


@dataclass(frozen=True)
class ContractRow:
    contract: Contract
    client: str  # the client's name
    insurer: str


@dataclass(frozen=True)
class InstalmentRow:
    instalment: Instalment
    contract: str  # its number
    client: str


class _Rows(QAbstractTableModel, Generic[Row]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def headers(self) -> Sequence[str]:
        raise NotImplementedError

    def cell(self, row: Row, column: int) -> str:
        raise NotImplementedError

    def right_aligned(self) -> Sequence[int]:
        return ()

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

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
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.right_aligned():
            return _RIGHT
        if role not in (_DISPLAY, Qt.ItemDataRole.AccessibleTextRole):
            return None
        return self.cell(self._rows[index.row()], index.column())


class ContractsModel(_Rows[ContractRow]):
    def headers(self) -> Sequence[str]:
        return (self.tr("Contract"), self.tr("Client"), self.tr("Insurer"), self.tr("Product"),
                self.tr("Annual premium"), self.tr("Split"), self.tr("Cover from"))

    def right_aligned(self) -> Sequence[int]:
        return (4,)

    def cell(self, row: ContractRow, column: int) -> str:
        c = row.contract
        split = QCoreApplication.translate("BrokerageLabels", _SPLITS[c.frequency.value])
        values = (c.number, row.client, row.insurer, c.product, money(c.premium.total), split,
                  format_date(c.cover_start))
        return values[column]


class InstalmentsModel(_Rows[InstalmentRow]):
    def headers(self) -> Sequence[str]:
        return (self.tr("Due"), self.tr("Contract"), self.tr("Client"), self.tr("Net premium"),
                self.tr("Fees"), self.tr("Tax"), self.tr("Amount"), self.tr("State"))

    def right_aligned(self) -> Sequence[int]:
        return (3, 4, 5, 6)

    def cell(self, row: InstalmentRow, column: int) -> str:
        i = row.instalment
        values = (format_date(i.due_date), row.contract, row.client, money(i.premium.net),
                  money(i.premium.fees), money(i.premium.tax), money(i.amount), state_text(i))
        return values[column]
