"""The main window's document operations: import, export, delete, rename, integrity check.

Each asks its questions through `Prompts`, runs the vault call in the job queue (progress and
Cancel in the status bar for the long ones) and reports the outcome through signals; the
window refreshes its panes from them. The rules are the core's: an export the workstation
policy forbids is refused by `Documents.export` itself, and here, before the file dialog, with
the same `PolicyRefusal` and its message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.documents import EXPORT_ACTION, Document, require_export_allowed
from app.policy import Policy, PolicyRefusal, workstation_policy
from ui.documents.errors import describe
from ui.documents.importing import ImportSummary, import_paths
from ui.documents.job_status import JobStatus
from ui.documents.tasks import Tasks
from ui.models.document_query import Scope
from ui.workers import Transfer


def _safe_file_name(name: str) -> str:
    """A file name for an export: folder imports name documents "sub/file.pdf"."""
    cleaned = name.replace("\\", "/").rsplit("/", 1)[-1].strip().lstrip(".")
    return cleaned or "document"


class DocumentOperations(QObject):
    imported = Signal(object)  # ImportSummary
    deleted = Signal(set)  # document ids
    renamed = Signal(object)  # Document
    message = Signal(str)  # for the status bar

    def __init__(self, tasks: Tasks, status: JobStatus, window: QWidget,
                 policy: Policy | None = None) -> None:
        super().__init__(window)
        self._tasks = tasks
        self._status = status
        self._window = window
        # What the window greys out; the core enforces the computer's own policy regardless.
        self._policy = policy if policy is not None else workstation_policy()
        self.session: Any = None

    @property
    def export_allowed(self) -> bool:
        return self._policy.export_allowed

    def _busy(self) -> bool:
        if self._status.busy:
            self._tasks.prompts.info(self._window, self.tr("Please wait"), self.tr(
                "Another operation is running: wait for it to finish or cancel it."))
            return True
        return False

    # -- import -------------------------------------------------------------------------------
    def import_paths(self, files: list[Path], folders: list[Path], scope: Scope) -> None:
        if self.session is None or not (files or folders) or self._busy():
            return
        case_id = scope.case_id if scope.kind == "case" else None
        handle = self._tasks.jobs.submit(
            import_paths, self.session, files, folders, case_id, on_done=self._imported,
            on_error=self._import_failed,
            transfer=Transfer.batch("import", [p.name for p in [*files, *folders]]),
            on_cancelled=lambda: self._imported(ImportSummary(cancelled=True)))
        self._status.watch(handle, self.tr("Importing…"))

    def _imported(self, summary: ImportSummary) -> None:
        count = len(summary.imported)
        text = self.tr("%Ln document(s) imported", "", count)
        if summary.cancelled:
            text = self.tr("Import cancelled: %1").replace("%1", text)
        self.message.emit(text)
        if summary.skipped:
            names = "\n".join(f"• {name}" for name, _why in summary.skipped[:20])
            more = len(summary.skipped) - 20
            if more > 0:
                names += "\n" + self.tr("… and %n more", "", more)
            self._tasks.prompts.info(self._window, self.tr("Some files were not imported"),
                                     self.tr("These files could not be read (moved, access "
                                             "denied, links or special files) and were left "
                                             "out:") + "\n\n" + names)
        self.imported.emit(summary)

    def _import_failed(self, exc: BaseException) -> None:
        self._tasks.show_error(self.tr("The import failed"), exc)
        self.imported.emit(ImportSummary())

    # -- export -------------------------------------------------------------------------------
    def export(self, document: Document | None) -> None:
        if document is None or self.session is None or self._busy():
            return
        try:  # before the file dialog: nothing is asked in vain
            self._policy.require_export_allowed(EXPORT_ACTION)
            require_export_allowed()
        except PolicyRefusal as exc:
            self._tasks.show_error(self.tr("Export disabled"), exc)
            return
        target = self._tasks.prompts.save_path(
            self._window, self.tr("Export a plaintext copy"),
            Path.home() / _safe_file_name(document.name))
        if target is None:
            return
        session = self.session

        def run(progress: Any = None, cancel: Any = None) -> Path:
            with session.guard(cancel) as stop:
                # The file dialog already asked before replacing an existing file.
                return session.documents.export(document.id, target, overwrite=target.exists(),
                                                 progress=progress, cancel=stop)

        handle = self._tasks.jobs.submit(
            run, on_done=lambda _p: self.message.emit(self.tr("Plaintext copy exported.")),
            on_error=lambda exc: self._tasks.show_error(self.tr("The export failed"), exc))
        self._status.watch(handle, self.tr("Exporting…"))

    # -- delete -------------------------------------------------------------------------------
    def delete(self, documents: list[Document]) -> None:
        if not documents or self.session is None:
            return
        if len(documents) == 1:
            question = self.tr("Delete “%1” permanently?").replace("%1", documents[0].name)
        else:
            question = self.tr("Delete these %n documents permanently?", "", len(documents))
        question += "\n\n" + self.tr("Their content is destroyed (crypto-shredded): it cannot "
                                     "be recovered, not even from a backup of the vault.")
        if not self._tasks.prompts.confirm(self._window, self.tr("Delete documents"), question,
                                           self.tr("Delete permanently"), danger=True):
            return
        ids = [doc.id for doc in documents]
        self._tasks.run(self.tr("The documents could not be deleted"),
                        self.session.documents.delete_many, ids,
                        on_done=lambda _n: self._deleted(set(ids)))

    def _deleted(self, ids: set[int]) -> None:
        self.message.emit(self.tr("%Ln document(s) deleted", "", len(ids)))
        self.deleted.emit(ids)

    # -- rename -------------------------------------------------------------------------------
    def rename(self, document: Document | None) -> None:
        if document is None or self.session is None:
            return
        name = self._tasks.prompts.text(self._window, self.tr("Rename the document"),
                                        self.tr("New name:"), document.name)
        if name is None or not name.strip() or name.strip() == document.name:
            return
        self._tasks.run(self.tr("The document could not be renamed"),
                        self.session.documents.rename, document.id, name.strip(),
                        on_done=self.renamed.emit)

    # -- integrity ----------------------------------------------------------------------------
    def check_integrity(self) -> None:
        if self.session is None or self._busy():
            return
        session = self.session

        def run(progress: Any = None, cancel: Any = None) -> Any:
            with session.guard(cancel) as stop:
                return session.integrity.check(progress=progress, cancel=stop)

        handle = self._tasks.jobs.submit(run, on_done=self._checked, on_error=lambda exc: (
            self._tasks.show_error(self.tr("The integrity check failed"), exc)))
        self._status.watch(handle, self.tr("Checking the vault…"))

    def _checked(self, report: Any) -> None:
        title = self.tr("Vault integrity")
        if report.ok:
            self._tasks.prompts.info(self._window, title, self.tr(
                "The vault is intact: %Ln document version(s) checked, the database and the "
                "history are undamaged.", "", report.versions_checked))
            return
        problems = (len(report.database_errors) + len(report.missing_blobs)
                    + len(report.corrupt_blobs) + len(report.orphan_blobs)
                    + len(report.audit.problems))
        self._tasks.prompts.error(self._window, title, self.tr(
            "The check found %n problem(s). Keep this vault as it is and contact your "
            "administrator; the command “scelle check” gives the details.", "", problems))

    def describe(self, exc: BaseException) -> str:
        return describe(exc)
