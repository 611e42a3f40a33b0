"""Delegations in the desktop app (app/delegation does the work).

* `DelegationsDialog(session, jobs)`: the delegations you gave to assistants (New…, Revoke)
  and those given to you;
* `OnBehalfPicker` (ui/delegation/picker.py): the send dialog's "Send on behalf of" choice;
* `on_behalf_line(session, record_id)` (ui/delegation/texts.py): "Sent by X for Y" in the
  message view.

`install(main_window, jobs)` adds *Delegations…* (Ctrl+Shift+D) to the Relay menu (without one,
the shortcut alone, on the window); the dialog uses `main_window.session` at each opening (none
while locked) and is kept with the main window's dialogs, so that locking closes it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QMainWindow

from ui.common.session_dialog_menu import SessionDialogMenu, relay_menu_of
from ui.workers import JobQueue


class DelegationMenu(SessionDialogMenu):
    def __init__(self, main_window: QMainWindow, jobs: JobQueue) -> None:
        super().__init__(main_window, jobs,
                         QCoreApplication.translate("DelegationMenu", "&Delegations…"),
                         "Ctrl+Shift+D", relay_menu_of(main_window))

    def make_dialog(self, session: object) -> QDialog:
        from ui.delegation.dialog import DelegationsDialog

        return DelegationsDialog(session, self.jobs, self.window)


def install(main_window: QMainWindow, jobs: JobQueue) -> DelegationMenu:
    """Add *Delegations…* to `main_window` (call once, after the relay menu)."""
    menu = DelegationMenu(main_window, jobs)
    main_window._delegation_menu = menu  # type: ignore[attr-defined] - kept with the window
    return menu


__all__ = ["DelegationMenu", "install"]
