"""The viewer's text: find in the document, select with the mouse, copy.

Searching and selecting read PDFium's text layer on worker threads (`PdfSource.find` and
`select`); the hits and the selection come back as rectangles in fractions of the page, which
the page view paints over the page. An image has no text: Find is disabled, with the reason
as its tooltip.

Copying hands plaintext out of the vault: the page's text or the selection go only through the
secret clipboard (`ui.clipboard.copy_secret_text`: kept out of clipboard histories, cleared
after the delay and at lock), and only where the workstation policy allows export and the
document was not received view-only. The greyed-out actions are a courtesy: each copy first asks
the core (`VaultDocuments.require_text_copy_allowed`, on the worker that then reads the text),
whose refusal is shown in the status bar and leaves the clipboard untouched.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from app.policy import PolicyRefusal, require_export_allowed
from ui.viewer.find_bar import FindBar
from ui.viewer.sources import Box, Hit, TextSelection
from ui.viewer.host import ViewerHost
from ui.workers import JobHandle

COPY_ACTION = "Copying a document's text"  # the start of the policy's refusal


def clipboard_helper() -> Any:
    try:
        from ui.clipboard import copy_secret_text  # the shell's: clears itself on lock
    except ImportError:
        return None
    return copy_secret_text


class TextTools(QObject):
    """Find bar, hits, mouse selection and the copy actions of one viewer window."""

    def __init__(self, window: ViewerHost) -> None:
        super().__init__(window.view)  # lives and dies with the window's page view
        self._window = window
        self.hits: list[Hit] = []
        self.current: int | None = None
        self.selection: TextSelection | None = None
        self._search: JobHandle | None = None
        self._query = ""
        self.bar = FindBar()  # the window docks it at the bottom
        self.bar.searched.connect(self.find)
        self.bar.stepped.connect(self.step)
        self.bar.dismissed.connect(self.close_bar)
        window.view.selectionDragged.connect(self._select)
        self._make_actions()

    def _make_actions(self) -> None:
        key, window = QKeySequence, self._window
        self.find_action = window._action(self.tr("&Find…"), [key(key.StandardKey.Find)],
                                          self.bar.open)
        self.next_action = window._action(self.tr("Find &next"), [key(Qt.Key.Key_F3)],
                                          lambda: self.step(1))
        self.previous_action = window._action(self.tr("Find &previous"), [key("Shift+F3")],
                                              lambda: self.step(-1))
        self.copy_page_action = window._action(self.tr("&Copy page text"),
                                               [key("Ctrl+Shift+C")], self.copy_page_text)
        self.copy_selection_action: QAction = window._action(
            self.tr("Copy the &selection"), [key(key.StandardKey.Copy)], self.copy_selection)
        for action in (self.find_action, self.next_action, self.previous_action,
                       self.copy_page_action, self.copy_selection_action):
            action.setEnabled(False)

    def source_ready(self, source: Any, *, copy_allowed: bool) -> None:
        """The document is open: enable what its kind allows."""
        has_text = type(source).__name__ == "PdfSource"
        self.find_action.setEnabled(has_text)
        if not has_text:
            self.find_action.setToolTip(self.tr("An image has no text to find."))
        self._window.view.set_selectable(has_text)
        self.copy_page_action.setEnabled(has_text and copy_allowed
                                         and clipboard_helper() is not None)

    # -- find ---------------------------------------------------------------------------------
    def find(self, query: str) -> None:
        """Search the whole document for `query` (a worker job); the first hit shown is the
        first on or after the page in view."""
        source = self._window._source
        if self._search is not None:
            self._search.cancel()
            self._search = None
        self._query = query.strip()
        self.hits, self.current = [], None
        if not self._query or source is None:
            self.bar.show_count(None, None)
            self._window.refresh_marks()
            return
        self.bar.show_count(-1, None)
        query = self._query
        self._search = self._window._submit(source.find, query,
                                            on_done=lambda hits: self._found(query, hits))

    def _found(self, query: str, hits: list[Hit]) -> None:
        if query != self._query:
            return  # an older search
        self._search = None
        self.hits = hits
        page = self._window.current_page
        self.current = next((i for i, hit in enumerate(hits) if hit.page >= page), 0) \
            if hits else None
        self._show_current()

    def step(self, step: int) -> None:
        """Next (+1) or previous (-1) hit, round the document."""
        if not self.hits:
            if not self.bar.isVisible():
                self.bar.open()
            return
        self.current = ((self.current or 0) + step) % len(self.hits)
        self._show_current()

    def _show_current(self) -> None:
        self.bar.show_count(self.current, len(self.hits))
        self.next_action.setEnabled(bool(self.hits))
        self.previous_action.setEnabled(bool(self.hits))
        if self.current is not None:
            hit = self.hits[self.current]
            self._window.go_to(hit.page)
            if hit.boxes:
                self._window.view.reveal(hit.boxes[0])
        self._window.refresh_marks()

    def close_bar(self) -> None:
        self.bar.hide()
        self.hits, self.current, self._query = [], None, ""
        self.next_action.setEnabled(False)
        self.previous_action.setEnabled(False)
        self._window.refresh_marks()
        self._window.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def marks(self, page: int) -> list[tuple[Box, str]]:
        """What to paint over `page`: its hits (the current one apart) and the selection."""
        marks: list[tuple[Box, str]] = []
        for i, hit in enumerate(self.hits):
            if hit.page == page:
                kind = "current" if i == self.current else "hit"
                marks.extend((box, kind) for box in hit.boxes)
        if self.selection is not None and self.selection.page == page:
            marks.extend((box, "selection") for box in self.selection.boxes)
        return marks

    # -- selection and copy -------------------------------------------------------------------
    def _select(self, start: tuple[float, float], end: tuple[float, float]) -> None:
        source = self._window._source
        if source is None:
            return
        self._window._submit(source.select, self._window.current_page, start, end,
                             on_done=self._selected)

    def _selected(self, selection: TextSelection) -> None:
        self.selection = selection if selection.text.strip() else None
        self.copy_selection_action.setEnabled(self.selection is not None
                                              and self.copy_page_action.isEnabled())
        self._window.refresh_marks()
        if self.selection is not None:
            self._window.statusBar().showMessage(self.tr(
                "%1 characters selected: Ctrl+C copies them.").replace(
                    "%1", str(len(self.selection.text))), 5000)

    def page_changed(self) -> None:
        """The selection belongs to the page it was made on: another page drops it."""
        if self.selection is not None and self.selection.page != self._window.current_page:
            self.selection = None
            self.copy_selection_action.setEnabled(False)

    def copy_selection(self) -> None:
        if self.selection is not None and self._copy_allowed():
            text = self.selection.text
            self._copy(lambda: text)

    def copy_page_text(self) -> None:
        source = self._window._source
        if source is not None and self._copy_allowed():
            page = self._window.current_page
            self._copy(lambda: source.page_text(page))

    def _copy(self, text_of: Any) -> None:
        window = self._window
        window._submit(copyable_text, window.session, window.document.id, text_of,
                       on_done=self._to_clipboard, on_error=self._copy_refused)

    def _copy_refused(self, exc: BaseException) -> None:
        from ui.documents.errors import describe

        if not self._window.released:
            self._window.statusBar().showMessage(describe(exc))

    def _copy_allowed(self) -> bool:
        """The core's rule, asked again at the moment of copying (the greyed-out action is
        only a courtesy)."""
        if clipboard_helper() is None or self._window.view_only:
            return False
        try:
            require_export_allowed(COPY_ACTION)
        except PolicyRefusal as exc:
            self._window.statusBar().showMessage(str(exc))
            return False
        return True

    def _to_clipboard(self, text: str) -> None:
        helper = clipboard_helper()
        if helper is not None and not self._window.released:
            helper(text)
            self._window.statusBar().showMessage(self.tr(
                "Text copied; the clipboard is cleared when the vault locks."), 5000)


def copyable_text(session: Any, document_id: int, text_of: Any, **_: Any) -> str:
    """Job: the core's rule first (policy, view-only), then the text to copy."""
    session.documents.require_text_copy_allowed(document_id)
    return str(text_of())
