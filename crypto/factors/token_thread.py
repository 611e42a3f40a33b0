"""The one thread every hardware-token call runs on.

PKCS#11 modules are initialised here with `C_Initialize(NULL)`, which tells the module that the
application will not call it concurrently: most smart-card middleware then skips its own locking.
Serialising every call (PKCS#11 and FIDO2 alike) on one long-lived thread keeps that promise,
and keeps HID devices from being talked to by two threads at once.

The thread is a daemon: a job stuck waiting for a touch must not keep the process alive at exit.
Cancelling such a job is the job's own business (the FIDO2 factor passes a `threading.Event`).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass
class _Job:
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    future: Future[Any] = field(default_factory=Future)


class TokenThread:
    """A single worker thread with a per-thread cache of loaded libraries."""

    def __init__(self, name: str = "scelle-token") -> None:
        self._queue: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        # Loaded libraries and other per-thread resources; only touched from the worker.
        self._resources: dict[Any, Any] = {}
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    @property
    def ident(self) -> int:
        """The worker's thread identifier (tests compare it with the callers' thread)."""
        ident = self._thread.ident
        assert ident is not None  # noqa: S101 - started in __init__
        return ident

    def is_current(self) -> bool:
        return threading.get_ident() == self.ident

    def submit(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> Future[T]:
        """Queue `fn(*args, **kwargs)` on the worker; its exception, if any, lands in the future."""
        job = _Job(fn, args, kwargs)
        if self.is_current():
            # A job submitting to its own thread would wait for itself forever: run it now.
            self._execute(job)
        else:
            self._queue.put(job)
        return job.future

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run `fn` on the worker and return its result, re-raising its exception here."""
        return self.submit(fn, *args, **kwargs).result()

    def cached(self, key: Any, factory: Callable[[], T]) -> T:
        """Return the resource stored under `key`, creating it once with `factory`.

        Only callable on the worker thread: the cache holds objects (loaded PKCS#11 libraries)
        that must never be used from anywhere else.
        """
        if not self.is_current():
            raise RuntimeError("TokenThread.cached() called outside the token thread")
        if key not in self._resources:
            self._resources[key] = factory()
        return self._resources[key]

    def _run(self) -> None:
        while True:
            self._execute(self._queue.get())

    @staticmethod
    def _execute(job: _Job) -> None:
        if not job.future.set_running_or_notify_cancel():
            return
        try:
            result = job.fn(*job.args, **job.kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller through the future
            job.future.set_exception(exc)
        else:
            job.future.set_result(result)


_default: TokenThread | None = None
_default_lock = threading.Lock()


def token_thread() -> TokenThread:
    """The process-wide token thread, started on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = TokenThread()
        return _default
