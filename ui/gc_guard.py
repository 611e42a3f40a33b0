"""Python's cyclic garbage collector, run on the GUI thread only.

CPython collects cycles in whichever thread happens to allocate when a threshold is crossed. In a
Qt application that is often a worker or the token thread; if the garbage holds Qt objects (a
closed dialog caught in a reference cycle), their C++ destructors then run off the GUI thread and
the process crashes (seen as a segmentation fault inside fido2 on the token thread). So the
automatic collector is switched off and a timer on the GUI thread collects instead, generation by
generation, with the interpreter's own thresholds.
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


def install(parent: QObject) -> GuiThreadCollector:
    """Install the collector for the application `parent` (call on the GUI thread)."""
    return GuiThreadCollector(parent)
