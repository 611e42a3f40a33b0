"""The details pane (right of the main window): the selected document's properties, its case
(move it, see the retention date and legal hold), tags, notes, versions and history.

Notes are saved with the button or when another document is selected; tags when the field is
left. Every read and write runs on a worker (see ui/documents/tasks.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.cases import Case
from app.documents import Document
from app.errors import ScelleError
from ui.common.consultation import view_only_text
from ui.common.formatting import format_date, format_datetime, format_size, type_label
from ui.documents.details_data import Details, action_label, load_details, parse_tags
from ui.documents.tasks import Tasks


class DetailsPane(QWidget):
    documentChanged = Signal(object)  # Document, after an edit
    documentMoved = Signal(object)  # Document
    tagsChanged = Signal()
    loaded = Signal(object)  # Details

    def __init__(self, tasks: Tasks, cases: Callable[[], list[Case]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._cases = cases
        self._session: Any = None
        self._details: Details | None = None
        self._generation = 0
        self.stack = QStackedWidget(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setEnabled(False)
        self.message.setMargin(12)
        self.stack.addWidget(self.message)
        self.stack.addWidget(self._build_details())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.show_nothing()

    # -- layout -------------------------------------------------------------------------------
    def _build_details(self) -> QWidget:
        body = QWidget(self)
        self._make_fields(body)
        self._make_edits(body)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, widget in ((self.tr("Type:"), self.kind), (self.tr("Size:"), self.size),
                              (self.tr("Document date:"), self.created),
                              (self.tr("Added:"), self.added), (self.tr("C&ase:"), self.case_box),
                              (self.tr("Retention:"), self.retention),
                              (self.tr("Legal hold:"), self.hold), (self.tr("Ta&gs:"), self.tags)):
            form.addRow(label, widget)
        notes_row = QHBoxLayout()
        notes_row.addStretch(1)
        notes_row.addWidget(self.save_notes)
        layout = QVBoxLayout(body)
        layout.addWidget(self.title)
        layout.addWidget(self.badge)
        layout.addLayout(form)
        layout.addWidget(_heading(self.tr("Notes"), body))
        layout.addWidget(self.notes, 2)
        layout.addLayout(notes_row)
        layout.addWidget(_heading(self.tr("Versions"), body))
        layout.addWidget(self.versions)
        layout.addWidget(_heading(self.tr("History"), body))
        layout.addWidget(self.history, 3)
        scroll = QScrollArea(self)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        return scroll

    def _make_fields(self, body: QWidget) -> None:
        """The read-only facts: name, view-only badge, type, size, dates, retention, hold."""
        self.title = QLabel(body)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.badge = QLabel(self.tr("View only: received with a ban on export"), body)
        self.badge.setObjectName("viewOnlyBadge")
        self.badge.setWordWrap(True)
        self.badge.setStyleSheet("QLabel#viewOnlyBadge { color: #7b241c; font-weight: bold; }")
        self.kind, self.size, self.created, self.added = (QLabel(body) for _ in range(4))
        self.retention, self.hold = QLabel(body), QLabel(body)
        for label in (self.kind, self.size, self.created, self.added, self.retention, self.hold):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.versions = self._tree(body, self.tr("Versions"),
                                   (self.tr("Version"), self.tr("Size"), self.tr("Added")))
        self.versions.setMaximumHeight(self.versions.fontMetrics().height() * 6)
        self.history = self._tree(body, self.tr("History"), (self.tr("Date"), self.tr("Action")))

    def _make_edits(self, body: QWidget) -> None:
        """What the user changes here: the case (moves the document), tags, notes."""
        self.case_box = QComboBox(body)
        self.case_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.case_box.setMinimumContentsLength(10)
        self.case_box.setAccessibleName(self.tr("Case of the document"))
        self.case_box.activated.connect(self._move)
        self.tags = QLineEdit(body)
        self.tags.setAccessibleName(self.tr("Tags, separated by commas"))
        self.tags.setPlaceholderText(self.tr("urgent, to sign…"))
        self.tags.editingFinished.connect(self._save_tags)
        self.notes = QPlainTextEdit(body)
        self.notes.setAccessibleName(self.tr("Notes"))
        self.notes.setPlaceholderText(self.tr("Notes about this document (kept encrypted)"))
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(90)
        self.save_notes = QPushButton(self.tr("Save &notes"), body)
        self.save_notes.setEnabled(False)
        self.save_notes.clicked.connect(self.commit_notes)
        # Read the flag rather than trust the signal's argument: clearing the text emits
        # modificationChanged(True) while the document stays unmodified.
        self.notes.modificationChanged.connect(lambda _m: self._update_save_button())

    @staticmethod
    def _tree(parent: QWidget, name: str, headers: tuple[str, ...]) -> QTreeWidget:
        tree = QTreeWidget(parent)
        tree.setAccessibleName(name)
        tree.setHeaderLabels(list(headers))
        tree.setRootIsDecorated(False)
        tree.setUniformRowHeights(True)
        tree.setMinimumHeight(tree.fontMetrics().height() * 5)
        tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        tree.header().setStretchLastSection(True)
        return tree

    # -- what is shown ------------------------------------------------------------------------
    def set_session(self, session: Any) -> None:
        self._session = session

    def clear(self) -> None:
        """Empty every field (decrypted names, notes, tags) and forget the session."""
        self._session = None
        self.show_nothing()

    def show_nothing(self) -> None:
        self._generation += 1
        self._details = None
        for label in (self.title, self.kind, self.size, self.created, self.added,
                      self.retention, self.hold):
            label.clear()
        self.case_box.clear()
        self.tags.clear()
        self.notes.setPlainText("")
        self.notes.document().setModified(False)
        self._update_save_button()
        self.versions.clear()
        self.history.clear()
        self.message.setText(self.tr("Select a document to see its details."))
        self.stack.setCurrentIndex(0)

    def show_documents(self, documents: list[Document]) -> None:
        """Show the selection: one document in full, several as a summary."""
        self.commit_notes()
        if len(documents) != 1 or self._session is None:
            self.show_nothing()
            if len(documents) > 1:
                total = format_size(sum(d.size for d in documents))
                self.message.setText(self.tr("%Ln documents selected (%1)", "", len(documents))
                                     .replace("%1", total))
            return
        if self._details is not None and self._details.document.id == documents[0].id:
            return
        self._generation += 1
        generation = self._generation
        self._tasks.run(self.tr("The document details cannot be shown"), load_details,
                        self._session, documents[0].id,
                        on_done=lambda details: self._loaded(generation, details))

    def reload(self) -> None:
        if self._details is not None and self._session is not None:
            doc = self._details.document
            self._details = None
            self.show_documents([doc])

    @property
    def details(self) -> Details | None:
        return self._details

    def _loaded(self, generation: int, details: Details) -> None:
        if generation != self._generation or self._session is None:
            return
        self._details = details
        doc = details.document
        self.title.setText(doc.name)
        self.badge.setVisible(details.view_only)
        self.badge.setText(view_only_text(details.consult_until))  # ui/common/consultation.py
        self.kind.setText(type_label(doc.media_type))
        self.size.setText(format_size(doc.size))
        self.created.setText(format_datetime(doc.created_at))
        self.added.setText(format_datetime(doc.imported_at))
        self._fill_cases(doc.case_id)
        self._show_case(details.case)
        self.tags.setText(", ".join(doc.tags))
        self.notes.setPlainText(doc.notes)
        self.notes.document().setModified(False)
        self._update_save_button()
        self._fill_trees(details)
        self.stack.setCurrentIndex(1)
        self.loaded.emit(details)

    def _show_case(self, case: Case | None) -> None:
        if case is None or case.retention_until is None:
            self.retention.setText(self.tr("No retention date"))
        else:
            self.retention.setText(self.tr("Keep until %1").replace(
                "%1", format_date(case.retention_until)))
        self.hold.setText(self.tr("Yes: it cannot be deleted or moved out of its case")
                          if case is not None and case.legal_hold else self.tr("No"))

    def _fill_cases(self, case_id: int | None) -> None:
        self.case_box.clear()
        self.case_box.addItem(self.tr("Unfiled"), None)
        for case in self._cases():
            self.case_box.addItem(case.name, case.id)
        self.case_box.setCurrentIndex(max(0, self.case_box.findData(case_id)))

    def _fill_trees(self, details: Details) -> None:
        self.versions.clear()
        for version in reversed(details.versions):
            self.versions.addTopLevelItem(QTreeWidgetItem([
                str(version.number), format_size(version.size),
                format_datetime(version.created_at)]))
        self.history.clear()
        for entry in details.history:
            self.history.addTopLevelItem(QTreeWidgetItem([
                format_datetime(entry.at), action_label(entry.action)]))
        for tree in (self.versions, self.history):
            for column in range(tree.columnCount() - 1):
                tree.resizeColumnToContents(column)

    def _update_save_button(self) -> None:
        self.save_notes.setEnabled(self._details is not None
                                   and self.notes.document().isModified())

    # -- edits --------------------------------------------------------------------------------
    def commit_notes(self) -> None:
        """Save the notes if they were changed (also called when the selection changes)."""
        details = self._details
        if details is None or self._session is None or not self.notes.document().isModified():
            return
        text = self.notes.toPlainText()
        self.notes.document().setModified(False)
        self._update_save_button()
        self._tasks.run(self.tr("The notes could not be saved"),
                        self._session.documents.set_notes, details.document.id, text,
                        on_done=self._edited,
                        on_error=lambda _e: self.notes.document().setModified(True))

    def save_notes_now(self) -> None:
        """Save changed notes at once, on this thread: the vault is about to lock or the
        application to quit, when a queued job could no longer run. One small write."""
        details = self._details
        if details is None or self._session is None or not self.notes.document().isModified():
            return
        try:
            self._session.documents.set_notes(details.document.id, self.notes.toPlainText())
        except ScelleError:
            return  # nothing to show at lock time; the notes stay as they were
        self.notes.document().setModified(False)

    def _save_tags(self) -> None:
        details = self._details
        if details is None or self._session is None:
            return
        tags = parse_tags(self.tags.text())
        if tags == list(details.document.tags):
            return
        self._tasks.run(self.tr("The tags could not be changed"),
                        self._session.documents.set_tags, details.document.id, tags,
                        on_done=self._tags_saved)

    def _tags_saved(self, document: Document) -> None:
        self._edited(document)
        self.tagsChanged.emit()

    def _edited(self, document: Document) -> None:
        if self._details is not None and self._details.document.id == document.id:
            self._details = Details(document, self._details.versions, self._details.history,
                                    self._details.view_only, self._details.case)
            if not self.tags.hasFocus():
                self.tags.setText(", ".join(document.tags))
            self.title.setText(document.name)
        self.documentChanged.emit(document)

    def _move(self, index: int) -> None:
        details = self._details
        if details is None or self._session is None:
            return
        target = self.case_box.itemData(index)
        if target == details.document.case_id:
            return
        revert = details.document.case_id
        self._tasks.run(self.tr("The document could not be moved"),
                        self._session.documents.move, details.document.id, target,
                        on_done=self._moved,
                        on_error=lambda _e: self.case_box.setCurrentIndex(
                            max(0, self.case_box.findData(revert))))

    def _moved(self, document: Document) -> None:
        self._details = None
        self.documentMoved.emit(document)
        self.show_documents([document])


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label
