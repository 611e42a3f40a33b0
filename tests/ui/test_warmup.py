"""The main window's modules imported on a worker while the unlock window waits (ui/warmup.py):
the list covers what the first show imports, a failing module is left for the GUI thread, and
long-lived objects are frozen out of the collector only while no vault is open."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.policy import Policy
from tests.ui.conftest import PASSPHRASE
from ui import warmup
from ui.controller import AppController
from ui.locking import LockCountdown
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]

# Run in a fresh interpreter: this test session imported every module long ago.
FIRST_SHOW = """
import io, sys, tempfile
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from app.policy import Policy
from app.vault import create_vault
from tests.ui.conftest import FAST_KDF, PASSPHRASE
from tests.vault_keys.conftest import FakeFactor
import ui.controller
from ui.warmup import MAIN_WINDOW_MODULES, import_modules
from ui.workers import JobQueue
assert import_modules(MAIN_WINDOW_MODULES) == len(MAIN_WINDOW_MODULES)
before = {name for name in sys.modules if name.split(".")[0] in ("ui", "app")}
new = create_vault(Path(tempfile.mkdtemp()) / "vault", PASSPHRASE, FakeFactor(serial="w"),
                   name="Claire Dubois", role="Notaire", organisation="Étude", kdf=FAST_KDF)
new.session.importer.import_stream("acte.pdf", 5, None, io.BytesIO(b"%PDF-"))
jobs = JobQueue()
from ui.main_window import MainWindow
window = MainWindow(new.session, jobs, Policy())
window.show()
for _ in range(20):
    jobs.wait()
    app.processEvents()
after = {name for name in sys.modules if name.split(".")[0] in ("ui", "app")}
print("\\n".join(sorted(after - before)))
window.release_session()
new.session.lock()
"""


def test_the_first_show_imports_nothing_the_warm_up_left_out(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", FIRST_SHOW], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == [], "imported on the GUI thread at the first show"


def _module(folder: Path, name: str, body: str) -> str:
    (folder / f"{name}.py").write_text(body, encoding="utf-8")
    return name


@pytest.fixture
def modules_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.syspath_prepend(str(tmp_path))
    return tmp_path


@pytest.fixture
def freezes(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    calls: list[bool] = []
    # The real gc.freeze would keep this test session's objects from every later collection.
    monkeypatch.setattr(warmup, "freeze_long_lived", lambda: calls.append(True))
    return calls


def test_modules_are_imported_on_a_worker_then_frozen(qtbot, jobs, modules_dir, freezes):
    name = _module(modules_dir, "warm_a", "import threading\nTHREAD = threading.get_ident()\n")
    ready: list[bool] = []
    handle = warmup.warm_up_main_window(jobs, lambda: True, lambda: ready.append(True),
                                        modules=(name,))
    assert handle is not None
    with qtbot.waitSignal(handle.finished, timeout=30000):
        pass
    assert handle.result == 1
    qtbot.waitUntil(lambda: ready == [True], timeout=30000)  # after the types and icons
    import threading

    assert sys.modules[name].THREAD != threading.get_ident()  # not the GUI thread
    assert freezes == [True, True]  # what start-up made, then what the imports made
    # Everything already imported: nothing to start.
    assert warmup.warm_up_main_window(jobs, lambda: True, modules=(name,)) is None


def test_nothing_is_frozen_once_a_vault_is_open(qtbot, jobs, modules_dir, freezes):
    name = _module(modules_dir, "warm_b", "VALUE = 1\n")
    handle = warmup.warm_up_main_window(jobs, lambda: False, modules=(name,))
    assert handle is not None
    with qtbot.waitSignal(handle.finished, timeout=30000):
        pass
    assert handle.result == 1 and freezes == []


def test_a_module_that_fails_is_left_for_the_gui_thread(qtbot, jobs, modules_dir, freezes):
    broken = _module(modules_dir, "warm_broken", "import warm_no_such_module\n")
    good = _module(modules_dir, "warm_c", "VALUE = 2\n")
    handle = warmup.warm_up_main_window(jobs, lambda: True, modules=(broken, good))
    assert handle is not None
    with qtbot.waitSignal(handle.finished, timeout=30000):
        pass
    assert handle.error is None and handle.result == 1
    assert broken not in sys.modules and sys.modules[good].VALUE == 2
    with pytest.raises(ImportError):  # the GUI thread's own import reports it as before
        __import__(broken)


def test_types_are_made_a_slice_at_a_time(qtbot, monkeypatch):
    from PySide6 import QtWidgets

    monkeypatch.setattr(warmup, "SLICE_S", 0.0)  # one class per turn of the event loop
    warmer = warmup.TypeWarmer()
    turns: list[bool] = []
    real = warmer._slice

    def counted() -> None:
        turns.append(True)
        real()

    monkeypatch.setattr(warmer, "_slice", counted)
    warmer.start()
    assert not warmer.done  # nothing runs before the event loop turns
    qtbot.waitUntil(lambda: warmer.done, timeout=30000)
    # The GUI thread got its event loop back after each class and each icon.
    assert len(turns) >= len(dir(QtWidgets)) + len(warmup.LIST_ICONS)


def test_the_main_window_built_before_the_unlock_is_the_one_shown(qtbot, jobs, settings,
                                                                   totp_vault):
    settings.vault_dir = totp_vault.folder
    controller = AppController(settings, Policy(), jobs)
    controller.start()
    controller._prebuild()  # what the warm-up's end calls in a fresh process
    build = controller._prebuilt
    assert build is not None and not build.done  # one part per turn of the event loop
    prebuilt = build.window
    assert isinstance(prebuilt, MainWindow)
    qtbot.waitUntil(lambda: build.done, timeout=30000)
    qtbot.addWidget(prebuilt)
    assert prebuilt.session is None and not prebuilt.isVisible()
    assert controller.main_window is None  # not the main window before an unlock
    unlock = controller.window
    unlock.passphrase.setText(PASSPHRASE)
    unlock.factors.code.setText(totp_vault.code())
    unlock.button.click()
    qtbot.waitUntil(lambda: controller.state == "main", timeout=30000)
    assert controller.main_window is prebuilt and prebuilt.isVisible()
    assert prebuilt.session is controller.session
    assert prebuilt.findChild(LockCountdown) is not None  # wired as a new window is
    model = prebuilt.documents_pane.model
    qtbot.waitUntil(lambda: model.total is not None and not model.loading, timeout=30000)
    controller.shutdown()
    assert prebuilt.session is None
