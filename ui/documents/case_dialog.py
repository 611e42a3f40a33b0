"""The case properties dialog: name, reference, retention date (creating or editing a case)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.cases import MAX_REFERENCE_LEN
from app.records import MAX_NAME_LEN


@dataclass(frozen=True)
class CaseFields:
    name: str
    reference: str
    retention_until: date | None


class CaseDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, fields: CaseFields | None = None) -> None:
        super().__init__(parent)
        editing = fields is not None
        self.setWindowTitle(self.tr("Case properties") if editing else self.tr("New case"))
        self.setMinimumWidth(420)
        self.name = QLineEdit(self)
        self.name.setMaxLength(MAX_NAME_LEN)
        self.name.setAccessibleName(self.tr("Case name"))
        self.name.setPlaceholderText(self.tr("e.g. Estate of Mr Martin"))
        self.reference = QLineEdit(self)
        self.reference.setMaxLength(MAX_REFERENCE_LEN)
        self.reference.setAccessibleName(self.tr("Case reference"))
        self.reference.setPlaceholderText(self.tr("e.g. 2026/0142"))
        self.keep = QCheckBox(self.tr("&Keep until"), self)
        self.keep.setAccessibleName(self.tr("Set a retention date"))
        self.until = QDateEdit(self)
        self.until.setCalendarPopup(True)
        self.until.setAccessibleName(self.tr("Retention date"))
        self.until.setDate(QDate.currentDate().addYears(30))
        self.keep.toggled.connect(self.until.setEnabled)
        self._build(editing)
        if fields is not None:
            self.name.setText(fields.name)
            self.reference.setText(fields.reference)
            if fields.retention_until is not None:
                day = fields.retention_until
                self.until.setDate(QDate(day.year, day.month, day.day))
            self.keep.setChecked(fields.retention_until is not None)
        self.until.setEnabled(self.keep.isChecked())
        self.name.textChanged.connect(self._update_ok)
        self._update_ok()

    def _build(self, editing: bool) -> None:
        form = QFormLayout()
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("&Reference:"), self.reference)
        row = QHBoxLayout()
        row.addWidget(self.keep)
        row.addWidget(self.until, 1)
        form.addRow(self.tr("Retention:"), row)
        hint = QLabel(self.tr("The retention date deletes nothing by itself: it marks when the "
                              "case may be disposed of."), self)
        hint.setWordWrap(True)
        hint.setEnabled(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Save") if editing else self.tr("Create"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.name.text().strip()))

    def fields(self) -> CaseFields:
        until = self.until.date().toPython() if self.keep.isChecked() else None
        return CaseFields(self.name.text().strip(), self.reference.text().strip(), until)
