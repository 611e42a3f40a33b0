"""Copying secrets to the clipboard, and taking them back.

Anything of ours that goes to the clipboard (page text, a safety number, a fingerprint, a TOTP
key) goes through `copy_secret_text(text)`; labels that show such text and let the user select
it are wired to it by `protect_copy(label)`, so Ctrl+C and their "Copy" menu take the same road.
We remember a SHA-256 of what we put there (not the text itself), clear the clipboard after a
delay from the settings, and clear it when the vault locks; in both cases only if it still holds
our text: if the user has since copied something else, that is theirs and we leave it alone.

The text goes with the formats by which the platforms' clipboard histories and cloud clipboards
recognise a secret and skip it (`secret_mime_data`):

* Windows (10 1809+): `ExcludeClipboardContentFromMonitorProcessing` (any content),
  `CanIncludeInClipboardHistory` and `CanUploadToCloudClipboard` (DWORD 0). Qt registers a
  clipboard format named after the part in quotes of `application/x-qt-windows-mime;value="…"`.
* macOS: the nspasteboard.org markers `org.nspasteboard.ConcealedType` and `TransientType`,
  carried as `application/x-nspasteboard-concealed-type` / `…-transient-type` (the MIME names
  KeePassXC and CopyQ use) and mapped to those pasteboard types by `install_uti_converter()`
  where PySide6 offers Qt's QUtiMimeConverter (macOS builds, Qt 6.5+).
* KDE and the X11/Wayland clipboard managers that follow it (Klipper, CopyQ):
  `x-kde-passwordManagerHint` = `secret`.

These are requests honoured by well-behaved clipboard managers, not a protection: any program of
the user's session can still read the clipboard while the text is there (docs/security.md §8).
"""

from __future__ import annotations

import hashlib
import struct
import sys
from collections.abc import Callable

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QClipboard, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLabel

from app.policy import DEFAULT_CLIPBOARD_SECONDS

_WINDOWS = 'application/x-qt-windows-mime;value="{}"'
_DWORD_ZERO = struct.pack("<I", 0)
#: Format → content of every secret copy, besides the text itself.
SECRET_HINTS: dict[str, bytes] = {
    _WINDOWS.format("ExcludeClipboardContentFromMonitorProcessing"): b"\x01\x00\x00\x00",
    _WINDOWS.format("CanIncludeInClipboardHistory"): _DWORD_ZERO,
    _WINDOWS.format("CanUploadToCloudClipboard"): _DWORD_ZERO,
    "application/x-nspasteboard-concealed-type": b"",
    "application/x-nspasteboard-transient-type": b"",
    "x-kde-passwordManagerHint": b"secret",
}
_MAC_TYPES = {"application/x-nspasteboard-concealed-type": "org.nspasteboard.ConcealedType",
              "application/x-nspasteboard-transient-type": "org.nspasteboard.TransientType"}


def secret_mime_data(text: str) -> QMimeData:
    """The text, marked for every platform as not to be kept in clipboard histories."""
    data = QMimeData()
    data.setText(text)
    for mime, content in SECRET_HINTS.items():
        data.setData(mime, content)
    return data


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
        if sys.platform == "darwin" and _converter is None:
            install_uti_converter()

    def _board(self) -> QClipboard:
        return self._clipboard or QGuiApplication.clipboard()

    @property
    def holds_ours(self) -> bool:
        """True while the clipboard still contains the last text we put there."""
        return self._ours is not None and _digest(self._board().text()) == self._ours

    def copy(self, text: str, delay_ms: int | None = None) -> None:
        board = self._board()
        board.setMimeData(secret_mime_data(text), QClipboard.Mode.Clipboard)
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


def install(clipboard: SecretClipboard | None) -> None:
    """Used by the application controller to install the instance bound to the settings
    (None: the next copy makes a default one)."""
    global _instance
    _instance = clipboard


def copy_secret_text(text: str) -> None:
    """Copy `text`; it is cleared after the configured delay and at lock if still there."""
    secret_clipboard().copy(text)


def _selected_or_all(label: QLabel) -> str:
    return label.selectedText() if label.hasSelectedText() else label.text()


class _CopyGuard(QObject):
    """Turns a selectable label's own copy (Ctrl+C) into `copy_secret_text`."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (isinstance(watched, QLabel) and isinstance(event, QKeyEvent)
                and event.type() == QEvent.Type.KeyPress
                and event.matches(QKeySequence.StandardKey.Copy)):
            copy_secret_text(_selected_or_all(watched))
            return True
        return False


def protect_copy(label: QLabel) -> QLabel:
    """Make every copy out of `label` a secret copy: Ctrl+C (the selection, or all its text)
    and its context menu's "Copy". Qt's own copy would put plain text on the clipboard, without
    the history hints and never cleared."""
    guard = _CopyGuard(label)
    label.installEventFilter(guard)
    label.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    action = QAction(QGuiApplication.translate("Clipboard", "&Copy"), label)
    action.triggered.connect(lambda: copy_secret_text(_selected_or_all(label)))
    label.addAction(action)
    return label


def install_uti_converter() -> bool:
    """On macOS, map our two marker MIME types to the nspasteboard.org pasteboard types; False
    where Qt has no QUtiMimeConverter (other platforms, or PySide6 builds without it)."""
    from PySide6 import QtGui

    base = getattr(QtGui, "QUtiMimeConverter", None)
    if base is None:
        return False

    class _Markers(base):  # type: ignore[misc, valid-type]
        def utiForMime(self, mime: str) -> str:  # noqa: N802 (Qt's name)
            return _MAC_TYPES.get(mime, "")

        def mimeForUti(self, uti: str) -> str:  # noqa: N802
            return next((m for m, u in _MAC_TYPES.items() if u == uti), "")

        def convertFromMime(self, mime: str, data: object, uti: str) -> list[bytes]:  # noqa: N802
            return [b""]

        def convertToMime(self, mime: str, data: list[bytes], uti: str) -> bytes:  # noqa: N802
            return b""

    global _converter
    _converter = _Markers()  # Qt unregisters a converter when it is destroyed: keep it
    return True


_converter: object | None = None
