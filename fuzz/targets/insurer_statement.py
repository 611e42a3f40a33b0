"""Insurers' statements read by the brokerage module (app/brokerage/statement_format.py
`parse_statement`): JSON an insurer (or anyone handing the broker a file) writes."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _harness  # noqa: E402

with _harness.instrumented():
    from app.brokerage.statement_format import StatementError, parse_statement, statement_json

ALLOWED = (StatementError,)


def check(data: bytes) -> None:
    statement = parse_statement(data)
    assert statement.family in ("premiums", "commissions") and statement.lines
    for line in statement.lines:
        assert line.premium >= 0 and line.commission >= 0 and line.contract
    # What the insurer client seals (docs/format.md §13) reads back as the same statement.
    assert parse_statement(statement_json(statement)) == statement


if __name__ == "__main__":
    _harness.main(check, ALLOWED)
