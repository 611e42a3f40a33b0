"""`OrgWindow`: an organisation's administration from the admin's vault (app/org/).

The organisation key is the vault's (imported from the relay's key file, or made here); a key
on a token asks for its PIN once, when the window first signs, and the token session stays open
until the window closes. Members (model/view, with their state), Invite, Certify (after
comparing the fingerprint), Revoke (with a reason), and the organisation's audit trail. Every
request runs on a worker (ui/workers.py); a refusal is one sentence in the banner.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.key_factors import Pkcs11Error
from app.org.admin import OrgMember
from app.org.keys import OrgKeyRecord
from app.org.signer import OrgSigner, close_org_signer, open_org_signer
from app.vault import VaultSession
from ui.common.widgets import Banner, KeyTable, PlainLabel
from ui.org import jobs
from ui.org.dialogs import CertifyDialog, CodeDialog, InviteDialog, RevokeDialog
from ui.org.intake_panel import IntakePanel
from ui.org.intake_panel import panel_title as intake_title
from ui.org.models import AuditModel, MembersModel
from ui.groups.roster_panel import RosterPanel, panel_title
from ui.org.prompts import OrgPrompts
from ui.workers import JobQueue, error_message, plain


def _table(parent: QWidget, name: str, model: Any, stretch: int) -> KeyTable:
    view = KeyTable(parent)
    view.setAccessibleName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.verticalHeader().hide()
    for column in range(model.columnCount()):
        mode = QHeaderView.ResizeMode.Stretch if column == stretch \
            else QHeaderView.ResizeMode.ResizeToContents
        view.horizontalHeader().setSectionResizeMode(column, mode)
    return view


class OrgWindow(QDialog):
    """Non-modal. `loaded` follows every reload of the members and the audit trail."""

    loaded = Signal()

    def __init__(self, session: VaultSession, jobs_queue: JobQueue,
                 parent: QWidget | None = None, *, prompts: OrgPrompts | None = None,
                 module_path: str = "") -> None:
        super().__init__(parent)
        self.session = session
        self.module_path = module_path  # the PKCS#11 library of the settings (or the policy's)
        self.jobs = jobs_queue
        self.prompts = prompts or OrgPrompts(self)
        self.keys: list[OrgKeyRecord] = []
        self._signer: OrgSigner | None = None
        self.dialog: QDialog | None = None  # the dialog opened last (tests drive it)
        self.setWindowTitle(self.tr("Organisation administration"))
        self.resize(980, 600)
        self._build()
        self.reload_keys()

    # -- building -----------------------------------------------------------------------------
    def _build(self) -> None:
        self.key_choice = QComboBox(self)
        self.key_choice.setAccessibleName(self.tr("Organisation key"))
        self.key_choice.currentIndexChanged.connect(self._key_changed)
        self.key_label = PlainLabel("", self)
        self.org_label = PlainLabel("", self)
        self.import_button = QPushButton(self.tr("Import a key &file…"), self)
        self.import_button.clicked.connect(self.import_key)
        self.create_button = QPushButton(self.tr("&New key in the vault…"), self)
        self.create_button.clicked.connect(self.create_key)
        self.token_button = QPushButton(self.tr("New key on a to&ken…"), self)
        self.token_button.clicked.connect(self.create_token_key)
        top = QHBoxLayout()
        top.addWidget(self.key_choice)
        top.addWidget(self.key_label, 1)
        top.addWidget(self.import_button)
        top.addWidget(self.create_button)
        top.addWidget(self.token_button)
        self.banner = Banner(self)
        self.members_model = MembersModel(self)
        self.audit_model = AuditModel(self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._members_tab(), self.tr("&Members"))
        self.audit_view = _table(self, self.tr("Audit trail"), self.audit_model, 4)
        self.tabs.addTab(self.audit_view, self.tr("&Audit trail"))
        self.groups_panel = RosterPanel(self.session, self.jobs, self._signer_now, self)
        self.tabs.addTab(self.groups_panel, panel_title())  # duty groups: ui/groups/
        self.intake_panel = IntakePanel(self.session, self.jobs, self._signer_now, self)
        self.tabs.addTab(self.intake_panel, intake_title())  # intake points: ui/org/intake*
        self.tabs.currentChanged.connect(self._tab_shown)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.org_label)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.reload)
        self._set_enabled(False)

    def _members_tab(self) -> QWidget:
        tab = QWidget(self)
        self.members_view = _table(tab, self.tr("Members"), self.members_model, 0)
        self.members_view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.refresh_button = QPushButton(self.tr("&Refresh"), tab)
        self.refresh_button.clicked.connect(self.reload)
        self.invite_button = QPushButton(self.tr("&Invite…"), tab)
        self.invite_button.clicked.connect(self.open_invite)
        self.certify_button = QPushButton(self.tr("&Certify…"), tab)
        self.certify_button.clicked.connect(self.open_certify)
        self.revoke_button = QPushButton(self.tr("Re&voke…"), tab)
        self.revoke_button.clicked.connect(self.open_revoke)
        buttons = QHBoxLayout()
        for button in (self.refresh_button, self.invite_button, self.certify_button,
                       self.revoke_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.members_view, 1)
        layout.addLayout(buttons)
        return tab

    def _tab_shown(self, index: int) -> None:
        if self.tabs.widget(index) is self.groups_panel and self.current_key() is not None:
            self.groups_panel.reload()
        if self.tabs.widget(index) is self.intake_panel and self.current_key() is not None:
            self.intake_panel.reload()

    def _set_enabled(self, ready: bool) -> None:
        for widget in (self.refresh_button, self.invite_button):
            widget.setEnabled(ready)
        self._selection_changed()

    def _selection_changed(self, *_args: object) -> None:
        member = self.selected_member()
        ready = self.invite_button.isEnabled()
        self.certify_button.setEnabled(ready and member is not None
                                       and member.status == "pending")
        self.revoke_button.setEnabled(ready and member is not None
                                      and member.status != "revoked")

    def selected_member(self) -> OrgMember | None:
        rows = self.members_view.selectionModel().selectedRows()
        return self.members_model.row_at(rows[0].row()) if rows else None

    # -- the key ------------------------------------------------------------------------------
    def reload_keys(self, select: str | None = None) -> None:
        self.jobs.submit(plain(jobs.keys), self.session,
                         on_done=lambda found: self._keys_loaded(found, select),
                         on_error=self._failed)

    def _keys_loaded(self, found: list[OrgKeyRecord], select: str | None) -> None:
        self.keys = found
        self.key_choice.blockSignals(True)
        self.key_choice.clear()
        for record in found:
            self.key_choice.addItem(record.organisation, record.organisation)
        chosen = next((i for i, r in enumerate(found) if r.organisation == select), 0)
        self.key_choice.setCurrentIndex(chosen if found else -1)
        self.key_choice.blockSignals(False)
        self.key_choice.setVisible(bool(found))
        self._key_changed()

    def current_key(self) -> OrgKeyRecord | None:
        index = self.key_choice.currentIndex()
        return self.keys[index] if 0 <= index < len(self.keys) else None

    def _key_changed(self, *_args: object) -> None:
        self._close_signer()
        self.org_label.clear()
        self.members_model.set_rows([])
        self.audit_model.set_rows([])
        record = self.current_key()
        if record is None:
            self.key_label.setText(self.tr("This vault holds no organisation key. Import the "
                                           "key file the relay's operator gave you, or make a "
                                           "new key here and give its public key to them."))
            self._set_enabled(False)
            return
        where = self.tr("kept in this vault") if record.kind == "vault" else \
            self.tr("on the security token %1").replace(
                "%1", record.token_label or record.token_serial or "")
        self.key_label.setText(where)
        self.reload()

    def _signer_now(self) -> OrgSigner | None:
        """The key's signer, opened once per key; a token's PIN is asked here, on the GUI
        thread, and used by the worker at the first signature."""
        record = self.current_key()
        if record is None:
            return None
        if self._signer is None:
            pin: str | None = None
            if record.kind == "token":
                pin = self.prompts.text(self, self.tr("Security token PIN"),
                                        self.tr("PIN of the token holding the key of %1:")
                                        .replace("%1", record.organisation), secret=True)
                if pin is None:
                    return None
            self._signer = open_org_signer(self.session, organisation=record.organisation,
                                           pin=pin)
        return self._signer

    def _close_signer(self) -> None:
        signer, self._signer = self._signer, None
        if signer is not None:
            close_org_signer(signer)

    def import_key(self) -> None:
        path = self.prompts.key_file(self)
        if path is None:
            return
        name = self.prompts.text(self, self.tr("Organisation name"),
                                 self.tr("The organisation's name on the relay:"))
        if not name:
            return
        passphrase = self.prompts.text(self, self.tr("Key file passphrase"),
                                       self.tr("The key file's passphrase (leave empty if it "
                                               "has none):"), secret=True)
        if passphrase is None:
            return
        self.jobs.submit(plain(jobs.import_key), self.session, path, name,
                         passphrase.encode() or None,
                         on_done=lambda record: self._key_added(record, imported=True),
                         on_error=self._failed)

    def create_key(self) -> None:
        name = self.prompts.text(self, self.tr("New organisation key"),
                                 self.tr("The organisation's name on the relay:"))
        if not name:
            return
        self.jobs.submit(plain(jobs.create_key), self.session, name,
                         on_done=lambda record: self._key_added(record, imported=False),
                         on_error=self._failed)

    def create_token_key(self) -> None:
        name = self.prompts.text(self, self.tr("New organisation key"),
                                 self.tr("The organisation's name on the relay:"))
        if not name:
            return
        label = self.prompts.text(self, self.tr("Security token"),
                                  self.tr("The label of the token to make the key on:"))
        if not label:
            return
        pin = self.prompts.text(self, self.tr("Security token PIN"),
                                self.tr("PIN of the token %1:").replace("%1", label),
                                secret=True)
        if pin is None:
            return
        self.jobs.submit(plain(jobs.create_token_key), self.session, name, label,
                         self.module_path or None, pin,
                         on_done=lambda record: self._key_added(record, imported=False),
                         on_error=self._failed)

    def _key_added(self, record: OrgKeyRecord, *, imported: bool) -> None:
        if imported:
            text = self.tr("The key is now in the vault. Shred the key file and every copy of "
                           "it: it is no longer needed.")
        else:
            text = self.tr("New key made. Give its public key to the relay's operator, who "
                           "creates the organisation with it: %1").replace(
                "%1", record.public_key_hex)
        self.banner.show_message("success", text)
        self.reload_keys(select=record.organisation)

    # -- requests -----------------------------------------------------------------------------
    def reload(self) -> None:
        signer = self._signer_now()
        if signer is None:
            return
        self.jobs.submit(plain(jobs.load), self.session, signer, on_done=self._loaded,
                         on_error=self._failed)

    def _loaded(self, snapshot: jobs.OrgSnapshot) -> None:
        self.members_model.set_rows(snapshot.members)
        self.audit_model.set_rows(snapshot.audit)
        self.org_label.setText(self.tr("Organisation on the relay: %1").replace(
            "%1", snapshot.info.name))
        self._set_enabled(True)
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Pkcs11Error):
            self._close_signer()  # a refused PIN or a pulled token: ask again next time
        self.banner.show_message("danger", error_message(exc))

    def open_invite(self) -> QDialog | None:
        signer = self._signer_now()
        if signer is None:
            return None
        dialog = InviteDialog(self)

        def send() -> None:
            role, hours = dialog.choice()
            self.jobs.submit(plain(jobs.invite), self.session, signer, role, hours,
                             on_done=self._show_code, on_error=self._failed)

        dialog.accepted.connect(send)
        return self._open(dialog)

    def _show_code(self, code: Any) -> None:
        self._open(CodeDialog(code, self))
        self.reload()

    def open_certify(self) -> None:
        member, signer = self.selected_member(), self._signer_now()
        if member is None or signer is None:
            return
        self.jobs.submit(plain(jobs.pending), self.session, signer, member.fingerprint,
                         on_done=self._compare, on_error=self._failed)

    def _compare(self, member: OrgMember) -> None:
        signer = self._signer_now()
        dialog = CertifyDialog(member, self.session.identity.card, self)
        dialog.accepted.connect(lambda: self.jobs.submit(
            plain(jobs.certify), self.session, signer, dialog.member,
            on_done=lambda done: self._changed(self.tr("%1: card certified."), done),
            on_error=self._failed))
        self._open(dialog)

    def open_revoke(self) -> QDialog | None:
        member, signer = self.selected_member(), self._signer_now()
        if member is None or signer is None:
            return None
        dialog = RevokeDialog(member, self)
        dialog.accepted.connect(lambda: self.jobs.submit(
            plain(jobs.revoke), self.session, signer, member.fingerprint,
            dialog.chosen_reason(),
            on_done=lambda done: self._changed(self.tr("%1: card revoked."), done),
            on_error=self._failed))
        return self._open(dialog)

    def _changed(self, template: str, member: OrgMember) -> None:
        self.banner.show_message("success", template.replace("%1", member.name))
        self.reload()

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def closeEvent(self, event: QCloseEvent) -> None:
        self._close_signer()
        super().closeEvent(event)

    def done(self, result: int) -> None:
        self._close_signer()
        super().done(result)
