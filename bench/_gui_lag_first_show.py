"""bench/gui_lag.py's start-up scenario (a pytest module, run by that script in a process of its
own): the shell's unlock with the real Argon2id settings, then the main window's first show,
under the event-loop lag probe (tests/support/lag_probe.py).

It runs alone in its process because the main window's modules are imported at the first
unlock (on a worker while the unlock window waits, ui/warmup.py): a test session that imported
them earlier would not measure what a user waits for at the first unlock of the day.

`SCELLE_LAG_AT_ONCE=1` clicks Unlock as soon as the window shows, while those modules are still
being imported; otherwise the scenario waits for them and for the main window built in advance
(ui/controller.py `_prebuild`), as the time a user takes to type a passphrase and a code would,
and measures that wait too: the work moved there still holds the GUI thread.
"""

from __future__ import annotations

import io
import os
import sys

import pyotp

from app.policy import Policy
from app.unlock import TotpSetup
from app.vault import VaultSession, create_vault
from tests.support.lag_probe import session_report
from tests.ui.conftest import (  # noqa: F401 - fixtures
    PASSPHRASE,
    collect_after_test,
    gui_thread_collector,
    jobs,
    lag_report,
    settings,
)
from ui.controller import AppController
from ui.i18n import install_translators
from ui.main import apply_style

WAIT_MS = 600_000  # a benchmark waits for what it measures; nothing here is a timing check
CASES = ("Succession Martin", "Vente Dupuis", "SCI Les Tilleuls")
DOCUMENTS_PER_CASE = 20
AT_ONCE = os.environ.get("SCELLE_LAG_AT_ONCE") == "1"


def _fill(session: VaultSession) -> None:
    """A few cases of small documents: enough rows for the first page of every list."""
    for name in CASES:
        case = session.cases.create(name).id
        for index in range(DOCUMENTS_PER_CASE):
            data = f"{name}, pièce {index}\n".encode() * 50
            session.importer.import_stream(f"Pièce {index:02d}.txt", len(data), None,
                                           io.BytesIO(data), case=case, tags=["dossier"])
    session.importer.import_stream("Courrier.txt", 7, None, io.BytesIO(b"Bonjour"))


def _main_window_ready(controller: AppController) -> bool:
    window = controller.main_window
    if controller.state != "main" or window is None or not window.isVisible():
        return False
    model = window.documents_pane.model
    return model.total is not None and not model.loading


def test_unlock_then_first_show_of_the_main_window(qapp, qtbot, jobs, settings) -> None:
    assert "ui.main_window" not in sys.modules, "this scenario must run in a process of its own"
    install_translators(qapp, "fr")  # as ui/main.py run() does: French, the style sheet
    apply_style(qapp)
    new = create_vault(settings.vault_dir, PASSPHRASE, TotpSetup(), name="Claire Dubois",
                       role="Notaire", organisation="Étude Dubois")  # the default Argon2id
    assert new.otpauth_uri is not None
    _fill(new.session)
    new.session.lock()
    controller = AppController(settings, Policy(), jobs)
    controller.start()
    unlock = controller.window  # the controller closes and deletes it once unlocked
    unlock.passphrase.setText(PASSPHRASE)
    if not AT_ONCE:  # the time a user takes to type: the main window is prepared meanwhile
        with session_report().measure("unlock window, while the main window is prepared"):
            qtbot.waitUntil(lambda: controller._prebuilt is not None
                            and controller._prebuilt.done and not jobs.busy, timeout=WAIT_MS)
            qtbot.wait(500)  # the warm-up's last slices (types, icons)
    unlock.factors.code.setText(pyotp.parse_uri(new.otpauth_uri).now())
    when = "Unlock clicked at once" if AT_ONCE else "after typing"
    with session_report().measure(f"unlock, then the main window's first show ({when})"):
        unlock.button.click()
        qtbot.waitUntil(lambda: _main_window_ready(controller), timeout=WAIT_MS)
    qtbot.addWidget(controller.main_window)
    listed = controller.main_window.documents_pane.model.total
    assert listed == len(CASES) * DOCUMENTS_PER_CASE + 1
    controller.shutdown()
