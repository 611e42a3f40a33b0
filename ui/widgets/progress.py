"""Progress shown while a background job runs: an inline panel and a modal-looking overlay.

`ProgressPanel` is a label, a bar, a detail line and a Cancel button; `watch(handle)` wires it
to a `ui.workers.JobHandle`: the bar follows `progress(done, total)` (busy indicator while the
total is unknown), the detail line says the file being worked on, the percentage and the time
left (ui/widgets/eta.py), Cancel (Alt+C, and Escape when `escape_cancels`) calls
`handle.cancel()`, and the panel hides itself when the job is over.
`BusyOverlay` puts the same panel over a widget and blocks its input while the job runs.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QPainter, QPaintEvent, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.eta import RateEstimator, progress_line
from ui.workers import JobHandle

#: Progress bars count in thousandths: byte totals exceed a 32-bit int.
_SCALE = 1000


class ProgressPanel(QFrame):
    """Label + progress bar + Cancel, wired to one job at a time."""

    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None, cancellable: bool = True, *,
                 escape_cancels: bool = False,
                 clock: Callable[[], float] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progressPanel")
        self._handle: JobHandle | None = None
        self._item = ""
        self.estimator = RateEstimator(clock) if clock is not None else RateEstimator()
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.detail = QLabel(self)
        self.detail.setAccessibleName(self.tr("Progress details"))
        self.detail.setTextFormat(Qt.TextFormat.PlainText)  # file names are not markup
        self.detail.hide()
        self.bar = QProgressBar(self)
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName(self.tr("Progress"))
        self.cancel_button = QPushButton(self.tr("&Cancel"), self)
        self.cancel_button.setAccessibleName(self.tr("Cancel the operation"))
        self.cancel_button.setVisible(cancellable)
        self.cancel_button.clicked.connect(self._cancel)
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addLayout(row)
        layout.addWidget(self.detail)
        # Escape cancels only where the window gives Escape no other meaning (a dialog's
        # Escape already closes it, and closing cancels); enabled only while a job runs.
        self.escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self.escape.setContext(Qt.ShortcutContext.WindowShortcut)
        self.escape.activated.connect(self._cancel)
        self.escape.setEnabled(False)
        self._escape_cancels = escape_cancels and cancellable
        self.set_busy()

    def set_text(self, text: str) -> None:
        self.label.setText(text)
        self.label.setVisible(bool(text))

    def set_busy(self) -> None:
        """Indeterminate bar: the total is unknown (key derivation, waiting for a token)."""
        self.bar.setRange(0, 0)

    def set_progress(self, done: int, total: int) -> None:
        estimate = self.estimator.update(done, total)
        self._show_detail()
        if total <= 0:
            self.set_busy()
            return
        self.bar.setRange(0, _SCALE)
        self.bar.setValue(min(_SCALE, int(done * _SCALE / total)))
        self.bar.setAccessibleDescription(progress_line("", estimate))

    def set_item(self, name: str) -> None:
        """The file or envelope now worked on."""
        self._item = name
        self._show_detail()

    def _show_detail(self) -> None:
        text = progress_line(self._item, self.estimator.last)
        self.detail.setText(text)
        self.detail.setVisible(bool(text))

    def watch(self, handle: JobHandle, text: str = "") -> None:
        """Follow `handle` until it finishes; show the panel meanwhile."""
        self._handle = handle
        self.set_text(text)
        self.set_busy()
        self.estimator.restart()
        self.set_item(handle.item)
        self.cancel_button.setEnabled(True)
        self.escape.setEnabled(self._escape_cancels)
        handle.progressed.connect(self.set_progress)
        handle.itemChanged.connect(self.set_item)
        handle.finished.connect(self._finished)
        self.show()

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        if self._handle is not None and not self._handle.done:
            self._handle.cancel()
        self.cancelRequested.emit()

    def _finished(self) -> None:
        self._handle = None
        self.escape.setEnabled(False)
        self.hide()


class BusyOverlay(QWidget):
    """Dims `parent` and shows a `ProgressPanel` centred over it while a job runs."""

    def __init__(self, parent: QWidget, cancellable: bool = True) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.panel = ProgressPanel(self, cancellable=cancellable)
        self.panel.setAutoFillBackground(True)
        self.panel.setMinimumWidth(320)
        self.panel.setMaximumWidth(480)
        self.panel.hide()
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.panel, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        parent.installEventFilter(self)
        self.hide()

    def watch(self, handle: JobHandle, text: str = "") -> None:
        self.setGeometry(self.parentWidget().rect())
        self.panel.watch(handle, text)
        handle.finished.connect(self.hide)
        self.raise_()
        self.show()
        self.panel.cancel_button.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0, 90))
