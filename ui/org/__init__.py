"""Organisation administration in the desktop app (app/org/ does the work).

* `OrgWindow(session, jobs)`: the organisation key of the vault, the members and their state,
  Invite, Certify (after comparing the fingerprint), Revoke (with a reason), the audit trail.

`install(main_window, jobs)` adds *Organisation…* (Ctrl+Shift+O) to the Relay menu (without
one, the shortcut alone, on the window); the window uses `main_window.session` at each opening (none
while locked) and is kept with the main window's dialogs, so that locking closes it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMainWindow

from ui.workers import JobQueue


class OrgMenu(QObject):
    def __init__(self, main_window: QMainWindow, jobs: JobQueue) -> None:
        super().__init__(main_window)
        self.window = main_window
        self.jobs = jobs
        self.action = QAction(QCoreApplication.translate("OrgMenu", "&Organisation…"),
                              main_window)
        self.action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.action.triggered.connect(self.open)
        relay_menu = getattr(main_window, "relay_menu", None)
        menu = getattr(relay_menu, "menu", None)
        if menu is not None:
            menu.addSeparator()
            menu.addAction(self.action)
        else:
            main_window.addAction(self.action)

    def open(self) -> QDialog | None:
        from ui.org.window import OrgWindow

        session = getattr(self.window, "session", None)
        if session is None or session.locked:
            return None
        window = OrgWindow(session, self.jobs, self.window, module_path=self._module_path())
        keep = getattr(self.window, "keep_dialog", None)  # closed with the others at lock
        if callable(keep):
            return keep(window)
        window.open()
        return window


    def _module_path(self) -> str:
        """The PKCS#11 library of the settings (the policy's when it imposes one)."""
        from app.policy import workstation_policy
        from ui.settings.store import AppSettings

        return AppSettings(policy=workstation_policy()).pkcs11_module


def install(main_window: QMainWindow, jobs: JobQueue) -> OrgMenu:
    """Add *Organisation…* to `main_window` (call once, after the relay menu)."""
    menu = OrgMenu(main_window, jobs)
    main_window._org_menu = menu  # type: ignore[attr-defined] - kept alive with the window
    return menu


__all__ = ["OrgMenu", "install"]
