"""`RosterPanel`: an organisation's admin edits its duty groups (a tab of the Organisation
window, ui/org/window.py).

A group is chosen in the list; its members are a table (model/view: name, fingerprint, on duty
now, windows). New group, Rename, Add member (a certified member's fingerprint), Remove member
(also the Delete key), Duty windows… (always on duty, or from/until in local time). Every change
is the next roster version, signed with the organisation key the window holds (its
`signer_now`, which asks a token's PIN on the GUI thread) and published on a worker; the
relay's refusal (a member not certified, a newer version published meanwhile) is shown in the
banner as the core words it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import ScelleError
from app.org.signer import OrgSigner
from app.relay_client import group_admin
from app.relay_client.groups import DutyGroup
from app.vault import VaultSession
from ui.common.widgets import Banner, KeyTable
from ui.groups import jobs
from ui.groups.models import RosterMembersModel
from ui.groups.picker import GroupsModel
from ui.groups.prompts import RosterPrompts, WindowChoice
from ui.workers import JobQueue, error_message, plain


def panel_title() -> str:
    return QCoreApplication.translate("RosterPanel", "Duty &groups")


class RosterPanel(QWidget):
    """`loaded` after every reload or change (tests wait for it)."""

    loaded = Signal()

    def __init__(self, session: VaultSession, jobs_queue: JobQueue,
                 signer_now: Callable[[], OrgSigner | None], parent: QWidget | None = None,
                 *, prompts: RosterPrompts | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.jobs = jobs_queue
        self.signer_now = signer_now
        self.prompts = prompts or RosterPrompts(self)
        self.snapshot: jobs.RosterSnapshot | None = None
        self._busy = False
        self._build()

    def _build(self) -> None:
        self.banner = Banner(self)
        self.groups_model = GroupsModel(self)
        self.group_choice = QComboBox(self)
        self.group_choice.setModel(self.groups_model)
        self.group_choice.setAccessibleName(self.tr("Duty group"))
        self.group_choice.currentIndexChanged.connect(self._show_group)
        self.members_model = RosterMembersModel(self)
        self.members_view = KeyTable(self)
        self.members_view.setAccessibleName(self.tr("Members of the duty group"))
        self.members_view.setModel(self.members_model)
        self.members_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.members_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.members_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.members_view.setTabKeyNavigation(False)
        self.members_view.verticalHeader().hide()
        self.members_view.horizontalHeader().setSectionResizeMode(
            RosterMembersModel.WINDOWS, QHeaderView.ResizeMode.Stretch)
        self.members_view.key_actions[Qt.Key.Key_Delete] = self.remove_member
        self.members_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.buttons: dict[str, QPushButton] = {}
        top = QHBoxLayout()
        top.addWidget(self.group_choice, 1)
        for key, text, slot in (("reload", self.tr("Re&load"), self.reload),
                                ("create", self.tr("New gro&up…"), self.create_group),
                                ("rename", self.tr("Renam&e…"), self.rename_group)):
            top.addWidget(self._button(key, text, slot))
        below = QHBoxLayout()
        for key, text, slot in (("add", self.tr("Add a mem&ber…"), self.add_member),
                                ("remove", self.tr("Remove &the member"), self.remove_member),
                                ("windows", self.tr("Duty &windows…"), self.edit_windows)):
            below.addWidget(self._button(key, text, slot))
        below.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addWidget(self.members_view, 1)
        layout.addLayout(below)
        self._update_buttons()

    def _button(self, key: str, text: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(lambda _checked=False: slot())
        self.buttons[key] = button
        return button

    # -- state --------------------------------------------------------------------------------
    def current_group(self) -> DutyGroup | None:
        return self.groups_model.group(self.group_choice.currentIndex())

    def selected_fingerprint(self) -> str | None:
        rows = self.members_view.selectionModel().selectedRows()
        return self.members_model.row_at(rows[0].row()).fingerprint if rows else None

    def _update_buttons(self, *_args: object) -> None:
        ready = not self._busy
        group = self.current_group() is not None
        member = self.selected_fingerprint() is not None
        for key, on in (("reload", ready), ("create", ready), ("rename", ready and group),
                        ("add", ready and group), ("remove", ready and member),
                        ("windows", ready and member)):
            self.buttons[key].setEnabled(on)

    # -- loading ------------------------------------------------------------------------------
    def reload(self, select: str | None = None) -> None:
        signer = self.signer_now()
        if signer is None:
            return
        self._run(plain(jobs.load), self.session, signer,
                  done=lambda snap: self._loaded(snap, select))

    def _loaded(self, snapshot: jobs.RosterSnapshot, select: str | None) -> None:
        self.snapshot = snapshot
        current = select or (self.current_group().group_id if self.current_group() else None)
        self.groups_model.set_groups(snapshot.groups)
        rows = [i for i, g in enumerate(snapshot.groups) if g.group_id == current]
        self.group_choice.setCurrentIndex(rows[0] if rows else (0 if snapshot.groups else -1))
        self._show_group()
        if not snapshot.groups:
            self.banner.show_message("info", self.tr(
                "Your organisation has no duty group yet: create one with New group."))
        self.loaded.emit()

    def _show_group(self, *_args: object) -> None:
        snapshot = self.snapshot
        if snapshot is not None:
            self.members_model.set_group(self.current_group(), snapshot.names, snapshot.now)
        self._update_buttons()

    def _run(self, fn: Callable[..., Any], *args: Any, done: Callable[[Any], None]) -> None:
        self._busy = True
        self._update_buttons()
        self.banner.clear()

        def finished(result: Any) -> None:
            self._busy = False
            done(result)

        def failed(exc: BaseException) -> None:
            self._busy = False
            self._update_buttons()
            self.banner.show_message("danger", error_message(exc))
            self.loaded.emit()

        self.jobs.submit(fn, *args, on_done=finished, on_error=failed)

    # -- changes ------------------------------------------------------------------------------
    def _publish(self, edit: Callable[[Any], Any]) -> None:
        group, signer = self.current_group(), self.signer_now()
        if group is None or signer is None:
            return
        self._run(plain(jobs.change), self.session, signer, group.group_id, edit,
                  done=lambda changed: self.reload(changed.group_id))

    def create_group(self) -> None:
        name = self.prompts.text(self, self.tr("New duty group"),
                                 self.tr("Name of the group (e.g. Permanence pénale):"))
        signer = self.signer_now() if name else None
        if name and signer is not None:
            self._run(plain(jobs.create), self.session, signer, name,
                      done=lambda made: self.reload(made.group_id))

    def rename_group(self) -> None:
        group = self.current_group()
        name = group and self.prompts.text(self, self.tr("Rename the duty group"),
                                           self.tr("New name:"), group.roster.name)
        if name:
            self._guarded(lambda: group_admin.rename(name))

    def add_member(self) -> None:
        text = self.prompts.text(self, self.tr("Add a member"), self.tr(
            "Fingerprint of a certified member of your organisation (64 hexadecimal digits):"))
        if text:
            self._guarded(lambda: group_admin.add_member(text))

    def remove_member(self) -> None:
        fingerprint = self.selected_fingerprint()
        if fingerprint is not None and self.buttons["remove"].isEnabled():
            self._guarded(lambda: group_admin.remove_member(fingerprint))

    def edit_windows(self) -> None:
        fingerprint = self.selected_fingerprint()
        if fingerprint is None:
            return
        row = self.members_view.selectionModel().selectedRows()[0].row()
        who = self.members_model.row_at(row).name or fingerprint[:16]
        choice = self.prompts.windows(self, who)
        if choice is not None:
            self._guarded(lambda: _windows_edit(fingerprint, choice))

    def _guarded(self, make: Callable[[], Callable[[Any], Any]]) -> None:
        """Build the edit (its input checks run here: a bad fingerprint is said at once)."""
        try:
            edit = make()
        except ScelleError as exc:  # the core's refusal, shown in the banner
            self.banner.show_message("danger", error_message(exc))
            return
        self._publish(edit)


def _windows_edit(fingerprint: str, choice: WindowChoice) -> Callable[[Any], Any]:
    if choice.always:
        return group_admin.set_windows(fingerprint, [])
    assert choice.start is not None and choice.end is not None
    window = group_admin.window_between(choice.start, choice.end)
    return group_admin.set_windows(fingerprint, [window],
                                   keep_from=datetime.now(UTC) if choice.keep else None)
