"""Modal questions of the shell's dialogs, behind one object so tests can answer them.

Dialogs call `Prompts` instead of `QMessageBox`/`QFileDialog` directly; tests pass an object
with the same methods that answers at once (no nested event loop to drive).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


class MessagePrompts:
    """The message boxes every area's `Prompts` shares (shell, documents, exchange)."""

    def confirm(self, parent: QWidget | None, title: str, text: str, accept: str, *,
                danger: bool = False) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning if danger else QMessageBox.Icon.Question,
                          title, text, parent=parent)
        yes = box.addButton(accept, QMessageBox.ButtonRole.AcceptRole)
        no = box.addButton(QMessageBox.StandardButton.Cancel)
        # A destructive question defaults to the harmless answer: Enter must not delete.
        box.setDefaultButton(no if danger else yes)
        box.exec()
        return box.clickedButton() is yes

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        self._plain(QMessageBox.Icon.Critical, parent, title, text)

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        self._plain(QMessageBox.Icon.Information, parent, title, text)

    @staticmethod
    def _plain(icon: QMessageBox.Icon, parent: QWidget | None, title: str, text: str) -> None:
        # Plain text: messages may quote names from outside (cards, files), never HTML.
        box = QMessageBox(icon, title, text, parent=parent)
        box.setTextFormat(box.textFormat().PlainText)
        box.exec()


class Prompts(MessagePrompts):

    def save_path(self, parent: QWidget | None, title: str, name: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, str(Path.home() / name),
                                              "PDF (*.pdf)")
        return path or None
