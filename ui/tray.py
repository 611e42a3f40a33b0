"""The optional icon in the notification area: the vault's state at a glance, and "Lock now".

Off by default (Security settings, Locking tab). The icon shows a closed padlock while the vault
is locked and an open one while it is open; its menu offers "Lock now" (only while open),
"Show Scellé" and "Quit"; clicking the icon shows the application too. Where the desktop has no
notification area (`tray_available()` is False) the setting is greyed out with the reason, and
no icon is created. The icon's text names no vault, client or document.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from ui.widgets.icons import icon


def tray_available() -> bool:
    return QSystemTrayIcon.isSystemTrayAvailable()


class LockTray(QObject):
    """The icon and its menu; the owner connects the three signals."""

    lockRequested = Signal()
    showRequested = Signal()
    quitRequested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.menu = QMenu()
        self.lock_action = self.menu.addAction(icon("lock"), self.tr("&Lock now"))
        self.show_action = self.menu.addAction(self.tr("&Show Scellé"))
        self.menu.addSeparator()
        self.quit_action = self.menu.addAction(self.tr("&Quit"))
        self.lock_action.triggered.connect(self.lockRequested)
        self.show_action.triggered.connect(self.showRequested)
        self.quit_action.triggered.connect(self.quitRequested)
        self.icon = QSystemTrayIcon(self)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.locked = True
        self.set_locked(True)

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        self.icon.setIcon(icon("lock" if locked else "unlock"))
        self.icon.setToolTip(self.tr("Scellé: vault locked") if locked
                             else self.tr("Scellé: vault open"))
        self.lock_action.setEnabled(not locked)

    def show(self) -> None:
        self.icon.show()

    def remove(self) -> None:
        """Take the icon away (the setting was turned off, or the window goes)."""
        self.icon.hide()
        self.icon.setContextMenu(None)
        self.menu.deleteLater()
        self.deleteLater()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger,
                      QSystemTrayIcon.ActivationReason.DoubleClick):
            self.showRequested.emit()
