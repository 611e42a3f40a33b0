"""The modal questions the main window asks, behind one small object.

The window never calls `QFileDialog`/`QMessageBox` directly: it calls a `Prompts`. The default
one shows Qt's dialogs; tests pass an object with the same methods that answers at once and
records what was asked (no event loop blocked, no Qt internals patched).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QWidget,
)

from ui.documents.case_dialog import CaseDialog, CaseFields

from ui.widgets.prompts import MessagePrompts


class Prompts(QObject, MessagePrompts):
    """Qt's standard dialogs; every method is modal and returns the user's answer."""

    def open_paths(self, parent: QWidget | None, title: str, name_filter: str = "") -> list[Path]:
        chosen, _ = QFileDialog.getOpenFileNames(parent, title, str(Path.home()), name_filter)
        return [Path(p) for p in chosen]

    def open_folder(self, parent: QWidget | None, title: str) -> Path | None:
        chosen = QFileDialog.getExistingDirectory(parent, title, str(Path.home()))
        return Path(chosen) if chosen else None

    def save_path(self, parent: QWidget | None, title: str, default: Path) -> Path | None:
        # The confirmation of an overwrite is ours (the export refuses to overwrite anyway).
        chosen, _ = QFileDialog.getSaveFileName(parent, title, str(default))
        return Path(chosen) if chosen else None

    def text(self, parent: QWidget | None, title: str, label: str, value: str) -> str | None:
        answer, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, value)
        return answer if ok else None

    def case_fields(self, parent: QWidget | None, fields: CaseFields | None = None
                    ) -> CaseFields | None:
        """The case dialog: new case (`fields` None) or editing one; None if cancelled."""
        dialog = CaseDialog(parent, fields)
        return dialog.fields() if dialog.exec() == QDialog.DialogCode.Accepted else None
