"""Security settings: key slots, automatic locking, clipboard, language.

What the workstation policy fixes is shown with the administrator mark and cannot be changed
beyond it (idle delay above the maximum, a factor kind not allowed…).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import ScelleError
from app.policy import Policy
from app.unlock import SlotPolicyError
from app.vault import Argon2Params, VaultSession
from ui.i18n import LANGUAGES
from ui.settings.slot_dialogs import AddSlotDialog, ChangePassphraseDialog, RecoveryCodeDialog
from ui.settings.slots_model import SlotsModel
from ui.settings.store import AppSettings
from ui.tray import tray_available
from ui.widgets.unlock_messages import unlock_error_message
from ui.widgets.factors import kind_name
from ui.widgets.icons import icon
from ui.widgets.policy_note import PolicyNote
from ui.widgets.prompts import Prompts
from ui.workers import JobQueue, plain

PASSPHRASE_KINDS = ("pkcs11", "fido2", "totp")


class SecuritySettingsDialog(QDialog):
    idleDelayChanged = Signal()
    #: The notification-area icon was switched on (True) or off (False).
    trayChanged = Signal(bool)

    def __init__(self, session: VaultSession, jobs: JobQueue, settings: AppSettings,
                 policy: Policy, *, kdf: Argon2Params | None = None, keyring: Any = None,
                 prompts: Prompts | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Security settings"))
        self.setWindowIcon(icon("settings"))
        self._session, self._jobs, self._settings, self._policy = session, jobs, settings, policy
        self._kdf = kdf
        self.prompts = prompts or Prompts()
        self.child: QDialog | None = None
        tabs = QTabWidget(self)
        tabs.addTab(self._slots_tab(), icon("key"), self.tr("&Keys and passphrase"))
        tabs.addTab(self._locking_tab(), icon("timer"), self.tr("&Locking"))
        tabs.addTab(self._language_tab(), self.tr("Lan&guage"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)
        self.tabs = tabs
        self.resize(820, 520)
        self.refresh_slots()
        self.table.selectRow(0)  # the first slot is a passphrase slot: its buttons are live

    # -- key slots ----------------------------------------------------------------------------
    def _slots_tab(self) -> QWidget:
        page = QWidget(self)
        self.model = SlotsModel(self)
        self.table = QTableView(page)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Ways to open the vault"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (0, 2):
            self.table.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(False)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.add = QPushButton(icon("add"), self.tr("&Add…"), page)
        menu = QMenu(self.add)
        for kind in PASSPHRASE_KINDS:
            action = menu.addAction(kind_name(kind))
            action.setEnabled(self._policy.factor_allowed(kind))
            action.triggered.connect(lambda _=False, k=kind: self.add_slot(k))
        self.add.setMenu(menu)
        self.remove = QPushButton(icon("remove"), self.tr("&Remove"), page)
        self.remove.clicked.connect(self.remove_slot)
        self.change = QPushButton(self.tr("Change the &passphrase…"), page)
        self.change.clicked.connect(self.change_passphrase)
        self.recovery = QPushButton(icon("recovery"), self.tr("New recovery &code…"), page)
        self.recovery.clicked.connect(self.replace_recovery)
        buttons = QVBoxLayout()
        for button in (self.add, self.change, self.remove, self.recovery):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.slot_error = QLabel(page)
        self.slot_error.setObjectName("error")
        self.slot_error.setWordWrap(True)
        self.slot_error.hide()
        row = QHBoxLayout()
        row.addWidget(self.table, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(page)
        intro = QLabel(self.tr("Each line is a way to open the vault. Keep at least two for "
                               "daily use, plus the recovery code."), page)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.slot_error)
        if self._policy.required_factor_kinds:
            names = ", ".join(kind_name(k) for k in self._policy.required_factor_kinds)
            layout.addWidget(PolicyNote(self.tr("allowed: %1").replace("%1", names), page))
        return page

    def refresh_slots(self) -> None:
        # The slot list comes from the header held in memory: no I/O here.
        self.model.set_slots(self._session.slots.list())
        self._selection_changed()

    def selected_slot(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self.model.slot(rows[0].row()) if rows else None

    def select_kind(self, kind: str) -> None:
        for row in range(self.model.rowCount()):
            if self.model.slot(row).kind == kind:
                self.table.selectRow(row)
                return

    def _selection_changed(self, *args: Any) -> None:
        slot = self.selected_slot()
        passphrase_slot = slot is not None and slot.kind in PASSPHRASE_KINDS
        self.remove.setEnabled(passphrase_slot)
        self.change.setEnabled(passphrase_slot)

    def _open_child(self, dialog: QDialog) -> None:
        self.child = dialog
        dialog.finished.connect(self._child_done)
        dialog.open()

    def _child_done(self, *args: Any) -> None:
        self.child = None
        self.refresh_slots()

    def add_slot(self, kind: str) -> None:
        dialog = AddSlotDialog(self._session, self._jobs, self._policy,
                               self._settings.pkcs11_module, self._kdf, kind, self)
        dialog.slotAdded.connect(self.refresh_slots)
        self._open_child(dialog)

    def change_passphrase(self) -> None:
        slot = self.selected_slot()
        if slot is None or slot.kind not in PASSPHRASE_KINDS:
            return
        self._open_child(ChangePassphraseDialog(self._session, slot, self._jobs, self._policy,
                                                self._settings.pkcs11_module, self._kdf, self))

    def _removal_problem(self, slot: Any) -> str:
        """What the core would refuse (app/vault/slots.py), asked before the confirmation."""
        try:
            self._session.slots.check_remove(slot.slot_id)
        except SlotPolicyError:
            return self.tr("This is the only way to open the vault with a passphrase: add "
                           "another one first.")
        except ScelleError as exc:  # the policy's allowed factor kinds
            return unlock_error_message(exc)
        return ""

    def remove_slot(self) -> None:
        slot = self.selected_slot()
        if slot is None or slot.kind not in PASSPHRASE_KINDS:
            return
        problem = self._removal_problem(slot)
        if problem:
            self._slot_error(problem)
            return
        name = slot.label or slot.description or kind_name(slot.kind)
        if not self.prompts.confirm(self, self.tr("Remove a way in"), self.tr(
                "“%1” will no longer open the vault. Continue?").replace("%1", name),
                self.tr("Remove"), danger=True):
            return
        self._run(self._session.slots.remove, slot.slot_id, on_done=lambda _: None)

    def replace_recovery(self) -> None:
        if not self.prompts.confirm(self, self.tr("New recovery code"), self.tr(
                "A new recovery code will be made and the current one will stop working. Have "
                "something ready to write it down. Continue?"), self.tr("Make a new code")):
            return
        self._run(self._session.slots.replace_recovery, kdf=self._policy.kdf_for_new_slots(
            self._kdf), on_done=self._show_code)

    def _show_code(self, code: str) -> None:
        holder = self._session.identity.card.name
        self._open_child(RecoveryCodeDialog(code, holder, self._session.vault_id, self._jobs,
                                            self.prompts, self))

    def _run(self, fn: Any, *args: Any, on_done: Any, **kwargs: Any) -> None:
        self.slot_error.hide()
        for button in (self.add, self.remove, self.change, self.recovery):
            button.setEnabled(False)

        def done(result: Any) -> None:
            self._enable_buttons()
            self.refresh_slots()
            on_done(result)

        def failed(exc: BaseException) -> None:
            self._enable_buttons()
            self._slot_error(unlock_error_message(exc))

        self.pending = self._jobs.submit(plain(fn), *args, on_done=done, on_error=failed,
                                         **kwargs)

    def _enable_buttons(self) -> None:
        self.add.setEnabled(True)
        self.recovery.setEnabled(True)
        self._selection_changed()

    def _slot_error(self, text: str) -> None:
        self.slot_error.setText(text)
        self.slot_error.show()

    # -- locking and language -----------------------------------------------------------------
    def _locking_tab(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.idle = QSpinBox(page)
        self.idle.setRange(1, self._policy.idle_lock_max_minutes or 240)
        self.idle.setSuffix(self.tr(" min"))
        self.idle.setValue(self._settings.idle_minutes)
        self.idle.setAccessibleName(self.tr("Lock after this many minutes without activity"))
        self.idle.valueChanged.connect(self._idle_changed)
        self.idle.setMaximumWidth(140)
        self.clip = QSpinBox(page)
        self.clip.setRange(5, self._policy.clipboard_clear_max_seconds or 600)
        self.clip.setSuffix(self.tr(" s"))
        self.clip.setValue(self._settings.clipboard_seconds)
        self.clip.setAccessibleName(self.tr("Clear the clipboard after this many seconds"))
        self.clip.valueChanged.connect(self._clip_changed)
        self.clip.setMaximumWidth(140)
        idle_label = QLabel(self.tr("Lock after &inactivity:"), page)
        idle_label.setBuddy(self.idle)
        clip_label = QLabel(self.tr("Clear the &clipboard after:"), page)
        clip_label.setBuddy(self.clip)
        form.addRow(idle_label, self.idle)
        if self._policy.idle_lock_max_minutes is not None:
            form.addRow("", PolicyNote(self.tr("at most %1 min").replace(
                "%1", str(self._policy.idle_lock_max_minutes)), page))
        form.addRow(clip_label, self.clip)
        if self._policy.clipboard_clear_max_seconds is not None:
            form.addRow("", PolicyNote(self.tr("at most %1 s").replace(
                "%1", str(self._policy.clipboard_clear_max_seconds)), page))
        note = QLabel(self.tr("The vault also locks when the screen locks and before the "
                              "computer goes to sleep. Ctrl+L locks it at once."), page)
        note.setWordWrap(True)
        note.setObjectName("hint")
        form.addRow("", note)
        self._tray_row(page, form)
        return page

    def _tray_row(self, page: QWidget, form: QFormLayout) -> None:
        self.tray = QCheckBox(self.tr("Show the vault's state in the &notification area, with "
                                      "Lock now"), page)
        self.tray.setChecked(self._settings.tray_icon)
        form.addRow("", self.tray)
        self.tray_reason: QLabel | None = None
        if not tray_available():
            self.tray.setChecked(False)  # shown off; the stored choice is kept for elsewhere
            self.tray.setEnabled(False)
            reason = QLabel(self.tr("Unavailable: this desktop has no notification area."), page)
            reason.setObjectName("hint")
            reason.setWordWrap(True)
            form.addRow("", reason)
            self.tray_reason = reason
        self.tray.toggled.connect(self._tray_toggled)

    def _tray_toggled(self, on: bool) -> None:
        self._settings.tray_icon = on
        self.trayChanged.emit(on)

    def _idle_changed(self, minutes: int) -> None:
        self._settings.idle_minutes = minutes
        self.idleDelayChanged.emit()

    def _clip_changed(self, seconds: int) -> None:
        self._settings.clipboard_seconds = seconds

    def _language_tab(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.language = QComboBox(page)
        self.language.setAccessibleName(self.tr("Language"))
        self.language.addItem(self.tr("As the system"), "")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        current = self._settings.language or ""
        self.language.setCurrentIndex(max(0, self.language.findData(current)))
        self.language.currentIndexChanged.connect(
            lambda: setattr(self._settings, "language", self.language.currentData() or None))
        label = QLabel(self.tr("Lang&uage:"), page)
        label.setBuddy(self.language)
        form.addRow(label, self.language)
        if self._policy.language:
            self.language.setEnabled(False)
            form.addRow("", PolicyNote("", page))
        note = QLabel(self.tr("The new language applies the next time Scellé starts."), page)
        note.setObjectName("hint")
        form.addRow("", note)
        return page
