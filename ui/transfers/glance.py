"""The main window's "at a glance" parts: recent transfers, the inbox badge, the tray icon.

`Glance(window, jobs)` adds to a main window (which has `menuBar()`, `statusBar()`, `session`,
`relay_menu`, `lockRequested` and the Tools menu built by ui/documents/main_actions.py):

* the action "Recent transfers…" (Ctrl+Shift+T, Tools menu) opening `TransfersDialog`;
* the inbox badge: a status-bar label "3 envelope(s) waiting in the relay inbox" and the count
  in the Relay menu's "Inbox and sent (3)…" action, cleared while the vault is locked;
* the optional notification-area icon (`set_tray_enabled`), locked/open with the session.

The window calls `attached()` after each unlock and `released()` at each lock.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMenu

from ui.transfers.badge import InboxBadge
from ui.transfers.dialog import TransfersDialog
from ui.transfers.history import TransferHistory
from ui.tray import LockTray, tray_available
from ui.workers import JobQueue


class Glance(QObject):
    def __init__(self, window: QMainWindow, jobs: JobQueue) -> None:
        super().__init__(window)
        self.window = window
        self.history = TransferHistory(jobs, self)
        self.badge = InboxBadge(jobs, self)
        self.tray: LockTray | None = None
        self.dialog: TransfersDialog | None = None
        self.transfers_action = QAction(self.tr("Recent &transfers…"), window)
        self.transfers_action.setShortcut(QKeySequence("Ctrl+Shift+T"))
        self.transfers_action.triggered.connect(self.show_transfers)
        window.addAction(self.transfers_action)  # the shortcut works with the menu closed
        tools = _tools_menu(window)
        if tools is not None:
            tools.addAction(self.transfers_action)
        self.inbox_label = QLabel(window)
        self.inbox_label.setAccessibleName(self.tr("Envelopes waiting in the relay inbox"))
        self.inbox_label.hide()
        window.statusBar().addPermanentWidget(self.inbox_label)
        self.badge.changed.connect(self._show_count)

    # -- session ------------------------------------------------------------------------------
    def attached(self) -> None:
        menu = getattr(self.window, "relay_menu", None)
        self.badge.refresh(menu.service() if menu is not None else None)
        if self.tray is not None:
            self.tray.set_locked(False)

    def released(self) -> None:
        """The vault locks: names and counts go; the tray says locked."""
        if self.dialog is not None:
            self.dialog.close()
        self.history.clear()
        self.badge.clear()
        if self.tray is not None:
            self.tray.set_locked(True)

    # -- recent transfers ---------------------------------------------------------------------
    def show_transfers(self) -> TransfersDialog:
        if self.dialog is None:
            self.dialog = TransfersDialog(self.history, self.window)
            self.dialog.finished.connect(self._dialog_closed)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def _dialog_closed(self, *_args: Any) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

    # -- inbox badge --------------------------------------------------------------------------
    def _show_count(self, count: int) -> None:
        self.inbox_label.setText(self.tr("%n envelope(s) waiting in the relay inbox", "", count))
        self.inbox_label.setVisible(count > 0)
        menu = getattr(self.window, "relay_menu", None)
        if menu is not None:
            text = QCoreApplication.translate("RelayMenu", "&Inbox and sent…")
            if count > 0:
                text = self.tr("&Inbox and sent (%1)…").replace("%1", str(count))
            menu.panel_action.setText(text)

    # -- notification area --------------------------------------------------------------------
    def set_tray_enabled(self, on: bool) -> None:
        """Show or remove the icon; nothing where the desktop has no notification area."""
        if on and self.tray is None and tray_available():
            self.tray = LockTray(self)
            self.tray.lockRequested.connect(self.window.lockRequested)
            self.tray.showRequested.connect(self.show_application)
            self.tray.quitRequested.connect(QCoreApplication.quit)
            self.tray.set_locked(getattr(self.window, "session", None) is None)
            self.tray.show()
        elif not on and self.tray is not None:
            self.tray.remove()
            self.tray = None

    def show_application(self) -> None:
        """The main window while the vault is open; the unlock window (the visible one)
        while it is locked."""
        if getattr(self.window, "session", None) is not None:
            target = self.window
        else:
            shown = [w for w in QApplication.topLevelWidgets()
                     if w.isVisible() and w.isWindow() and w is not self.window]
            target = shown[0] if shown else self.window
        if target.isMinimized():
            target.showNormal()
        target.show()
        target.raise_()
        target.activateWindow()


def _tools_menu(window: QMainWindow) -> QMenu | None:
    """The menu holding the window's settings action (Tools), else None."""
    settings = getattr(getattr(window, "main_actions", None), "settings", None)
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and settings in menu.actions():
            return menu
    return None
