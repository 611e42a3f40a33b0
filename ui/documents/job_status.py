"""The status bar's job area: what runs (importing, exporting…), the file being worked on, the
percentage and the time left, a progress bar and Cancel.

The window's Escape cancels the job too (`escape`, a window shortcut enabled only while a job
runs, so Escape keeps its other meanings the rest of the time).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from ui.widgets.eta import RateEstimator, progress_line
from ui.workers import JobHandle

_SCALE = 1000  # byte totals exceed a 32-bit int: the bar counts thousandths


class JobStatus(QWidget):
    def __init__(self, parent: QWidget | None = None, *,
                 clock: Callable[[], float] | None = None) -> None:
        super().__init__(parent)
        self._handle: JobHandle | None = None
        self._item = ""
        self.estimator = RateEstimator(clock) if clock is not None else RateEstimator()
        self.label = QLabel(self)
        self.detail = QLabel(self)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)  # file names are not markup
        self.detail.setAccessibleName(self.tr("Progress details"))
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName(self.tr("Progress"))
        self.bar.setMaximumWidth(self.fontMetrics().averageCharWidth() * 28)
        self.bar.setTextVisible(False)
        self.cancel = QToolButton(self)
        self.cancel.setText(self.tr("Cancel"))
        self.cancel.setToolTip(self.tr("Cancel the operation (Escape)"))
        self.cancel.setAccessibleName(self.tr("Cancel the operation"))
        self.cancel.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.cancel.clicked.connect(self._cancel)
        self.escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), parent or self)
        self.escape.setContext(Qt.ShortcutContext.WindowShortcut)
        self.escape.activated.connect(self._cancel)
        self.escape.setEnabled(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.detail)
        layout.addWidget(self.cancel)
        self.hide()

    @property
    def busy(self) -> bool:
        return self._handle is not None

    def watch(self, handle: JobHandle, text: str) -> None:
        self._handle = handle
        self.label.setText(text)
        self.bar.setRange(0, 0)
        self.estimator.restart()
        self._item = handle.item
        self._show_detail()
        self.cancel.setEnabled(True)
        self.escape.setEnabled(True)
        handle.progressed.connect(self._progress)
        handle.itemChanged.connect(self._set_item)
        handle.finished.connect(lambda h=handle: self._finished(h))
        self.show()

    def _progress(self, done: int, total: int) -> None:
        self.estimator.update(done, total)
        self._show_detail()
        if total <= 0:
            self.bar.setRange(0, 0)
            return
        self.bar.setRange(0, _SCALE)
        self.bar.setValue(min(_SCALE, done * _SCALE // total))

    def _set_item(self, name: str) -> None:
        self._item = name
        self._show_detail()

    def _show_detail(self) -> None:
        text = progress_line(self._item, self.estimator.last)
        self.detail.setText(text)
        self.detail.setVisible(bool(text))

    def _cancel(self) -> None:
        if self._handle is not None:
            self.cancel.setEnabled(False)
            self.escape.setEnabled(False)
            self.label.setText(self.tr("Cancelling…"))
            self._handle.cancel()

    def cancel_job(self) -> None:
        self._cancel()

    def _finished(self, handle: JobHandle) -> None:
        if handle is self._handle:
            self._handle = None
            self.escape.setEnabled(False)
            self.hide()
