"""The main window built one part per turn of the event loop (ui/window_build.py): before the
unlock (`_prebuild`), after it when Unlock was clicked first, and a shutdown in the middle."""

from __future__ import annotations

from app.policy import Policy
from app.unlock import TotpCode
from app.vault import open_vault
from tests.ui.conftest import PASSPHRASE
from ui.controller import AppController
from ui.main_window import MainWindow
from ui.window_build import StepwiseBuild


def test_one_part_per_turn_of_the_event_loop(qtbot, qapp, jobs) -> None:
    window = MainWindow(None, jobs, Policy(), stepwise=True)
    qtbot.addWidget(window)
    build = StepwiseBuild(window)  # the first part now
    assert hasattr(window, "cases_pane") and not hasattr(window, "documents_pane")
    done: list[bool] = []
    build.when_built(lambda: done.append(True))
    qapp.processEvents()  # one more part per turn
    assert hasattr(window, "documents_pane") and not hasattr(window, "details_pane")
    qtbot.waitUntil(lambda: build.done, timeout=30000)
    assert done == [True] and window.session is None and not window.isVisible()
    build.when_built(lambda: done.append(True))  # complete: called at once
    assert done == [True, True]
    assert window.build_step() is True  # nothing left


def test_a_window_made_in_one_go_is_built_at_once(qtbot, jobs) -> None:
    window = MainWindow(None, jobs, Policy())
    qtbot.addWidget(window)
    assert StepwiseBuild(window).done


def _unlock(controller: AppController, totp_vault) -> None:
    unlock = controller.window
    unlock.passphrase.setText(PASSPHRASE)
    unlock.factors.code.setText(totp_vault.code())
    unlock.button.click()


def test_unlock_in_the_middle_of_the_prebuild_shows_that_window(qtbot, jobs, settings,
                                                                 totp_vault) -> None:
    settings.vault_dir = totp_vault.folder
    controller = AppController(settings, Policy(), jobs)
    controller.start()
    controller._prebuild()
    build = controller._prebuilt
    assert build is not None and not build.done
    _unlock(controller, totp_vault)
    qtbot.waitUntil(lambda: controller.state == "main", timeout=30000)
    window = controller.main_window
    qtbot.addWidget(window)
    assert window is build.window and window.isVisible()
    assert window.session is controller.session and not controller.session.locked
    assert controller.window is None  # the unlock window closed once the main one showed
    controller.shutdown()
    assert window.session is None


def test_unlock_before_any_prebuild_builds_it_stepwise(qtbot, jobs, settings,
                                                        totp_vault) -> None:
    settings.vault_dir = totp_vault.folder
    controller = AppController(settings, Policy(), jobs)
    controller.start()
    controller._prebuilt = None  # Unlock clicked before the warm-up's end
    session = open_vault(totp_vault.folder, PASSPHRASE, TotpCode(totp_vault.code()))
    unlock = controller.window
    controller.open_main(session)
    assert controller.state == "unlock" and not unlock.isEnabled()  # no second unlock
    qtbot.waitUntil(lambda: controller.state == "main", timeout=30000)
    window = controller.main_window
    qtbot.addWidget(window)
    assert isinstance(window, MainWindow) and window.isVisible()
    assert window.session is session
    controller.shutdown()


def test_a_shutdown_while_the_window_is_finished_shows_nothing(qtbot, jobs, settings,
                                                                totp_vault) -> None:
    settings.vault_dir = totp_vault.folder
    controller = AppController(settings, Policy(), jobs)
    controller.start()
    qtbot.addWidget(controller.window)
    controller._prebuilt = None
    session = open_vault(totp_vault.folder, PASSPHRASE, TotpCode(totp_vault.code()))
    controller.open_main(session)
    controller.shutdown()  # before the window is complete
    assert session.locked and controller.session is None
    qtbot.waitUntil(lambda: controller._prebuilt is not None, timeout=30000)
    window = controller._prebuilt.window
    qtbot.addWidget(window)
    assert controller.main_window is None and not window.isVisible()
    assert window.session is None  # kept inert for a next unlock, holding nothing
    assert controller.state == "unlock"
