"""A full month on 1,000 contracts (issue 15): schedule, notices, debit file, bank statement
with rejects, insurers' statements, FEC; every total checked against the portfolio."""

from __future__ import annotations

import os
from pathlib import Path

import sepaxml
import xmlschema

from app.brokerage import Brokerage
from app.brokerage.model import InstalmentState
from app.brokerage.schedule import plan
from tests.brokerage.month import MONTH_END, MONTH_START, run_month


def test_month_of_a_thousand_contracts(session, tmp_path: Path) -> None:
    broker = Brokerage(session)
    month = run_month(broker, tmp_path, 1000)
    assert month.imported == 1000
    contracts = broker.portfolio.contracts()
    expected = [i for c in contracts for i in plan(c, MONTH_START, MONTH_END)]
    assert month.instalments == len(expected) > 250
    assert month.scheduled_cents == sum(i.premium.total for i in expected)
    by_debit = {c.id for c in contracts if c.mandate_id is not None}
    assert month.debits == sum(1 for i in expected if i.contract_id in by_debit)
    assert month.debit_cents == sum(i.premium.total for i in expected
                                    if i.contract_id in by_debit)
    assert month.rejected == (month.debits + 9) // 10
    assert month.paid == month.debits - month.rejected
    remitted = broker.schedules.instalments(states=(InstalmentState.REMITTED,))
    assert len(remitted) == month.paid
    assert month.transfers == 5  # one per insurer
    assert month.transfer_cents == sum(i.amount - i.commission for i in remitted)
    assert month.transfer_cents + month.commission_cents == sum(i.amount for i in remitted)
    schemas = os.path.join(os.path.dirname(sepaxml.__file__), "schemas")
    xmlschema.XMLSchema(os.path.join(schemas, "pain.008.001.02.xsd")).validate(
        (tmp_path / "prelevements.xml").read_text())
    xmlschema.XMLSchema(os.path.join(schemas, "pain.001.001.03.xsd")).validate(
        (tmp_path / "virements.xml").read_text())
    assert month.notices == month.instalments
    assert len(session.documents.list()) == month.instalments  # each in its client's case
    assert month.statement_lines == month.instalments
    assert month.commission_differences == sum(
        1 for n, i in enumerate(broker.schedules.instalments(MONTH_START, MONTH_END))
        if n % 25 == 0 and i.commission)
    assert month.fec_entries > month.paid  # premium, commission, remittance entries
    assert session.audit.verify().ok
