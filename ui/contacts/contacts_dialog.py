"""`ContactsDialog`: the address book.

A searchable list of contacts (model/view) beside the selected contact's details; importing
cards from files (button or drag and drop of `.json` cards); comparing safety numbers;
deleting a contact; exporting the holder's own card. Every vault access is a background job.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QStandardPaths, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.vault import Contact, ContactState, ImportOutcome, ImportResult, VaultSession
from ui.common.explain import explain
from ui.common.prompts import Prompts
from ui.clipboard import protect_copy
from ui.common.widgets import Banner, KeyTable, PlainLabel, fingerprint_text, monospace_font
from ui.contacts.card_import import CardImporter
from ui.contacts.details import ContactDetails
from ui.contacts.model import ContactRole, ContactsFilter, ContactsModel
from ui.contacts.safety_dialog import SafetyNumberDialog
from ui.workers import JobQueue, plain


class ContactsDialog(QDialog):
    def __init__(self, session: VaultSession, jobs: JobQueue, parent: QWidget | None = None,
                 *, prompts: Prompts | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._jobs = jobs
        self._prompts = prompts or Prompts(self)
        self._select_after_load: int | None = None
        self.loads = 0  # completed loads (tests wait on it)
        self.safety_dialog: SafetyNumberDialog | None = None
        self.importer = CardImporter(session, jobs, self, self._prompts)
        self.importer.result.connect(self._import_result)
        self.importer.finished.connect(self.reload)
        self.setWindowTitle(self.tr("Contacts"))
        self.setAcceptDrops(True)
        self.resize(1040, 640)
        self._build()
        self.reload()
        jobs.submit(plain(lambda: session.identity.card), on_done=self._own_card_loaded)

    # -- building -----------------------------------------------------------------------------
    def _build(self) -> None:
        self.alert = Banner(self)  # lasting: contacts whose keys changed
        self.banner = Banner(self)  # feedback on the last action
        self.model = ContactsModel(self)
        self.filter = ContactsFilter(self)
        self.filter.setSourceModel(self.model)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search by name, role, organisation or "
                                               "fingerprint"))
        self.search.setAccessibleName(self.tr("Search contacts"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.filter.set_text)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.search.setFocus)
        self.import_button = QPushButton(self.tr("&Import identity cards…"), self)
        self.import_button.setShortcut(QKeySequence(self.tr("Ctrl+I")))
        self.import_button.clicked.connect(self.choose_cards)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.import_button)
        self.view = self._table()
        self.details = ContactDetails(self)
        self.details.verify_button.clicked.connect(self.compare_safety_number)
        self.details.delete_button.clicked.connect(self.delete_selected)
        splitter = QSplitter(self)
        splitter.addWidget(self.view)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 400])
        splitter.setChildrenCollapsible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.drop_hint = PlainLabel(self.tr("Tip: drop identity card files (.json) here to "
                                            "import them."), self, selectable=False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.alert)
        layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.drop_hint)
        layout.addWidget(self._own_box())
        layout.addWidget(buttons)

    def _table(self) -> KeyTable:
        view = KeyTable(self)
        view.setAccessibleName(self.tr("Contacts"))
        view.setModel(self.filter)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setSortingEnabled(True)
        view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        view.verticalHeader().hide()
        view.setAlternatingRowColors(True)
        view.setTabKeyNavigation(False)
        view.setWordWrap(False)  # long names are elided; the details panel shows them whole
        header = view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        view.selectionModel().currentRowChanged.connect(self._current_changed)
        view.activated.connect(lambda _index: self.compare_safety_number())
        view.key_actions[Qt.Key.Key_Delete] = self.delete_selected
        return view

    def _own_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("My identity card"), self)
        self.own_name = PlainLabel(parent=box)
        self.own_fingerprint = protect_copy(PlainLabel(parent=box))
        self.own_fingerprint.setFont(monospace_font())
        self.own_fingerprint.setAccessibleName(self.tr("My fingerprint"))
        self.export_button = QPushButton(self.tr("E&xport my card…"), box)
        self.export_button.setAccessibleName(self.tr("Export my identity card to a file"))
        self.export_button.clicked.connect(self.choose_export_path)
        text = QVBoxLayout()
        text.addWidget(self.own_name)
        text.addWidget(self.own_fingerprint)
        row = QHBoxLayout(box)
        row.addLayout(text, 1)
        row.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        return box

    # -- loading ------------------------------------------------------------------------------
    def reload(self, select: int | None = None) -> None:
        if select is not None:
            self._select_after_load = select
        elif self.details.contact is not None and self._select_after_load is None:
            self._select_after_load = self.details.contact.id
        self._jobs.submit(plain(self._session.contacts.list), on_done=self._loaded,
                          on_error=self._failed)

    def _loaded(self, contacts: list[Contact]) -> None:
        self.model.set_contacts(contacts)
        self.loads += 1
        wanted, self._select_after_load = self._select_after_load, None
        if wanted is None or not self.select_contact(wanted):
            self.details.show_contact(None)
        changed = [c for c in contacts if c.state is ContactState.KEY_CHANGED]
        if changed:
            self.alert.show_message("danger", self.tr(
                "%n contact(s) changed keys: nothing can be sent to them until you compare "
                "the new safety number with them.", "", len(changed)), bold=True)
        else:
            self.alert.clear()

    def _own_card_loaded(self, card) -> None:  # type: ignore[no-untyped-def]
        details = ", ".join(p for p in (card.role, card.organisation) if p)
        self.own_name.setText(f"{card.name} — {details}" if details else card.name)
        self.own_fingerprint.setText(fingerprint_text(card.fingerprint))
        self._own_name = card.name

    def select_contact(self, contact_id: int) -> bool:
        row = self.model.row_of(contact_id)
        if row < 0:
            return False
        index = self.filter.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            self.search.clear()
            index = self.filter.mapFromSource(self.model.index(row, 0))
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(index)
        self.details.show_contact(self.model.contact(row))
        return True

    def _current_changed(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        self.details.show_contact(current.data(ContactRole) if current.isValid() else None)

    # -- importing ----------------------------------------------------------------------------
    def choose_cards(self) -> None:
        paths = self._prompts.open_paths(self, self.tr("Import identity cards"),
                                         self.tr("Identity cards (*.json);;All files (*)"))
        self.import_paths(paths)

    def import_paths(self, paths: list[Path]) -> None:
        if paths:
            self.importer.import_files(paths)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_cards(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._dropped_cards(event)
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    @staticmethod
    def _dropped_cards(event: QDragEnterEvent | QDropEvent) -> list[Path]:
        data = event.mimeData()
        if not data.hasUrls():
            return []
        return [Path(u.toLocalFile()) for u in data.urls()
                if u.isLocalFile() and u.toLocalFile().lower().endswith(".json")]

    def _import_result(self, result: ImportResult) -> None:
        name = result.contact.name
        texts = {
            ImportOutcome.ADDED: ("info", self.tr(
                "{name} was added. Compare the safety number with them before sending them "
                "anything.")),
            ImportOutcome.UPDATED: ("success", self.tr(
                "{name}'s card was updated (same keys).")),
            ImportOutcome.UNCHANGED: ("info", self.tr(
                "You already have this card of {name}; nothing changed.")),
            ImportOutcome.KEY_CHANGED: ("danger", self.tr(
                "KEY CHANGED — {name} now has new keys. Sending to them is blocked until you "
                "compare the new safety number with them.")),
        }
        kind, text = texts[result.outcome]
        self.banner.show_message(kind, text.format(name=name),
                                 bold=result.outcome is ImportOutcome.KEY_CHANGED)
        self._select_after_load = result.contact.id

    # -- acting on the selected contact -------------------------------------------------------
    def compare_safety_number(self) -> SafetyNumberDialog | None:
        contact = self.details.contact
        if contact is None:
            return None
        dialog = SafetyNumberDialog(self._session, self._jobs, contact.id, self,
                                    prompts=self._prompts)
        dialog.finished.connect(lambda _code: self.reload(select=contact.id))
        self.safety_dialog = dialog
        dialog.open()  # window-modal without a nested event loop
        return dialog

    def delete_selected(self) -> None:
        contact = self.details.contact
        if contact is None:
            return
        if not self._prompts.confirm(self, self.tr("Delete the contact"), self.tr(
                "Delete {name} from your contacts? You will no longer be able to send them "
                "sealed files, and files from them will be refused as coming from an unknown "
                "sender until you import and verify their card again.").format(
                    name=contact.name), self.tr("Delete"), danger=True):
            return
        self.banner.clear()
        self._jobs.submit(plain(self._session.contacts.delete), contact.id,
                          on_done=lambda _r: self.reload(), on_error=self._failed)
        self.details.show_contact(None)

    # -- my card ------------------------------------------------------------------------------
    def choose_export_path(self) -> None:
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        name = getattr(self, "_own_name", "")
        slug = re.sub(r"[^\w-]+", "-", name, flags=re.UNICODE).strip("-") or "scelle"
        default = Path(folder) / self.tr("card-{name}.json").format(name=slug)
        chosen = self._prompts.save_path(self, self.tr("Export my identity card"), default,
                                         self.tr("Identity cards (*.json)"))
        if chosen is not None:
            self.export_card_to(chosen if chosen.suffix else chosen.with_suffix(".json"))

    def export_card_to(self, path: Path) -> None:
        self._jobs.submit(plain(self._session.export_card), path, on_done=self._exported,
                          on_error=self._failed)

    def _exported(self, path: Path) -> None:
        self.banner.show_message("success", self.tr(
            "Your identity card was saved to {path}. Send it to your correspondents, then "
            "compare the safety number with each of them.").format(path=str(path)))

    def _failed(self, exc: BaseException) -> None:
        found = explain(exc, "contact")
        self.banner.show_message("danger", found.title, bold=True)
        self._prompts.error(self, found.title, found.text)
