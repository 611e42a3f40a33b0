"""Cancelling a long operation: one token shared by the face that asks and the core that stops.

The services of `app/` take `cancel: Callable[[], bool]` and check it between chunks (sealing,
export, integrity), between files (imports) and between envelopes (relay sync). A
`CancelToken` is such a callable: the face keeps the token and calls `cancel()` from any thread
(the GUI's Cancel button, the lock); the worker passes the token down and calls `check()` where
stopping is safe. What each operation leaves behind when stopped is the operation's rule:

* import: every document finished before the stop is kept, the one in progress leaves no trace
  (a document is all or nothing; the batch is not a transaction, and the face says how many
  were imported);
* sealing to a file: no output file (the sealed file is named only once complete);
* sending through the relay: stopped while sealing, nothing enters the outbox; stopped while
  uploading, the envelope stays in the outbox and the next sync resumes it;
* relay sync: stops between envelopes and between chunks; downloads resume where they stopped.

`Cancelled` is the error a core function raises when it notices the token; `is_cancellation`
(app/errors.py) recognises it and the older per-layer cancellation errors alike.
"""

from __future__ import annotations

import threading

from crypto.errors import ScelleError


class Cancelled(ScelleError):
    """The user stopped the operation: nothing to report, nothing partial kept."""

    def __init__(self, message: str = "The operation was cancelled.") -> None:
        super().__init__(message)


class CancelToken:
    """A thread-safe "please stop" flag; calling it answers whether a stop was asked."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def __call__(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise `Cancelled` if a stop was asked; call it where stopping leaves nothing half."""
        if self._event.is_set():
            raise Cancelled()


__all__ = ["CancelToken", "Cancelled"]
