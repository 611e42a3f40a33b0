"""Moments as Scellé writes them for people and for other programs: RFC 3339, UTC, to the
second (`2025-03-01T09:30:00Z`), the form used in sealed files, identity cards, relay proofs and
the command line's output.

The vault's own database stores finer time stamps (app/records/); this is the exchanged form.
"""

from __future__ import annotations

from datetime import UTC, datetime

from crypto.sealed.codec import format_time, parse_time


def format_epoch(seconds: int | None) -> str | None:
    """An epoch time (as the relay sends them) in the exchanged form; None stays None."""
    return None if seconds is None else format_time(datetime.fromtimestamp(seconds, UTC))


__all__ = ["format_epoch", "format_time", "parse_time"]
