"""Python's cyclic garbage collector, run on the GUI thread only.

CPython collects cycles in whichever thread happens to allocate when a threshold is crossed. In a
Qt application that is often a worker or the token thread; if the garbage holds Qt objects (a
closed dialog caught in a reference cycle), their C++ destructors then run off the GUI thread and
the process crashes (seen as a segmentation fault inside fido2 on the token thread). So the
automatic collector is switched off and a timer on the GUI thread collects instead, generation by
generation, with the interpreter's own thresholds.

A collection of the oldest generation walks every object the interpreter tracks: some 80,000
once the main window's modules are loaded, 25-30 ms of the GUI thread each time (more on a busy
machine). `freeze_long_lived()`, called once those modules are imported (ui/warmup.py), moves
the objects alive then (modules, classes, constants: they live as long as the process) out of
reach of every later collection, so that collections only walk what was made since.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

_INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    """Disables automatic collection and collects on this object's (GUI) thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(_INTERVAL_MS)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start()

    def collect_due(self) -> None:
        """Collect the oldest generation whose count passed its threshold, like CPython."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self._thresholds[generation]:
                gc.collect(generation)
                return

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()


def freeze_long_lived() -> None:
    """Collect once, then leave every object alive out of later collections (`gc.freeze`).
    Call it on the GUI thread before any vault data is loaded: a frozen cycle is never
    collected, so nothing decrypted may be in one (the collection first leaves no garbage to
    freeze). Objects frozen are still freed as usual when their last reference goes."""
    gc.collect()
    gc.freeze()


def install(parent: QObject) -> GuiThreadCollector:
    """Install the collector for the application `parent` (call on the GUI thread)."""
    return GuiThreadCollector(parent)
