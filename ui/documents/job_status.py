"""The status bar's job area: what runs (importing, exporting…), a progress bar and Cancel."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from ui.workers import JobHandle

_SCALE = 1000  # byte totals exceed a 32-bit int: the bar counts thousandths


class JobStatus(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._handle: JobHandle | None = None
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName(self.tr("Progress"))
        self.bar.setMaximumWidth(self.fontMetrics().averageCharWidth() * 28)
        self.bar.setTextVisible(False)
        self.cancel = QToolButton(self)
        self.cancel.setText(self.tr("Cancel"))
        self.cancel.setAccessibleName(self.tr("Cancel the operation"))
        self.cancel.clicked.connect(self._cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel)
        self.hide()

    @property
    def busy(self) -> bool:
        return self._handle is not None

    def watch(self, handle: JobHandle, text: str) -> None:
        self._handle = handle
        self.label.setText(text)
        self.bar.setRange(0, 0)
        self.cancel.setEnabled(True)
        handle.progressed.connect(self._progress)
        handle.finished.connect(lambda h=handle: self._finished(h))
        self.show()

    def _progress(self, done: int, total: int) -> None:
        if total <= 0:
            self.bar.setRange(0, 0)
            return
        self.bar.setRange(0, _SCALE)
        self.bar.setValue(min(_SCALE, done * _SCALE // total))

    def _cancel(self) -> None:
        if self._handle is not None:
            self.cancel.setEnabled(False)
            self.label.setText(self.tr("Cancelling…"))
            self._handle.cancel()

    def cancel_job(self) -> None:
        self._cancel()

    def _finished(self, handle: JobHandle) -> None:
        if handle is self._handle:
            self._handle = None
            self.hide()
