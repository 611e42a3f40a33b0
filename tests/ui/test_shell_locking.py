"""Locking: idle delay, Ctrl+L / the window's request, screen lock over D-Bus, clipboard."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtDBus import QDBusConnection, QDBusMessage
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from app.policy import Policy
from app.unlock import TotpCode
from app.vault import open_vault
from tests.ui.conftest import PASSPHRASE
from ui.clipboard import SecretClipboard, copy_secret_text
from ui.controller import AppController
from ui.locking import IdleWatcher, LockCountdown


class FakeMainWindow(QMainWindow):
    """Stands for the documents engineer's window: the two members the controller uses."""

    lockRequested = Signal()

    def __init__(self, session, jobs, policy):
        super().__init__()
        self.session = session
        self.released = 0
        self.setCentralWidget(QLabel("documents"))

    def release_session(self):
        self.released += 1
        self.session = None


def _controller(qtbot, jobs, settings, totp_vault, idle_ms=60_000):
    settings.vault_dir = totp_vault.folder
    controller = AppController(settings, Policy(), jobs, window_factory=FakeMainWindow,
                               idle_ms=idle_ms)
    controller.start()
    assert controller.state == "unlock"
    qtbot.addWidget(controller.window)
    session = open_vault(totp_vault.folder, PASSPHRASE, TotpCode(totp_vault.code()))
    controller.window.unlocked.emit(session)
    assert controller.state == "main"
    window = controller.main_window
    qtbot.addWidget(window)
    return controller, session, window


def _wait_unlock_screen(qtbot, controller):
    qtbot.waitUntil(lambda: controller.state == "unlock", timeout=10_000)


def test_idle_lock_releases_the_window_and_locks_the_session(qtbot, jobs, settings,
                                                             totp_vault):
    controller, session, window = _controller(qtbot, jobs, settings, totp_vault, idle_ms=300)
    countdown = window.statusBar().findChild(LockCountdown)
    assert countdown is not None and countdown.text()
    _wait_unlock_screen(qtbot, controller)
    assert window.released == 1 and session.locked
    assert controller.session is None and controller.window.isVisible()


def test_window_lock_request_locks_at_once(qtbot, jobs, settings, totp_vault):
    controller, session, window = _controller(qtbot, jobs, settings, totp_vault)
    window.lockRequested.emit()
    assert controller.state == "locking" and window.released == 1
    _wait_unlock_screen(qtbot, controller)
    assert session.locked


def test_screen_lock_signal_locks(qtbot, jobs, settings, totp_vault):
    controller, session, window = _controller(qtbot, jobs, settings, totp_vault)
    assert "org.freedesktop.ScreenSaver.ActiveChanged" in controller.triggers.platform.connected
    message = QDBusMessage.createSignal("/org/freedesktop/ScreenSaver",
                                        "org.freedesktop.ScreenSaver", "ActiveChanged")
    message.setArguments([True])
    assert QDBusConnection.sessionBus().send(message)
    _wait_unlock_screen(qtbot, controller)
    assert session.locked and window.released == 1


def test_lock_clears_the_clipboard_only_if_it_still_holds_our_text(qtbot, jobs, settings,
                                                                   totp_vault):
    board = QGuiApplication.clipboard()
    controller, session, window = _controller(qtbot, jobs, settings, totp_vault)
    copy_secret_text("12345 67890 12345")
    assert board.text() == "12345 67890 12345"
    window.lockRequested.emit()
    assert board.text() == ""
    _wait_unlock_screen(qtbot, controller)

    # Second round: the user copied something of their own afterwards; it is left alone.
    again = open_vault(totp_vault.folder, PASSPHRASE, TotpCode(totp_vault.code(30)))
    controller.window.unlocked.emit(again)
    qtbot.addWidget(controller.main_window)
    copy_secret_text("secret")
    board.setText("the user's own text")
    controller.main_window.lockRequested.emit()
    assert board.text() == "the user's own text"
    _wait_unlock_screen(qtbot, controller)


def test_clipboard_is_cleared_after_its_delay(qtbot):
    clipboard = SecretClipboard(lambda: 30)
    clipboard.copy("987 654", delay_ms=50)
    assert clipboard.holds_ours
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "", timeout=5000)
    assert not clipboard.holds_ours


def test_input_events_postpone_the_idle_lock(qtbot):
    now = [100.0]
    watcher = IdleWatcher(10_000, clock=lambda: now[0])
    fired = []
    watcher.idle.connect(lambda: fired.append(True))
    watcher.start()
    try:
        now[0] += 8
        assert watcher.remaining_ms() == 2000
        target = QLabel("x")
        qtbot.addWidget(target)
        target.show()
        watcher._tick()  # a window shown since the last tick is watched from this one on
        # Qt hands a key to the window first, which passes it to the focused widget.
        QApplication.sendEvent(target.windowHandle(), QKeyEvent(
            QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a"))
        assert watcher.remaining_ms() == 10_000  # a key press restarts the countdown
        now[0] += 10
        watcher._tick()
        assert fired == [True]
        watcher._tick()
        assert fired == [True]  # once per idle period
    finally:
        watcher.stop()


def test_countdown_shows_minutes_and_seconds(qtbot):
    watcher = IdleWatcher(300_000)
    countdown = LockCountdown(watcher)
    qtbot.addWidget(countdown)
    countdown.show_remaining(272)
    assert "4:32" in countdown.text()
