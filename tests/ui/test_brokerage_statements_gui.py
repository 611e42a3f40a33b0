"""The insurers' statements in the Brokerage window, on the real relay: an insurer's machine
identity deposits two statements, the broker's relay sync receives them, the window imports
them (one matched with its differences, one refused as a replay), lists both in its tab with
the reason, and says when none is waiting; distinct Alt+letters in French."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.brokerage.relay_world import World, exchange_templates, org_public_hex, world  # noqa: F401,E501
from tests.ui.french_checks import french, literal_ampersands, mnemonic_clashes  # noqa: F401
from ui.brokerage.window import BrokerageWindow
from ui.workers import JobQueue


def _step(qtbot: QtBot, window: BrokerageWindow, run) -> None:  # noqa: ANN001
    with qtbot.waitSignal(window.finished_job, timeout=60_000):
        run()
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=60_000)


def test_statements_received_are_imported_and_listed(qtbot: QtBot, world: World,  # noqa: F811
                                                     jobs: JobQueue, tmp_path: Path) -> None:
    world.book.inbox.pin_insurer_key("AXA", org_public_hex(world.insurer_org))
    client = world.client(world.insurer)
    client.deposit(world.statement(tmp_path / "a.json", commission_delta=1),
                   world.broker.fingerprint)
    world.broker.relay.sync()
    window = BrokerageWindow(world.broker.session, jobs)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not jobs.busy, timeout=60_000)
    assert window.statements.rowCount() == 0
    _step(qtbot, window, window.import_received)
    text = window.banner.label.text()
    assert window.banner.kind == "warning"  # the commissions differ by a cent each
    assert "1 statement(s) imported, 0 refused." in text
    assert "AXA BORD-2026-01: 2 line(s) matched, 0 unknown, 2 difference(s)." in text
    qtbot.waitUntil(lambda: window.statements.rowCount() == 1, timeout=60_000)
    assert window.tabs.currentWidget() is window.statements_view
    cells = [window.statements.cell(window.statements.row_at(0), c) for c in range(7)]
    assert cells[1:] == ["AXA", "BORD-2026-01", "Commissions", "2", "2", "Imported"]

    _step(qtbot, window, window.import_received)
    assert window.banner.kind == "info" and "Synchronise" in window.banner.label.text()


def test_french_mnemonics(qtbot: QtBot, french, world: World, jobs: JobQueue) -> None:  # noqa: F811,ANN001,E501
    window = BrokerageWindow(world.broker.session, jobs)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not jobs.busy, timeout=60_000)
    problems = mnemonic_clashes(window) + literal_ampersands(window)
    assert not problems, "\n".join(problems)
    assert window.buttons["received"].text() == "&Importer les relevés reçus"
