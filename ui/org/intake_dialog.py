"""`PublishIntakeDialog`: what an intake point publishes (its name, the intake group, the
page's title, the limits), prefilled from the point chosen in the Intake point tab to publish
it again. It only collects; app/org/intake.py checks and refuses."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.org.intake import DEFAULT_MAX_BYTES, DEFAULT_MAX_FILES, MAX_FILES, MAX_REQUEST_BYTES, \
    IntakePoint
from app.relay_client.groups import DutyGroup
from ui.common.widgets import PlainLabel
from ui.org.intake_jobs import IntakeRequest

MB = 1_000_000  # decimal, as the page and the French "Mo" count


class PublishIntakeDialog(QDialog):
    def __init__(self, groups: list[DutyGroup], point: IntakePoint | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Publish an intake point"))
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(64)
        self.group_choice = QComboBox(self)
        for group in groups:
            self.group_choice.addItem(group.roster.name, group.group_id)
        self.title_edit = QLineEdit(self)
        self.title_edit.setMaxLength(200)
        self.size_box = QSpinBox(self)
        self.size_box.setRange(1, MAX_REQUEST_BYTES // MB)
        self.files_box = QSpinBox(self)
        self.files_box.setRange(0, MAX_FILES)
        self._fill(point)
        form = QFormLayout()
        for text, field in ((self.tr("Page &name (its address):"), self.name_edit),
                            (self.tr("Intake &group:"), self.group_choice),
                            (self.tr("&Title shown on the page:"), self.title_edit),
                            (self.tr("Largest &request, in MB:"), self.size_box),
                            (self.tr("Attached &files at most:"), self.files_box)):
            label = QLabel(text, self)
            label.setBuddy(field)
            form.addRow(label, field)
        note = PlainLabel(self.tr("Every member of the intake group whose card is certified "
                                  "by your organisation can read the requests. Publishing "
                                  "again gives the page a new version."), self)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("P&ublish"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def _fill(self, point: IntakePoint | None) -> None:
        if point is None:
            self.size_box.setValue(DEFAULT_MAX_BYTES // MB)
            self.files_box.setValue(DEFAULT_MAX_FILES)
            return
        document = point.document
        self.name_edit.setText(document.name)
        self.group_choice.setCurrentIndex(max(0, self.group_choice.findData(document.group_id)))
        self.title_edit.setText(document.title)
        self.size_box.setValue(max(1, document.max_bytes // MB))
        self.files_box.setValue(document.max_files)

    def request(self) -> IntakeRequest:
        return IntakeRequest(self.name_edit.text(), str(self.group_choice.currentData() or ""),
                             self.title_edit.text(), self.size_box.value() * MB,
                             self.files_box.value())
