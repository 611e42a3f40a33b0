"""When a sealed file stops opening: the expiry a person types, as the moment it means.

One rule for every face: a day (`YYYY-MM-DD`) means until the end of that day, local time; a
full time (RFC 3339, with its zone) is taken as is. The result is in UTC, to the second, and
must be in the future. The GUI's date picker gives a day: `end_of_day` is the same rule.
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone

from crypto.errors import ScelleError


class ExpiryError(ScelleError):
    """An expiry that is not a date or a time, has no time zone, or is already past."""

    exit_code = 2  # a usage error on the command line, as every malformed option

    def __init__(self, text: str, detail: str) -> None:
        super().__init__(f"The expiry '{text}' {detail}.")
        self.text, self.detail = text, detail


def end_of_day(day: date) -> datetime:
    """The last second of `day`, local time, in UTC: a sealed file opens all that day."""
    return datetime.combine(day, time.max).astimezone().astimezone(timezone.utc).replace(
        microsecond=0)


def parse_expiry(text: str, now: datetime | None = None) -> datetime:
    """`YYYY-MM-DD` means until the end of that day, local time; a full time is taken as is."""
    try:
        if len(text) == 10:
            moment = end_of_day(date.fromisoformat(text))
        else:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ExpiryError(text, "is not a date (YYYY-MM-DD) or a time "
                          "(YYYY-MM-DDTHH:MM:SSZ)") from None
    if moment.tzinfo is None:
        raise ExpiryError(text, "needs a time zone (Z or +hh:mm)")
    moment = moment.astimezone(timezone.utc).replace(microsecond=0)
    if moment <= (now or datetime.now(timezone.utc)):
        raise ExpiryError(text, "is already past")
    return moment
