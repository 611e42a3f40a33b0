"""Words about duty groups, shared by the send dialog, the inbox and the roster editor."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, QTimeZone

from app.relay_client.groups import GroupAddress
from app.vault.message_groups import UnusableMember
from ui.common.widgets import short_fingerprint_text

def taken_text(taker: str | None, mine: bool) -> str:
    """'taken by Me Dupont' / 'taken by you', '' when nobody took it."""
    if mine:
        return QCoreApplication.translate("DutyGroups", "taken by you")
    if not taker:
        return ""
    return QCoreApplication.translate("DutyGroups", "taken by %1").replace("%1", taker)


def group_text(name: str) -> str:
    return QCoreApplication.translate("DutyGroups", "to the group %1").replace("%1", name)


def unusable_text(members: Sequence[UnusableMember]) -> str:
    """One line per member on duty who cannot receive, with the core's reason (English: the
    core's refusals are shown as they are, like every error of the application)."""
    return "\n".join(f"• {m.name or short_fingerprint_text(m.fingerprint)}: {m.reason}"
                     for m in members)


def address_text(target: GroupAddress) -> str:
    names = ", ".join(c.name for c in target.cards)
    text = QCoreApplication.translate(
        "DutyGroups", "On duty now, the file goes to: %1.").replace("%1", names)
    if target.unusable:
        heading = QCoreApplication.translate("DutyGroups",
                                             "These members on duty cannot receive it:")
        text += "\n" + heading + "\n" + unusable_text(target.unusable)
    return text


def windows_text(windows: Sequence[tuple[datetime, datetime]]) -> str:
    """The duty windows of a member, in local time; 'always on duty' without any."""
    if not windows:
        return QCoreApplication.translate("DutyGroups", "always on duty")
    return "; ".join(f"{short_time(start)} → {short_time(end)}" for start, end in windows)


def short_time(moment: datetime) -> str:
    """'07/12/2026 08:00' in local time."""
    local = QDateTime.fromSecsSinceEpoch(int(moment.timestamp()), QTimeZone.systemTimeZone())
    return QLocale().toString(local, QLocale.FormatType.ShortFormat)


def inbox_state_text(state: str, row: object) -> str:
    """An inbox row's state with its group and who took it: 'Opened, to the group Permanence
    pénale, taken by Me Dupont'."""
    parts = [state, group_text(str(getattr(row, "group", "")))]
    if getattr(row, "group_unconfirmed", False):
        parts.append(QCoreApplication.translate(
            "DutyGroups", "NOT confirmed by the relay's proof of deposit"))
    taken = taken_text(getattr(row, "taken_by", None), bool(getattr(row, "taken_by_me", False)))
    if taken:
        parts.append(taken)
    return ", ".join(parts)
