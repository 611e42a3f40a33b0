"""The main window's actions and menus (File, Edit, Sealed, Contacts, Tools, Help).

Every action has a keyboard path: a shortcut where the brief sets one, and the menus'
mnemonics (Alt+letter) everywhere. The sealing and address book dialogs belong to another
area and are imported lazily: if one is missing, its action stays disabled.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QSizePolicy, QToolBar, QWidget

from ui.widgets.icons import icon

translate = QCoreApplication.translate

EXCHANGE_CLASSES = {
    "seal": ("ui.exchange.seal_dialog", "SealDialog"),
    "open_sealed": ("ui.exchange.open_dialog", "OpenSealedDialog"),
    "contacts": ("ui.contacts.contacts_dialog", "ContactsDialog"),
}


@cache
def exchange_class(key: str) -> Any:
    """The exchange/contacts dialog class, or None while it cannot be imported."""
    module_name, class_name = EXCHANGE_CLASSES[key]
    try:
        return getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError):
        return None


@dataclass
class MainActions:
    import_files: QAction
    import_folder: QAction
    open_sealed: QAction
    open_document: QAction
    export: QAction
    lock: QAction
    quit: QAction
    find: QAction
    rename: QAction
    delete: QAction
    seal: QAction
    contacts: QAction
    settings: QAction
    integrity: QAction
    about: QAction


def _action(owner: QObject, text: str, shortcut: QKeySequence | str | None = None,
            icon_name: str | None = None, tip: str = "") -> QAction:
    action = QAction(text, owner)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if icon_name:
        action.setIcon(icon(icon_name))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    return action


def create_actions(window: QMainWindow) -> MainActions:
    key = QKeySequence.StandardKey
    return _finish(MainActions(
        import_files=_action(
            window, translate("MainWindow", "&Import files…"), "Ctrl+I", "add",
            translate("MainWindow", "Import files into the selected case")),
        import_folder=_action(
            window, translate("MainWindow", "Import &folder…"), "Ctrl+Shift+I", "folder",
            translate("MainWindow", "Import a folder and everything in it")),
        open_sealed=_action(
            window, translate("MainWindow", "&Open sealed file…"), "Ctrl+O", "unlock",
            translate("MainWindow", "Check a sealed file (.scelle) and receive its documents")),
        open_document=_action(
            window, translate("MainWindow", "&View document"), "Return", "eye",
            translate("MainWindow", "Show the selected document in the viewer")),
        export=_action(
            window, translate("MainWindow", "&Export…"), "Ctrl+Shift+E", None,
            translate("MainWindow", "Write a plaintext copy of the document outside the vault")),
        lock=_action(window, translate("MainWindow", "&Lock"), "Ctrl+L", "lock",
                     translate("MainWindow", "Lock the vault now")),
        quit=_action(window, translate("MainWindow", "&Quit"), "Ctrl+Q"),
        find=_action(window, translate("MainWindow", "&Find"), QKeySequence(key.Find), None,
                     translate("MainWindow", "Search the documents")),
        rename=_action(window, translate("MainWindow", "&Rename…"), "F2"),
        delete=_action(
            window, translate("MainWindow", "&Delete…"), QKeySequence(key.Delete), "remove",
            translate("MainWindow", "Delete the selected documents permanently")),
        seal=_action(window, translate("MainWindow", "&Seal and send…"), "Ctrl+E", "scelle",
                     translate("MainWindow", "Seal the selected documents for contacts")),
        contacts=_action(window, translate("MainWindow", "&Address book…"), "Ctrl+K", "user"),
        settings=_action(window, translate("MainWindow", "&Security settings…"), None,
                         "settings"),
        integrity=_action(window, translate("MainWindow", "&Check vault integrity"), None,
                          "check"),
        about=_action(window, translate("MainWindow", "&About Scellé"), None, "info"),
    ))


def _finish(actions: MainActions) -> MainActions:
    # Return, Del and F2 act on documents only while the table has focus: not in the search
    # field, and Del in the cases list must not delete the documents selected elsewhere.
    for action in (actions.open_document, actions.delete, actions.rename):
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    actions.quit.setMenuRole(QAction.MenuRole.QuitRole)
    actions.about.setMenuRole(QAction.MenuRole.AboutRole)
    return actions


def build_menus(window: QMainWindow, actions: MainActions, case_actions: list[QAction]) -> None:
    bar = window.menuBar()
    file_menu = bar.addMenu(translate("MainWindow", "&File"))
    for action in (actions.import_files, actions.import_folder, None, actions.open_sealed,
                   None, actions.open_document, actions.export, None, actions.lock,
                   actions.quit):
        file_menu.addSeparator() if action is None else file_menu.addAction(action)
    edit_menu = bar.addMenu(translate("MainWindow", "&Edit"))
    for action in (actions.find, None, actions.rename, actions.delete):
        edit_menu.addSeparator() if action is None else edit_menu.addAction(action)
    case_menu = bar.addMenu(translate("MainWindow", "&Case"))
    for action in case_actions:
        case_menu.addAction(action)
    bar.addMenu(translate("MainWindow", "&Sealed")).addAction(actions.seal)
    bar.addMenu(translate("MainWindow", "C&ontacts")).addAction(actions.contacts)
    tools = bar.addMenu(translate("MainWindow", "&Tools"))
    tools.addAction(actions.settings)
    tools.addAction(actions.integrity)
    bar.addMenu(translate("MainWindow", "&Help")).addAction(actions.about)


def build_toolbar(window: QMainWindow, actions: MainActions) -> QToolBar:
    """The everyday actions, with short labels (the menus keep the full ones)."""
    bar = QToolBar(translate("MainWindow", "Main actions"), window)
    bar.setObjectName("mainToolBar")
    bar.setMovable(False)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    size = window.fontMetrics().height() + 4
    bar.setIconSize(QSize(size, size))
    labels = (
        (actions.import_files, translate("MainWindow", "Import")),
        (actions.open_document, translate("MainWindow", "View")),
        (actions.seal, translate("MainWindow", "Seal and send")),
        (actions.open_sealed, translate("MainWindow", "Open a sealed file")),
        (actions.contacts, translate("MainWindow", "Contacts")),
    )
    for action, label in labels:
        action.setIconText(label)
        bar.addAction(action)
    spacer = QWidget(bar)
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    bar.addWidget(spacer)
    actions.lock.setIconText(translate("MainWindow", "Lock"))
    bar.addAction(actions.lock)
    window.addToolBar(bar)
    return bar
