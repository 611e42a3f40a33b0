"""The optional notification-area icon: off by default, switched in the security settings
(greyed out with the reason where the desktop has none), locked/open with the vault, and its
"Lock now" locks the vault through the shell like Ctrl+L."""

from __future__ import annotations

import pytest

from app.policy import Policy
from app.unlock import TotpCode
from app.vault import open_vault
from tests.ui.conftest import FAST_KDF, PASSPHRASE
from ui import tray as tray_module
from ui.controller import AppController
from ui.main_window import MainWindow
from ui.settings import dialog as settings_dialog
from ui.settings.dialog import SecuritySettingsDialog
from ui.transfers import glance as glance_module


@pytest.fixture
def session(totp_vault):  # noqa: ANN001, ANN201
    opened = open_vault(totp_vault.folder, PASSPHRASE, TotpCode(totp_vault.code()))
    yield opened
    opened.lock()


def _settings_dialog(qtbot, session, jobs, settings):  # noqa: ANN001, ANN202
    dialog = SecuritySettingsDialog(session, jobs, settings, Policy(), kdf=FAST_KDF)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_setting_is_off_by_default_and_kept(settings) -> None:  # noqa: ANN001
    assert settings.tray_icon is False
    settings.tray_icon = True
    assert settings.tray_icon is True


def test_without_a_notification_area_the_setting_is_greyed_with_the_reason(
        qtbot, session, jobs, settings, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(settings_dialog, "tray_available", lambda: False)
    settings.tray_icon = True  # chosen on another desktop: kept, shown off here
    dialog = _settings_dialog(qtbot, session, jobs, settings)
    assert not dialog.tray.isEnabled() and not dialog.tray.isChecked()
    assert dialog.tray_reason is not None and "no notification area" in dialog.tray_reason.text()
    assert settings.tray_icon is True


def test_the_switch_saves_and_tells_the_window(qtbot, session, jobs, settings,
                                               monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(settings_dialog, "tray_available", lambda: True)
    dialog = _settings_dialog(qtbot, session, jobs, settings)
    assert dialog.tray.isEnabled() and not dialog.tray.isChecked()
    with qtbot.waitSignal(dialog.trayChanged) as switched:
        dialog.tray.setChecked(True)
    assert switched.args == [True] and settings.tray_icon is True
    with qtbot.waitSignal(dialog.trayChanged) as switched:
        dialog.tray.setChecked(False)
    assert switched.args == [False] and settings.tray_icon is False


def test_lock_now_locks_and_the_icon_follows(qtbot, jobs, settings, totp_vault,
                                             monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(glance_module, "tray_available", lambda: True)
    settings.tray_icon = True
    settings.vault_dir = totp_vault.folder
    controller = AppController(settings, Policy(), jobs, window_factory=MainWindow,
                               idle_ms=600_000)
    controller.start()
    qtbot.addWidget(controller.window)
    session = open_vault(totp_vault.folder, PASSPHRASE, TotpCode(totp_vault.code()))
    controller.window.unlocked.emit(session)
    window = controller.main_window
    qtbot.addWidget(window)
    tray = window.glance.tray
    assert isinstance(tray, tray_module.LockTray)
    assert not tray.locked and tray.lock_action.isEnabled()
    assert not tray.icon.icon().isNull() and "open" in tray.icon.toolTip()
    assert [a.text() for a in tray.menu.actions() if a.text()] == [
        "&Lock now", "&Show Scellé", "&Quit"]
    tray.lock_action.trigger()
    qtbot.waitUntil(lambda: controller.state == "unlock", timeout=20_000)
    assert session.locked and tray.locked and not tray.lock_action.isEnabled()
    assert "locked" in tray.icon.toolTip()
    tray.show_action.trigger()  # locked: "Show Scellé" brings the unlock window forward
    assert controller.window.isVisible() and not window.isVisible()
    window.set_tray_enabled(False)  # switched off in the settings: the icon goes
    assert window.glance.tray is None
