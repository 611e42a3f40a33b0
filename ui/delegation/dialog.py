"""`DelegationsDialog`: the delegations a principal gave to assistants and those given to them.

Two tables (model/view): *Given* (you are the principal: New…, Revoke) and *Received* (you act
for a principal). Every call reaches the relay on a worker (ui/delegation/jobs.py); errors are
shown in the banner. `NewDelegationDialog` asks for the
assistant's fingerprint, what they may do and the last day; the core checks all of it again.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.relay_client.delegations import PublishedDelegation
from app.vault import VaultSession
from ui.common.widgets import Banner, KeyTable, PlainLabel
from ui.delegation import jobs
from ui.delegation.jobs import DelegationLists
from ui.delegation.models import DelegationsModel
from ui.workers import JobQueue, error_message, plain

DEFAULT_DAYS = 90


class NewDelegationDialog(QDialog):
    """The assistant's fingerprint, the scope, the last day in force."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New delegation"))
        self.fingerprint = QLineEdit(self)
        self.fingerprint.setPlaceholderText(self.tr("64 hexadecimal digits"))
        self.send = QCheckBox(self.tr("&Send sealed files on my behalf"), self)
        self.receive = QCheckBox(self.tr("&Receive what is addressed to me"), self)
        self.send.setChecked(True)
        self.until = QDateEdit(self)
        self.until.setCalendarPopup(True)
        self.until.setMinimumDate(QDate.currentDate().addDays(1))
        self.until.setDate(QDate.currentDate().addDays(DEFAULT_DAYS))
        form = QFormLayout()
        form.addRow(self.tr("Assistant's &fingerprint:"), self.fingerprint)
        form.addRow(self.tr("Allow to:"), self.send)
        form.addRow("", self.receive)
        form.addRow(self.tr("In force &until (included):"), self.until)
        note = PlainLabel(self.tr(
            "The assistant acts with their own identity, never with your keys. The delegation "
            "is in force once your organisation's administrator has certified it."), self,
            selectable=False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def scope(self) -> tuple[str, ...]:
        return tuple(s for s, box in (("receive", self.receive), ("send", self.send))
                     if box.isChecked())

    def last_day(self) -> date:
        chosen = self.until.date()
        return date(chosen.year(), chosen.month(), chosen.day())


class DelegationsDialog(QDialog):
    def __init__(self, session: VaultSession, jobs_queue: JobQueue,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._jobs = jobs_queue
        self.setWindowTitle(self.tr("Delegations"))
        self.resize(820, 460)
        self.banner = Banner(self)
        self.given_model = DelegationsModel(False, self)
        self.received_model = DelegationsModel(True, self)
        self.given_view = self._table(self.given_model)
        self.received_view = self._table(self.received_model)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.given_view, self.tr("&Given to assistants"))
        self.tabs.addTab(self.received_view, self.tr("&Received (you act for)"))
        self.new_button = QPushButton(self.tr("&New delegation…"), self)
        self.revoke_button = QPushButton(self.tr("Re&voke"), self)
        self.refresh_button = QPushButton(self.tr("Re&fresh"), self)
        close = QPushButton(self.tr("Close"), self)
        self.new_button.clicked.connect(self.new_delegation)
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.refresh_button.clicked.connect(self.reload)
        close.clicked.connect(self.reject)
        self.given_view.selectionModel().selectionChanged.connect(self._update)
        self.tabs.currentChanged.connect(self._update)
        row = QHBoxLayout()
        for button in (self.new_button, self.revoke_button, self.refresh_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(row)
        self._update()
        self.reload()

    def _table(self, model: DelegationsModel) -> KeyTable:
        view = KeyTable(self)
        view.setModel(model)
        view.setSelectionBehavior(KeyTable.SelectionBehavior.SelectRows)
        view.setSelectionMode(KeyTable.SelectionMode.SingleSelection)
        view.horizontalHeader().setStretchLastSection(True)
        return view

    def selected_given(self) -> PublishedDelegation | None:
        rows = self.given_view.selectionModel().selectedRows()
        return self.given_model.row_at(rows[0].row()) if rows else None

    def _update(self) -> None:
        chosen = self.selected_given()
        on_given = self.tabs.currentIndex() == 0
        self.revoke_button.setEnabled(on_given and chosen is not None
                                      and chosen.state in ("pending", "active"))

    def reload(self) -> None:
        self.refresh_button.setEnabled(False)
        self._jobs.submit(plain(jobs.load), self._session, on_done=self._loaded,
                          on_error=self._failed)

    def _loaded(self, lists: DelegationLists) -> None:
        self.refresh_button.setEnabled(True)
        self.given_model.set_rows(lists.given)
        self.received_model.set_rows(lists.received)
        self._update()

    def _failed(self, exc: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        self.banner.show_message("danger", error_message(exc))

    def new_delegation(self, _checked: bool = False) -> None:
        dialog = NewDelegationDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.banner.clear()
        self._jobs.submit(plain(jobs.create), self._session, dialog.fingerprint.text(),
                          dialog.scope(), dialog.last_day(), on_done=self._created,
                          on_error=self._failed)

    def _created(self, entry: PublishedDelegation) -> None:
        self.banner.show_message("info", self.tr(
            "The delegation was published. It is in force once your organisation's "
            "administrator has certified it."))
        self.reload()

    def revoke_selected(self, _checked: bool = False) -> None:
        chosen = self.selected_given()
        if chosen is None:
            return
        self.revoke_button.setEnabled(False)
        self._jobs.submit(plain(jobs.revoke), self._session, chosen.id_hex,
                          on_done=self._revoked, on_error=self._failed)

    def _revoked(self, _entry: PublishedDelegation) -> None:
        self.banner.show_message("info", self.tr(
            "The delegation was revoked. Recipients refuse files sent under it from their next "
            "synchronisation."))
        self.reload()

