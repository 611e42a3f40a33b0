"""`MessageView`: what a verified sealed file says (sender, recipients, letter, files).

Every text shown here comes from the sealed file, i.e. from outside: it is displayed as plain
text only (PlainLabel, QPlainTextEdit, a model), never as rich text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.sealing.metadata import FileEntry
from app.vault import Contact, VerifiedMessage
from ui.clipboard import protect_copy
from ui.common.consultation import end_note, view_only_preview_note
from ui.common.formatting import format_size
from ui.common.widgets import (
    PlainLabel,
    file_kind,
    fingerprint_text,
    message_id_text,
    monospace_font,
    short_fingerprint_text,
    when,
)
from ui.contacts.model import Index
from ui.contacts.state import KEY_CHANGED_COLOUR
from ui.delegation.texts import on_behalf_text
from ui.exchange.preview import PreviewPane
from ui.exchange.preview_memory import MemoryFiles
from ui.workers import JobQueue

OWN, VERIFIED, UNVERIFIED, UNKNOWN, KEY_CHANGED, IMPERSONATION = (
    "own", "verified", "unverified", "unknown", "key_changed", "impersonation")


@dataclass(frozen=True)
class CheckedFile:
    """A sealed file that passed every check, and how its sender stands with us."""

    message: VerifiedMessage
    sender_state: str  # one of OWN, VERIFIED, UNVERIFIED, UNKNOWN, KEY_CHANGED, IMPERSONATION
    contact: Contact | None  # the sender's contact, if any
    recipients: tuple[str, ...]  # display names (or fingerprints) of the recipients
    # The files' plaintext kept for the preview (in memory only; wiped by the dialog).
    contents: MemoryFiles | None = field(default=None, repr=False, compare=False)

#: The file list is given the height of this many rows (more rows scroll).
VISIBLE_FILE_ROWS = 8


class FilesModel(QAbstractTableModel):
    NAME, SIZE, TYPE = range(3)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._files: tuple[FileEntry, ...] = ()

    def set_files(self, files: tuple[FileEntry, ...]) -> None:
        self.beginResetModel()
        self._files = tuple(files)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._files)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("File"), self.tr("Size"), self.tr("Type"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._files[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (entry.name, format_size(entry.size),
                    file_kind(entry.media_type, entry.name))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.TYPE:
            return entry.media_type
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == self.SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class _FilesTable(QTableView):
    """Asks for the height of its rows (set by `MessageView._fit_files`), no more."""

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.minimumHeight())


class MessageView(QWidget):
    """The sender and the letter on the left (scrolling if long); the files and the preview of
    the selected one on the right, the list sized to show its rows without scrolling."""

    def __init__(self, jobs: JobQueue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._contents: MemoryFiles | None = None
        self._view_only = False  # no preview: the core hands no plaintext (PreviewGate)
        letter = QWidget(self)
        column = QVBoxLayout(letter)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self._sender_box())
        column.addWidget(self._letter_box(), 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(letter)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.preview = PreviewPane(jobs, self)
        preview_box = QGroupBox(self.tr("Preview"), self)
        QVBoxLayout(preview_box).addWidget(self.preview)
        self.files_splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.files_splitter.setChildrenCollapsible(False)
        self.files_splitter.addWidget(self._files_box())
        self.files_splitter.addWidget(preview_box)
        self.files_splitter.setStretchFactor(0, 0)
        self.files_splitter.setStretchFactor(1, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(self.files_splitter)
        self.splitter.setSizes([460, 620])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def _sender_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Sender"), self)
        self.sender_name = PlainLabel(parent=box)
        font = self.sender_name.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.sender_name.setFont(font)
        self.sender_name.setAccessibleName(self.tr("Sender's name"))
        self.sender_details = PlainLabel(parent=box)
        self.sender_fingerprint = protect_copy(PlainLabel(parent=box))
        self.sender_fingerprint.setFont(monospace_font())
        self.sender_fingerprint.setAccessibleName(self.tr("Sender's fingerprint"))
        # Shown only for other keys under a contact's name: which key the contact really has.
        self.sender_clash = PlainLabel(parent=box)
        self.sender_clash.setStyleSheet(f"color: {KEY_CHANGED_COLOUR.name()}; font-weight: bold;")
        self.sender_clash.hide()
        self.on_behalf = PlainLabel(parent=box)  # "Sent by X for Y" (ui/delegation/texts.py)
        self.on_behalf.hide()
        form = QFormLayout(box)
        form.addRow(self.sender_name)
        form.addRow(self.on_behalf)
        form.addRow(self.sender_details)
        form.addRow(self.tr("Fingerprint:"), self.sender_fingerprint)
        form.addRow(self.sender_clash)
        return box

    def _letter_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Letter"), self)
        self.sent_at = PlainLabel(parent=box)
        self.recipients = PlainLabel(parent=box)
        self.subject = PlainLabel(parent=box)
        self.subject.setAccessibleName(self.tr("Subject"))
        self.reference = PlainLabel(parent=box)
        self.expiry = PlainLabel(parent=box)
        self.view_only = PlainLabel(parent=box)
        self.message_id = PlainLabel(parent=box)
        self.message_id.setFont(monospace_font())
        self.body = QPlainTextEdit(box)
        self.body.setReadOnly(True)
        self.body.setAccessibleName(self.tr("Message"))
        self.body.setTabChangesFocus(True)
        form = self._letter_form = QFormLayout(box)
        form.addRow(self.tr("Sent:"), self.sent_at)
        form.addRow(self.tr("Recipients:"), self.recipients)
        form.addRow(self.tr("Subject:"), self.subject)
        form.addRow(self.tr("Reference:"), self.reference)
        form.addRow(self.tr("Expiry:"), self.expiry)
        form.addRow(self.tr("Use:"), self.view_only)
        form.addRow(self.tr("Message number:"), self.message_id)
        form.addRow(self.tr("Message:"), self.body)
        return box

    def _files_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Files"), self)
        self.files = FilesModel(self)
        self.files_view = _FilesTable(box)
        self.files_view.setAccessibleName(self.tr("Files in the sealed file"))
        self.files_view.setModel(self.files)
        self.files_view.verticalHeader().hide()
        # One line per file, of a fixed height: the list's height is known before it shows.
        self.files_view.setWordWrap(False)
        self.files_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.files_view.verticalHeader().setDefaultSectionSize(
            self.files_view.fontMetrics().height() + 10)
        self.files_view.setTabKeyNavigation(False)
        self.files_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.files_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.files_view.selectionModel().selectionChanged.connect(self._selection_changed)
        header = self.files_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(box)
        layout.addWidget(self.files_view)
        return box

    def show_file(self, checked: CheckedFile) -> None:
        meta = checked.message.metadata
        card = meta.sender
        self.sender_name.setText(card.name)
        self.sender_details.setText(", ".join(p for p in (card.role, card.organisation) if p))
        self.sender_details.setVisible(bool(card.role or card.organisation))
        self.sender_fingerprint.setText(fingerprint_text(card.fingerprint))
        self._show_clashes(checked)
        sent_for = on_behalf_text(meta)
        self.on_behalf.setText(sent_for or "")
        self.on_behalf.setVisible(sent_for is not None)
        self.sent_at.setText(when(meta.created))
        self.recipients.setText("\n".join(checked.recipients))
        # Two strings: French agrees with the noun ("(sans objet)", "(aucune)" for a référence).
        self.subject.setText(meta.subject or self.tr("(no subject)"))
        self.reference.setText(meta.reference or self.tr("(no reference)"))
        self.expiry.setText(self.tr("May not be opened after {day}").format(
            day=when(meta.expires)) if meta.expires else self.tr("None"))
        self.view_only.setText(
            self.tr("View only: the documents can be read in Scellé, not exported or sent on")
            if meta.view_only else self.tr("Normal: the documents can be exported"))
        if meta.consult_until is not None:  # the sender's consultation end (docs/format.md §10)
            self.view_only.setText(self.view_only.text() + "\n" + end_note(meta.consult_until))
        self.message_id.setText(message_id_text(checked.message.message_id))
        self.body.setPlainText(meta.message)
        self._letter_form.setRowVisible(self.body, bool(meta.message))
        self._contents = checked.contents
        self._view_only = meta.view_only
        self.preview.reset()  # nothing is previewed before the user selects a file
        self.files.set_files(meta.files)
        self._fit_files()

    def _fit_files(self) -> None:
        """Give the list the height of its rows (up to VISIBLE_FILE_ROWS): no scrolling."""
        view = self.files_view
        rows = max(1, min(self.files.rowCount(), VISIBLE_FILE_ROWS))
        row_height = view.verticalHeader().defaultSectionSize()
        scroll = view.horizontalScrollBar().sizeHint().height()
        view.setMinimumHeight(view.horizontalHeader().sizeHint().height() + rows * row_height
                              + 2 * view.frameWidth() + scroll)
        # The list takes what its rows need; the preview below takes the rest.
        files_box = self.files_splitter.widget(0)
        wanted = files_box.minimumSizeHint().height()
        total = sum(self.files_splitter.sizes()) or self.files_splitter.height()
        if total > wanted:
            self.files_splitter.setSizes([wanted, total - wanted])

    def _selection_changed(self) -> None:
        rows = self.files_view.selectionModel().selectedRows()
        if len(rows) == 1 and self._view_only:
            self.preview.show_note(view_only_preview_note())
        elif len(rows) == 1 and self._contents is not None:
            self.preview.show_file(self._contents, rows[0].row())
        else:
            self.preview.reset()

    def _show_clashes(self, checked: CheckedFile) -> None:
        check = checked.message.sender.check
        clashes = check.clashes if check is not None and checked.sender_state == IMPERSONATION \
            else ()
        self.sender_clash.setText("\n".join(
            self.tr("NOT the keys of your contact {name} (their fingerprint: {fingerprint}…)")
            .format(name=c.contact.name,
                    fingerprint=short_fingerprint_text(c.contact.card.fingerprint))
            for c in clashes))
        self.sender_clash.setVisible(bool(clashes))

