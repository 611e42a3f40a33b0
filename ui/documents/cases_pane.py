"""The cases pane (left of the main window): "All documents", "Unfiled" and each case, with
their counts; creating a case, its properties (name, reference, retention) and legal hold.
Files dropped on a case are imported into that case."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeySequence,
    QPainter,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.cases import Case
from ui.documents.case_dialog import CaseFields
from ui.documents.case_evidence import CaseEvidence
from ui.documents.tasks import Tasks
from ui.models.cases_model import CaseRole, CasesModel, CountRole
from ui.models.document_query import Scope


class CountDelegate(QStyledItemDelegate):
    """Draws each row's document count, right-aligned and muted, after its name."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        count = index.data(CountRole)
        text = "" if count is None else option.locale.toString(int(count))
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        metrics = opt.fontMetrics
        reserved = metrics.horizontalAdvance(text) + 16 if text else 0
        icon_room = opt.decorationSize.width() + 12
        # One item drawn across the whole row; its name is elided to leave the count room.
        room = max(0, option.rect.width() - icon_room - reserved)
        opt.text = metrics.elidedText(opt.text, Qt.TextElideMode.ElideRight, room)
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if text:
            selected = bool(option.state & QStyle.StateFlag.State_Selected)
            role = opt.palette.ColorRole.HighlightedText if selected else \
                opt.palette.ColorRole.PlaceholderText
            painter.save()
            painter.setPen(opt.palette.color(role))
            painter.drawText(option.rect.adjusted(0, 0, -8, 0),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), text)
            painter.restore()


class CasesView(QListView):
    """The list; accepts file drops on a row (import into that case)."""

    filesDropped = Signal(object, list)  # (Scope, [QUrl])

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        if event.mimeData().hasUrls() and index.isValid():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        model = self.model()
        if not index.isValid() or not isinstance(model, CasesModel):
            event.ignore()
            return
        event.acceptProposedAction()
        self.filesDropped.emit(model.scope_at(index.row()), list(event.mimeData().urls()))


class CasesPane(QWidget):
    scopeChanged = Signal(object)  # Scope
    casesChanged = Signal()
    filesDropped = Signal(object, list)  # (Scope, [QUrl])

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._session: Any = None
        self._scope = Scope.everything()
        self.model = CasesModel(tasks.jobs, self)
        self.view = CasesView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(CountDelegate(self.view))
        self.view.setAccessibleName(self.tr("Cases"))
        self.view.setUniformItemSizes(True)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.filesDropped.connect(self.filesDropped)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.model.loaded.connect(self._reselect)
        self.model.failed.connect(lambda exc: tasks.show_error(self.tr("Cases"), exc))
        self._make_actions()
        self._build()

    def _make_actions(self) -> None:
        self.new_action = QAction(self.tr("&New case…"), self)
        self.new_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.new_action.triggered.connect(self.new_case)
        self.edit_action = QAction(self.tr("Case &properties…"), self)
        self.edit_action.setStatusTip(self.tr("Rename the case, change its reference or "
                                              "retention date"))
        self.edit_action.triggered.connect(self.edit_case)
        self.hold_action = QAction(self.tr("&Legal hold"), self)
        self.hold_action.setCheckable(True)
        self.hold_action.setStatusTip(self.tr("Freeze the case: none of its documents can be "
                                              "deleted or moved out"))
        self.hold_action.triggered.connect(self.set_hold)
        self.evidence = CaseEvidence(self._tasks, self)
        for action in (self.edit_action, self.hold_action, self.evidence.action):
            self.view.addAction(action)
        self.view.addAction(self.new_action)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self._update_actions()

    def _build(self) -> None:
        title = QLabel(self.tr("Cases"), self)
        title.setObjectName("paneTitle")
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        new_button = QToolButton(self)
        new_button.setDefaultAction(self.new_action)
        new_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        new_button.setText(self.tr("+ New"))
        new_button.setAccessibleName(self.tr("New case"))
        header = QHBoxLayout()
        header.addWidget(title, 1)
        header.addWidget(new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.view, 1)

    # -- session ------------------------------------------------------------------------------
    def set_session(self, session: Any) -> None:
        self._session = session
        self.model.set_session(session)

    def clear(self) -> None:
        self._session = None
        self.model.clear()
        self._update_actions()

    def reload(self) -> None:
        self.model.reload()

    @property
    def scope(self) -> Scope:
        return self._scope

    def current_case(self) -> Case | None:
        index = self.view.currentIndex()
        return index.data(CaseRole) if index.isValid() else None

    def select_scope(self, scope: Scope) -> None:
        row = self.model.row_of(scope)
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row))

    def _reselect(self) -> None:
        row = self.model.row_of(self._scope)
        self.view.setCurrentIndex(self.model.index(row if row is not None else 0))
        self._update_actions()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        scope = self.model.scope_at(current.row()) if current.isValid() else None
        self._update_actions()
        if scope is not None and scope != self._scope:
            self._scope = scope
            self.scopeChanged.emit(scope)

    def _update_actions(self) -> None:
        case = self.current_case() if self._session is not None else None
        self.new_action.setEnabled(self._session is not None)
        self.edit_action.setEnabled(case is not None)
        self.hold_action.setEnabled(case is not None)
        self.hold_action.setChecked(bool(case and case.legal_hold))
        self.evidence.set_case(self._session, case.id if case else None)

    # -- case operations ----------------------------------------------------------------------
    def new_case(self) -> None:
        if self._session is None:
            return
        fields = self._tasks.prompts.case_fields(self.window())
        if fields is None:
            return
        session = self._session

        def create() -> Case:
            return session.cases.create(fields.name, reference=fields.reference,
                                        retention_until=fields.retention_until)

        self._tasks.run(self.tr("The case could not be created"), create,
                        on_done=lambda case: self._changed(Scope.case(case.id)))

    def edit_case(self) -> None:
        case = self.current_case()
        if case is None or self._session is None:
            return
        fields = self._tasks.prompts.case_fields(
            self.window(), CaseFields(case.name, case.reference, case.retention_until))
        if fields is None:
            return
        session = self._session

        def save() -> Case:
            session.cases.update(case.id, name=fields.name, reference=fields.reference)
            if fields.retention_until != case.retention_until:
                session.cases.set_retention(case.id, fields.retention_until)
            return session.cases.get(case.id)

        self._tasks.run(self.tr("The case could not be changed"), save,
                        on_done=lambda saved: self._changed(Scope.case(saved.id)))

    def set_hold(self, on: bool) -> None:
        case = self.current_case()
        if case is None or self._session is None:
            return
        if not on and not self._tasks.prompts.confirm(
                self.window(), self.tr("Release the legal hold"),
                self.tr("Release the legal hold on this case? Its documents can then be "
                        "deleted or moved again."), self.tr("Release the hold"), danger=True):
            self.hold_action.setChecked(True)
            return
        session = self._session
        self._tasks.run(self.tr("The legal hold could not be changed"),
                        session.cases.set_legal_hold, case.id, on,
                        on_done=lambda saved: self._changed(Scope.case(saved.id)),
                        on_error=lambda _exc: self._update_actions())

    def _changed(self, scope: Scope) -> None:
        self._scope = scope
        self.model.reload()
        self.casesChanged.emit()
        self.scopeChanged.emit(scope)
