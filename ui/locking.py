"""When to lock: after a period without input, when the screen locks, before the system sleeps.

`LockTriggers` gathers the three and emits `lockRequested(reason)` once per event:

* idle: an event filter on each window (ui/window_input.py) notes the time of every keyboard,
  mouse, wheel and touch event; a timer compares it with the delay (settings, capped by the
  policy);
* screen lock: the desktop's `ActiveChanged(true)` on `org.freedesktop.ScreenSaver` (KDE,
  Xfce…) or `org.gnome.ScreenSaver` (GNOME), and logind's per-session `Lock` signal;
* suspend: logind's `PrepareForSleep(true)` on the system bus.

The D-Bus part uses QtDBus (shipped in PySide6-Essentials); where no bus exists (Windows,
macOS, a bare session) it simply reports nothing and the idle lock remains. `LockCountdown` is
the status-bar widget showing the time left; clicking it locks at once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QToolButton, QWidget

from ui.widgets.icons import icon
from ui.window_input import WindowInputTap

log = logging.getLogger(__name__)

REASON_IDLE = "idle"
REASON_SCREEN = "screen"
REASON_SLEEP = "sleep"
REASON_USER = "user"

class IdleWatcher(QObject):
    """Counts down from the last user input; emits `idle()` once when the delay has passed."""

    idle = Signal()
    remainingChanged = Signal(int)  # whole seconds left

    def __init__(self, delay_ms: int, parent: QObject | None = None,
                 clock: Callable[[], float] = time.monotonic, tick_ms: int = 1000) -> None:
        super().__init__(parent)
        self._clock = clock
        self._delay_ms = delay_ms
        self._last = clock()
        self._fired = False
        self._timer = QTimer(self)
        self._timer.setInterval(max(10, min(tick_ms, delay_ms // 4 or 10)))
        self._timer.timeout.connect(self._tick)
        # Per window, not on the application: an application-wide Python filter is called for
        # every event of every object (ui/window_input.py says what that cost).
        self._input = WindowInputTap(self)
        self._input.inputSeen.connect(self.poke)

    @property
    def delay_ms(self) -> int:
        return self._delay_ms

    def set_delay_ms(self, delay_ms: int) -> None:
        self._delay_ms = delay_ms
        self._timer.setInterval(max(10, min(1000, delay_ms // 4 or 10)))
        self.poke()

    def start(self) -> None:
        self._input.start()
        self.poke()
        self._timer.start()

    def stop(self) -> None:
        self._input.stop()
        self._timer.stop()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def poke(self) -> None:
        """Record activity now (called for every input event)."""
        self._last = self._clock()
        self._fired = False

    def remaining_ms(self) -> int:
        return max(0, int(self._delay_ms - (self._clock() - self._last) * 1000))

    def _tick(self) -> None:
        self._input.refresh()  # windows opened since the last tick
        left = self.remaining_ms()
        self.remainingChanged.emit((left + 999) // 1000)
        if left <= 0 and not self._fired:
            self._fired = True
            self.idle.emit()


class PlatformLockSignals(QObject):
    """Screen-lock and suspend notifications from D-Bus, where there is a bus."""

    screenLocked = Signal()
    sleeping = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.connected: list[str] = []
        try:
            from PySide6.QtCore import SLOT
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # a Qt build without D-Bus: idle locking only
            return
        session, system = QDBusConnection.sessionBus(), QDBusConnection.systemBus()
        for bus, iface, path, name, slot in (
            (session, "org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver",
             "ActiveChanged", "_on_active(bool)"),
            (session, "org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "ActiveChanged",
             "_on_active(bool)"),
            (system, "org.freedesktop.login1.Manager", "/org/freedesktop/login1",
             "PrepareForSleep", "_on_sleep(bool)"),
            (system, "org.freedesktop.login1.Session", "", "Lock", "_on_lock()"),
        ):
            # Empty service: accept the signal from whichever process owns the interface.
            if bus.isConnected() and bus.connect("", path, iface, name, self, SLOT(slot)):
                self.connected.append(f"{iface}.{name}")
        log.debug("platform lock signals: %d connected", len(self.connected))

    @Slot(bool)
    def _on_active(self, active: bool) -> None:
        if active:
            self.screenLocked.emit()

    @Slot(bool)
    def _on_sleep(self, starting: bool) -> None:
        if starting:
            self.sleeping.emit()

    @Slot()
    def _on_lock(self) -> None:
        self.screenLocked.emit()


class LockTriggers(QObject):
    """Idle + screen lock + suspend → `lockRequested(reason)`, only while armed."""

    lockRequested = Signal(str)

    def __init__(self, idle_delay_ms: int, parent: QObject | None = None,
                 platform: PlatformLockSignals | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.idle = IdleWatcher(idle_delay_ms, self, clock=clock)
        self.platform = platform if platform is not None else PlatformLockSignals(self)
        self._armed = False
        self.idle.idle.connect(lambda: self._fire(REASON_IDLE))
        self.platform.screenLocked.connect(lambda: self._fire(REASON_SCREEN))
        self.platform.sleeping.connect(lambda: self._fire(REASON_SLEEP))

    @property
    def armed(self) -> bool:
        return self._armed

    def arm(self) -> None:
        """Start watching (the vault was unlocked)."""
        self._armed = True
        self.idle.start()

    def disarm(self) -> None:
        self._armed = False
        self.idle.stop()

    def _fire(self, reason: str) -> None:
        if self._armed:
            self.disarm()
            self.lockRequested.emit(reason)


class LockCountdown(QToolButton):
    """Status-bar button: "Verrouillage dans 4:32"; clicking it locks now."""

    lockNow = Signal()

    def __init__(self, watcher: IdleWatcher, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockCountdown")
        self.setAutoRaise(True)
        self.setIcon(icon("lock"))
        self.setToolButtonStyle(self.toolButtonStyle().ToolButtonTextBesideIcon)
        self.setToolTip(self.tr("Lock the vault now (Ctrl+L)"))
        self.setAccessibleName(self.tr("Automatic lock countdown"))
        self.clicked.connect(self.lockNow)
        watcher.remainingChanged.connect(self.show_remaining)
        self.show_remaining((watcher.delay_ms + 999) // 1000)

    def show_remaining(self, seconds: int) -> None:
        minutes, secs = divmod(max(0, seconds), 60)
        self.setText(self.tr("Locks in %1").replace("%1", f"{minutes}:{secs:02d}"))
