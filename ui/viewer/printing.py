"""Printing from the viewer (Ctrl+P): the pages as shown, through the platform's print dialog.

Printing hands the plaintext to the print spooler, so Print is disabled, with the reason as its
tooltip, where the workstation policy forbids printing (`print_allowed`) or the document was
received view-only; the core (`app.printing.require_document_printable`) asks both again on
the worker, right before the first page, and records the print in the audit log. The first
print of a run warns that the spooler keeps the job. The dialogs are on the GUI thread; the
pages are rendered and painted on a worker (ui/printing/pages.py), one at a time.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence

from app.errors import ScelleError
from app.policy import require_print_allowed
from app.printing import (
    PRINT_DOCUMENT,
    ViewOnlyPrintRefused,
    printing_allowed,
    require_document_printable,
)
from ui.printing.pages import print_pages
from ui.printing.prompts import PrintChoice, confirm_spooler_once, print_prompts
from ui.viewer.host import ViewerHost
from ui.workers import JobHandle, error_message


def _print_job(session: Any, document_id: int, choice: PrintChoice, source: Any, *,
               progress: Any = None, cancel: Any = None) -> int:
    """Worker: the core's decision (and audit entry), then the pages."""
    require_document_printable(session, document_id, to_file=choice.to_file)
    return print_pages(choice.printer, source, choice.pages, progress=progress, cancel=cancel)


class ViewerPrinting(QObject):
    """The Print action of one viewer window and the print it runs."""

    def __init__(self, window: ViewerHost) -> None:
        super().__init__(window.view)  # lives and dies with the window's page view
        self._window = window
        self._job: JobHandle | None = None
        self.action = window._action(self.tr("&Print…"),
                                     [QKeySequence(QKeySequence.StandardKey.Print)],
                                     self.print_document)
        self.action.setEnabled(False)

    def refusal(self) -> str | None:
        """Why this document cannot be printed here, or None."""
        if not printing_allowed():
            return self.tr("Printing is disabled on this workstation (workstation policy).")
        if self._window.view_only:
            return self.tr("Received view-only: cannot be printed")
        return None

    def source_ready(self, source: Any) -> None:
        reason = self.refusal()
        self.action.setEnabled(reason is None)
        if reason is not None:
            self.action.setToolTip(reason)

    @property
    def busy(self) -> bool:
        return self._job is not None

    def print_document(self) -> None:
        window, prompts = self._window, print_prompts()
        source = window._source
        if source is None or self._job is not None:
            return
        try:  # the core's rules, asked before any dialog (and again on the worker)
            require_print_allowed(PRINT_DOCUMENT)
            if window.view_only:  # known since the content was read: no query here
                raise ViewOnlyPrintRefused(window.document.id)
        except ScelleError as exc:
            prompts.show_error(window, str(exc))
            return
        if not confirm_spooler_once(window):
            return
        choice = prompts.choose_printer(window, self.tr("Print “%1”").replace(
            "%1", window.document.name), source.page_count, window.current_page)
        if choice is None or not choice.pages:
            return
        self.action.setEnabled(False)
        self._job = window._submit(_print_job, window.session, window.document.id, choice,
                                   source, on_done=self._printed, on_error=self._failed,
                                   on_progress=self._progress, on_cancelled=self._over)

    def _progress(self, done: int, total: int) -> None:
        self._window.statusBar().showMessage(self.tr("Printing page %1 of %2…").replace(
            "%1", str(done)).replace("%2", str(total)))

    def _over(self) -> None:
        self._job = None
        self.action.setEnabled(self.refusal() is None and not self._window.released)

    def _printed(self, pages: int) -> None:
        self._over()
        self._window.statusBar().showMessage(self.tr("Sent to the printer: %1 page(s).").replace(
            "%1", str(pages)), 5000)

    def _failed(self, exc: BaseException) -> None:
        self._over()
        if not self._window.released:
            self._window.statusBar().clearMessage()
            print_prompts().show_error(self._window, error_message(exc))
