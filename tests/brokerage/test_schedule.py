"""Schedules: instalments that add up exactly to the annual premium, on the right dates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.brokerage import Brokerage
from app.brokerage.model import Contract, Frequency, PaymentMethod, Premium
from app.brokerage.money import commission_of
from app.brokerage.schedule import add_months, plan, split
from app.records import InvalidValueError
from tests.brokerage.conftest import add_debit_contract

cents = st.integers(min_value=0, max_value=10**11)


def _contract(premium: Premium, frequency: Frequency, rate: int = 1500,
              start: date = date(2026, 1, 31), end: date | None = None) -> Contract:
    return Contract(1, "P", 1, 1, "Auto", start, end, premium, frequency, rate,
                    PaymentMethod.TRANSFER, None)


@given(cents, st.integers(min_value=1, max_value=12))
def test_split_adds_up_and_is_even(total: int, parts: int) -> None:
    shares = split(total, parts)
    assert sum(shares) == total and len(shares) == parts
    assert max(shares) - min(shares) <= 1
    assert shares == sorted(shares, reverse=True)


@given(cents, cents, cents, st.sampled_from(list(Frequency)),
       st.integers(min_value=0, max_value=10000))
def test_a_year_of_instalments_adds_up_to_the_annual_premium(
        net: int, fees: int, tax: int, frequency: Frequency, rate: int) -> None:
    contract = _contract(Premium(net, fees, tax), frequency, rate)
    year = plan(contract, date(2026, 1, 1), date(2026, 12, 31))
    assert len(year) == frequency.per_year
    assert sum(i.premium.net for i in year) == net
    assert sum(i.premium.fees for i in year) == fees
    assert sum(i.premium.tax for i in year) == tax
    assert sum(i.premium.total for i in year) == net + fees + tax
    assert sum(i.commission for i in year) == commission_of(net, rate)


def test_exhaustive_small_premiums() -> None:
    for total in range(0, 40):
        for frequency in Frequency:
            contract = _contract(Premium(total, total // 3, total % 7), frequency)
            year = plan(contract, date(2026, 1, 1), date(2026, 12, 31))
            assert sum(i.premium.total for i in year) == total + total // 3 + total % 7


def test_dates_follow_the_cover_start_and_month_ends() -> None:
    contract = _contract(Premium(1200, 0, 0), Frequency.MONTHLY)
    due = [i.due_date for i in plan(contract, date(2026, 1, 1), date(2026, 5, 1))]
    assert due == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]
    first = plan(contract, date(2026, 1, 1), date(2026, 1, 31))[0]
    assert (first.period_start, first.period_end) == (date(2026, 1, 31), date(2026, 2, 27))
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


def test_renewal_and_cover_end() -> None:
    renewed = _contract(Premium(1000, 0, 0), Frequency.QUARTERLY, start=date(2025, 3, 1))
    two_years = plan(renewed, date(2025, 1, 1), date(2026, 12, 31))
    assert len(two_years) == 8
    assert sum(i.premium.total for i in two_years) == 2000
    ended = _contract(Premium(1000, 0, 0), Frequency.QUARTERLY, start=date(2025, 3, 1),
                      end=date(2025, 9, 1))
    assert [i.due_date for i in plan(ended, date(2025, 1, 1), date(2026, 12, 31))] == [
        date(2025, 3, 1), date(2025, 6, 1)]


def test_recording_a_schedule_twice_keeps_one(broker: Brokerage) -> None:
    add_debit_contract(broker, 1, frequency="quarterly")
    add_debit_contract(broker, 2, frequency="annual")
    first = broker.schedules.make(date(2026, 1, 1), date(2026, 12, 31))
    assert first.new == 5 and len(first.instalments) == 5
    assert first.total_cents == 2 * (100000 + 2000 + 9001)
    again = broker.schedules.make(date(2026, 1, 1), date(2026, 6, 30))
    assert again.new == 0 and len(again.instalments) == 3


def test_bad_periods(broker: Brokerage) -> None:
    with pytest.raises(InvalidValueError, match="ends before"):
        broker.schedules.make(date(2026, 2, 1), date(2026, 1, 1))
    with pytest.raises(InvalidValueError, match="too long"):
        broker.schedules.make(date(2026, 1, 1), date(2036, 1, 1))
