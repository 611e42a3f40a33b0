"""Marking instalments from what the bank sent back (app/brokerage/bank_files.py).

Each event is matched to an instalment by the end-to-end reference of the debit that presented
it. A payment marks a submitted instalment paid if the amount is the one presented; a reject
or return marks a submitted or paid one rejected with its reason (a first debit rejected puts
its mandate back to FRST, so the next presentation is a first one again). Anything else is
reported, not marked: a reference that is not ours, an amount that differs, an instalment
already remitted to its insurer. The whole file is applied in one transaction, with one audit
entry; importing the same file again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.audit import AuditLog
from app.brokerage import records
from app.brokerage.bank_files import BankEvent, read_bank_file
from app.brokerage.model import Instalment, InstalmentState, Sequence
from app.brokerage.portfolio import Portfolio
from app.records import now_text


@dataclass(frozen=True)
class Rejected:
    instalment_id: int
    contract_number: str
    due_date: date
    code: str
    reason: str


@dataclass(frozen=True)
class Unmatched:
    end_to_end_id: str
    why: str


@dataclass
class BankImport:
    kind: str
    paid: list[int] = field(default_factory=list)  # instalment ids
    rejected: list[Rejected] = field(default_factory=list)
    unchanged: int = 0  # already in the state the file gives them
    unmatched: list[Unmatched] = field(default_factory=list)


class Reconciler:
    def __init__(self, portfolio: Portfolio, audit: AuditLog) -> None:
        self._portfolio = portfolio
        self._audit = audit

    def import_file(self, path: Path, today: date | None = None) -> BankImport:
        bank_file = read_bank_file(path)  # parsed in full before anything is marked
        report = BankImport(bank_file.kind)
        db = self._portfolio.db
        with db.transaction():
            for event in bank_file.events:
                self._apply(event, report, today or date.today())
            if report.paid or report.rejected:
                self._audit.record("brokerage.bank_import")
        return report

    def _apply(self, event: BankEvent, report: BankImport, today: date) -> None:
        item = records.instalment_by_reference(self._portfolio.db, event.end_to_end_id)
        if item is None:
            report.unmatched.append(Unmatched(event.end_to_end_id, "no instalment has this "
                                              "reference"))
            return
        if event.amount_cents is not None and event.amount_cents != item.amount:
            report.unmatched.append(Unmatched(event.end_to_end_id, "the amount differs from "
                                              "the instalment presented"))
            return
        if event.paid:
            self._paid(item, event, report, today)
        else:
            self._rejected(item, event, report)

    def _paid(self, item: Instalment, event: BankEvent, report: BankImport, today: date) -> None:
        if item.state is InstalmentState.SUBMITTED:
            records.mark_paid(self._portfolio.db, item.id, event.day or today, now_text())
            report.paid.append(item.id)
        elif item.state in (InstalmentState.PAID, InstalmentState.REMITTED):
            report.unchanged += 1
        else:
            report.unmatched.append(Unmatched(event.end_to_end_id, f"the instalment is "
                                              f"{item.state.value}, not awaiting payment"))

    def _rejected(self, item: Instalment, event: BankEvent, report: BankImport) -> None:
        if item.state is InstalmentState.REJECTED:
            report.unchanged += 1
            return
        if item.state not in (InstalmentState.SUBMITTED, InstalmentState.PAID):
            report.unmatched.append(Unmatched(event.end_to_end_id, f"the instalment is "
                                              f"{item.state.value}: settle the return with the "
                                              "insurer by hand"))
            return
        db = self._portfolio.db
        records.mark_rejected(db, item.id, event.code, event.reason, now_text())
        contract = self._portfolio.contract(item.contract_id)
        if item.sequence == Sequence.FIRST.value and contract.mandate_id is not None:
            records.set_mandate_sequence(db, contract.mandate_id, Sequence.FIRST)
        report.rejected.append(Rejected(item.id, contract.number, item.due_date, event.code,
                                        event.reason))
