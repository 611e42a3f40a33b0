"""The form of the seal dialog: recipients, documents, letter, destination (no vault access).

`SealForm` only holds widgets and reads them back; `SealDialog` (seal_dialog.py) loads the
data, checks the form and runs the sealing.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.sealing import end_of_day
from app.sealing.metadata import MAX_REFERENCE, MAX_SUBJECT
from ui.common.widgets import Banner, KeyTable, PlainLabel
from ui.contacts.model import ContactsFilter
from ui.exchange.consultation_end import ConsultationEndRow
from ui.exchange.documents_model import SealDocumentsModel
from ui.exchange.recipients import RecipientsModel

DEFAULT_EXPIRY_DAYS = 30


def _table(parent: QWidget, name: str) -> KeyTable:
    view = KeyTable(parent)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)  # long names are elided (full text in the accessible text)
    view.verticalHeader().hide()
    view.setTabKeyNavigation(False)  # Tab leaves the table: keyboard users move on to the form
    view.horizontalHeader().setHighlightSections(False)
    return view


class SealForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Two columns: who and what on the left, the letter and where it goes on the right.
        # The dialog puts the form in a scroll area, so it stays usable at 200 % scaling.
        left = QVBoxLayout()
        left.addWidget(self._recipients_box(), 3)
        left.addWidget(self._documents_box(), 2)
        right = QVBoxLayout()
        right.addWidget(self._letter_box(), 1)
        right.addWidget(self._destination_box())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)

    # -- building -----------------------------------------------------------------------------
    def _recipients_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Recipients"), self)
        self.recipients = RecipientsModel(self)
        self.recipients_filter = ContactsFilter(self)
        self.recipients_filter.setSourceModel(self.recipients)
        self.search = QLineEdit(box)
        self.search.setPlaceholderText(self.tr("Search by name, role or organisation"))
        self.search.setAccessibleName(self.tr("Search contacts"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.recipients_filter.set_text)
        self.contacts_button = QPushButton(self.tr("C&ontacts…"), box)
        self.contacts_button.setAccessibleName(self.tr("Manage contacts"))
        self.recipients_view = _table(box, self.tr("Recipients"))
        self.recipients_view.setModel(self.recipients_filter)
        self.recipients_view.setSortingEnabled(True)
        self.recipients_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        header = self.recipients_view.horizontalHeader()
        # The name is what the user checks before sealing: it gets its full width, and the
        # role and organisation share what is left (elided, with the tooltip for the rest).
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.unverified_banner = Banner(box)
        self.confirm_unverified = QCheckBox(
            self.tr("I confirm sending to recipients whose identity I have not verified"), box)
        self.confirm_unverified.hide()
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.contacts_button)
        layout = QVBoxLayout(box)
        layout.addLayout(top)
        layout.addWidget(self.recipients_view, 1)
        layout.addWidget(self.unverified_banner)
        layout.addWidget(self.confirm_unverified)
        # Space ticks the current row (whatever its column), as in a list of check boxes.
        self.recipients_view.key_actions[Qt.Key.Key_Space] = self._toggle_current
        return box

    def _documents_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Documents to seal"), self)
        self.documents = SealDocumentsModel(self)
        self.documents_view = _table(box, self.tr("Documents to seal"))
        self.documents_view.setModel(self.documents)
        header = self.documents_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.remove_button = QPushButton(self.tr("Remove from the &list"), box)
        self.remove_button.setAccessibleName(self.tr("Remove the selected documents"))
        self.remove_button.clicked.connect(self.remove_selected_documents)
        self.documents_view.key_actions[Qt.Key.Key_Delete] = self.remove_selected_documents
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.remove_button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.documents_view, 1)
        layout.addLayout(row)
        return box

    def _letter_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Letter"), self)
        self.subject = QLineEdit(box)
        self.subject.setMaxLength(MAX_SUBJECT)
        self.subject.setAccessibleName(self.tr("Subject"))
        self.reference = QLineEdit(box)
        self.reference.setMaxLength(MAX_REFERENCE)
        self.reference.setAccessibleName(self.tr("Case reference"))
        self.reference.setPlaceholderText(self.tr("e.g. your file number"))
        self.message = QPlainTextEdit(box)
        self.message.setAccessibleName(self.tr("Message"))
        self.message.setTabChangesFocus(True)  # Tab must move on, not type a tab character
        self.expires = QCheckBox(self.tr("&Expires after"), box)
        self.expires.setAccessibleName(self.tr("Set an expiry date"))
        self.expiry_date = QDateEdit(box)
        self.expiry_date.setCalendarPopup(True)
        self.expiry_date.setAccessibleName(self.tr("Expiry date"))
        tomorrow = QDate.currentDate().addDays(1)
        self.expiry_date.setMinimumDate(tomorrow)
        self.expiry_date.setDate(QDate.currentDate().addDays(DEFAULT_EXPIRY_DAYS))
        self.expiry_date.setEnabled(False)
        self.expires.toggled.connect(self.expiry_date.setEnabled)
        self.view_only = QCheckBox(self.tr("&View only"), box)
        self.view_only.setAccessibleDescription(self.tr(
            "Recipients may read the documents in Scellé but not export or forward them"))
        view_only_hint = PlainLabel(self.tr("Recipients may read the documents in Scellé but "
                                            "not export or forward them."), box,
                                    selectable=False)
        expiry = QHBoxLayout()
        expiry.addWidget(self.expires)
        expiry.addWidget(self.expiry_date)
        expiry.addStretch(1)
        form = QFormLayout(box)
        form.addRow(self.tr("Su&bject:"), self.subject)
        form.addRow(self.tr("&Reference:"), self.reference)
        form.addRow(self.tr("&Message:"), self.message)
        form.addRow(expiry)
        form.addRow(self.view_only)
        form.addRow(view_only_hint)
        self.consult_end = ConsultationEndRow(box, self.view_only)  # consultation_end.py
        form.addRow(self.consult_end)
        return box

    def _destination_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Sealed file"), self)
        self.destination = QLineEdit(box)
        self.destination.setAccessibleName(self.tr("Where to save the sealed file"))
        self.browse_button = QPushButton(self.tr("C&hoose…"), box)
        self.browse_button.setAccessibleName(self.tr("Choose where to save the sealed file"))
        note = PlainLabel(self.tr("The file name is visible to anyone who handles the file: "
                                  "do not put a client's name in it."), box, selectable=False)
        row = QHBoxLayout()
        row.addWidget(self.destination, 1)
        row.addWidget(self.browse_button)
        layout = QVBoxLayout(box)
        layout.addLayout(row)
        layout.addWidget(note)
        return box

    # -- reading and acting -------------------------------------------------------------------
    def _toggle_current(self) -> None:
        index = self.recipients_view.currentIndex()
        if not index.isValid():
            return
        source = self.recipients_filter.mapToSource(index)
        contact = self.recipients.contact(source.row())
        ticked = contact.id in {c.id for c in self.recipients.checked()}
        self.recipients.set_checked(contact.id, not ticked)  # refused on a blocked row

    def remove_selected_documents(self) -> None:
        rows = [i.row() for i in self.documents_view.selectionModel().selectedRows()]
        if not rows and self.documents_view.currentIndex().isValid():
            rows = [self.documents_view.currentIndex().row()]
        self.documents.remove_rows(rows)

    def expiry(self) -> datetime | None:
        """End of the chosen day, local time, as UTC: the core's rule (app/sealing/expiry.py),
        the command line's `--expires DAY` too."""
        if not self.expires.isChecked():
            return None
        return end_of_day(self.expiry_date.date().toPython())
