"""Building a window one part per turn of the event loop.

The main window takes 60-70 ms of the GUI thread to build (its three panes, menus, toolbar,
the relay, organisation, delegation and brokerage menus). Built in one go, a key press typed
in the unlock window meanwhile, or the first paint after Unlock, waited for all of it. A window
that offers `build_step() -> bool` (ui/main_window.py, made with `stepwise=True`) is built
here one part at a time, each in its own turn of the event loop, so that nothing waits for
more than one part (docs/performance.md, "GUI responsiveness").
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget


class StepwiseBuild(QObject):
    """Calls `window.build_step()` now, then once per turn of the event loop until it returns
    True, then each function given to `when_built`, in order. A window without `build_step` is
    built already."""

    def __init__(self, window: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self._step: Callable[[], bool] | None = getattr(window, "build_step", None)
        self._waiting: list[Callable[[], None]] = []
        self._next()  # the first part now: a window made complete is done at once

    @property
    def done(self) -> bool:
        return self._step is None

    def when_built(self, then: Callable[[], None]) -> None:
        """Call `then` once the window is complete: now if it is, else after its last part."""
        if self._step is None:
            then()
        else:
            self._waiting.append(then)

    def _next(self) -> None:
        if self._step is None:
            return
        if not self._step():
            QTimer.singleShot(0, self, self._next)
            return
        self._step = None
        waiting, self._waiting = self._waiting, []
        for then in waiting:
            then()
