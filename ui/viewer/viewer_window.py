"""The document viewer window: PDFs page by page and images, rendered from memory.

Pages render on worker threads at the screen's resolution (sharp at 200 %), a few are cached
and the next one is prepared in advance. Closing the window (or locking the vault) drops the
rendered pages and zeroes the decrypted buffer. Other document types get an explanation and,
if the policy allows it, an explicit Export button: nothing is ever written to disk here.
Finding, selecting and copying text are ui/viewer/text_tools.py; printing (a plaintext exit
governed by the policy's `print_allowed`) is ui/viewer/printing.py.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QImage, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QSpinBox, QToolBar, QWidget

from app.documents import Document
from app.policy import workstation_policy
from ui.documents.errors import describe
from ui.viewer import zoom as zooming
from ui.viewer.page_cache import PageCache, PageKey
from ui.viewer.page_view import MARGIN as PAGE_MARGIN
from ui.viewer.no_preview import document_is_view_only, show_no_preview
from ui.viewer.page_view import PageView
from ui.viewer.printing import ViewerPrinting
from ui.viewer.sources import POINTS_PER_INCH, Content, can_preview, open_source, read_content
from ui.viewer.text_tools import COPY_ACTION, TextTools
from ui.viewer.watermark import render_marked, watermark_lines
from ui.workers import JobHandle, JobQueue

__all__ = ["COPY_ACTION", "ViewerWindow"]


class ViewerWindow(QMainWindow):
    closed = Signal(object)  # self
    exportRequested = Signal(object)  # Document

    def __init__(self, session: Any, jobs: JobQueue, document: Document, *,
                 export_allowed: bool | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._jobs = jobs
        self.session = session
        self.document = document
        self._export_allowed = (workstation_policy().export_allowed if export_allowed is None
                                else export_allowed)
        self._view_only = False
        self.watermark: tuple[str, ...] = ()  # a view-only document's (ui/viewer/watermark.py)
        self._source: Any = None
        self._handles: list[JobHandle] = []
        self._render: JobHandle | None = None
        self._wanted: PageKey | None = None
        self._cache = PageCache()
        self._page = 0
        self._zoom = 1.0
        self._fit = True
        self._released = False
        self.setWindowTitle(self.tr("%1 — Scellé viewer").replace("%1", document.name))
        self.view = PageView(self)
        self.view.setAccessibleName(self.tr("Document page"))
        self.setCentralWidget(self.view)
        self._make_actions()
        self.text = TextTools(self)
        self.addToolBar(Qt.ToolBarArea.BottomToolBarArea, self.text.bar)
        self.copy_action = self.text.copy_page_action
        self.printing = ViewerPrinting(self)
        self.print_action = self.printing.action
        self._make_toolbar()
        self._fit_timer = QTimer(self, singleShot=True, interval=120)
        self._fit_timer.timeout.connect(self._refit)
        self.view.zoomStep.connect(lambda step: self._step_zoom(step))
        self.view.turnPage.connect(lambda step: self.go_to(self._page + step))
        self.resize(900, 1000)
        self._start(session)

    # -- actions ------------------------------------------------------------------------------
    def _action(self, text: str, keys: list[QKeySequence], slot: Any,
                short: str | None = None) -> QAction:
        action = QAction(text, self)
        action.setShortcuts(keys)
        if short is not None:  # the toolbar shows a symbol; the tooltip keeps the words
            action.setIconText(short)
        plain = text.replace("&", "")
        action.setToolTip(f"{plain} ({keys[0].toString(QKeySequence.SequenceFormat.NativeText)})"
                          if keys else plain)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        key = QKeySequence
        self.prev_action = self._action(self.tr("&Previous page"), [key(Qt.Key.Key_PageUp)],
                                        lambda: self.go_to(self._page - 1), "◀")
        self.next_action = self._action(self.tr("&Next page"), [key(Qt.Key.Key_PageDown)],
                                        lambda: self.go_to(self._page + 1), "▶")
        self.first_action = self._action(self.tr("&First page"), [key("Ctrl+Home")],
                                         lambda: self.go_to(0))
        self.last_action = self._action(self.tr("&Last page"), [key("Ctrl+End")],
                                        lambda: self.go_to(self.page_count - 1))
        self.zoom_in_action = self._action(self.tr("Zoom &in"), [
            key(key.StandardKey.ZoomIn), key("Ctrl+="), key("Ctrl++")],
            lambda: self._step_zoom(1), "+")
        self.zoom_out_action = self._action(self.tr("Zoom &out"), [
            key(key.StandardKey.ZoomOut), key("Ctrl+-")], lambda: self._step_zoom(-1), "−")
        self.fit_action = self._action(self.tr("Fit &width"), [key("Ctrl+0")], self.fit_width)
        self.actual_action = self._action(self.tr("&Actual size"), [key("Ctrl+1")],
                                          lambda: self.set_zoom(1.0))
        self.goto_action = self._action(self.tr("&Go to page…"), [key("Ctrl+G")],
                                        self._focus_page_field)
        self.export_action = self._action(self.tr("&Export…"), [],
                                          lambda: self.exportRequested.emit(self.document))
        self.close_action = self._action(self.tr("&Close"), [
            key(key.StandardKey.Close), key(Qt.Key.Key_Escape)], self.close)
        for action in (self.prev_action, self.next_action, self.first_action, self.last_action,
                       self.zoom_in_action, self.zoom_out_action, self.fit_action,
                       self.actual_action, self.goto_action):
            action.setEnabled(False)
        self.export_action.setEnabled(False)

    def _make_toolbar(self) -> None:
        bar = self.toolbar = QToolBar(self.tr("Viewer"), self)
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(bar)
        bar.addAction(self.prev_action)
        self.page_field = QSpinBox(bar)
        self.page_field.setAccessibleName(self.tr("Page number"))
        self.page_field.setKeyboardTracking(False)
        self.page_field.setMinimum(1)
        self.page_field.valueChanged.connect(lambda value: self.go_to(value - 1))
        bar.addWidget(self.page_field)
        self.page_total = QLabel(bar)
        bar.addWidget(self.page_total)
        bar.addAction(self.next_action)
        bar.addSeparator()
        bar.addAction(self.zoom_out_action)
        self.zoom_label = QLabel(bar)
        self.zoom_label.setAccessibleName(self.tr("Zoom level"))
        self.zoom_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000 %"))
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bar.addWidget(self.zoom_label)
        bar.addAction(self.zoom_in_action)
        bar.addAction(self.fit_action)
        bar.addSeparator()
        bar.addAction(self.text.find_action)
        bar.addAction(self.copy_action)
        bar.addAction(self.print_action)
        bar.addAction(self.export_action)
        self.statusBar().showMessage(self.tr("Decrypting…"))

    # -- loading ------------------------------------------------------------------------------
    def _start(self, session: Any) -> None:
        if not can_preview(self.document.media_type):  # export only if the core would allow it
            self._submit(document_is_view_only, session, self.document.id,
                         on_done=self._no_preview)
            return
        self.view.show_message(self.tr("Decrypting the document…"))
        self._submit(read_content, session, self.document.id, on_done=self._content_read,
                     on_progress=self._read_progress)

    def _submit(self, fn: Any, *args: Any, **kwargs: Any) -> JobHandle:
        on_error = kwargs.pop("on_error", self._failed)
        handle = self._jobs.submit(fn, *args, on_error=on_error, **kwargs)
        self._handles.append(handle)
        handle.finished.connect(lambda h=handle: self._handles.remove(h)
                                if h in self._handles else None)
        return handle

    def _read_progress(self, done: int, total: int) -> None:
        if total:
            self.statusBar().showMessage(self.tr("Decrypting… %1 %").replace(
                "%1", str(done * 100 // total)))

    def _content_read(self, content: Content) -> None:
        self._view_only = content.view_only
        self.watermark = watermark_lines(content.watermark)  # painted by each page's render
        if self._released:
            from ui.viewer.sources import wipe

            wipe(content.data)
            return
        self._set_export(True)
        self._submit(open_source, content, on_done=self._source_opened)

    def _source_opened(self, source: Any) -> None:
        if self._released:
            source.close(blocking=False) or self._jobs.submit(lambda **_: source.close())
            return
        self._source = source
        self.page_field.blockSignals(True)
        self.page_field.setMaximum(source.page_count)
        self.page_field.setValue(1)
        self.page_field.blockSignals(False)
        self.page_total.setText(self.tr("of %1").replace("%1", str(source.page_count)))
        for action in (self.zoom_in_action, self.zoom_out_action, self.fit_action,
                       self.actual_action, self.goto_action):
            action.setEnabled(True)
        self.text.source_ready(source, copy_allowed=self._export_allowed and not self._view_only)
        self.printing.source_ready(source)
        self._fit = True
        self._refit()

    def _failed(self, exc: BaseException) -> None:
        if not self._released:
            self.view.show_message(describe(exc))
            self.statusBar().clearMessage()

    def _no_preview(self, view_only: bool) -> None:
        self._view_only = view_only
        show_no_preview(self, export_allowed=self._export_allowed, view_only=view_only)
        self._set_export(True)

    def _set_export(self, ready: bool) -> None:
        allowed = ready and self._export_allowed and not self._view_only
        self.export_action.setEnabled(allowed)
        if self._view_only:
            self.export_action.setToolTip(self.tr("Received view-only: cannot be exported"))

    # -- pages and zoom -----------------------------------------------------------------------
    @property
    def page_count(self) -> int:
        return self._source.page_count if self._source is not None else 0

    @property
    def current_page(self) -> int:
        return self._page

    @property
    def zoom(self) -> float:
        return self._zoom

    def go_to(self, index: int) -> None:
        if self._source is None or not 0 <= index < self.page_count or index == self._page \
                and self.view.has_page():
            return
        self._page = index
        self.view.verticalScrollBar().setValue(0)
        if self._fit:
            self._refit()
        else:
            self._show_page()

    def set_zoom(self, zoom: float) -> None:
        self._fit = False
        self._apply_zoom(zoom)

    def _apply_zoom(self, zoom: float) -> None:
        self._zoom = zooming.clamp(zoom)
        self._show_page()

    def _step_zoom(self, step: int) -> None:
        if self._source is None:
            return
        self.set_zoom(zooming.stepped(self._zoom, step))

    def fit_width(self) -> None:
        self._fit = True
        self._refit()

    def _refit(self) -> None:
        if self._source is None:
            return
        if not self._fit:
            self._show_page()
            return
        width_pt, _height = self._source.page_size(self._page)
        room = self.view.viewport().width() - 2 * PAGE_MARGIN - 2
        bar = self.view.verticalScrollBar()
        if not bar.isVisible():  # a long page will show it: leave it room now
            room -= self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent)
        self._apply_zoom(zooming.fit_width(
            room, width_pt, self._points_to_pixels(),
            enlarge=type(self._source).__name__ != "ImageSource"))

    def _points_to_pixels(self) -> float:
        return self.logicalDpiX() / POINTS_PER_INCH

    def _device_scale(self) -> float:
        return round(self._zoom * self._points_to_pixels() * self.devicePixelRatioF(), 3)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fit:
            self._fit_timer.start()

    # -- rendering ----------------------------------------------------------------------------
    def _show_page(self) -> None:
        if self._source is None:
            return
        key = (self._page, self._device_scale())
        self._update_status()
        image = self._cache.get(key)
        self.text.page_changed()
        if image is not None:
            self.view.show_image(image, self.devicePixelRatioF(), self.text.marks(self._page))
            self._wanted = None
            self._prefetch()
            return
        self._wanted = key
        if not self.view.has_page():
            self.view.show_message(self.tr("Rendering the page…"))
        if self._render is None:
            self._start_render(key)

    def _start_render(self, key: PageKey) -> None:
        page, scale = key
        render = partial(render_marked, self._source, self.watermark) if self.watermark \
            else self._source.render
        self._render = self._submit(render, page, scale,
                                    on_done=lambda image: self._rendered(key, image),
                                    on_error=self._render_failed,
                                    on_cancelled=self._render_idle)

    def _render_idle(self) -> None:
        self._render = None

    def _render_failed(self, exc: BaseException) -> None:
        self._render = None
        if type(exc).__name__ != "SourceClosed":
            self._failed(exc)

    def _rendered(self, key: PageKey, image: QImage) -> None:
        self._render = None
        if self._released:
            return
        self._cache.put(key, image)
        if self._wanted is not None:
            self._show_page()  # the page wanted now: shown, or rendered next
        else:
            self._prefetch()

    def _prefetch(self) -> None:
        """Render the next page in advance (at the same scale) when nothing else runs."""
        nxt = (self._page + 1, self._device_scale())
        if self._render is None and nxt[0] < self.page_count and nxt not in self._cache:
            self._start_render(nxt)

    def _update_status(self) -> None:
        self.page_field.blockSignals(True)
        self.page_field.setValue(self._page + 1)
        self.page_field.blockSignals(False)
        self.zoom_label.setText(f"{round(self._zoom * 100)} %")
        self.prev_action.setEnabled(self._page > 0)
        self.first_action.setEnabled(self._page > 0)
        self.next_action.setEnabled(self._page + 1 < self.page_count)
        self.last_action.setEnabled(self._page + 1 < self.page_count)
        self.statusBar().showMessage(self.tr("Page %1 of %2").replace(
            "%1", str(self._page + 1)).replace("%2", str(self.page_count)))

    def _focus_page_field(self) -> None:
        self.page_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.page_field.selectAll()

    # -- text (ui/viewer/text_tools.py) -------------------------------------------------------
    @property
    def view_only(self) -> bool:
        return self._view_only

    @property
    def released(self) -> bool:
        return self._released

    def copy_page_text(self) -> None:
        self.text.copy_page_text()

    def refresh_marks(self) -> None:
        """Repaint the hits and the selection over the page shown."""
        if self.view.has_page():
            self.view.set_marks(self.text.marks(self._page))

    # -- closing ------------------------------------------------------------------------------
    def release(self) -> None:
        """Drop the pages and zero the document's bytes (idempotent)."""
        if self._released:
            return
        self._released = True
        for handle in list(self._handles):
            handle.cancel()
        self._cache.clear()
        self.view.clear()
        source, self._source = self._source, None
        if source is not None and not source.close(blocking=False):
            # A render holds PDFium: close right after it, on a worker, not blocking the GUI.
            self._jobs.submit(lambda **_kw: source.close())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.release()
        self.closed.emit(self)
        super().closeEvent(event)
