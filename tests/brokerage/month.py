"""A broker's month on a portfolio of N contracts, used by tests/brokerage/test_month.py (with
the totals checked) and by bench/courtage.py (timed): import the portfolio from CSV, make the
month's schedule, file the notices in the clients' cases, write the direct-debit file, import
the bank's statement (every tenth debit returned unpaid), write the transfer file to the
insurers, import each insurer's commission statement (every 25th commission a cent off),
export the FEC.

The portfolio is varied and deterministic: the four splits, five insurers, premiums between
120 and 3 000 euros with cents, commission rates from 5 to 20 %, most contracts by direct
debit and some by transfer.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.brokerage import Brokerage
from app.brokerage.model import InstalmentState
from app.brokerage.money import format_cents
from tests.brokerage.bank_samples import camt053

MONTH_START, MONTH_END = date(2026, 3, 1), date(2026, 3, 31)
COLLECTION = date(2026, 3, 31)
TODAY = date(2026, 3, 1)
INSURER_IBANS = ("DE89370400440532013000", "FR7630006000011234567890189",
                 "FR1420041010050500013M02606", "BE68539007547034", "NL91ABNA0417164300")
CLIENT_IBAN = "FR1420041010050500013M02606"
_SPLITS = ("monthly", "quarterly", "half-yearly", "annual")
_HEADER = ("client_ref;client_kind;client_name;insurer_code;insurer_name;insurer_iban;"
           "insurer_bic;contract_number;product;cover_start;net_premium;fees;tax;frequency;"
           "commission_rate;payment;mandate_ref;mandate_date;iban;bic")


def portfolio_csv(path: Path, contracts: int) -> Path:
    lines = [_HEADER]
    for n in range(contracts):
        net = 12_000 + (n * 7_919) % 288_000  # cents
        tax = net * 9 // 100  # 9 %, as the insurance tax of a home policy
        insurer = n % len(INSURER_IBANS)
        debit = n % 7 != 0
        # Cover starts spread over the past year, so every split has instalments in March.
        start = date(2025, 3 + n % 10, 1 + n % 28)
        lines.append(";".join([
            f"CL{n:05d}", "company" if n % 5 == 0 else "person", f"Client n°{n}",
            f"ASS{insurer}", f"Assureur {insurer}", INSURER_IBANS[insurer], "COBADEFFXXX",
            f"POL{n:06d}", "Multirisque habitation", start.isoformat(),
            f"{net // 100},{net % 100:02d}", "12,50", f"{tax // 100},{tax % 100:02d}",
            _SPLITS[n % 4], f"{5 + n % 16},{(n * 25) % 100:02d}",
            "prélèvement" if debit else "virement", f"RUM-{n:06d}" if debit else "",
            "2025-01-15" if debit else "", CLIENT_IBAN if debit else "",
            "PSSTFRPPXXX" if debit else ""]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@dataclass
class Month:
    imported: int = 0
    instalments: int = 0
    scheduled_cents: int = 0
    debits: int = 0
    debit_cents: int = 0
    paid: int = 0
    rejected: int = 0
    transfers: int = 0
    transfer_cents: int = 0
    commission_cents: int = 0
    notices: int = 0
    statement_lines: int = 0
    commission_differences: int = 0
    fec_entries: int = 0
    seconds: dict[str, tuple[float, float]] = field(default_factory=dict)  # wall, CPU


def _timed(month: Month, step: str, run: Callable[[], object]) -> object:
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    month.seconds[step] = (time.perf_counter() - wall, time.process_time() - cpu)
    return result


def run_month(broker: Brokerage, work: Path, contracts: int) -> Month:
    month = Month()
    broker.portfolio.set_creditor("Cabinet de courtage", "FR7630006000011234567890189",
                                  "BNPAFRPPXXX", "FR72ZZZ123456")
    source = portfolio_csv(work / "portefeuille.csv", contracts)
    report = _timed(month, "import CSV", lambda: broker.importer.import_file(source, TODAY))
    month.imported = report.imported
    schedule = _timed(month, "schedule",
                      lambda: broker.schedules.make(MONTH_START, MONTH_END))
    month.instalments, month.scheduled_cents = len(schedule.instalments), schedule.total_cents
    issued = _timed(month, "notices (PDF)",
                    lambda: broker.notices.issue(MONTH_START, MONTH_END))
    month.notices = len(issued)
    debit = _timed(month, "pain.008", lambda: broker.collections.debit_file(
        COLLECTION, work / "prelevements.xml", today=TODAY))
    month.debits, month.debit_cents = debit.transactions, debit.total_cents
    submitted = broker.schedules.instalments(states=(InstalmentState.SUBMITTED,))
    returned = submitted[::10]
    paid = [i for i in submitted if i not in returned]
    statement = work / "releve.xml"
    statement.write_bytes(camt053([(i.end_to_end_id, i.amount) for i in paid],
                                  [(i.end_to_end_id, i.amount, "AM04") for i in returned],
                                  COLLECTION))
    bank = _timed(month, "camt.053", lambda: broker.bank.import_file(statement, TODAY))
    month.paid, month.rejected = len(bank.paid), len(bank.rejected)
    month.commission_cents = sum(i.commission for i in paid)
    transfer = _timed(month, "pain.001", lambda: broker.collections.transfer_file(
        COLLECTION, work / "virements.xml", today=TODAY))
    month.transfers, month.transfer_cents = transfer.transactions, transfer.total_cents
    _statements(broker, work, month)
    month.fec_entries = _timed(month, "FEC", lambda: broker.accounting.export(
        MONTH_START, MONTH_END, work / "FEC.txt"))
    return month


def _statements(broker: Brokerage, work: Path, month: Month) -> None:
    """One commission statement per insurer over the month's instalments."""
    by_insurer: dict[str, list[dict[str, str]]] = {}
    for n, item in enumerate(broker.schedules.instalments(MONTH_START, MONTH_END)):
        contract = broker.portfolio.contract(item.contract_id)
        code = broker.portfolio.insurer(contract.insurer_id).code
        off = 1 if n % 25 == 0 and item.commission else 0
        by_insurer.setdefault(code, []).append({
            "contract": contract.number, "due_date": item.due_date.isoformat(),
            "premium": format_cents(item.amount),
            "commission": format_cents(item.commission - off)})
    paths = []
    for code, lines in by_insurer.items():
        path = work / f"bordereau-{code}.json"
        path.write_text(json.dumps({"format": "scelle-courtage-statement/1",
                                    "family": "commissions", "insurer": code,
                                    "statement": f"COM-2026-03-{code}", "issued": "2026-04-02",
                                    "currency": "EUR", "lines": lines}))
        paths.append(path)

    def run() -> None:
        for path in paths:
            report = broker.statements.import_file(path)
            month.statement_lines += report.matched
            month.commission_differences += len(report.differences)

    _timed(month, "statements", run)
