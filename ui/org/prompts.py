"""The few questions the Organisation window asks with Qt's standard dialogs, behind one small
object so that tests answer them at once (as ui/common/prompts.py does for other windows)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QWidget


class OrgPrompts(QObject):
    def key_file(self, parent: QWidget | None) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(
            parent, self.tr("Organisation key file"), str(Path.home()),
            self.tr("Key files (*.pem *.key);;All files (*)"))
        return Path(chosen) if chosen else None

    def text(self, parent: QWidget | None, title: str, label: str, *,
             secret: bool = False) -> str | None:
        """A line typed by the user (hidden when `secret`), or None if cancelled."""
        mode = QLineEdit.EchoMode.Password if secret else QLineEdit.EchoMode.Normal
        value, ok = QInputDialog.getText(parent, title, label, mode)
        return value if ok else None
