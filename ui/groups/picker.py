"""`GroupPicker`: in the send dialog, address a duty group instead of contacts.

Ticking *Send to a duty group* loads the groups (`RelayService.groups`: the rosters of our
organisation and of linked ones, each verified by the core) on a worker; choosing one asks the
core who is on duty now and who of them can receive (`RelayService.group_address`), also on a
worker, and shows it: the members the file will go to, and those who cannot receive with the
reason. The dialog then sends to that `GroupAddress` (`RelayService.send_to_group`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QVBoxLayout, QWidget

from app.relay_client import RelayService
from app.relay_client.groups import DutyGroup, GroupAddress
from ui.common.widgets import PlainLabel
from ui.groups.texts import address_text
from ui.workers import JobHandle, JobQueue, error_message, plain

Index = QModelIndex | QPersistentModelIndex


class GroupsModel(QAbstractListModel):
    """The groups one can address, "name — organisation"."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._groups: list[DutyGroup] = []

    def set_groups(self, groups: list[DutyGroup]) -> None:
        self.beginResetModel()
        self._groups = list(groups)
        self.endResetModel()

    def group(self, row: int) -> DutyGroup | None:
        return self._groups[row] if 0 <= row < len(self._groups) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._groups)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        roster = self._groups[index.row()].roster
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{roster.name} — {roster.organisation}"
        return None


class GroupPicker(QWidget):
    """`toggled(bool)` when the choice between contacts and a group changes; `resolved` when
    the members on duty are known (or could not be)."""

    toggled = Signal(bool)
    resolved = Signal()

    def __init__(self, service: RelayService, jobs: JobQueue,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._jobs = jobs
        self._target: GroupAddress | None = None
        self._problem: str | None = None
        self._loaded = False
        self._job: JobHandle | None = None
        self.use_group = QCheckBox(self.tr("Send to a duty gr&oup instead of contacts"), self)
        self.model = GroupsModel(self)
        self.combo = QComboBox(self)
        self.combo.setModel(self.model)
        self.combo.setAccessibleName(self.tr("Duty group"))
        self.combo.setEnabled(False)
        self.summary = PlainLabel("", self)
        self.summary.hide()
        form = QFormLayout()
        form.addRow(self.tr("Grou&p:"), self.combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.use_group)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        self.use_group.toggled.connect(self._use_toggled)
        self.combo.currentIndexChanged.connect(self._chosen)

    # -- state the dialog asks --------------------------------------------------------------
    def active(self) -> bool:
        return self.use_group.isChecked()

    def target(self) -> GroupAddress | None:
        return self._target

    def problem(self) -> str | None:
        """Why the dialog cannot send to the group yet, or None."""
        if self._job is not None:
            return self.tr("Wait until the members on duty are known.")
        if self._target is None:
            return self._problem or self.tr("Choose a duty group.")
        return None

    # -- loading ------------------------------------------------------------------------------
    def _use_toggled(self, on: bool) -> None:
        self.combo.setEnabled(on and self.model.rowCount() > 0)
        self.summary.setVisible(on)
        self.toggled.emit(on)
        if on and not self._loaded:
            self._show(self.tr("Loading the duty groups…"))
            self._job = self._jobs.submit(plain(self._service.groups), on_done=self._groups,
                                          on_error=self._failed)

    def _groups(self, groups: list[DutyGroup]) -> None:
        self._job = None
        self._loaded = True
        self.model.set_groups(groups)
        self.combo.setEnabled(self.active() and bool(groups))
        if not groups:
            self._problem = self.tr("No duty group of your organisation or of a linked one is "
                                    "published on the relay.")
            self._show(self._problem)
            self.resolved.emit()
            return
        self.combo.setCurrentIndex(0)
        self._chosen(0)

    def _chosen(self, row: int) -> None:
        group = self.model.group(row)
        if group is None or not self._loaded:
            return
        self._target = None
        self._show(self.tr("Finding who is on duty…"))
        self._job = self._jobs.submit(plain(self._service.group_address), group,
                                      on_done=self._addressed, on_error=self._failed)

    def _addressed(self, target: GroupAddress) -> None:
        current = self.model.group(self.combo.currentIndex())
        if current is not None and current.group_id != target.group.group_id:
            return  # an earlier choice answered late; the current one is on its way
        self._job = None
        self._target = target
        self._problem = None
        self._show(address_text(target))
        self.resolved.emit()

    def _failed(self, exc: BaseException) -> None:
        self._job = None
        self._target = None
        self._problem = error_message(exc)
        self._show(self._problem)
        self.resolved.emit()

    def _show(self, text: str) -> None:
        self.summary.setText(text)
        self.summary.setVisible(self.active())
