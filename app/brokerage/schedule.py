"""Schedules: the instalments each contract generates over a period.

A contract's annual premium is due in 1, 2, 4 or 12 instalments per year of cover, counted
from the cover start (a contract starting on the 31st falls due on the last day of shorter
months, and on the 31st again when there is one). Each component of the premium (net, fees,
tax) and the commission is split on its own by `split`: every instalment gets the quotient in
cents and the first `remainder` instalments one cent more, so the instalments of a year add up
exactly to the annual figures, and no instalment differs from another by more than a cent.

A contract with a cover end generates nothing due on or after it; without one it renews every
year.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from app.brokerage.model import Contract, Premium
from app.brokerage.money import commission_of
from app.records import InvalidValueError

MAX_PERIOD_DAYS = 3 * 366  # a schedule is asked for months, not decades


@dataclass(frozen=True)
class PlannedInstalment:
    """One due date of one contract, before it is recorded."""

    contract_id: int
    due_date: date
    period_start: date
    period_end: date
    premium: Premium
    commission: int


def split(total: int, parts: int) -> list[int]:
    """`total` cents in `parts` shares that add up to it exactly, the larger ones first."""
    if parts < 1 or total < 0:
        raise ValueError("split needs a positive count and a non-negative total")
    base, extra = divmod(total, parts)
    return [base + 1 if i < extra else base for i in range(parts)]


def add_months(start: date, months: int) -> date:
    """`start` plus whole months, on the same day of month or the last day of a shorter one."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last))


def instalment_premiums(contract: Contract) -> list[tuple[Premium, int]]:
    """Each instalment's (premium, commission) for one year of cover, in order."""
    n = contract.frequency.per_year
    annual = contract.premium
    nets = split(annual.net, n)
    fees = split(annual.fees, n)
    taxes = split(annual.tax, n)
    commissions = split(commission_of(annual.net, contract.commission_bp), n)
    return [(Premium(nets[i], fees[i], taxes[i]), commissions[i]) for i in range(n)]


def _due_dates(contract: Contract) -> Iterator[tuple[int, date, date]]:
    """(index in its year, due date, end of the period covered), from the cover start on."""
    step = 12 // contract.frequency.per_year
    k = 0
    while True:
        due = add_months(contract.cover_start, k * step)
        if contract.cover_end is not None and due >= contract.cover_end:
            return
        until = add_months(contract.cover_start, (k + 1) * step) - timedelta(days=1)
        if contract.cover_end is not None:
            until = min(until, contract.cover_end - timedelta(days=1))
        yield k % contract.frequency.per_year, due, until
        k += 1


def plan(contract: Contract, start: date, end: date) -> list[PlannedInstalment]:
    """The instalments of `contract` falling due from `start` to `end` (both included)."""
    check_period(start, end)
    shares = instalment_premiums(contract)
    planned: list[PlannedInstalment] = []
    for index, due, until in _due_dates(contract):
        if due > end:
            break
        if due >= start:
            premium, commission = shares[index]
            planned.append(PlannedInstalment(contract.id, due, due, until, premium, commission))
    return planned


def check_period(start: date, end: date) -> None:
    if end < start:
        raise InvalidValueError("The period ends before it starts.")
    if (end - start).days > MAX_PERIOD_DAYS:
        raise InvalidValueError("The period is too long (three years at most).")
