"""The application's states and what moves between them.

    start ─▶ describe_vault(path) ─┬─ no vault ─▶ FirstRunWizard ──vaultReady──┐
                                   ├─ unfinished ▶ PendingCreationWizard ──────┤ (or discarded
                                   │               ──discarded──▶ FirstRunWizard)
                                   └─ vault ────▶ UnlockWindow ────unlocked───┴─▶ MainWindow
    MainWindow ──lock (Ctrl+L, idle, screen lock, suspend)──▶ release_session(), clipboard
    cleared if ours, session.lock() in a worker ──▶ UnlockWindow

The main window is built by `window_factory(session, jobs, policy)` (default: the main
window of `ui.main_window`). It may expose `lockRequested` (we connect it),
`release_session()` (we call it before locking), `settingsRequested` / `aboutRequested`
(we connect them; otherwise we add our own menu entries).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from app.policy import Policy
from app.vault import Argon2Params, VaultSession, describe_vault
from ui.clipboard import SecretClipboard, install
from ui.locking import REASON_USER, LockCountdown, LockTriggers, PlatformLockSignals
from ui.settings.store import AppSettings
from ui.unlock.window import UnlockWindow
from ui.widgets.icons import icon
from ui.recovery_banner import show_recovery_reminder
from ui.warmup import warm_up_main_window
from ui.window_build import StepwiseBuild
from ui.wizard.wizard import FirstRunWizard
from ui.workers import JobQueue, plain

log = logging.getLogger(__name__)

WindowFactory = Callable[[VaultSession, JobQueue, Policy], QWidget]


def default_window_factory(session: VaultSession, jobs: JobQueue, policy: Policy, *,
                           stepwise: bool = False) -> QWidget:
    try:
        from ui.main_window import MainWindow  # the documents engineer's window
    except ImportError:
        return _InterimWindow(session)
    return MainWindow(session, jobs, policy, stepwise=stepwise)


class _InterimWindow(QMainWindow):
    """Shown only while ui/main_window.py does not exist yet (development builds)."""

    lockRequested = Signal()

    def __init__(self, session: VaultSession) -> None:
        super().__init__()
        self.setWindowTitle("Scellé")
        self.setCentralWidget(QLabel(self.tr("The vault is open."), self))
        self.statusBar()
        self.resize(900, 600)

    def release_session(self) -> None:
        pass


class AppController(QObject):
    """Owns the current window and the session; see the module docstring."""

    stateChanged = Signal(str)  # "wizard", "unlock", "main", "locking"

    def __init__(self, settings: AppSettings, policy: Policy, jobs: JobQueue, *,
                 kdf: Argon2Params | None = None, keyring: Any = None,
                 window_factory: WindowFactory = default_window_factory,
                 platform: PlatformLockSignals | None = None, idle_ms: int | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings, self.policy, self.jobs = settings, policy, jobs
        self._kdf, self._keyring, self._factory = kdf, keyring, window_factory
        self._idle_ms = idle_ms
        self.session: VaultSession | None = None
        self.window: QWidget | None = None
        self.main_window: QWidget | None = None
        self._prebuilt: StepwiseBuild | None = None  # the main window, built in advance
        self._building: StepwiseBuild | None = None  # the main window being finished
        self.state = ""
        self.clipboard = SecretClipboard(lambda: self.settings.clipboard_seconds, self)
        install(self.clipboard)
        self.triggers = LockTriggers(self._idle_delay_ms(), self, platform=platform)
        self.triggers.lockRequested.connect(self.lock)

    def _idle_delay_ms(self) -> int:
        return self._idle_ms if self._idle_ms is not None else self.settings.idle_minutes * 60000

    def _set_state(self, state: str) -> None:
        self.state = state
        self.stateChanged.emit(state)

    def _show(self, window: QWidget) -> None:
        """Show the wizard or the unlock window in place of the previous one."""
        old, self.window = self.window, window
        if self.main_window is None:  # its modules load on a worker while the user types
            warm_up_main_window(self.jobs, lambda: self.session is None, self._prebuild)
        window.show()
        window.raise_()
        window.activateWindow()
        if old is not None and old is not window:
            old.close()
            old.deleteLater()

    # -- start --------------------------------------------------------------------------------
    def start(self) -> None:
        # vault.json is a few kilobytes: reading it here costs well under a millisecond.
        description = describe_vault(self.settings.vault_dir)
        if description.pending:
            self.show_pending()  # an interrupted creation: finish it or delete it
        elif not description.exists:
            self.show_wizard()
        else:
            self.show_unlock()

    def show_pending(self) -> None:
        from ui.wizard.pending import PendingCreationWizard

        window = PendingCreationWizard(
            self.settings.vault_dir, self.jobs, self.policy, kdf=self._kdf,
            keyring=self._keyring, module_path=lambda: self.settings.pkcs11_module)
        window.vaultReady.connect(self.open_main)
        window.discarded.connect(self.show_wizard)
        self._show(window)
        self._set_state("pending")

    def show_wizard(self) -> None:
        wizard = FirstRunWizard(self.jobs, self.policy, self.settings.vault_dir,
                                module_path=self.settings.pkcs11_module, kdf=self._kdf,
                                keyring=self._keyring)
        wizard.vaultReady.connect(lambda session: self._wizard_done(wizard, session))
        self._show(wizard)
        self._set_state("wizard")

    def _wizard_done(self, wizard: FirstRunWizard, session: VaultSession) -> None:
        self.settings.vault_dir = wizard.location.folder()
        if wizard.module_path() and not self.policy.pkcs11_module:
            self.settings.pkcs11_module = wizard.module_path()
        self.settings.sync()
        self.open_main(session)

    def show_unlock(self) -> None:
        description = describe_vault(self.settings.vault_dir)
        window = UnlockWindow(description, self.jobs, self.policy,
                              module_path=lambda: self.settings.pkcs11_module,
                              keyring=self._keyring)
        if description.problem or not description.has_database:
            window._show_error(description.problem or self.tr(
                "This vault's database is missing: the folder is incomplete."))
        window.unlocked.connect(self.open_main)
        self._show(window)
        if self.state != "locking":
            self._set_state("unlock")

    # -- open ---------------------------------------------------------------------------------
    def open_main(self, session: VaultSession) -> None:
        """Show the main window with `session`: a new one, or the one kept inert since the
        last lock (`attach_session`), which keeps its place and size on screen. A main window
        still being built (`_prebuild`, or made here) is finished one part per turn of the
        event loop first, the window that unlocked kept disabled meanwhile."""
        self.session = session
        window = self.main_window
        if window is not None and getattr(window, "attach_session", None) is not None:
            window.attach_session(session)  # type: ignore[attr-defined]
            self._present(window, session)
            return
        if window is not None:
            window.close()
            window.deleteLater()
            self.main_window = None
        build, self._prebuilt = self._prebuilt, None
        attach = build is not None or self._factory is default_window_factory
        if build is None:  # ours without the session: it is given once the window is complete
            build = StepwiseBuild(self._new_window(None if attach else session))
        if self.window is not None:
            self.window.setEnabled(False)  # no second unlock while the window is finished
        if build.done:  # a window made in one go (another factory): shown at once, as before
            if self._built(build, session, attach):
                self._present(build.window, session)
            return
        self._building = build  # kept until it is complete (it owns no parent)
        build.when_built(lambda: QTimer.singleShot(0, self, lambda: self._built(
            build, session, attach) and QTimer.singleShot(
                0, self, lambda: self._present(build.window, session))))

    def _new_window(self, session: VaultSession | None) -> QWidget:
        if self._factory is default_window_factory:
            return default_window_factory(session, self.jobs, self.policy, stepwise=True)
        return self._factory(session, self.jobs, self.policy)  # type: ignore[arg-type]

    def _built(self, build: StepwiseBuild, session: VaultSession, attach: bool) -> bool:
        """The window is complete: give it the session and wire it (shown in the next turn of
        the event loop, each a few milliseconds of the GUI thread). False if the session was
        shut down meanwhile: the window, which holds no session, is then kept for the next
        unlock."""
        window, self._building = build.window, None
        if self.session is not session:
            if attach:  # it holds no session: the next unlock may use it
                self._prebuilt = self._prebuilt or build
            return False
        if attach:
            window.attach_session(session)  # type: ignore[attr-defined]
        self.main_window = window
        self._wire(window)
        return True

    def _present(self, window: QWidget, session: VaultSession) -> None:
        if self.session is not session:
            return
        self.triggers.idle.set_delay_ms(self._idle_delay_ms())
        self.triggers.arm()
        show_recovery_reminder(window, session, self.jobs, self._new_recovery_code)
        window.show()
        window.raise_()
        window.activateWindow()
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
            self.window = None
        self._set_state("main")

    def _prebuild(self) -> None:
        """Build the main window, without a vault, once its modules are loaded and while the
        user types, one part per turn of the event loop (ui/window_build.py): the unlock then
        only gives it the session and shows it, as after a lock, and a click on Unlock in the
        middle waits only for the part being built."""
        if self.main_window is None and self._prebuilt is None and self.session is None \
                and self._factory is default_window_factory:
            self._prebuilt = StepwiseBuild(self._new_window(None))

    def _wire(self, window: QWidget) -> None:
        signal = getattr(window, "lockRequested", None)
        if signal is not None:
            signal.connect(lambda *_: self.lock(REASON_USER))
        else:
            self._add_lock_action(window)
        for name, slot in (("settingsRequested", self.show_settings),
                           ("aboutRequested", self.show_about)):
            sig = getattr(window, name, None)
            if sig is not None:
                sig.connect(slot)
        tray = getattr(window, "set_tray_enabled", None)  # the notification-area icon
        if tray is not None:
            tray(self.settings.tray_icon)
        if isinstance(window, QMainWindow):
            countdown = LockCountdown(self.triggers.idle, window)
            countdown.lockNow.connect(lambda: self.lock(REASON_USER))
            window.statusBar().addPermanentWidget(countdown)
            self._add_menu(window)

    def _add_lock_action(self, window: QWidget) -> None:
        action = QAction(icon("lock"), self.tr("&Lock"), window)
        action.setShortcut(QKeySequence("Ctrl+L"))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda: self.lock(REASON_USER))
        window.addAction(action)

    def _add_menu(self, window: QMainWindow) -> None:
        """Security settings and About, unless the window offers its own signals for them."""
        wants_settings = getattr(window, "settingsRequested", None) is None
        wants_about = getattr(window, "aboutRequested", None) is None
        if not (wants_settings or wants_about):
            return
        bar = window.menuBar()
        if wants_settings:
            menu = bar.addMenu(self.tr("&Security"))
            settings = menu.addAction(icon("settings"), self.tr("Security &settings…"))
            settings.triggered.connect(self.show_settings)
        if wants_about:
            help_menu = bar.addMenu(self.tr("&Help"))
            about = help_menu.addAction(icon("info"), self.tr("&About Scellé"))
            about.triggered.connect(self.show_about)

    # -- lock ---------------------------------------------------------------------------------
    def lock(self, reason: str = REASON_USER) -> None:
        """Drop everything decrypted, then lock the session in a worker, then ask again."""
        if self.state != "main" or self.session is None:
            return
        log.info("locking the vault (%s)", reason)
        self._set_state("locking")
        self.triggers.disarm()
        window, session = self.main_window, self.session
        self.session = None
        release = getattr(window, "release_session", None)
        if release is not None:
            release()
        self.clipboard.clear_if_ours()
        for dialog in list(self._dialogs):
            dialog.close()
        # The unlock window appears at once (inactive until the store is closed), before the
        # main window hides: the application never has zero windows, so it does not quit.
        self.show_unlock()
        assert self.window is not None
        self.window.setEnabled(False)
        if window is not None:
            window.hide()
        self.jobs.submit(plain(session.lock), on_done=lambda _: self._locked(),
                         on_error=lambda _: self._locked())

    def _locked(self) -> None:
        if self.window is not None:
            self.window.setEnabled(True)
            focus = getattr(self.window, "focus_first", None)
            if focus is not None:
                focus()
        self._set_state("unlock")

    def shutdown(self) -> None:
        """At exit: lock synchronously (the process is ending; nothing else to keep fluid)."""
        self.triggers.disarm()
        release = getattr(self.main_window, "release_session", None)
        if release is not None and self.session is not None:
            release()
        self.clipboard.clear_if_ours()
        if self.session is not None:
            self.session.lock()
            self.session = None
        self.jobs.wait()

    # -- dialogs ------------------------------------------------------------------------------
    def _new_recovery_code(self) -> QWidget | None:
        """The reminder banner's button: Security settings, on "New recovery code"."""
        self.show_settings()
        dialog = getattr(self, "_settings_dialog", None)
        if dialog is not None:
            dialog.replace_recovery()
        return dialog

    @property
    def _dialogs(self) -> list[QWidget]:
        return [d for d in (getattr(self, "_settings_dialog", None),
                            getattr(self, "_about_dialog", None)) if d is not None]

    def show_settings(self) -> None:
        from ui.settings.dialog import SecuritySettingsDialog

        if self.session is None:
            return
        dialog = SecuritySettingsDialog(self.session, self.jobs, self.settings, self.policy,
                                        kdf=self._kdf, keyring=self._keyring,
                                        parent=self.main_window)
        dialog.idleDelayChanged.connect(
            lambda: self.triggers.idle.set_delay_ms(self._idle_delay_ms()))
        tray = getattr(self.main_window, "set_tray_enabled", None)
        if tray is not None:
            dialog.trayChanged.connect(tray)
        self._settings_dialog = dialog
        dialog.finished.connect(lambda *_: setattr(self, "_settings_dialog", None))
        dialog.open()

    def show_about(self) -> None:
        from ui.about import AboutDialog

        dialog = AboutDialog(self.session, parent=self.main_window)
        self._about_dialog = dialog
        dialog.finished.connect(lambda *_: setattr(self, "_about_dialog", None))
        dialog.open()
