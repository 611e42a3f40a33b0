"""Wizard page: the recovery code typed back, which finishes a pending creation.

Two groups chosen at random are typed from what the holder wrote down. The core's rule
(app/vault/pending_creation.py `check_recovery_groups`) decides, and its answer names the group
that is wrong, as the command line does. Shared by the first-run wizard and the wizard that
resumes an interrupted creation (ui/wizard/pending.py).
"""

from __future__ import annotations

import random

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWizardPage

from app.vault.pending_creation import RecoveryGroupMismatch, check_recovery_groups

GROUP_DIGITS = 6


class RecoveryConfirmPage(QWizardPage):
    """Retype two groups chosen at random: proof that the code was really written down."""

    def __init__(self, rng: random.Random | None = None) -> None:
        super().__init__()
        self.setTitle(self.tr("Check the recovery code"))
        self.setSubTitle(self.tr("Type the two groups asked, from what you wrote down."))
        self._rng = rng or random.SystemRandom()
        self.code = ""
        self.asked: tuple[int, int] = (0, 1)
        self.fields = (QLineEdit(self), QLineEdit(self))
        self.labels = (QLabel(self), QLabel(self))
        self.problem = QLabel(self)
        self.problem.setObjectName("error")
        self.problem.setWordWrap(True)
        self.problem.hide()
        form = QFormLayout(self)
        for label, field in zip(self.labels, self.fields):
            field.setMaxLength(GROUP_DIGITS)
            field.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,6}"),
                                                           field))
            label.setBuddy(field)
            field.textChanged.connect(self._changed)
            form.addRow(label, field)
        form.addRow("", self.problem)

    def set_code(self, code: str) -> None:
        self.code = code
        count = len(code.split("-"))
        first, second = sorted(self._rng.sample(range(count), 2))
        self.asked = (first, second)
        for n, (label, field) in enumerate(zip(self.labels, self.fields)):
            label.setText(self.tr("Group &%1:").replace("%1", str(self.asked[n] + 1)))
            field.setAccessibleName(label.text().replace("&", ""))
            field.clear()

    def answers(self) -> dict[int, str]:
        return {index: field.text() for index, field in zip(self.asked, self.fields)}

    def wrong_group(self) -> int | None:
        """The first group typed in full that does not match (1 to 8), or None."""
        typed = {i: t for i, t in self.answers().items() if len(t) == GROUP_DIGITS}
        try:
            check_recovery_groups(self.code, typed)
        except RecoveryGroupMismatch as exc:
            return exc.group
        return None

    def _changed(self) -> None:
        group = self.wrong_group() if self.code else None
        self.problem.setText("" if group is None else self.tr(
            "Group %1 does not match the recovery code: check what you wrote down for this "
            "group.").replace("%1", str(group)))
        self.problem.setVisible(group is not None)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        if not self.code or any(len(f.text()) != GROUP_DIGITS for f in self.fields):
            return False
        return self.wrong_group() is None
