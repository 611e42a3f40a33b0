"""The proofs table's "Timestamp" column (issue 17): a proof's RFC 3161 token as checked now
(app/relay_client/stamps.py `StampCheck`), in words and with an icon."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt

from app.relay_client.stamps import StampCheck
from app.times import parse_time
from ui.relay.labels import moment_text
from ui.widgets.icons import icon

_CONTEXT = "StampCells"
_STATES = {
    "verified": QT_TRANSLATE_NOOP("StampCells", "{time}, {authority} (verified)"),
    "unchecked": QT_TRANSLATE_NOOP("StampCells", "{time}, {authority} (not checked: the "
                                                 "authority's certificate is not configured)"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def stamp_header() -> str:
    return _tr(QT_TRANSLATE_NOOP("StampCells", "Timestamp"))


def stamp_cell(stamp: StampCheck | None, role: int) -> Any:
    if role == Qt.ItemDataRole.DecorationRole:
        if stamp is None:
            return None
        return icon({"verified": "check", "unchecked": "warning"}.get(stamp.status, "error"))
    if role == Qt.ItemDataRole.ToolTipRole and stamp is not None and stamp.status == "invalid":
        return stamp.reason
    if role != Qt.ItemDataRole.DisplayRole:
        return None
    if stamp is None:
        return _tr(QT_TRANSLATE_NOOP("StampCells", "none yet"))
    if stamp.status == "invalid":
        return _tr(QT_TRANSLATE_NOOP("StampCells", "INVALID"))
    return _tr(_STATES[stamp.status]).format(time=moment_text(parse_time(stamp.time)),
                                             authority=stamp.authority)
