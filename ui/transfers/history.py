"""The recent transfers of this session, as a table model (see the package docstring).

A transfer is a job submitted with `transfer=Transfer(kind, name)` (ui/workers.py). The row
appears when the job is queued ("Running…") and takes its outcome when the job ends: done,
failed, cancelled, or, for a batch that stopped part way (an import cancelled after some
files, a sync that found the relay unreachable), the result's own `cancelled`/`offline` flag.
The size is the last total the job reported (bytes). Rows are never written anywhere: `clear()`
is called when the vault locks.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, Qt

from ui.common.formatting import format_size
from ui.workers import JobHandle, JobQueue

#: How many transfers the history keeps (the oldest goes first).
MAX_ENTRIES = 20

RUNNING, DONE, FAILED, CANCELLED, PARTIAL, OFFLINE = (
    "running", "done", "failed", "cancelled", "partial", "offline")


@dataclass(frozen=True)
class TransferEntry:
    kind: str
    name: str = field(repr=False)  # a client's document or file name: shown, never logged
    started: datetime
    result: str = RUNNING
    size: int = 0  # bytes; 0 while unknown


def _tr(text: str) -> str:
    return QCoreApplication.translate("TransferHistory", text)


def kind_text(kind: str) -> str:
    return {"import": _tr("Import"), "seal": _tr("Sealing"), "send": _tr("Sending"),
            "sync": _tr("Synchronisation"), "receive": _tr("Receipt")}.get(kind, kind)


def result_text(result: str) -> str:
    return {RUNNING: _tr("Running…"), DONE: _tr("Done"), FAILED: _tr("Failed"),
            CANCELLED: _tr("Cancelled"), PARTIAL: _tr("Cancelled part way"),
            OFFLINE: _tr("Relay unreachable")}.get(result, result)


def outcome_of(result: Any, cancel_requested: bool = False) -> str:
    """DONE, or what a result that came back normally says about a stop part way: an import's
    summary says it was cancelled, a sync's report that the relay was unreachable, a send
    stopped during its upload returns its item still in the outbox (not "deposited")."""
    if getattr(result, "cancelled", False):
        return PARTIAL if getattr(result, "imported", None) else CANCELLED
    if getattr(result, "offline", False):
        return OFFLINE
    if cancel_requested and getattr(result, "state", "deposited") != "deposited":
        return PARTIAL
    return DONE


class TransferHistory(QAbstractTableModel):
    """Newest first; one row per transfer job of this session."""

    TIME, KIND, NAME, SIZE, RESULT = range(5)

    def __init__(self, jobs: JobQueue | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[TransferEntry] = []
        self._keys: list[object] = []  # a token per row, to find it again when its job ends
        if jobs is not None:
            jobs.submitted.connect(self.track)

    @property
    def entries(self) -> list[TransferEntry]:
        return list(self._rows)

    def track(self, handle: JobHandle) -> None:
        """Add a row for `handle` now; give it the job's outcome when the job ends."""
        transfer = handle.transfer
        if transfer is None:
            return
        key = object()
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._rows.insert(0, TransferEntry(transfer.kind, transfer.name, datetime.now()))
        self._keys.insert(0, key)
        self.endInsertRows()
        self._trim()
        handle.succeeded.connect(lambda result, k=key, h=handle: self._end(
            k, outcome_of(result, h.cancel_requested), h.total))
        handle.failed.connect(lambda _exc, k=key, h=handle: self._end(k, FAILED, h.total))
        handle.cancelled.connect(lambda k=key, h=handle: self._end(k, CANCELLED, h.total))

    def _trim(self) -> None:
        if len(self._rows) > MAX_ENTRIES:
            self.beginRemoveRows(QModelIndex(), MAX_ENTRIES, len(self._rows) - 1)
            del self._rows[MAX_ENTRIES:]
            del self._keys[MAX_ENTRIES:]
            self.endRemoveRows()

    def _end(self, key: object, result: str, size: int) -> None:
        if key not in self._keys:  # cleared at lock, or pushed out by newer transfers
            return
        row = self._keys.index(key)
        self._rows[row] = replace(self._rows[row], result=result, size=max(size, 0))
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.RESULT))

    def clear(self) -> None:
        self.beginResetModel()
        self._rows.clear()
        self._keys.clear()
        self.endResetModel()

    # -- model --------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Time"), self.tr("Operation"), self.tr("Document"), self.tr("Size"),
                self.tr("Result"))[section]

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        entry = self._rows[index.row()]
        column = index.column()
        if column == self.TIME:
            return entry.started.strftime("%H:%M:%S")
        if column == self.KIND:
            return kind_text(entry.kind)
        if column == self.NAME:
            return entry.name or "—"
        if column == self.SIZE:
            return format_size(entry.size) if entry.size else "—"
        return result_text(entry.result)
