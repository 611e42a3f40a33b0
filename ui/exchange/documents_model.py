"""`SealDocumentsModel`: the documents about to be sealed (name, size, and whether they may go).

A document received view-only may be shown but never sent on; it stays in the list, in red,
so the user sees why the sealing is refused and removes it themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from app.records import NotFoundError
from app.vault import VaultSession
from ui.common.formatting import format_size
from ui.contacts.model import Index
from ui.contacts.state import KEY_CHANGED_COLOUR


@dataclass(frozen=True)
class DocumentItem:
    id: int
    name: str
    size: int
    view_only: bool


def load_documents(session: VaultSession, document_ids: list[int]) -> list[DocumentItem]:
    """On a worker thread: the documents' names and sizes (missing ids are skipped)."""
    items = []
    for doc_id in dict.fromkeys(document_ids):
        try:
            doc = session.documents.get(doc_id)
        except NotFoundError:
            continue  # deleted meanwhile (in another window): nothing to seal
        # Folder imports name documents by relative path; the sealed file keeps the last part.
        name = doc.name.replace("\\", "/").rsplit("/", 1)[-1]
        items.append(DocumentItem(doc.id, name, doc.size, session.documents.is_view_only(doc.id)))
    return items


class SealDocumentsModel(QAbstractTableModel):
    NAME, SIZE = range(2)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[DocumentItem] = []

    def set_items(self, items: list[DocumentItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def items(self) -> list[DocumentItem]:
        return list(self._items)

    def remove_rows(self, rows: list[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            if 0 <= row < len(self._items):
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._items[row]
                self.endRemoveRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Document"), self.tr("Size"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if index.column() == self.SIZE:
                return format_size(item.size)
            if item.view_only:
                return self.tr("{name} (view-only: cannot be sent)").format(name=item.name)
            return item.name
        if role == Qt.ItemDataRole.ForegroundRole and item.view_only:
            return KEY_CHANGED_COLOUR
        if role == Qt.ItemDataRole.ToolTipRole and item.view_only:
            return self.tr("This document was received view-only: it can be shown in Scellé "
                           "but not sent on. Remove it from the list.")
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == self.SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
