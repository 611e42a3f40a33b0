"""Noticing the user's input in every window without an application-wide event filter.

An event filter installed on the application is called, in Python, for every event of every
object: each paint, timer, layout and child event. PySide wraps the object and the event for
each call (some 10 µs), so the 1,500 events of building the main window cost 20 ms of the GUI
thread per such filter, and every repaint pays too (docs/performance.md, "GUI
responsiveness"). Input reaches a widget through its top-level QWindow first (Qt delivers
keys, mouse, wheel and touch to the window, which passes them on), so a filter on each
top-level QWindow sees the same input with a few calls per input event, and nothing else of
note.

Windows appear over time (dialogs, menus): `WindowInputTap` watches those that exist when it
starts, each window that gets the focus, and the current list again at each `refresh()` (the
idle watcher's tick), so a window that never takes the focus is watched within a tick.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QGuiApplication, QWindow

INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TabletPress,
    QEvent.Type.ShortcutOverride,
})


class WindowInputTap(QObject):
    """Emits `inputSeen()` for each keyboard, mouse, wheel, touch or tablet event that reaches
    a top-level window, while started."""

    inputSeen = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._started = False

    @property
    def started(self) -> bool:
        return self._started

    def start(self) -> None:
        app = QGuiApplication.instance()
        if self._started or not isinstance(app, QGuiApplication):
            return
        self._started = True
        app.focusWindowChanged.connect(self._watch)
        self.refresh()

    def stop(self) -> None:
        app = QGuiApplication.instance()
        if not self._started or not isinstance(app, QGuiApplication):
            return
        self._started = False
        app.focusWindowChanged.disconnect(self._watch)
        for window in QGuiApplication.topLevelWindows():
            window.removeEventFilter(self)  # a destroyed window dropped its filters itself

    def refresh(self) -> None:
        """Watch the windows that exist now (installing twice is harmless: Qt keeps one)."""
        if self._started:
            for window in QGuiApplication.topLevelWindows():
                window.installEventFilter(self)

    def _watch(self, window: QWindow | None) -> None:
        if window is not None and self._started:
            window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self.inputSeen.emit()
        return False
