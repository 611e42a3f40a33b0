"""How many envelopes wait in the relay inbox, for the main window's badge.

An envelope waits while the relay lists it and it is not in the vault yet: on the relay and
not downloaded ("deposited"), downloaded but not received ("delivered" without a record), or
held for the user's decision. Expired, refused and opened envelopes do not count. The count is
read from the vault's relay state (no network) on a worker thread: after each unlock, and
whenever the relay panel reloads its lists (after a sync, a receipt or a refusal), in which
case the panel's own rows are counted and no job is needed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QObject, Signal

from ui.workers import JobQueue, plain

WAITING_STATES = ("deposited", "delivered", "held")


def is_waiting(state: str, record_id: int | None) -> bool:
    return state in WAITING_STATES and record_id is None


def waiting_in_rows(rows: Iterable[Any]) -> int:
    """The count among the relay panel's `InboxRow`s."""
    return sum(1 for row in rows if is_waiting(row.state, row.record_id))


def waiting_count(service: Any) -> int:
    """On a worker: the count from the vault's relay state; 0 if the vault joined no relay."""
    if not service.joined():
        return 0
    return sum(1 for view in service.inbox() if is_waiting(view.state, view.item.message_record))


class InboxBadge(QObject):
    """Holds the count; `changed(count)` after each change."""

    changed = Signal(int)

    def __init__(self, jobs: JobQueue, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs = jobs
        self._generation = 0  # a count asked before `clear()` (the lock) is dropped
        self.count = 0

    def refresh(self, service: Any) -> None:
        """Count again from the vault's relay state (`service`: a RelayService, or None)."""
        if service is None:
            self.set_count(0)
            return
        generation = self._generation
        self._jobs.submit(plain(waiting_count), service,
                          on_done=lambda n: self._counted(generation, n),
                          on_error=lambda _exc: None)  # no badge is better than a wrong one

    def _counted(self, generation: int, count: int) -> None:
        if generation == self._generation:
            self.set_count(count)

    def clear(self) -> None:
        """The vault locked: no count, and none still on its way."""
        self._generation += 1
        self.set_count(0)

    def show_rows(self, rows: Iterable[Any]) -> None:
        self.set_count(waiting_in_rows(rows))

    def set_count(self, count: int) -> None:
        if count != self.count:
            self.count = count
            self.changed.emit(count)
