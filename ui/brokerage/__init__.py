"""The "Courtage" part of the desktop app: an insurance broker's portfolio (app/brokerage/).

`install(main_window, jobs)` adds *Brokerage…* (Ctrl+Shift+K) to the Tools menu (without one,
the shortcut alone, on the window); `BrokerageWindow` uses `main_window.session` at each
opening (none while locked) and is kept with the main window's dialogs, so that locking
closes it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu

from ui.common.session_dialog_menu import SessionDialogMenu
from ui.workers import JobQueue


class BrokerageMenu(SessionDialogMenu):
    def __init__(self, main_window: QMainWindow, jobs: JobQueue) -> None:
        super().__init__(main_window, jobs,
                         QCoreApplication.translate("BrokerageMenu", "&Brokerage…"),
                         "Ctrl+Shift+K", _tools_menu(main_window))

    def make_dialog(self, session: object) -> QDialog:
        from ui.brokerage.window import BrokerageWindow

        return BrokerageWindow(session, self.jobs, self.window)


def _tools_menu(main_window: QMainWindow) -> QMenu | None:
    tools = QCoreApplication.translate("MainWindow", "&Tools")
    menus = [a.menu() for a in main_window.menuBar().actions() if a.text() == tools]
    return menus[0] if menus and menus[0] is not None else None


def install(main_window: QMainWindow, jobs: JobQueue) -> BrokerageMenu:
    """Add *Brokerage…* to `main_window` (call once, after the menus are built)."""
    menu = BrokerageMenu(main_window, jobs)
    main_window._brokerage_menu = menu  # type: ignore[attr-defined] - kept with the window
    return menu


__all__ = ["BrokerageMenu", "install"]
