"""The main window: cases on the left, documents in the middle, details on the right.

Built by the shell (`ui.controller`) once the vault is unlocked, as
`MainWindow(session, jobs, policy)`. The shell connects `lockRequested`, `settingsRequested`,
`aboutRequested`, adds its lock countdown to the status bar, and calls `release_session()`
when the vault locks: every decrypted model, the details, the search text and the viewers are
dropped then, and the window stays inert until `attach_session()` gives it a session again.

`glance` (ui/transfers/glance.py) adds the recent-transfers history (Ctrl+Shift+T), the relay
inbox badge and the optional notification-area icon (`set_tray_enabled`, called by the shell
with the user's setting).

Files and folders dropped anywhere on the window are imported into the selected case (or on a
case of the left pane: into that case); a dropped `.scelle` file opens the sealed-file dialog.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDragLeaveEvent, QDropEvent
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow, QSplitter, QWidget

from app.documents import Document
from ui.documents.cases_pane import CasesPane
from ui.documents.consultation_timer import ConsultationTimer
from ui.documents.details_pane import DetailsPane
from ui.documents.drop_hint import DropHint
from ui.documents.documents_pane import DocumentsPane
from ui.documents.importing import SEALED_SUFFIX, classify
from ui.documents.job_status import JobStatus
from ui.documents.main_actions import build_menus, build_toolbar, create_actions, exchange_class
from ui.documents.operations import DocumentOperations
from ui.documents.prompts import Prompts
from ui.documents.tasks import Tasks
from ui.models.document_query import Scope
from ui.transfers.glance import Glance
from ui.viewer.viewer_window import ViewerWindow
from ui.workers import JobQueue


class MainWindow(QMainWindow):
    lockRequested = Signal()
    settingsRequested = Signal()
    aboutRequested = Signal()

    def __init__(self, session: Any, jobs: JobQueue, policy: Any,
                 parent: QWidget | None = None, *, prompts: Prompts | None = None,
                 stepwise: bool = False) -> None:
        super().__init__(parent)
        self.session: Any = None
        self.jobs = jobs
        self.policy = policy
        self.prompts = prompts or Prompts(self)
        self.tasks = Tasks(jobs, self.prompts, self)
        self.viewers: list[ViewerWindow] = []
        self._dialogs: list[QDialog] = []
        self.drop_hint = DropHint(self)
        self.setWindowTitle(self.tr("Scellé — Documents"))
        self.setAcceptDrops(True)
        self._steps: Iterator[None] | None = self._build_steps(session)
        if not stepwise:
            self.finish_building()

    # -- building -----------------------------------------------------------------------------
    def build_step(self) -> bool:
        """Build the next part of the window (`stepwise=True`); True once it is complete. The
        shell calls it once per turn of the event loop (ui/window_build.py), so that a key
        press or a click never waits for more than one part (docs/performance.md)."""
        if self._steps is not None:
            try:
                next(self._steps)
                return False
            except StopIteration:
                self._steps = None
        return True

    def finish_building(self) -> None:
        while not self.build_step():
            pass

    def _build_steps(self, session: Any) -> Iterator[None]:
        """The window part by part, each 1-25 ms of the GUI thread (the panes are the largest)."""
        self.cases_pane = CasesPane(self.tasks, self)
        yield
        self.documents_pane = DocumentsPane(self.jobs, self)
        yield
        self.details_pane = DetailsPane(self.tasks, lambda: self.cases_pane.model.cases, self)
        yield
        self._lay_out_panes()
        self._build_status_bar()
        yield
        self.ops = DocumentOperations(self.tasks, self.job_status, self, self.policy)
        self.main_actions = create_actions(self)
        case_actions = [self.cases_pane.new_action, self.cases_pane.edit_action,
                        self.cases_pane.hold_action]
        build_menus(self, self.main_actions, case_actions)
        self.toolbar = build_toolbar(self, self.main_actions)
        for action in (self.main_actions.open_document, self.main_actions.delete,
                       self.main_actions.rename):
            self.documents_pane.table.addAction(action)
        self._wire()
        yield
        # The relay's menu reads `self.session` at each use, so it follows lock and unlock.
        from ui.relay import install as install_relay_menu

        self.relay_menu = install_relay_menu(self, session, self.jobs)
        self.consultations = ConsultationTimer(self)  # view-only ends while open
        yield
        from ui.org import install as install_org_menu  # Relay › Organisation… (ui/org/)

        self.org_menu = install_org_menu(self, self.jobs)
        from ui.delegation import install as install_delegation_menu  # Relay › Delegations…

        self.delegation_menu = install_delegation_menu(self, self.jobs)
        from ui.brokerage import install as install_brokerage_menu  # Tools › Brokerage…

        self.brokerage_menu = install_brokerage_menu(self, self.jobs)
        self.glance = Glance(self, self.jobs)
        self.resize(1280, 800)
        yield
        self.ensurePolished()  # its style now rather than at the first show
        self.attach_session(session)

    def _lay_out_panes(self) -> None:
        for field in (self.documents_pane.search, self.details_pane.tags,
                      self.details_pane.notes):
            field.setAcceptDrops(False)  # a dropped file imports; it never pastes its path
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        for pane, stretch in ((self.cases_pane, 0), (self.documents_pane, 1),
                              (self.details_pane, 0)):
            splitter.addWidget(pane)
            splitter.setStretchFactor(splitter.indexOf(pane), stretch)
        char = self.fontMetrics().averageCharWidth()
        splitter.setSizes([char * 36, char * 90, char * 50])
        self.splitter = splitter
        self.setCentralWidget(splitter)

    def _build_status_bar(self) -> None:
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(self.tr("Number of documents"))
        self.job_status = JobStatus(self)
        bar = self.statusBar()
        bar.addWidget(self.count_label)
        bar.addWidget(self.job_status)

    def _wire(self) -> None:
        a, ops, docs = self.main_actions, self.ops, self.documents_pane
        a.import_files.triggered.connect(self.import_files)
        a.import_folder.triggered.connect(self.import_folder)
        a.open_sealed.triggered.connect(lambda: self.open_sealed())
        a.open_document.triggered.connect(lambda: self.open_viewer(docs.current_document()))
        a.export.triggered.connect(lambda: ops.export(docs.current_document()))
        a.lock.triggered.connect(self.lockRequested)
        a.quit.triggered.connect(QCoreApplication.quit)
        a.find.triggered.connect(docs.focus_search)
        a.rename.triggered.connect(lambda: ops.rename(docs.current_document()))
        a.delete.triggered.connect(lambda: ops.delete(docs.selected_documents()))
        a.seal.triggered.connect(self.seal_selected)
        a.contacts.triggered.connect(self.show_contacts)
        a.settings.triggered.connect(self.settingsRequested)
        a.integrity.triggered.connect(ops.check_integrity)
        a.about.triggered.connect(self.aboutRequested)
        self.cases_pane.scopeChanged.connect(self._scope_changed)
        self.cases_pane.filesDropped.connect(self._dropped_on_case)
        docs.selectionChanged.connect(self._selection_changed)
        docs.openRequested.connect(self.open_viewer)
        docs.statusChanged.connect(self._update_count)
        docs.model.failed.connect(lambda exc: self.tasks.show_error(
            self.tr("The documents cannot be listed"), exc))
        docs.model.notice.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.details_pane.documentChanged.connect(docs.model.replace_document)
        self.details_pane.documentMoved.connect(lambda _d: self._contents_changed())
        self.details_pane.tagsChanged.connect(docs.reload_tags)
        self.details_pane.loaded.connect(lambda _d: self._update_actions())
        ops.imported.connect(lambda _s: self._contents_changed())
        ops.deleted.connect(self._deleted)
        ops.renamed.connect(self._renamed)
        ops.message.connect(lambda text: self.statusBar().showMessage(text, 8000))

    # -- session ------------------------------------------------------------------------------
    def attach_session(self, session: Any) -> None:
        self.session = session
        self.ops.session = session
        self.details_pane.set_session(session)
        self.cases_pane.set_session(session)
        self.documents_pane.set_session(session)
        self._update_actions()
        self.glance.attached()

    def release_session(self) -> None:
        """On lock: close viewers and dialogs, drop every decrypted model and detail."""
        for viewer in list(self.viewers):
            viewer.release()
            viewer.close()
        self.viewers.clear()
        for dialog in list(self._dialogs):
            dialog.close()
        self._dialogs.clear()
        self.details_pane.save_notes_now()  # typed notes are kept, not lost to the lock
        self.job_status.cancel_job()
        self.session = None
        self.ops.session = None
        self.details_pane.clear()
        self.documents_pane.clear()
        self.cases_pane.clear()
        self.count_label.clear()
        self.statusBar().clearMessage()
        self.glance.released()
        self._update_actions()

    def set_tray_enabled(self, on: bool) -> None:
        """The notification-area icon (Security settings); ignored without a tray."""
        self.glance.set_tray_enabled(on)

    # -- reacting -----------------------------------------------------------------------------
    def _scope_changed(self, scope: Scope) -> None:
        self.details_pane.show_documents([])
        self.documents_pane.set_scope(scope)

    def _selection_changed(self) -> None:
        self.details_pane.show_documents(self.documents_pane.selected_documents())
        self._update_actions()

    def _contents_changed(self) -> None:
        self.cases_pane.reload()
        self.documents_pane.refresh()
        self.details_pane.reload()

    def _deleted(self, ids: set[int]) -> None:
        for viewer in list(self.viewers):
            if viewer.document.id in ids:
                viewer.close()
        self.documents_pane.model.remove_ids(ids)
        self.details_pane.show_documents(self.documents_pane.selected_documents())
        self.cases_pane.reload()
        self.documents_pane.reload_tags()

    def _renamed(self, document: Document) -> None:
        self.documents_pane.model.replace_document(document)
        self.details_pane.reload()

    def _update_count(self) -> None:
        model = self.documents_pane.model
        if self.session is None:
            self.count_label.clear()
        elif model.loading and model.total is None:
            self.count_label.setText(self.tr("Loading…"))
        elif model.query.searching:
            count = model.total or 0
            text = self.tr("%Ln result(s)", "", count)
            if model.truncated:
                text = self.tr("More than %Ln results: refine the search", "", count)
            self.count_label.setText(text)
        else:
            self.count_label.setText(self.tr("%Ln document(s)", "", model.total or 0))

    def _update_actions(self) -> None:
        open_ = self.session is not None
        selected = self.documents_pane.selected_documents() if open_ else []
        one = len(selected) == 1
        details = self.details_pane.details
        view_only = bool(one and details is not None and details.document.id == selected[0].id
                         and details.view_only)
        a = self.main_actions
        for action in (a.import_files, a.import_folder, a.find, a.integrity):
            action.setEnabled(open_)
        a.open_sealed.setEnabled(open_ and exchange_class("open_sealed") is not None)
        a.contacts.setEnabled(open_ and exchange_class("contacts") is not None)
        a.seal.setEnabled(bool(selected) and exchange_class("seal") is not None)
        a.open_document.setEnabled(one)
        a.rename.setEnabled(one)
        a.delete.setEnabled(bool(selected))
        a.export.setEnabled(one and self.ops.export_allowed and not view_only)
        if not self.ops.export_allowed:
            a.export.setToolTip(self.tr("Exporting is disabled on this workstation"))
        elif view_only:
            a.export.setToolTip(self.tr("This document was received view-only"))

    # -- importing ----------------------------------------------------------------------------
    def import_files(self) -> None:
        paths = self.prompts.open_paths(self, self.tr("Import files into the vault"))
        self._import(classify(QUrl.fromLocalFile(str(p)) for p in paths), self.cases_pane.scope)

    def import_folder(self) -> None:
        folder = self.prompts.open_folder(self, self.tr("Import a folder into the vault"))
        if folder is not None:
            self.ops.import_paths([], [folder], self.cases_pane.scope)

    def _import(self, dropped: Any, scope: Scope) -> None:
        for path in dropped.sealed[:1]:  # one sealed file at a time: each has its own checks
            self.open_sealed(path)
        if dropped.files or dropped.folders:
            self.ops.import_paths(dropped.files, dropped.folders, scope)

    def _dropped_on_case(self, scope: Scope, urls: list[QUrl]) -> None:
        self.drop_hint.hide()
        self._import(classify(urls), scope)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.session is None or not any(u.isLocalFile() for u in event.mimeData().urls()):
            event.ignore()
            return
        event.acceptProposedAction()
        self._show_drop_hint(event.mimeData().urls())

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.drop_hint.hide()
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.drop_hint.hide()
        if self.session is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self._import(classify(event.mimeData().urls()), self.cases_pane.scope)

    def _show_drop_hint(self, urls: list[QUrl]) -> None:
        if all(Path(u.toLocalFile()).suffix.lower() == SEALED_SUFFIX for u in urls):
            text = self.tr("Drop to open the sealed file")
        else:
            case = self.cases_pane.model.case(self.cases_pane.scope.case_id or -1)
            text = (self.tr("Drop to import into “%1”").replace("%1", case.name) if case
                    else self.tr("Drop to import into the vault"))
        self.drop_hint.show_over(self.centralWidget(), text)

    # -- viewer and other windows -------------------------------------------------------------
    def open_viewer(self, document: Document | None) -> ViewerWindow | None:
        if document is None or self.session is None:
            return None
        for viewer in self.viewers:
            if viewer.document.id == document.id:
                viewer.raise_()
                viewer.activateWindow()
                return viewer
        viewer = ViewerWindow(self.session, self.jobs, document,
                              export_allowed=self.ops.export_allowed, parent=self)
        viewer.closed.connect(self._viewer_closed)
        viewer.exportRequested.connect(self.ops.export)
        self.viewers.append(viewer)
        viewer.show()
        return viewer

    def _viewer_closed(self, viewer: ViewerWindow) -> None:
        if viewer in self.viewers:
            self.viewers.remove(viewer)

    def keep_dialog(self, dialog: QDialog) -> QDialog:
        self._dialogs.append(dialog)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r, d=dialog: self._dialogs.remove(d)
                                if d in self._dialogs else None)
        dialog.open()
        return dialog

    def open_sealed(self, path: Path | None = None) -> None:
        cls = exchange_class("open_sealed")
        if cls is None or self.session is None:
            return
        if path is None:
            paths = self.prompts.open_paths(self, self.tr("Open a sealed file"),
                                            self.tr("Sealed files (*.scelle)"))
            if not paths:
                return
            path = paths[0]
        dialog = self.keep_dialog(cls(self.session, self.jobs, path, self))
        received = getattr(dialog, "received", None)
        if received is not None:
            received.connect(lambda _m: self._contents_changed())
            from ui.exchange.reveal import follow_received  # "Show the documents" selects them

            follow_received(self, dialog)

    def seal_selected(self) -> None:
        cls = exchange_class("seal")
        ids = [doc.id for doc in self.documents_pane.selected_documents()]
        if cls is None or self.session is None or not ids:
            return
        dialog = self.keep_dialog(cls(self.session, self.jobs, ids, self))
        sealed = getattr(dialog, "sealed", None)
        if sealed is not None:
            sealed.connect(lambda _m: self.details_pane.reload())

    def show_contacts(self) -> None:
        cls = exchange_class("contacts")
        if cls is not None and self.session is not None:
            self.keep_dialog(cls(self.session, self.jobs, self))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.finish_building()  # a window closed while being built (at exit) has its panes
        self.details_pane.save_notes_now()
        for viewer in list(self.viewers):
            viewer.close()
        super().closeEvent(event)
