"""Importing the main window's modules ahead of time, on a worker thread.

The main window is built on the GUI thread at the first unlock of the session. Importing what
it needs there (its panes, the viewer, the relay menu and client with httpx, the exchange
dialogs: some 300 modules) held the GUI thread for 200-300 ms after the key derivation,
longer than anything else the user waits on (docs/performance.md, "GUI responsiveness").
The shell starts this job when it shows the unlock window or the first-run wizard, while the
user types, so that the imports are done when the vault opens.

Importing on a worker is safe here: Python serialises the import of each module (a GUI
thread needing a module still being imported waits for it, as it would have imported it
itself), the modules involved define classes and constants and create no QObject at import
time, and `tests/test_architecture.py` forbids import circles between our modules, which are
what could make two threads wait for each other. A module that fails to import is left for the
GUI thread to import again and report as it always did.

Once imported, what is alive is frozen out of the garbage collector's later walks
(ui/gc_guard.py `freeze_long_lived`), unless a vault was opened in the meantime. Then the shell builds
the main window without a vault (ui/controller.py `_prebuild`: the unlock only gives it the
session and shows it, as after a lock), and PySide's lazily made Python types of the Qt widget
classes (with their enums) and the lists' icons are made on the GUI thread a few at a time
(`TypeWarmer`), so that no key press waits more than a few milliseconds for them.
"""

from __future__ import annotations

import functools
import importlib
import itertools
import logging
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

from PySide6 import QtWidgets
from PySide6.QtCore import QObject, QTimer

from ui.common.document_icons import icon as list_icon
from ui.gc_guard import freeze_long_lived
from ui.workers import JobHandle, JobQueue, plain

log = logging.getLogger(__name__)

#: What the main window's first show imports: the window, then what it imports lazily
#: (ui/main_window.py: the relay menu and "Show the documents"; the exchange dialogs of
#: ui/documents/main_actions.py EXCHANGE_CLASSES, imported to enable their actions).
#: tests/ui/test_warmup.py checks that the first show imports nothing of ours beyond these.
MAIN_WINDOW_MODULES = (
    "ui.main_window",
    "ui.relay",
    "ui.org",
    "ui.delegation",
    "ui.brokerage",
    "ui.exchange.reveal",
    "ui.exchange.seal_dialog",
    "ui.exchange.open_dialog",
    "ui.contacts.contacts_dialog",
)


def import_modules(names: tuple[str, ...]) -> int:
    """Import `names` (a job function); how many were not imported yet."""
    imported = 0
    for name in names:
        if name in sys.modules:
            continue
        try:
            importlib.import_module(name)
        except ImportError as exc:  # the GUI thread imports it again and reports it
            log.debug("warm-up: %s not imported (%s)", name, type(exc).__name__)
            continue
        imported += 1
    return imported


SLICE_S = 0.003  # GUI-thread time per turn of the event loop while warming types


#: The icons the cases and documents lists paint first (ui/common/document_icons.py kinds),
#: drawn at every size once, then cached.
LIST_ICONS = ("all", "unfiled", "case", "case:held", "document:pdf", "document:image",
              "document:text", "document:other")


class TypeWarmer(QObject):
    """Makes PySide's Python types of a module's classes, then the lists' icons, a slice at a
    time, on this object's (GUI) thread. PySide makes each type (and its enums) at its first
    use, including the classes it only meets while finding the most derived type of an object
    Qt returns: the first `viewport()` of the main window made some thirty of them; and each
    list icon was drawn at eight sizes in the middle of the main window's first paint. Both
    were time the user waited for after the unlock."""

    def __init__(self, module: Any = QtWidgets, parent: QObject | None = None,
                 then: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self._then = then
        self._steps: Iterator[Callable[[], object]] = itertools.chain(
            (functools.partial(getattr, module, name) for name in dir(module)),
            (functools.partial(list_icon, kind) for kind in LIST_ICONS))
        self.done = False

    def start(self) -> None:
        QTimer.singleShot(0, self, self._slice)

    def _slice(self) -> None:
        until = time.perf_counter() + SLICE_S
        for step in self._steps:
            step()  # a type is made at its first access; an icon drawn at its first use
            if time.perf_counter() >= until:
                QTimer.singleShot(0, self, self._slice)
                return
        self.done = True
        if self._then is not None:  # in a turn of its own
            QTimer.singleShot(0, self._then)
        self.deleteLater()


def warm_up_main_window(jobs: JobQueue, no_vault_open: Callable[[], bool],
                        ready: Callable[[], None] | None = None,
                        modules: tuple[str, ...] = MAIN_WINDOW_MODULES) -> JobHandle | None:
    """Start importing the main window's modules on a worker, unless they already are. The
    objects alive before and once imported are frozen (`freeze_long_lived`) if `no_vault_open()`
    still says so: what was imported lives as long as the process, and no collection need
    walk it again (25-30 ms of the GUI thread each time otherwise, ui/gc_guard.py), but
    nothing decrypted may be frozen. `ready()` is called after, on the GUI thread."""
    if all(name in sys.modules for name in modules):
        return None
    if no_vault_open():
        # What start-up made is frozen now, before the window appears and before anything is
        # typed, so that the collection after the imports walks only what they made: each
        # is then half the 50-90 ms one collection of everything took on a busy machine.
        freeze_long_lived()

    def imported(count: int) -> None:
        if count and no_vault_open():
            freeze_long_lived()
        # One long step per turn of the event loop: the collection above, the types and icons
        # a slice at a time, then `ready` (the shell builds the main window).
        TypeWarmer(parent=jobs, then=ready).start()

    return jobs.submit(plain(import_modules), modules, on_done=imported)
