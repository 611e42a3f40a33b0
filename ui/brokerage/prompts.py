"""The files the Brokerage window asks for, behind one small object so that tests answer at
once (as ui/org/prompts.py does)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QWidget


class BrokeragePrompts(QObject):
    def open_file(self, parent: QWidget | None, title: str, filters: str) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(parent, title, str(Path.home()), filters)
        return Path(chosen) if chosen else None

    def save_file(self, parent: QWidget | None, title: str, name: str,
                  filters: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(parent, title, str(Path.home() / name), filters)
        return Path(chosen) if chosen else None
