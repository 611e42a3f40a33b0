"""Background jobs for the GUI: a small job queue on `QThreadPool` (SecureDrop client style).

Nothing that may take more than a few tens of milliseconds runs on the GUI thread: key
derivation, vault open/create/lock, imports, sealing, file I/O. Widgets submit such work here::

    handle = jobs.submit(session.receive_sealed, path,
                         on_done=self._received,          # (result) on the GUI thread
                         on_error=self._failed,           # (exception) on the GUI thread
                         on_progress=panel.set_progress,  # (done, total) on the GUI thread
                         on_cancelled=self._cancelled,    # () on the GUI thread
                         transfer=Transfer("import", "acte.pdf"),  # optional: see below
                         case_id=3)                        # other keywords go to the function
    handle.cancel()                                       # asks the job to stop

The function runs on a worker thread and is called as ``fn(*args, progress=..., cancel=...,
**kwargs)``: `progress(done: int, total: int, item: str | None = None)` reports advancement
(throttled before it reaches the GUI; `item` names the file or envelope being worked on, and
arrives as `JobHandle.itemChanged`) and `cancel` is the job's `app.cancel.CancelToken`: calling
it tells whether the user asked to stop. This matches the
`progress`/`cancel` keywords of the `app/` services (`seal_documents`, `receive_sealed`,
`importer.import_file`, `integrity.check`…), which can therefore be submitted directly. A
function that takes neither keyword can be wrapped with `plain(fn)`.

`transfer=Transfer(kind, name)` marks the job as a transfer (import, seal, send, sync,
receive): `JobQueue.submitted` carries its handle, so the recent-transfers history
(ui/transfers/history.py) and the inbox badge follow it without the submitting widget knowing.

Callbacks are always called on the GUI thread: the worker emits signals of a `JobHandle` that
lives on the GUI thread, connected with `Qt.QueuedConnection`. Exactly one of `on_done`,
`on_error`, `on_cancelled` is called per job, then `JobHandle.finished` is emitted.

Errors arrive as the exception object. Show it with `error_message(exc)`: `str(exc)` for a
`ScelleError` (always a user-readable sentence naming nothing secret), a generic sentence for
anything else, whose *type only* is logged; never log an exception's text, it may hold content.

Hardware tokens: PKCS#11 and FIDO2 calls already go through the single token thread
(`crypto.factors.token_thread`) inside the factor classes; a job that uses a factor simply
blocks its pool thread while the token thread works, so submit token work here like anything
else and never call the token thread from the GUI thread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal, Slot

from app.cancel import Cancelled, CancelToken
from app.errors import ScelleError, is_cancellation

log = logging.getLogger(__name__)

#: Minimal interval between two progress reports delivered to the GUI (seconds).
_PROGRESS_INTERVAL = 0.05


class JobCancelled(Cancelled):
    """A job function may raise this when it notices `cancel()` returned True."""


#: The kinds of transfer the history lists.
TRANSFER_KINDS = ("import", "seal", "send", "sync", "receive")


@dataclass(frozen=True)
class Transfer:
    """What a transfer job works on, for the progress line and the history. `name` is a
    document or file name: shown, never logged nor written to disk (hence no repr)."""

    kind: str
    name: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        if self.kind not in TRANSFER_KINDS:
            raise ValueError(f"unknown transfer kind {self.kind!r}")

    @classmethod
    def batch(cls, kind: str, names: list[str]) -> Transfer:
        """One name for several items: "acte.pdf", "acte.pdf and 2 more"."""
        if len(names) <= 1:
            return cls(kind, names[0] if names else "")
        more = QCoreApplication.translate("Workers", "%1 and %n more", "", len(names) - 1)
        return cls(kind, more.replace("%1", names[0]))


def plain(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap `fn` so that it ignores the injected `progress` and `cancel` keywords."""

    def call(*args: Any, progress: Any = None, cancel: Any = None, **kwargs: Any) -> Any:
        return fn(*args, **kwargs)

    call.__name__ = getattr(fn, "__name__", "job")
    return call


def error_message(exc: BaseException) -> str:
    """The sentence to show for a failed job; logs the type (never the text) of unexpected ones."""
    if isinstance(exc, ScelleError) and str(exc):
        return str(exc)
    log.warning("background job failed with %s", type(exc).__name__)
    return QCoreApplication.translate(
        "Workers", "An unexpected error occurred. Nothing was changed; please try again.")


def _is_cancellation(exc: BaseException) -> bool:
    return isinstance(exc, JobCancelled) or is_cancellation(exc)


