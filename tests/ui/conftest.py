"""Fixtures for the GUI tests (pytest-qt, offscreen). Run with scripts/run-tests.sh tests/ui.

Vaults are real (create_vault / open_vault) with the cheapest legal KDF; TOTP vaults use the
session's gnome-keyring (started by scripts/run-tests.sh). Each test gets its own job queue,
preferences file and vault folder.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyotp
import pytest
from PySide6.QtCore import QLocale, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from app.policy import Policy
from app.unlock import TotpSetup
from app.vault import Argon2Params, VaultSession, create_vault
from tests.support.lag_probe import LagReport, report_path, session_report
from tests.support.softhsm import softhsm  # noqa: F401  (re-exported fixture)
from ui import gc_guard
from ui.settings.store import AppSettings
from ui.workers import JobQueue

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FAST_KDF = Argon2Params(memory_kib=65536, iterations=1, lanes=1)
PASSPHRASE = "sept mots tirés au hasard dans le dictionnaire"


@pytest.fixture(scope="session", autouse=True)
def gui_thread_collector(qapp) -> Iterator[None]:
    # As in the application (ui/gc_guard.py): cycles holding Qt objects must be collected on
    # the GUI thread, never by chance on a worker or the token thread.
    collector = gc_guard.install(qapp)
    yield
    collector.stop()


@pytest.fixture(autouse=True)
def collect_after_test(qapp) -> Iterator[None]:
    yield
    qapp.processEvents()
    gc.collect()
    # What is still alive now (modules, session fixtures, the earlier tests' caches) stays out
    # of the next tests' collections, as the application freezes its own (ui/gc_guard.py): a
    # worker that had run a few hundred tests spent half a second walking it after each one.
    gc.freeze()


@pytest.fixture(autouse=True)
def restore_default_locale(qapp) -> Iterator[None]:
    # A test that installs the French translators also sets the default QLocale; later tests
    # then read "31 mars 2056" where they expect the English dates of the untranslated GUI.
    before = QLocale()
    yield
    if QLocale() != before:
        QLocale.setDefault(before)


@pytest.fixture(autouse=True)
def release_modifier_keys(qapp) -> Iterator[None]:
    # QTest's key click with Ctrl+Shift can leave the application believing Shift is still
    # held (QGuiApplication.keyboardModifiers()); item views read that state when selecting
    # without an event, so every later test's selectRow extended a range instead of selecting
    # one row (seen as main windows without their document details). Release the keys.
    yield
    if QGuiApplication.keyboardModifiers() != Qt.KeyboardModifier.NoModifier:
        target = QWidget()
        for key in (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta):
            QTest.keyRelease(target, key)
        target.deleteLater()


@pytest.fixture(scope="session", autouse=True)
def lag_report(qapp) -> Iterator[LagReport]:
    # Written at the end of the session when SCELLE_LAG_REPORT names a file (bench/gui_lag.py).
    report = session_report()
    yield report
    path = report_path()
    if path is not None and report.operations:
        report.write(path)


@pytest.fixture
def lag_probe(lag_report: LagReport) -> LagReport:
    """`with lag_probe.measure("seal"): …` records the GUI thread's worst event-loop lag
    during the block (tests/support/lag_probe.py); no timing is asserted."""
    return lag_report


@pytest.fixture
def jobs(qapp) -> Iterator[JobQueue]:
    queue = JobQueue()
    yield queue
    queue.cancel_all()
    queue.wait()
    qapp.processEvents()


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    q = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    result = AppSettings(q, Policy())
    result.vault_dir = tmp_path / "vault"
    return result


@dataclass
class TotpVault:
    folder: Path
    uri: str
    recovery_code: str

    def code(self, offset: int = 0) -> str:
        totp = pyotp.parse_uri(self.uri)
        import time

        return totp.at(time.time() + offset)


@pytest.fixture
def totp_vault(tmp_path: Path) -> TotpVault:
    folder = tmp_path / "vault"
    new = create_vault(folder, PASSPHRASE, TotpSetup(), name="Claire Dubois", role="Notaire",
                       organisation="Étude Dubois", kdf=FAST_KDF)
    uri = new.otpauth_uri
    assert uri is not None
    new.session.lock()
    return TotpVault(folder, uri, new.recovery_code)


def lock_quietly(session: VaultSession | None) -> None:
    if session is not None:
        session.lock()
