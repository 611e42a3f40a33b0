"""Small building blocks shared by the exchange, contacts and relay dialogs.

Everything that shows text coming from outside (a name on an identity card, a subject in a
sealed file) goes through `PlainLabel`: a `QLabel` guesses rich text by default, and a card
named `<img src=…>` must be shown as those characters, never interpreted.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, Qt, QTimeZone
from PySide6.QtGui import QFont, QFontDatabase, QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QTableView, QWidget

from ui.common.formatting import is_known_type, type_label

# Colours chosen for contrast on a light background (WCAG AA for the text on its tint), with a
# strong left border so the kind of banner is seen without relying on colour alone.
_BANNER_STYLES = {
    "info": ("#e8f0fb", "#1d4f91", "#1d4f91"),
    "success": ("#e6f4ea", "#1e5e2f", "#2e7d32"),
    "warning": ("#fff4e0", "#6b4500", "#c77700"),
    "danger": ("#fdecea", "#8a1c14", "#c62828"),
}


class PlainLabel(QLabel):
    """A word-wrapped, selectable label that never interprets its text as HTML."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *,
                 selectable: bool = True) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        if selectable:
            self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                         | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setText(text)


class KeyTable(QTableView):
    """A table view whose keys (Space, Delete…) run actions: direct key handling works even
    where a window is not active (shortcuts need an active window, e.g. under offscreen)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key_actions: dict[int, Callable[[], None]] = {}

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self.key_actions.get(event.key())
        if action is not None and event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                                        Qt.KeyboardModifier.KeypadModifier):
            action()
            event.accept()
            return
        super().keyPressEvent(event)


class Banner(QFrame):
    """A coloured message strip (info, success, warning, danger) above a form."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.label = PlainLabel(parent=self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.label, 1)
        self.kind = "info"
        self.hide()

    def show_message(self, kind: str, text: str, *, bold: bool = False) -> None:
        background, ink, border = _BANNER_STYLES[kind]
        self.kind = kind
        self.setStyleSheet(
            f"QFrame#banner {{ background: {background}; border-left: 5px solid {border};"
            f" border-radius: 3px; }} QLabel {{ color: {ink}; }}")
        font = self.label.font()
        font.setBold(bold)
        self.label.setFont(font)
        self.label.setText(text)
        self.setAccessibleName(text)
        self.show()

    def clear(self) -> None:
        self.label.clear()
        self.hide()


def monospace_font(scale: float = 1.0) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    if scale != 1.0 and font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    return font


def when(moment: datetime) -> str:
    """A UTC moment in local time: 'jeudi 5 mars 2026 à 09:30' / 'Thursday … at 09:30'."""
    local = QDateTime.fromSecsSinceEpoch(int(moment.replace(tzinfo=moment.tzinfo or UTC)
                                             .timestamp()), QTimeZone.systemTimeZone())
    locale = QLocale()
    return QCoreApplication.translate("Formats", "{date} at {time}").format(
        date=locale.toString(local.date(), QLocale.FormatType.LongFormat),
        time=locale.toString(local.time(), QLocale.FormatType.ShortFormat))


def day(moment: datetime) -> str:
    """The local calendar day of a UTC moment, spelled out."""
    local = QDateTime.fromSecsSinceEpoch(int(moment.replace(tzinfo=moment.tzinfo or UTC)
                                             .timestamp()), QTimeZone.systemTimeZone())
    return QLocale().toString(local.date(), QLocale.FormatType.LongFormat)


def _grouped(fingerprint: bytes | str, digits: int | None = None) -> list[str]:
    text = (fingerprint.hex() if isinstance(fingerprint, bytes) else fingerprint.lower())[:digits]
    return [text[i:i + 4] for i in range(0, len(text), 4)]


def fingerprint_text(fingerprint: bytes | str) -> str:
    """The whole fingerprint in groups of four hex digits, two lines, for reading aloud.

    With `short_fingerprint_text`, the only way the interface shows a fingerprint: lower case,
    groups of four, as `scelle id show` prints it (`format_fingerprint`), so that people
    compare like with like."""
    groups = _grouped(fingerprint)
    half = len(groups) // 2
    return " ".join(groups[:half]) + "\n" + " ".join(groups[half:])


def short_fingerprint_text(fingerprint: bytes | str) -> str:
    """The first 16 hex digits in the same groups of four ('a1b2 c3d4 e5f6 0718'): enough to
    tell people apart in a list; the safety number, not this, is what proves a key."""
    return " ".join(_grouped(fingerprint, 16))


def message_id_text(message_id: str) -> str:
    return " ".join(message_id[i:i + 4] for i in range(0, len(message_id), 4))


def file_kind(media_type: str, name: str) -> str:
    """'PDF document', 'JPEG image'… rather than a media type nobody in an office reads: the
    main window's names (formatting.type_label), else the file's suffix ('XML file')."""
    if is_known_type(media_type):
        return type_label(media_type)
    suffix = name.rsplit(".", 1)[-1].upper() if "." in name else ""
    if suffix and len(suffix) <= 5 and suffix.isalnum():
        return QCoreApplication.translate("FileKinds", "{suffix} file").format(suffix=suffix)
    return QCoreApplication.translate("FileKinds", "File")