class JobHandle(QObject):
    """One submitted job, living on the GUI thread. `cancel()` asks it to stop."""

    progressed = Signal(int, int)
    #: The file or envelope the job now works on (from `progress(done, total, item)`).
    itemChanged = Signal(str)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    #: Emitted last, after the matching callback, whatever the outcome.
    finished = Signal()

    # Emitted from the worker thread; queued to the slots below on the GUI thread.
    _w_progress = Signal(int, int)
    _w_item = Signal(str)
    _w_result = Signal(object)
    _w_error = Signal(object)
    _w_cancelled = Signal()

    def __init__(self, parent: QObject | None = None, transfer: Transfer | None = None) -> None:
        super().__init__(parent)
        self.token = CancelToken()
        self.transfer = transfer
        self._done = False
        self.result: Any = None
        self.error: BaseException | None = None
        self.item = transfer.name if transfer is not None else ""
        self.done_count = 0
        self.total = 0  # the last total reported (bytes or items); 0 while unknown
        queued = Qt.ConnectionType.QueuedConnection
        self._w_progress.connect(self._on_progress, queued)
        self._w_item.connect(self._on_item, queued)
        self._w_result.connect(self._on_result, queued)
        self._w_error.connect(self._on_error, queued)
        self._w_cancelled.connect(self._on_cancelled, queued)

    @property
    def done(self) -> bool:
        """True once the outcome was delivered on the GUI thread."""
        return self._done

    @property
    def cancel_requested(self) -> bool:
        return self.token.cancelled

    def cancel(self) -> None:
        """Ask the job to stop; it is the function's business to poll `cancel()`."""
        self.token.cancel()

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        if not self._done:
            self.done_count, self.total = done, total
            self.progressed.emit(done, total)

    @Slot(str)
    def _on_item(self, item: str) -> None:
        if not self._done and item != self.item:
            self.item = item
            self.itemChanged.emit(item)

    @Slot(object)
    def _on_result(self, result: Any) -> None:
        self.result = result
        self._finish(self.succeeded, result)

    @Slot(object)
    def _on_error(self, exc: BaseException) -> None:
        self.error = exc
        self._finish(self.failed, exc)

    @Slot()
    def _on_cancelled(self) -> None:
        self._finish(self.cancelled)

    def _finish(self, signal: Any, *args: Any) -> None:
        self._done = True
        signal.emit(*args)
        self.finished.emit()


class _Runnable(QRunnable):
    def __init__(self, handle: JobHandle, fn: Callable[..., Any], args: tuple[Any, ...],
                 kwargs: dict[str, Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the queue keeps the Python object until the job is over
        self._handle = handle
        self._fn = fn
        self._args = args
        self._kwargs = kwargs
        self._last_progress = 0.0
        self._last_item: str | None = None

    def _progress(self, done: int, total: int, item: str | None = None) -> None:
        new_item = item is not None and item != self._last_item
        if new_item:
            self._last_item = item  # a new file or envelope: said at once, not thinned out
            self._handle._w_item.emit(item)
        # Sealing reports every 64 KiB chunk: thin the reports out before they cross threads.
        now = time.monotonic()
        if new_item or done >= total or now - self._last_progress >= _PROGRESS_INTERVAL:
            self._last_progress = now
            self._handle._w_progress.emit(int(done), int(total))

    def run(self) -> None:
        handle = self._handle
        if handle.cancel_requested:
            handle._w_cancelled.emit()
            return
        try:
            result = self._fn(*self._args, progress=self._progress,
                              cancel=handle.token, **self._kwargs)
        except BaseException as exc:  # noqa: BLE001 - every failure is delivered to the GUI
            if handle.cancel_requested or _is_cancellation(exc):
                handle._w_cancelled.emit()
            else:
                handle._w_error.emit(exc)
            return
        handle._w_result.emit(result)


class JobQueue(QObject):
    """Runs jobs on its own `QThreadPool`; `busyChanged` tells when work starts and stops."""

    busyChanged = Signal(bool)
    #: A job marked `transfer=` was queued: its `JobHandle` (history, badge).
    submitted = Signal(object)

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._running: dict[JobHandle, _Runnable] = {}

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def submit(self, fn: Callable[..., Any], *args: Any,
               on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None,
               on_progress: Callable[[int, int], None] | None = None,
               on_cancelled: Callable[[], None] | None = None,
               transfer: Transfer | None = None,
               **kwargs: Any) -> JobHandle:
        """Queue `fn(*args, progress=, cancel=, **kwargs)`; see the module docstring."""
        handle = JobHandle(self, transfer)
        if on_done is not None:
            handle.succeeded.connect(on_done)
        if on_error is not None:
            handle.failed.connect(on_error)
        if on_progress is not None:
            handle.progressed.connect(on_progress)
        if on_cancelled is not None:
            handle.cancelled.connect(on_cancelled)
        handle.finished.connect(lambda h=handle: self._forget(h))
        runnable = _Runnable(handle, fn, args, kwargs)
        was_busy = self.busy
        self._running[handle] = runnable
        if not was_busy:
            self.busyChanged.emit(True)
        if transfer is not None:
            self.submitted.emit(handle)
        self._pool.start(runnable)
        return handle

    def cancel_all(self) -> None:
        for handle in list(self._running):
            handle.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until the pool is idle (shutdown and tests); callbacks still need the loop."""
        return self._pool.waitForDone(msecs)

    def _forget(self, handle: JobHandle) -> None:
        self._running.pop(handle, None)
        handle.deleteLater()
        if not self._running:
            self.busyChanged.emit(False)
