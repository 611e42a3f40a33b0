"""The cases list: "All documents", "Unfiled", then each case (by name), with counts.

Loaded on a worker thread (`cases.list()` plus a count); the model holds `app.cases.Case`
values (decrypted names and references) until `clear()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from app.cases import Case
from ui.common.document_icons import icon
from ui.common.formatting import format_date
from ui.models.document_query import Scope
from ui.workers import JobQueue

ScopeRole = Qt.ItemDataRole.UserRole + 1
CaseRole = Qt.ItemDataRole.UserRole + 2
CountRole = Qt.ItemDataRole.UserRole + 3

_FIXED_ROWS = 2  # "All documents", "Unfiled"
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class CasesSnapshot:
    cases: list[Case]
    total: int

    @property
    def unfiled(self) -> int:
        return self.total - sum(case.document_count for case in self.cases)


def load_cases(session: Any, *, progress: Any = None, cancel: Any = None) -> CasesSnapshot:
    """Job function (worker thread): every case and the vault's document count."""
    return CasesSnapshot(session.cases.list(), session.documents.count())


class CasesModel(QAbstractListModel):
    loaded = Signal()
    failed = Signal(object)

    def __init__(self, jobs: JobQueue, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs = jobs
        self._session: Any = None
        self._snapshot = CasesSnapshot([], 0)
        self._generation = 0

    def set_session(self, session: Any) -> None:
        self._session = session
        self.reload()

    def clear(self) -> None:
        self._session = None
        self._generation += 1
        self.beginResetModel()
        self._snapshot = CasesSnapshot([], 0)
        self.endResetModel()

    def reload(self) -> None:
        if self._session is None:
            return
        self._generation += 1
        generation = self._generation
        self._jobs.submit(load_cases, self._session,
                          on_done=lambda snap: self._loaded(generation, snap),
                          on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        if self._session is not None:
            self.failed.emit(exc)

    def _loaded(self, generation: int, snapshot: CasesSnapshot) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self._snapshot = snapshot
        self.endResetModel()
        self.loaded.emit()

    # -- lookups ------------------------------------------------------------------------------
    @property
    def cases(self) -> list[Case]:
        return list(self._snapshot.cases)

    def case(self, case_id: int) -> Case | None:
        return next((c for c in self._snapshot.cases if c.id == case_id), None)

    def row_of(self, scope: Scope) -> int | None:
        if scope.kind == "all":
            return 0
        if scope.kind == "unfiled":
            return 1
        for row, case in enumerate(self._snapshot.cases):
            if case.id == scope.case_id:
                return row + _FIXED_ROWS
        return None

    def scope_at(self, row: int) -> Scope | None:
        if row == 0:
            return Scope.everything()
        if row == 1:
            return Scope.unfiled()
        case = self._case_at(row)
        return Scope.case(case.id) if case is not None else None

    def _case_at(self, row: int) -> Case | None:
        index = row - _FIXED_ROWS
        cases = self._snapshot.cases
        return cases[index] if 0 <= index < len(cases) else None

    # -- model --------------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._session is None:
            return 0
        return _FIXED_ROWS + len(self._snapshot.cases)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = index.row()
        case = self._case_at(row)
        if role == Qt.ItemDataRole.DisplayRole:
            if row == 0:
                return self.tr("All documents")
            if row == 1:
                return self.tr("Unfiled")
            return case.name if case else None
        if role == CountRole:
            if row == 0:
                return self._snapshot.total
            if row == 1:
                return self._snapshot.unfiled
            return case.document_count if case else None
        if role == Qt.ItemDataRole.DecorationRole:
            if row < _FIXED_ROWS:
                return icon("all" if row == 0 else "unfiled")
            return icon("case:held" if case and case.legal_hold else "case")
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return self._describe(row, case)
        if role == ScopeRole:
            return self.scope_at(row)
        if role == CaseRole:
            return case
        return None

    def _describe(self, row: int, case: Case | None) -> str:
        count = self.data(self.index(row), CountRole) or 0
        lines = [self.tr("%Ln document(s)", "", count)]
        if case is not None:
            if case.reference:
                lines.insert(0, self.tr("Reference: %1").replace("%1", case.reference))
            if case.retention_until is not None:
                lines.append(self.tr("Keep until %1").replace(
                    "%1", format_date(case.retention_until)))
            if case.legal_hold:
                lines.append(self.tr("Legal hold: nothing can be deleted or moved out"))
        return "\n".join(lines)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsDropEnabled
