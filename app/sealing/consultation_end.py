"""A view-only sealed file's consultation end, from what a person types or picks.

The same reading as an expiry (app/sealing/expiry.py: a day means until the end of that day,
local time; a full RFC 3339 time is taken as is; in the future), and one more rule: only a
view-only file has a consultation end, since a file that may be exported cannot be taken back.
After the end, the recipient's vault destroys the documents (app/vault/consultation.py).
"""

from __future__ import annotations

from datetime import date, datetime

from app.sealing.expiry import ExpiryError, end_of_day, parse_expiry
from crypto.errors import ScelleError


class ConsultationEndError(ScelleError):
    """A consultation end that is not a date or time, is already past, or is not view-only."""

    exit_code = 2  # a usage error on the command line, as every malformed option

    def __init__(self, text: str, detail: str) -> None:
        super().__init__(f"The consultation end '{text}' {detail}.")
        self.text, self.detail = text, detail


NOT_VIEW_ONLY = "can only be set on a view-only sealed file"


def parse_consultation_end(text: str, *, view_only: bool,
                           now: datetime | None = None) -> datetime:
    """The moment `text` means (UTC, to the second); `ConsultationEndError` if invalid."""
    if not view_only:
        raise ConsultationEndError(text, NOT_VIEW_ONLY)
    try:
        return parse_expiry(text, now)
    except ExpiryError as exc:
        raise ConsultationEndError(text, exc.detail) from None


def consultation_end_of_day(day: date, *, view_only: bool,
                            now: datetime | None = None) -> datetime:
    """A day picked in a calendar: until the end of that day, local time (the GUI's picker)."""
    return parse_consultation_end(end_of_day(day).strftime("%Y-%m-%dT%H:%M:%SZ"),
                                  view_only=view_only, now=now)
