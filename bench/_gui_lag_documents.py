"""bench/gui_lag.py's document scenarios (a pytest module, run by that script): a large import,
many small files, and an unlock with the real Argon2id settings, each under the event-loop lag
probe (tests/support/lag_probe.py). Sizes come from the environment the script sets."""

from __future__ import annotations

import os
from pathlib import Path

from app.policy import Policy
from app.unlock import TotpSetup
from app.vault import create_vault, describe_vault
from tests.support.lag_probe import session_report
from tests.ui.conftest import (  # noqa: F401 - fixtures
    PASSPHRASE,
    collect_after_test,
    gui_thread_collector,
    jobs,
    lag_report,
)
from tests.ui.documents_fixtures import (  # noqa: F401 - fixtures
    documents_root,
    make_window,
    notary,
    prompts,
)
from tests.ui.test_documents_import import drag_enter, drop_entered
from ui.unlock.window import UnlockWindow

WAIT_MS = 600_000  # a benchmark waits for what it measures; nothing here is a timing check
BIG = int(os.environ.get("SCELLE_LAG_BIG", str(256 * 1024 * 1024)))
SMALL_FILES = int(os.environ.get("SCELLE_LAG_FILES", "100"))


def _write_random(path: Path, size: int) -> None:
    with open(path, "wb") as out:
        left = size
        while left:
            block = os.urandom(min(left, 8 * 1024 * 1024))
            out.write(block)
            left -= len(block)


def _import(qtbot, window, paths: list[Path], operation: str) -> None:  # noqa: ANN001
    # The drag over the window and the drop are two events with the event loop turning between
    # them (the mouse moves): measured apart, as a user lives them (the first drag makes the
    # drop hint, ui/documents/drop_hint.py). The event loop turns for a second first, as it
    # does while a user finds the files: the window's first loads and paints are not the drag's.
    qtbot.wait(1000)
    with session_report().measure(f"drag over the window ({operation})"):
        mime = drag_enter(window, paths)
        qtbot.wait(50)
    with session_report().measure(operation), \
            qtbot.waitSignal(window.ops.imported, timeout=WAIT_MS) as outcome:
        drop_entered(window, mime)
    assert len(outcome.args[0].imported) == len(paths)


def test_import_one_large_file(qtbot, notary, make_window, tmp_path: Path) -> None:
    window = make_window(notary.session)
    big = tmp_path / "scan.bin"
    _write_random(big, BIG)
    _import(qtbot, window, [big], f"import 1 file of {BIG // (1024 * 1024)} MiB")


def test_import_many_small_files(qtbot, notary, make_window, tmp_path: Path) -> None:
    window = make_window(notary.session)
    files = []
    for index in range(SMALL_FILES):
        path = tmp_path / f"pièce {index:03d}.txt"
        path.write_bytes(os.urandom(20_000))
        files.append(path)
    _import(qtbot, window, files, f"import {SMALL_FILES} files of 20 kB")
    qtbot.waitUntil(lambda: window.documents_pane.model.total is not None
                    and not window.documents_pane.model.loading, timeout=WAIT_MS)


def test_unlock_with_the_real_key_derivation(qtbot, jobs, tmp_path: Path) -> None:
    import pyotp

    folder = tmp_path / "vault"
    new = create_vault(folder, PASSPHRASE, TotpSetup(), name="Claire Dubois", role="Notaire",
                       organisation="Étude Dubois")  # the default (real) Argon2id settings
    assert new.otpauth_uri is not None
    new.session.lock()
    window = UnlockWindow(describe_vault(folder), jobs, Policy(), module_path=lambda: "")
    qtbot.addWidget(window)
    window.show()
    unlocked = []
    window.unlocked.connect(unlocked.append)
    window.passphrase.setText(PASSPHRASE)
    window.factors.code.setText(pyotp.parse_uri(new.otpauth_uri).now())
    with session_report().measure("unlock (default Argon2id)"):
        window.button.click()
        qtbot.waitUntil(lambda: not window.busy, timeout=WAIT_MS)
    assert len(unlocked) == 1
    unlocked[0].lock()
