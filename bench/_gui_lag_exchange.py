"""bench/gui_lag.py's sealing scenario (a pytest module, run by that script): a large document
sealed to a verified contact under the event-loop lag probe (tests/support/lag_probe.py)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt

from tests.support.lag_probe import session_report
from tests.ui.conftest import collect_after_test, gui_thread_collector, lag_report  # noqa: F401
from tests.ui.exchange_fixtures import (  # noqa: F401 - fixtures
    add_document,
    exchange_cards,
    jobs,
    prompts,
    recipient,
    sender,
    vault_root,
)
from ui.exchange.seal_dialog import SealDialog

WAIT_MS = 600_000  # a benchmark waits for what it measures; nothing here is a timing check
SEAL = int(os.environ.get("SCELLE_LAG_SEAL", str(64 * 1024 * 1024)))


def test_seal_a_large_document(qtbot, sender, recipient, jobs, prompts, tmp_path: Path) -> None:
    karim, _ = exchange_cards(sender, recipient)
    sender.contacts.verify_safety_number(karim, sender.contacts.safety_number(karim))
    doc = add_document(sender, "dossier.bin", os.urandom(SEAL))
    dialog = SealDialog(sender, jobs, [doc], prompts=prompts)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.form.recipients.rowCount() > 0
                    and dialog.form.documents.rowCount() > 0, timeout=WAIT_MS)
    assert dialog.form.recipients.set_checked(karim, True)
    dialog.set_output_path(tmp_path / "envoi.scelle")
    with session_report().measure(f"seal 1 document of {SEAL // (1024 * 1024)} MiB"), \
            qtbot.waitSignal(dialog.sealed, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.seal_button, Qt.MouseButton.LeftButton)
