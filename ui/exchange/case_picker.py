"""`CasePicker`: the case (dossier) a sealed file is received into: none, an existing case, or a
new one named on the spot."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from app.cases import Case

_NONE, _NEW = -1, -2


@dataclass(frozen=True)
class CaseChoice:
    case_id: int | None  # an existing case, or None
    new_name: str = ""  # a case to create first (case_id is None then)


class CasePicker(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox(self)
        self.combo.setAccessibleName(self.tr("Case to receive into"))
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(24)
        self.new_name = QLineEdit(self)
        self.new_name.setPlaceholderText(self.tr("Name of the new case"))
        self.new_name.setAccessibleName(self.tr("Name of the new case"))
        self.new_name.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo, 1)
        layout.addWidget(self.new_name, 1)
        self.combo.currentIndexChanged.connect(self._changed)
        self.set_cases([])

    def set_cases(self, cases: list[Case]) -> None:
        current = self.combo.currentData()
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(self.tr("No case (unfiled documents)"), _NONE)
        for case in cases:
            label = f"{case.name} — {case.reference}" if case.reference else case.name
            self.combo.addItem(label, case.id)
        self.combo.addItem(self.tr("New case…"), _NEW)
        found = self.combo.findData(current)
        self.combo.setCurrentIndex(found if found >= 0 else 0)
        self.combo.blockSignals(False)
        self._changed()

    def select_case(self, case_id: int | None) -> bool:
        found = self.combo.findData(_NONE if case_id is None else case_id)
        if found >= 0:
            self.combo.setCurrentIndex(found)
        return found >= 0

    def select_new(self, name: str) -> None:
        self.combo.setCurrentIndex(self.combo.findData(_NEW))
        self.new_name.setText(name)

    def choice(self) -> CaseChoice | None:
        """The choice made, or None when "new case" is chosen without a name yet."""
        data = self.combo.currentData()
        if data == _NEW:
            name = self.new_name.text().strip()
            return CaseChoice(None, name) if name else None
        return CaseChoice(None if data in (_NONE, None) else int(data))

    def _changed(self) -> None:
        is_new = self.combo.currentData() == _NEW
        self.new_name.setVisible(is_new)
        if is_new:
            self.new_name.setFocus()
