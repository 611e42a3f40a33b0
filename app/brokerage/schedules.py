"""Recording schedules: the instalments of every contract over a period, written once.

`make(start, end)` records each instalment falling due in the period (one that was already
recorded keeps its state: making the schedule of a month twice changes nothing) and returns
every instalment of the period with its state. `represent(id)` puts a rejected instalment
back among those due, so the next direct-debit file presents it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.audit import AuditLog
from app.brokerage import records
from app.brokerage.model import Instalment, InstalmentState
from app.brokerage.portfolio import Portfolio
from app.brokerage.schedule import check_period, plan
from app.records import InvalidValueError, NotFoundError, now_text


@dataclass(frozen=True)
class Schedule:
    start: date
    end: date
    instalments: tuple[Instalment, ...]
    new: int  # how many were recorded by this call

    @property
    def total_cents(self) -> int:
        return sum(i.amount for i in self.instalments)


class Schedules:
    def __init__(self, portfolio: Portfolio, audit: AuditLog) -> None:
        self._portfolio = portfolio
        self._audit = audit

    def make(self, start: date, end: date) -> Schedule:
        check_period(start, end)
        db, now, new = self._portfolio.db, now_text(), 0
        with db.transaction():
            for contract in self._portfolio.contracts():
                for planned in plan(contract, start, end):
                    new += records.insert_instalment(db, Instalment(
                        0, planned.contract_id, planned.due_date, planned.period_start,
                        planned.period_end, planned.premium, planned.commission,
                        InstalmentState.DUE, None, None, None, None, None, None), now)
            if new:
                self._audit.record("brokerage.schedule")
        return Schedule(start, end, tuple(records.instalments(db, start=start, end=end)), new)

    def instalments(self, start: date | None = None, end: date | None = None,
                    states: tuple[InstalmentState, ...] = ()) -> list[Instalment]:
        return records.instalments(self._portfolio.db, start=start, end=end, states=states)

    def represent(self, instalment_id: int) -> None:
        db = self._portfolio.db
        with db.transaction():
            found = records.instalment(db, instalment_id)
            if found is None:
                raise NotFoundError("instalment", instalment_id)
            if found.state is not InstalmentState.REJECTED:
                raise InvalidValueError("Only a rejected instalment can be presented again.")
            records.mark_due(db, instalment_id, now_text())
            self._audit.record("brokerage.represent")

    def instalments_of(self, contract_id: int) -> list[Instalment]:
        return records.instalments(self._portfolio.db, contract_id=contract_id)
