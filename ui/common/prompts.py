"""The modal questions the exchange and contacts dialogs ask, behind one small object.

Dialogs never call `QFileDialog`/`QMessageBox` directly: they call a `Prompts`. The default one
shows Qt's dialogs; tests pass their own object with the same methods, which answers at once
and records what was asked (no event loop is blocked, no Qt internals are patched).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ui.widgets.prompts import MessagePrompts


class Prompts(QObject, MessagePrompts):
    """Qt's standard dialogs. Every method is modal and returns the user's answer."""

    def save_path(self, parent: QWidget | None, title: str, default: Path,
                  name_filter: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(parent, title, str(default), name_filter)
        return Path(chosen) if chosen else None

    def open_paths(self, parent: QWidget | None, title: str, name_filter: str) -> list[Path]:
        chosen, _ = QFileDialog.getOpenFileNames(parent, title, str(Path.home()), name_filter)
        return [Path(p) for p in chosen]

    def choose(self, parent: QWidget | None, title: str, text: str,
               options: list[str]) -> int | None:
        """Index of the option chosen among `options` (buttons, first is default), or None."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        buttons = [box.addButton(o, QMessageBox.ButtonRole.AcceptRole) for o in options]
        box.addButton(QMessageBox.StandardButton.Cancel)
        if buttons:
            box.setDefaultButton(buttons[0])
        box.exec()
        clicked = box.clickedButton()
        return buttons.index(clicked) if clicked in buttons else None
