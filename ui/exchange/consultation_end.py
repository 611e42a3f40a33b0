"""The consultation-end choice of the seal and send forms: "Destroy after [day]".

Offered only with "View only" ticked (a file that may be exported cannot be taken back). The
chosen day means until its end, local time: the core's rule
(`app.sealing.consultation_end.consultation_end_of_day`), the command line's
`--consult-until DAY` too. After it, the recipients' vaults destroy the documents and, through
the relay, the sender receives a signed `destroyed` receipt.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QWidget

from app.sealing.consultation_end import consultation_end_of_day

DEFAULT_CONSULTATION_DAYS = 7


class ConsultationEndRow(QWidget):
    """A check box and a date, enabled by the form's "View only" check box."""

    def __init__(self, parent: QWidget, view_only: QCheckBox) -> None:
        super().__init__(parent)
        self._view_only = view_only
        self.enabled = QCheckBox(self.tr("&Destroy after"), self)
        self.enabled.setAccessibleName(self.tr("Set a consultation end"))
        self.enabled.setAccessibleDescription(self.tr(
            "After this day the recipients' vaults destroy the documents and tell you so"))
        self.date = QDateEdit(self)
        self.date.setCalendarPopup(True)
        self.date.setAccessibleName(self.tr("Consultation end"))
        self.date.setMinimumDate(QDate.currentDate())
        self.date.setDate(QDate.currentDate().addDays(DEFAULT_CONSULTATION_DAYS))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.enabled)
        row.addWidget(self.date)
        row.addStretch(1)
        view_only.toggled.connect(self._update)
        self.enabled.toggled.connect(self._update)
        self._update()

    def _update(self) -> None:
        view_only = self._view_only.isChecked()
        self.enabled.setEnabled(view_only)
        self.date.setEnabled(view_only and self.enabled.isChecked())

    def value(self) -> datetime | None:
        """The consultation end chosen, None when none (or the file is not view-only)."""
        if not (self._view_only.isChecked() and self.enabled.isChecked()):
            return None
        return consultation_end_of_day(self.date.date().toPython(), view_only=True)
