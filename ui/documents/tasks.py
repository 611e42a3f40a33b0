"""Small vault calls (rename, notes, tags, case changes) run on the job queue, with failures
shown in a readable dialog. The database is shared with workers that may be running a long
listing: even a quick call is kept off the GUI thread so that it never waits on their lock."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from ui.documents.errors import describe
from ui.documents.prompts import Prompts
from ui.workers import JobHandle, JobQueue, plain


class Tasks(QObject):
    def __init__(self, jobs: JobQueue, prompts: Prompts, window: QWidget) -> None:
        super().__init__(window)
        self.jobs = jobs
        self.prompts = prompts
        self._window = window

    def run(self, title: str, fn: Callable[..., Any], *args: Any,
            on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None,
            **kwargs: Any) -> JobHandle:
        """Run `fn(*args, **kwargs)` on a worker; on failure show `title` and the reason."""

        def failed(exc: BaseException) -> None:
            if on_error is not None:
                on_error(exc)
            self.show_error(title, exc)

        return self.jobs.submit(plain(fn), *args, on_done=on_done, on_error=failed, **kwargs)

    def show_error(self, title: str, exc: BaseException) -> None:
        self.prompts.error(self._window, title, describe(exc))
