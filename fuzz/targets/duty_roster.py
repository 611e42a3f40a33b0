"""Duty rosters (crypto/groups.py `parse_roster`): an organisation's signed list of who is on
duty, as the relay receives it from a member and as a sender fetches it (docs/format.md §7)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _harness  # noqa: E402

with _harness.instrumented():
    from crypto.groups import RosterError, on_duty, parse_roster

ALLOWED = (RosterError,)


def check(data: bytes) -> None:
    signed = parse_roster(data)
    assert parse_roster(signed.to_bytes()) == signed, "a parsed roster does not survive encoding"
    on_duty(signed.roster, signed.roster.issued)


if __name__ == "__main__":
    _harness.main(check, ALLOWED)
