"""Organisation administration in the desktop app (app/org/ does the work).

* `OrgWindow(session, jobs)`: the organisation key of the vault, the members and their state,
  Invite, Certify (after comparing the fingerprint), Revoke (with a reason), the audit trail.

`install(main_window, jobs)` adds *Organisation…* (Ctrl+Shift+O) to the Relay menu (without
one, the shortcut alone, on the window); the window uses `main_window.session` at each opening (none
while locked) and is kept with the main window's dialogs, so that locking closes it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QMainWindow

from ui.common.session_dialog_menu import SessionDialogMenu, relay_menu_of
from ui.workers import JobQueue


class OrgMenu(SessionDialogMenu):
    def __init__(self, main_window: QMainWindow, jobs: JobQueue) -> None:
        super().__init__(main_window, jobs,
                         QCoreApplication.translate("OrgMenu", "&Organisation…"),
                         "Ctrl+Shift+O", relay_menu_of(main_window), separator=True)

    def make_dialog(self, session: object) -> QDialog:
        from ui.org.window import OrgWindow

        return OrgWindow(session, self.jobs, self.window, module_path=self._module_path())

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
