"""`PreviewPane`: the open dialog's preview of the file selected in its list.

Nothing is shown before the user selects a file. A selection submits `render_preview` to the
job queue (a newer selection cancels and supersedes it); the result is a picture (a PDF's first
page, an image), a plain text, or a one-sentence message. Everything comes from the dialog's
`MemoryFiles`: the preview never reads the sealed file again and never writes a byte to disk.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QStackedWidget, QVBoxLayout, QWidget

from ui.common.widgets import PlainLabel
from ui.exchange.preview_memory import MemoryFiles
from ui.exchange.preview_render import Preview, render_preview
from ui.workers import JobHandle, JobQueue


class _Picture(QLabel):
    """An image scaled to fit the pane (never enlarged), kept sharp on resize."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image = QImage()
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(64, 64)

    def set_image(self, image: QImage) -> None:
        self._image = image
        self._rescale()

    def clear_image(self) -> None:
        self._image = QImage()
        self.clear()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._rescale()

    def _rescale(self) -> None:
        if self._image.isNull():
            return
        image = self._image
        if image.width() > self.width() or image.height() > self.height():
            image = image.scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
        self.setPixmap(QPixmap.fromImage(image))


class PreviewPane(QWidget):
    def __init__(self, jobs: JobQueue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._jobs = jobs
        self._job: JobHandle | None = None
        self._generation = 0
        self.shown: Preview | None = None  # the last preview put on screen
        self.pages = QStackedWidget(self)
        self.placeholder = PlainLabel(self.tr(
            "Select a file in the list to preview it here. The preview is made in memory: "
            "nothing is written to disk."), self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = PlainLabel(parent=self)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setAccessibleName(self.tr("Preview"))
        self.picture = _Picture(self)
        self.picture.setAccessibleName(self.tr("Preview"))
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName(self.tr("Preview of the text"))
        for page in (self.placeholder, self.message, self.picture, self.text):
            self.pages.addWidget(page)
        self.note = PlainLabel(parent=self)
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.note)

    @property
    def busy(self) -> bool:
        return self._job is not None

    def reset(self) -> None:
        """Back to "select a file" (a new file was checked, or the selection was cleared)."""
        self._generation += 1
        self._cancel()
        self.shown = None
        self.picture.clear_image()
        self.text.clear()
        self.note.hide()
        self.pages.setCurrentWidget(self.placeholder)

    def show_note(self, text: str) -> None:
        """A sentence instead of a preview (a view-only file: only the viewer shows it)."""
        self.reset()
        self.message.setText(text)
        self.pages.setCurrentWidget(self.message)

    def show_file(self, files: MemoryFiles, index: int) -> JobHandle:
        """Preview file `index` of `files` (rendered in a job; an older one is superseded)."""
        self.reset()
        generation = self._generation
        self.message.setText(self.tr("Preparing the preview…"))
        self.pages.setCurrentWidget(self.message)
        width = max(self.pages.width(), 320)
        job = self._jobs.submit(render_preview, files, index, width,
                                on_done=lambda p: self._rendered(generation, p),
                                on_error=lambda _exc: self._failed(generation))
        job.finished.connect(lambda: self._job_over(job))
        self._job = job
        return job

    def _rendered(self, generation: int, preview: Preview) -> None:
        if generation != self._generation:
            return
        self.shown = preview
        if preview.image is not None:
            self.picture.set_image(preview.image)
            self.pages.setCurrentWidget(self.picture)
        elif preview.text is not None:
            self.text.setPlainText(preview.text)
            self.pages.setCurrentWidget(self.text)
        else:
            self.message.setText(preview.message)
            self.pages.setCurrentWidget(self.message)
        self.note.setText(preview.note)
        self.note.setVisible(bool(preview.note))

    def _failed(self, generation: int) -> None:
        # render_preview turns every expected failure into a message; this is the unexpected.
        if generation == self._generation:
            self._rendered(generation, Preview(message=self.tr(
                "Preview impossible: an unexpected error occurred.")))

    def _job_over(self, job: JobHandle) -> None:
        if self._job is job:
            self._job = None

    def _cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = None
