"""The questions the roster editor asks (a name, a fingerprint, a member's duty windows), behind
one small object so that tests answer them at once (as ui/org/prompts.py does)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QDateTime, QObject, QTimeZone
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class WindowChoice:
    """A member's new duty windows: `always`, or one window (UTC) added or replacing."""

    always: bool
    start: datetime | None = None
    end: datetime | None = None
    keep: bool = False  # keep the member's windows not over yet


class WindowDialog(QDialog):
    """Always on duty, or on duty from … until … (local time; stored in UTC)."""

    def __init__(self, parent: QWidget | None, who: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Duty windows of %1").replace("%1", who))
        self.always = QRadioButton(self.tr("&Always on duty"), self)
        self.between = QRadioButton(self.tr("On duty &between:"), self)
        self.between.setChecked(True)
        now = QDateTime.currentDateTime()
        self.start = QDateTimeEdit(now, self)
        self.end = QDateTimeEdit(now.addSecs(12 * 3600), self)
        for edit, name in ((self.start, self.tr("Start of duty")),
                           (self.end, self.tr("End of duty"))):
            edit.setCalendarPopup(True)
            edit.setAccessibleName(name)
        self.keep = QCheckBox(self.tr("&Keep this member's windows that are not over yet"), self)
        self.always.toggled.connect(self._mode)
        form = QFormLayout()
        form.addRow(self.tr("&From:"), self.start)
        form.addRow(self.tr("&Until:"), self.end)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.always)
        layout.addWidget(self.between)
        layout.addLayout(form)
        layout.addWidget(self.keep)
        layout.addWidget(buttons)

    def _mode(self, always: bool) -> None:
        for widget in (self.start, self.end, self.keep):
            widget.setEnabled(not always)

    def choice(self) -> WindowChoice:
        if self.always.isChecked():
            return WindowChoice(True)
        return WindowChoice(False, _utc(self.start.dateTime()), _utc(self.end.dateTime()),
                            self.keep.isChecked())


def _utc(moment: QDateTime) -> datetime:
    seconds = moment.toTimeZone(QTimeZone.utc()).toSecsSinceEpoch()
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)


class RosterPrompts(QObject):
    def text(self, parent: QWidget | None, title: str, label: str,
             value: str = "") -> str | None:
        """A line typed by the user, or None if cancelled."""
        typed, ok = QInputDialog.getText(parent, title, label, text=value)
        return typed if ok else None

    def windows(self, parent: QWidget | None, who: str) -> WindowChoice | None:
        dialog = WindowDialog(parent, who)
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
