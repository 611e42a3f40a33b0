"""The "Courtage" part of the desktop app: an insurance broker's portfolio (app/brokerage/).

`install(main_window, jobs)` adds *Brokerage…* (Ctrl+Shift+K) to the Tools menu (without one,
the shortcut alone, on the window); `BrokerageWindow` uses `main_window.session` at each
opening (none while locked) and is kept with the main window's dialogs, so that locking
closes it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMainWindow

from ui.workers import JobQueue


class BrokerageMenu(QObject):
    def __init__(self, main_window: QMainWindow, jobs: JobQueue) -> None:
        super().__init__(main_window)
        self.window = main_window
        self.jobs = jobs
        self.action = QAction(QCoreApplication.translate("BrokerageMenu", "&Brokerage…"),
                              main_window)
        self.action.setShortcut(QKeySequence("Ctrl+Shift+K"))
        self.action.triggered.connect(self.open)
        tools = QCoreApplication.translate("MainWindow", "&Tools")
        menus = [a.menu() for a in main_window.menuBar().actions() if a.text() == tools]
        if menus and menus[0] is not None:
            menus[0].addAction(self.action)
        else:
            main_window.addAction(self.action)

    def open(self) -> QDialog | None:
        from ui.brokerage.window import BrokerageWindow

        session = getattr(self.window, "session", None)
        if session is None or session.locked:
            return None
        window = BrokerageWindow(session, self.jobs, self.window)
        keep = getattr(self.window, "keep_dialog", None)  # closed with the others at lock
        if callable(keep):
            return keep(window)
        window.open()
        return window


def install(main_window: QMainWindow, jobs: JobQueue) -> BrokerageMenu:
    """Add *Brokerage…* to `main_window` (call once, after the menus are built)."""
    menu = BrokerageMenu(main_window, jobs)
    main_window._brokerage_menu = menu  # type: ignore[attr-defined] - kept with the window
    return menu


__all__ = ["BrokerageMenu", "install"]
