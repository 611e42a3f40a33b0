"""Copying secrets to the clipboard, and taking them back.

Anything of ours that goes to the clipboard (a safety number, a reference, a recovery code)
goes through `copy_secret_text(text)`. We remember a SHA-256 of what we put there (not the text
itself), clear the clipboard after a delay from the settings, and clear it when the vault locks;
in both cases only if it still holds our text: if the user has since copied something else, that
is theirs and we leave it alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QClipboard, QGuiApplication

from app.policy import DEFAULT_CLIPBOARD_SECONDS


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


class SecretClipboard(QObject):
    """Puts text on the system clipboard and clears it later if it is still ours."""

    cleared = Signal()

    def __init__(self, delay_seconds: Callable[[], int] | None = None,
                 parent: QObject | None = None, clipboard: QClipboard | None = None) -> None:
        super().__init__(parent)
        self._delay = delay_seconds or (lambda: DEFAULT_CLIPBOARD_SECONDS)
        self._clipboard = clipboard
        self._ours: bytes | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear_if_ours)

    def _board(self) -> QClipboard:
        return self._clipboard or QGuiApplication.clipboard()

    @property
    def holds_ours(self) -> bool:
        """True while the clipboard still contains the last text we put there."""
        return self._ours is not None and _digest(self._board().text()) == self._ours

    def copy(self, text: str, delay_ms: int | None = None) -> None:
        board = self._board()
        board.setText(text, QClipboard.Mode.Clipboard)
        self._ours = _digest(text)
        self._timer.start(delay_ms if delay_ms is not None else self._delay() * 1000)

    def clear_if_ours(self) -> bool:
        """Empty the clipboard if it still holds our text; returns whether it did."""
        self._timer.stop()
        if not self.holds_ours:
            self._ours = None
            return False
        self._board().clear(QClipboard.Mode.Clipboard)
        self._ours = None
        self.cleared.emit()
        return True


_instance: SecretClipboard | None = None


def secret_clipboard() -> SecretClipboard:
    """The application's instance (made on first use with the default delay)."""
    global _instance
    if _instance is None:
        _instance = SecretClipboard()
    return _instance


def install(clipboard: SecretClipboard) -> None:
    """Used by the application controller to install the instance bound to the settings."""
    global _instance
    _instance = clipboard


def copy_secret_text(text: str) -> None:
    """Copy `text`; it is cleared after the configured delay and at lock if still there."""
    secret_clipboard().copy(text)
