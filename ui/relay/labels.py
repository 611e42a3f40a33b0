"""Words, icons and times shown by the relay views (states, verification, proof kinds).

A state is always shown as an icon *and* a word (never colour alone). Times are stored as UTC
epoch seconds or RFC 3339 text and shown in local time, spelled as the rest of the app does.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDateTime, QLocale, QTimeZone
from PySide6.QtGui import QColor, QIcon

from ui.widgets.icons import icon

_CTX = "RelayStates"

# state -> (icon name, English word); the word is translated in the "RelayStates" context.
STATES: dict[str, tuple[str, str]] = {
    "uploading": ("refresh", QT_TRANSLATE_NOOP("RelayStates", "Uploading")),
    "deposited": ("info", QT_TRANSLATE_NOOP("RelayStates", "Deposited")),
    "delivered": ("check", QT_TRANSLATE_NOOP("RelayStates", "Delivered")),
    "opened": ("check", QT_TRANSLATE_NOOP("RelayStates", "Opened")),
    "refused": ("error", QT_TRANSLATE_NOOP("RelayStates", "Refused")),
    "expired": ("timer", QT_TRANSLATE_NOOP("RelayStates", "Expired")),
    "held": ("warning", QT_TRANSLATE_NOOP("RelayStates", "Held: your decision")),
    "failed": ("error", QT_TRANSLATE_NOOP("RelayStates", "Failed")),
    "withdrawn": ("remove", QT_TRANSLATE_NOOP("RelayStates", "Withdrawn")),
    # A receipt's event: the recipient's vault destroyed a view-only document at its end.
    "destroyed": ("remove", QT_TRANSLATE_NOOP("RelayStates", "Destroyed")),
}

_COLOURS = {"opened": "#1e5e2f", "delivered": "#1e5e2f", "refused": "#8a1c14",
            "failed": "#8a1c14", "held": "#6b4500", "expired": "#555555"}

VERIFICATION: dict[str, tuple[str, str]] = {
    "verified": ("check", QT_TRANSLATE_NOOP("RelayStates", "verified")),
    "unverified": ("warning", QT_TRANSLATE_NOOP("RelayStates", "not verified")),
    "key_changed": ("error", QT_TRANSLATE_NOOP("RelayStates", "keys changed")),
    "unknown": ("warning", QT_TRANSLATE_NOOP("RelayStates", "not in your contacts")),
    "impersonation": ("error", QT_TRANSLATE_NOOP("RelayStates",
                                                 "DIFFERENT KEY under a known name")),
}

PROOF_KINDS: dict[str, str] = {
    "deposit": QT_TRANSLATE_NOOP("RelayStates", "Deposit"),
    "intake_deposit": QT_TRANSLATE_NOOP("RelayStates", "Deposit at the intake page"),
    "delivery": QT_TRANSLATE_NOOP("RelayStates", "Delivery"),
    "receipt": QT_TRANSLATE_NOOP("RelayStates", "Receipt"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def state_text(state: str) -> str:
    found = STATES.get(state)
    return _tr(found[1]) if found else state


def state_icon(state: str) -> QIcon:
    found = STATES.get(state)
    return icon(found[0]) if found else QIcon()


def state_colour(state: str) -> QColor | None:
    colour = _COLOURS.get(state)
    return QColor(colour) if colour else None


def verification_text(kind: str) -> str:
    found = VERIFICATION.get(kind)
    return _tr(found[1]) if found else kind


def verification_icon(kind: str) -> QIcon:
    found = VERIFICATION.get(kind)
    return icon(found[0]) if found else QIcon()


def proof_kind_text(kind: str) -> str:
    return _tr(PROOF_KINDS[kind]) if kind in PROOF_KINDS else kind


def moment_text(moment: datetime | int | float | None) -> str:
    """'05/03/2026 09:30' in local time (short: lists); '' for None."""
    if moment is None:
        return ""
    seconds = int(moment.timestamp()) if isinstance(moment, datetime) else int(moment)
    local = QDateTime.fromSecsSinceEpoch(seconds, QTimeZone.systemTimeZone())
    return QLocale().toString(local, QLocale.FormatType.ShortFormat)


def epoch(moment: datetime) -> int:
    return int(moment.replace(tzinfo=moment.tzinfo or UTC).timestamp())
