"""The statement as the insurer client seals it (docs/format.md §13): canonical JSON with the
optional broker key, read back exactly; a bad broker value refused whole; amounts stay strings."""

from __future__ import annotations

import json
from datetime import date

import pytest

from app.brokerage.statement_format import (
    Statement,
    StatementError,
    StatementLine,
    for_broker,
    parse_statement,
    statement_json,
)

STATEMENT = Statement("commissions", "AXA", "BORD-1", date(2026, 2, 2),
                      (StatementLine("POL-1", date(2026, 1, 10), 9252, 5),
                       StatementLine("POL-2", date(2026, 1, 31), 100, 0)))


def test_round_trip_with_and_without_broker() -> None:
    plain = statement_json(STATEMENT)
    assert "broker" not in json.loads(plain)
    assert parse_statement(plain) == STATEMENT
    named = statement_json(for_broker(STATEMENT, "ab" * 32))
    value = json.loads(named)
    assert value["broker"] == "ab" * 32
    assert [line["premium"] for line in value["lines"]] == ["92.52", "1.00"]
    assert value["lines"][0]["commission"] == "0.05"
    assert parse_statement(named) == for_broker(STATEMENT, "ab" * 32)
    assert named == statement_json(parse_statement(named))  # one byte form


@pytest.mark.parametrize("broker", ["AB" * 32, "ab" * 31, 12, None, "zz" * 32])
def test_a_bad_broker_is_refused(broker: object) -> None:
    value = json.loads(statement_json(STATEMENT))
    value["broker"] = broker
    with pytest.raises(StatementError, match="broker"):
        parse_statement(json.dumps(value).encode())


def test_unknown_keys_are_still_refused() -> None:
    value = json.loads(statement_json(STATEMENT))
    value["brokers"] = "x"
    with pytest.raises(StatementError, match="exactly the fields"):
        parse_statement(json.dumps(value).encode())
