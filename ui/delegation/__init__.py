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

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMainWindow

from ui.workers import JobQueue


class DelegationMenu(QObject):
    def __init__(self, main_window: QMainWindow, jobs: JobQueue) -> None:
        super().__init__(main_window)
        self.window = main_window
        self.jobs = jobs
        self.action = QAction(QCoreApplication.translate("DelegationMenu", "&Delegations…"),
                              main_window)
        self.action.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.action.triggered.connect(self.open)
        relay_menu = getattr(main_window, "relay_menu", None)
        menu = getattr(relay_menu, "menu", None)
        if menu is not None:
            menu.addAction(self.action)
        else:
            main_window.addAction(self.action)

    def open(self) -> QDialog | None:
        from ui.delegation.dialog import DelegationsDialog

        session = getattr(self.window, "session", None)
        if session is None or session.locked:
            return None
        dialog = DelegationsDialog(session, self.jobs, self.window)
        keep = getattr(self.window, "keep_dialog", None)  # closed with the others at lock
        if callable(keep):
            return keep(dialog)
        dialog.open()
        return dialog


def install(main_window: QMainWindow, jobs: JobQueue) -> DelegationMenu:
    """Add *Delegations…* to `main_window` (call once, after the relay menu)."""
    menu = DelegationMenu(main_window, jobs)
    main_window._delegation_menu = menu  # type: ignore[attr-defined] - kept with the window
    return menu


__all__ = ["DelegationMenu", "install"]
