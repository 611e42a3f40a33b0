"""`OnBehalfPicker`: in the send dialog, send in your own name or for a principal.

The delegations in force that let this vault send for someone (scope "send", certified) are
loaded on a worker; with none the picker stays hidden and the dialog sends in your own name.
The choice is only a wish: the core fetches the delegation again and checks it before sealing
(app/relay_client/on_behalf.py).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QWidget

from app.relay_client.delegations import PublishedDelegation
from app.vault import VaultSession
from ui.delegation import jobs
from ui.workers import JobQueue, plain

Index = QModelIndex | QPersistentModelIndex


class PrincipalsModel(QAbstractListModel):
    """"Myself" first, then "Name — organisation" of each principal one may send for."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[PublishedDelegation] = []

    def set_rows(self, rows: list[PublishedDelegation]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def principal(self, row: int) -> str | None:
        """The principal's fingerprint for `row`, None for yourself."""
        return self._rows[row - 1].delegation.principal.hex() if 1 <= row <= len(self._rows) \
            else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows) + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.AccessibleTextRole):
            return None
        if index.row() == 0:
            return self.tr("Myself")
        card = self._rows[index.row() - 1].principal_card
        assert card is not None  # jobs.senders_for keeps only those with a card
        return f"{card.name} — {card.organisation}" if card.organisation else card.name


class OnBehalfPicker(QWidget):
    def __init__(self, session: VaultSession, jobs_queue: JobQueue,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PrincipalsModel(self)
        self.combo = QComboBox(self)
        self.combo.setModel(self.model)
        self.combo.setAccessibleName(self.tr("Send on behalf of"))
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Send on be&half of:"), self.combo)
        self.hide()
        jobs_queue.submit(plain(jobs.senders_for), session, on_done=self._loaded,
                          on_error=lambda _exc: None)  # no relay, no delegation: own name

    def _loaded(self, rows: list[PublishedDelegation]) -> None:
        self.model.set_rows(rows)
        self.combo.setCurrentIndex(0)
        self.setVisible(bool(rows))

    def value(self) -> str | None:
        """The principal's fingerprint, or None to send in your own name."""
        return self.model.principal(self.combo.currentIndex())
