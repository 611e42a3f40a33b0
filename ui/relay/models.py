"""Table models of the relay views: inbox, sent messages, recipients of one message, proofs.

Rows are plain values loaded on a worker (ui/relay/data.py); the models only format them.
Every state is an icon and a word; names and subjects (from the vault) are shown as text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from ui.common.formatting import format_size
from ui.common.widgets import short_fingerprint_text
from ui.groups.texts import inbox_state_text
from ui.relay.data import InboxRow, ProofRow, Recipient, SentRow
from ui.relay.labels import (
    moment_text,
    proof_kind_text,
    state_colour,
    state_icon,
    state_text,
    verification_icon,
    verification_text,
)
from ui.relay.stamp_cells import stamp_cell, stamp_header
from ui.widgets.icons import icon

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")
_DISPLAY = Qt.ItemDataRole.DisplayRole
_ALIGN_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class RowsModel(QAbstractTableModel, Generic[Row]):
    """A read-only table of frozen rows; subclasses say what each cell shows."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def headers(self) -> Sequence[str]:
        raise NotImplementedError

    def cell(self, row: Row, column: int, role: int) -> Any:
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
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            role = _DISPLAY
        return self.cell(self._rows[index.row()], index.column(), role)


def _state_cell(state: str, role: int) -> Any:
    if role == _DISPLAY:
        return state_text(state)
    if role == Qt.ItemDataRole.DecorationRole:
        return state_icon(state)
    if role == Qt.ItemDataRole.ForegroundRole:
        return state_colour(state)
    return None


def _person(name: str | None, fingerprint: str) -> str:
    return name or short_fingerprint_text(fingerprint)


class InboxModel(RowsModel[InboxRow]):
    SENDER, IDENTITY, SUBJECT, RECEIVED, SIZE, STATE = range(6)

    def headers(self) -> Sequence[str]:
        return (self.tr("Sender"), self.tr("Identity"), self.tr("Subject"),
                self.tr("Deposited"), self.tr("Size"), self.tr("State"))

    def cell(self, row: InboxRow, column: int, role: int) -> Any:
        if column == self.STATE:
            if role == Qt.ItemDataRole.ToolTipRole and row.reason:
                return row.reason
            if role == _DISPLAY and row.group is not None:
                return inbox_state_text(state_text(row.state), row)  # ui/groups/texts.py
            return _state_cell(row.state, role)
        if column == self.IDENTITY:
            if role == _DISPLAY:
                return verification_text(row.verification)
            return verification_icon(row.verification) \
                if role == Qt.ItemDataRole.DecorationRole else None
        if column == self.SUBJECT and not row.subject:
            if role == _DISPLAY:
                return self.tr("(sealed: shown once received)")
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setItalic(True)
                return font
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.SIZE:
            return _ALIGN_RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and column == self.SENDER:
            return short_fingerprint_text(row.sender)
        if role != _DISPLAY:
            return None
        return (_person(row.sender_name, row.sender), "", row.subject,
                moment_text(row.deposited), format_size(row.size), "")[column]


class SentModel(RowsModel[SentRow]):
    SUBJECT, RECIPIENTS, SENT, SIZE, STATE = range(5)

    def headers(self) -> Sequence[str]:
        return (self.tr("Subject"), self.tr("Recipients"), self.tr("Sent"), self.tr("Size"),
                self.tr("State"))

    def cell(self, row: SentRow, column: int, role: int) -> Any:
        if column == self.STATE:
            if role == Qt.ItemDataRole.ToolTipRole and row.last_error:
                return row.last_error
            return _state_cell(row.state, role)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.SIZE:
            return _ALIGN_RIGHT
        if role != _DISPLAY:
            return None
        if column == self.RECIPIENTS:
            return self.tr(", ").join(
                self.tr("{name}: {state}").format(name=_person(r.name, r.fingerprint),
                                                  state=state_text(r.state).lower())
                for r in row.recipients)
        return (row.subject or self.tr("(no subject)"), "", moment_text(row.created),
                format_size(row.size), "")[column]


class RecipientStatesModel(RowsModel[Recipient]):
    NAME, STATE = range(2)

    def headers(self) -> Sequence[str]:
        return (self.tr("Recipient"), self.tr("State"))

    def cell(self, row: Recipient, column: int, role: int) -> Any:
        if column == self.STATE:
            return _state_cell(row.state, role)
        if role == Qt.ItemDataRole.ToolTipRole:
            return short_fingerprint_text(row.fingerprint)
        return _person(row.name, row.fingerprint) if role == _DISPLAY else None


class ProofsModel(RowsModel[ProofRow]):
    KIND, TIME, SIGNER, CHECK, STAMP = range(5)

    def headers(self) -> Sequence[str]:
        return (self.tr("Proof"), self.tr("Time"), self.tr("Signed by"), self.tr("Signature"),
                stamp_header())

    def cell(self, row: ProofRow, column: int, role: int) -> Any:
        ok = row.verified and row.trusted_relay is not False
        if column == self.CHECK and role == Qt.ItemDataRole.DecorationRole:
            return icon("check" if ok else "error")
        if column == self.SIGNER and role == Qt.ItemDataRole.ToolTipRole:
            return row.signer
        if column == self.STAMP:
            return stamp_cell(row.stamp, role)
        if role != _DISPLAY:
            return None
        if column == self.KIND:
            kind = proof_kind_text(row.kind)
            if row.event:
                return self.tr("{kind} ({event})").format(
                    kind=kind, event=state_text(row.event).lower())
            return kind
        if column == self.TIME:
            return moment_text(row.moment)
        if column == self.SIGNER:
            return self._signer(row)
        return self.tr("verified offline") if ok else self.tr("not the joined relay")

    def _signer(self, row: ProofRow) -> str:
        what, _, value = row.signer.partition(" ")
        if what == "relay":
            return self.tr("The relay (key {key})").format(key=short_fingerprint_text(value)[:9])
        return row.signer_name or short_fingerprint_text(value)
