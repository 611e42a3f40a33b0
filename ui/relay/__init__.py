"""The relay in the desktop app: join, inbox and sent messages, proofs, sending.

* `RelayPanel(session, jobs)`: the "Inbox" and "Sent" tabs, Synchronise, Receive/Refuse,
  recipients' states and proofs (ui/relay/panel.py);
* `JoinRelayDialog(session, jobs)`: address, invitation code, relay key id, TLS and proxy;
* `SendViaRelayDialog(session, jobs, document_ids)`: the seal form plus the availability.

Each takes an optional `service=` (one `RelayService` per open vault; `install` shares one) and
the dialogs that ask questions an optional `prompts=` (ui/common/prompts.py) for tests.

`install(main_window, session, jobs)` adds the "Relay" menu to the main window; the main window
needs no change beyond calling it once. The session used is `main_window.session` when the
window has one (it changes at each unlock, and is None while locked), else the one given.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu, QVBoxLayout, QWidget

from app.relay_client import RelayService
from app.vault import VaultSession
from ui.workers import JobQueue


class RelayWindow(QDialog):
    """The panel in its own non-modal window."""

    def __init__(self, panel: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panel = panel
        self.setWindowTitle(panel.windowTitle())
        self.resize(1000, 640)
        QVBoxLayout(self).addWidget(panel)


class RelayMenu(QObject):
    """The "Relay" menu and the windows it opens, for one main window."""

    def __init__(self, main_window: QMainWindow, session: VaultSession, jobs: JobQueue) -> None:
        super().__init__(main_window)
        self.window = main_window
        self.jobs = jobs
        self._session = session
        self._service: RelayService | None = None
        translate = QCoreApplication.translate
        # Beside the other exchange menus, before Tools and Help.
        bar = main_window.menuBar()
        self.menu = QMenu(translate("RelayMenu", "&Relay"), bar)
        actions = bar.actions()
        before = actions[-2] if len(actions) >= 2 else None
        if before is None:
            bar.addMenu(self.menu)
        else:
            bar.insertMenu(before, self.menu)
        self.join_action = self._add(translate("RelayMenu", "&Join a relay…"), None,
                                     self.open_join)
        self.sync_action = self._add(translate("RelayMenu", "&Synchronise"), "Ctrl+R",
                                     self.synchronise)
        self.panel_action = self._add(translate("RelayMenu", "&Inbox and sent…"),
                                      "Ctrl+Shift+R", self.open_panel)
        self.send_action = self._add(translate("RelayMenu", "Send &through the relay…"), None,
                                     self.open_send)

    def _add(self, text: str, keys: str | None, slot: Any) -> QAction:
        action = QAction(text, self.window)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        self.menu.addAction(action)
        return action

    def session(self) -> VaultSession | None:
        current = getattr(self.window, "session", self._session)
        return current if current is not None and not current.locked else None

    def service(self) -> RelayService | None:
        session = self.session()
        if session is None:
            return None
        if self._service is None or self._service.session is not session:
            self._service = RelayService(session)
        return self._service

    def _show(self, dialog: QDialog) -> QDialog:
        keep = getattr(self.window, "keep_dialog", None)  # closed with the others at lock time
        if callable(keep):
            return keep(dialog)
        dialog.open()
        return dialog

    def open_join(self) -> QDialog | None:
        from ui.relay.join_dialog import JoinRelayDialog

        service = self.service()
        if service is None:
            return None
        return self._show(JoinRelayDialog(service.session, self.jobs, self.window,
                                          service=service,
                                          policy=getattr(self.window, "policy", None)))

    def open_panel(self) -> QDialog | None:
        from ui.relay.panel import RelayPanel

        service = self.service()
        if service is None:
            return None
        panel = RelayPanel(service.session, self.jobs, service=service)
        glance = getattr(self.window, "glance", None)  # the inbox badge follows each reload
        if glance is not None:
            panel.loaded.connect(lambda p=panel: glance.badge.show_rows(p.snapshot.inbox))
        return self._show(RelayWindow(panel, self.window))

    def synchronise(self) -> QDialog | None:
        window = self.open_panel()
        if window is not None:
            window.panel.synchronise()
        return window

    def open_send(self) -> QDialog | None:
        from ui.relay.send_dialog import SendViaRelayDialog

        service = self.service()
        pane = getattr(self.window, "documents_pane", None)
        if service is None or pane is None:
            return None
        ids = [doc.id for doc in pane.selected_documents()]
        return self._show(SendViaRelayDialog(service.session, self.jobs, ids, self.window,
                                             service=service))


def install(main_window: QMainWindow, session: VaultSession, jobs: JobQueue) -> RelayMenu:
    """Add the "Relay" menu to `main_window` (call once, after the window is built)."""
    menu = RelayMenu(main_window, session, jobs)
    main_window._relay_menu = menu  # type: ignore[attr-defined] - kept alive with the window
    return menu


__all__ = ["RelayMenu", "RelayWindow", "install"]
