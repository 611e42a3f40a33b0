"""The Brokerage window (ui/brokerage/) on a real vault: contracts and instalments listed,
a CSV import with its refused rows, the schedule, notices filed, a direct-debit file written
and schema-valid, a bank statement marking a reject with its reason; every step on the job
queue; refusals shown as one sentence; distinct Alt+letters in French and English."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sepaxml
import xmlschema
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from app.brokerage import Brokerage
from app.brokerage.model import InstalmentState
from app.vault import VaultSession
from tests.brokerage.bank_samples import camt053
from tests.brokerage.conftest import ICS
from tests.brokerage.test_csv_import import HEADER, _row
from tests.ui.french_checks import french, literal_ampersands, mnemonic_clashes  # noqa: F401
from tests.vault.conftest import Template, open_copy, templates  # noqa: F401 (fixture)
from ui.brokerage.window import BrokerageWindow
from ui.workers import JobQueue

TODAY = date(2026, 1, 5)


@pytest.fixture
def session(templates: dict[str, Template], tmp_path: Path) -> Iterator[VaultSession]:  # noqa: F811
    opened = open_copy(templates["alice"], tmp_path / "vault")
    Brokerage(opened).portfolio.set_creditor("Cabinet Durand", "FR7630006000011234567890189",
                                             "BNPAFRPPXXX", ICS)
    yield opened
    opened.lock()


def _step(qtbot: QtBot, window: BrokerageWindow, run) -> None:
    with qtbot.waitSignal(window.finished_job, timeout=60_000):
        run()
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=60_000)


def test_a_month_in_the_window(qtbot: QtBot, session: VaultSession, jobs: JobQueue,
                               tmp_path: Path) -> None:
    window = BrokerageWindow(session, jobs, today=TODAY)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not jobs.busy, timeout=60_000)
    csv = tmp_path / "p.csv"
    csv.write_text("\n".join([HEADER, _row(1, cover_start="2026-01-10"),
                              _row(2, iban="FR00")]) + "\n", encoding="utf-8")
    _step(qtbot, window, lambda: window.import_csv(csv))
    assert window.banner.kind == "warning"
    assert "1 contract(s) imported, 1 row(s) refused." in window.banner.label.text()
    assert "Line 3: The IBAN is not a valid IBAN" in window.banner.label.text()
    qtbot.waitUntil(lambda: window.contracts.rowCount() == 1, timeout=60_000)
    assert window.contracts.data(window.contracts.index(0, 0)) == "P1"

    _step(qtbot, window, window.make_schedule)
    assert "1 instalment(s) in the period" in window.banner.label.text()
    qtbot.waitUntil(lambda: window.instalments.rowCount() == 1, timeout=60_000)
    _step(qtbot, window, lambda: window.file_notices(receipts=False))
    assert "1 notice(s) filed" in window.banner.label.text()
    assert [d.name for d in session.documents.list()] == ["Avis d'échéance P1 2026-01-10.pdf"]

    out = tmp_path / "prelevements.xml"
    window.collection_edit.setDate(QDate(2026, 1, 12))
    _step(qtbot, window, lambda: window.debit_file(out))
    assert window.banner.kind == "success", window.banner.label.text()
    xmlschema.XMLSchema(os.path.join(os.path.dirname(sepaxml.__file__), "schemas",
                                     "pain.008.001.02.xsd")).validate(out.read_text())
    (item,) = Brokerage(session).schedules.instalments(states=(InstalmentState.SUBMITTED,))
    statement = tmp_path / "releve.xml"
    statement.write_bytes(camt053([], [(item.end_to_end_id, item.amount, "AM04")], TODAY))
    _step(qtbot, window, lambda: window.bank_file(statement))
    assert "0 paid, 1 rejected, 0 not matched." in window.banner.label.text()
    fec = tmp_path / "FEC.txt"
    _step(qtbot, window, lambda: window.accounting(fec))
    assert "No payment or remittance" in window.banner.label.text()  # nothing paid yet
    qtbot.waitUntil(lambda: "AM04" in window.instalments.data(
        window.instalments.index(0, 7)), timeout=60_000)
    assert window.instalments.data(window.instalments.index(0, 7)) == \
        "Rejected (AM04: insufficient funds)"


def test_refusal_is_one_sentence(qtbot: QtBot, session: VaultSession, jobs: JobQueue,
                                 tmp_path: Path) -> None:
    window = BrokerageWindow(session, jobs, today=TODAY)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not jobs.busy, timeout=60_000)
    hostile = tmp_path / "xxe.xml"
    hostile.write_bytes(b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM '
                        b'"file:///etc/passwd">]><Document>&x;</Document>')
    _step(qtbot, window, lambda: window.bank_file(hostile))
    assert window.banner.kind == "danger"
    assert "DTD or entities" in window.banner.label.text()
    _step(qtbot, window, lambda: window.debit_file(tmp_path / "d.xml"))
    assert "No instalment is due" in window.banner.label.text()
    assert not (tmp_path / "d.xml").exists()


def test_mnemonics_distinct(qtbot: QtBot, session: VaultSession, jobs: JobQueue) -> None:
    window = BrokerageWindow(session, jobs, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not jobs.busy, timeout=60_000)
    assert mnemonic_clashes(window) + literal_ampersands(window) == []


def test_mnemonics_distinct_in_french(qtbot: QtBot, session: VaultSession, jobs: JobQueue,
                                      french) -> None:  # noqa: F811
    window = BrokerageWindow(session, jobs, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not jobs.busy, timeout=60_000)
    assert window.windowTitle() == "Courtage"
    assert mnemonic_clashes(window) + literal_ampersands(window) == []
