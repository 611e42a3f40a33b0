"""The expiry rule of app/sealing/expiry.py, the one the command line and the GUI share."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from app.sealing import ExpiryError, end_of_day, parse_expiry

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)


def test_a_day_means_until_its_last_local_second() -> None:
    moment = parse_expiry("2026-06-30", NOW)
    assert moment == end_of_day(date(2026, 6, 30))
    local = moment.astimezone()
    assert (local.date(), local.hour, local.minute, local.second) == (date(2026, 6, 30), 23,
                                                                      59, 59)
    assert moment.tzinfo == timezone.utc and moment.microsecond == 0


def test_a_full_time_is_taken_as_is() -> None:
    assert parse_expiry("2026-06-02T08:30:00Z", NOW) == datetime(2026, 6, 2, 8, 30,
                                                                 tzinfo=timezone.utc)
    assert parse_expiry("2026-06-02T10:30:00+02:00", NOW) == datetime(2026, 6, 2, 8, 30,
                                                                      tzinfo=timezone.utc)


@pytest.mark.parametrize(("text", "detail"), [
    ("next week", "is not a date"),
    ("2026-13-01", "is not a date"),
    ("2026-06-02T08:30:00", "needs a time zone"),
    ("2026-05-31", "is already past"),
    ((NOW - timedelta(seconds=1)).isoformat(), "is already past"),
])
def test_bad_expiries_are_refused_with_what_is_wrong(text: str, detail: str) -> None:
    with pytest.raises(ExpiryError) as refused:
        parse_expiry(text, NOW)
    assert refused.value.text == text and refused.value.detail.startswith(detail)
    assert str(refused.value).startswith(f"The expiry '{text}' {detail}")
    assert refused.value.exit_code == 2
