"""The "Recent transfers" window: the history's table, read-only, closed by Escape."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.transfers.history import MAX_ENTRIES, TransferHistory


class TransfersDialog(QDialog):
    def __init__(self, history: TransferHistory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Recent transfers"))
        note = QLabel(self.tr("The last %1 imports, sealings, sendings, synchronisations and "
                              "receipts since the vault was unlocked. This list is kept in "
                              "memory only.").replace("%1", str(MAX_ENTRIES)), self)
        note.setWordWrap(True)
        self.table = QTableView(self)
        self.table.setModel(history)
        self.table.setAccessibleName(self.tr("Recent transfers"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TransferHistory.NAME, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(760, 420)
        self.table.setFocus()
