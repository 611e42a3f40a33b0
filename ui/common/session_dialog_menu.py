"""A menu entry that opens a window bound to the unlocked vault (Organisation, Delegations,
Brokerage): the action with its shortcut, added to a menu of the main window (or, without
that menu, to the window itself so the shortcut still works), and an `open()` that does
nothing while the vault is locked and hands the window to the main window's dialogs, so that
locking closes it. Subclasses say which window (`make_dialog`)."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu

from ui.workers import JobQueue


class SessionDialogMenu(QObject):
    def __init__(self, main_window: QMainWindow, jobs: JobQueue, text: str, shortcut: str,
                 menu: QMenu | None, *, separator: bool = False) -> None:
        super().__init__(main_window)
        self.window = main_window
        self.jobs = jobs
        self.action = QAction(text, main_window)
        self.action.setShortcut(QKeySequence(shortcut))
        self.action.triggered.connect(self.open)
        if menu is None:
            main_window.addAction(self.action)
            return
        if separator:
            menu.addSeparator()
        menu.addAction(self.action)

    def make_dialog(self, session: object) -> QDialog:
        raise NotImplementedError

    def open(self) -> QDialog | None:
        session = getattr(self.window, "session", None)
        if session is None or session.locked:
            return None
        dialog = self.make_dialog(session)
        keep = getattr(self.window, "keep_dialog", None)  # closed with the others at lock
        if callable(keep):
            return keep(dialog)
        dialog.open()
        return dialog


def relay_menu_of(main_window: QMainWindow) -> QMenu | None:
    """The main window's Relay menu, if it has one (ui/relay)."""
    return getattr(getattr(main_window, "relay_menu", None), "menu", None)
