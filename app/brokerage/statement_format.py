"""The insurers' statement format `scelle-courtage-statement/1` (docs/courtage.md §8): its
values, its strict parser and its canonical writer (with the optional `broker` key, the card
fingerprint of the broker it is for: docs/format.md §13). Matching and reconciling are app/brokerage/insurer_statements.py;
an insurer's own CSV is read into the same values by app/brokerage/statement_csv.py."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from app.brokerage.errors import BankFileError
from app.brokerage.money import parse_amount, to_decimal
from app.brokerage.validation import reference
from app.records import InvalidValueError
from crypto.sealed.codec import canonical_json
from crypto.strict_json import load_strict

FORMAT = "scelle-courtage-statement/1"
MAX_STATEMENT = 16 * 1024 * 1024
_KEYS = {"format", "family", "insurer", "statement", "issued", "currency", "lines"}
# Optional: the fingerprint of the broker's card the statement is for (docs/format.md §13). The
# reference insurer client always writes it; a statement received from the relay must name us.
BROKER_KEY = "broker"
_HEX64 = re.compile(r"[0-9a-f]{64}")
#: The media type of a statement inside a sealed file (docs/format.md §13).
MEDIA_TYPE = "application/vnd.scelle.courtage-statement+json"
_LINE_KEYS = {"contract", "due_date", "premium", "commission"}


class StatementError(BankFileError):
    """An insurer's statement that cannot be read or applied; says why. Nothing was recorded."""


@dataclass(frozen=True)
class StatementLine:
    contract: str
    due_date: date
    premium: int
    commission: int


@dataclass(frozen=True)
class Statement:
    family: str
    insurer: str
    statement: str
    issued: date
    lines: tuple[StatementLine, ...]
    broker: str | None = None  # the broker's card fingerprint (hex), when the insurer named it


def _field(obj: dict[str, Any], key: str, where: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        raise StatementError(f"The statement's {where}{key} is missing or not text.")
    return value


def _day(text: str, where: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise StatementError(f"The statement's {where} is not a date (YYYY-MM-DD).") from None


def _line(obj: Any, n: int) -> StatementLine:
    where = f"line {n} "
    if not isinstance(obj, dict) or set(obj) != _LINE_KEYS:
        raise StatementError(f"The statement's {where}must have exactly the fields "
                             f"{', '.join(sorted(_LINE_KEYS))}.")
    try:
        return StatementLine(reference(_field(obj, "contract", where), "contract number"),
                             _day(_field(obj, "due_date", where), where + "due_date"),
                             parse_amount(_field(obj, "premium", where), "premium"),
                             parse_amount(_field(obj, "commission", where), "commission"))
    except InvalidValueError as exc:
        raise StatementError(f"The statement's {where.strip()}: {exc}") from None


def parse_statement(data: bytes) -> Statement:
    obj = load_strict(data, StatementError, "The insurer's statement", max_bytes=MAX_STATEMENT)
    if not isinstance(obj, dict) or set(obj) - {BROKER_KEY} != _KEYS:
        raise StatementError("The insurer's statement must be an object with exactly the "
                             f"fields {', '.join(sorted(_KEYS))} (and optionally broker).")
    broker = obj.get(BROKER_KEY)
    if BROKER_KEY in obj and not (isinstance(broker, str) and _HEX64.fullmatch(broker)):
        raise StatementError("The statement's broker must be a card fingerprint (64 "
                             "lowercase hex digits).")
    if obj["format"] != FORMAT:
        raise StatementError(f"The insurer's statement is not in the format {FORMAT}.")
    family = _field(obj, "family", "")
    if family not in ("premiums", "commissions"):
        raise StatementError("The statement's family must be premiums or commissions.")
    if obj["currency"] != "EUR":
        raise StatementError("The statement's currency must be EUR.")
    lines = obj["lines"]
    if not isinstance(lines, list) or not 1 <= len(lines) <= 100_000:
        raise StatementError("The statement's lines must be a list of 1 to 100,000 lines.")
    try:
        insurer = reference(_field(obj, "insurer", ""), "insurer code")
        statement = reference(_field(obj, "statement", ""), "statement id")
    except InvalidValueError as exc:
        raise StatementError(str(exc)) from None
    return Statement(family, insurer, statement, _day(_field(obj, "issued", ""), "issued"),
                     tuple(_line(line, n) for n, line in enumerate(lines, 1)), broker)


def for_broker(statement: Statement, fingerprint: str) -> Statement:
    return replace(statement, broker=fingerprint)


def statement_json(statement: Statement) -> bytes:
    """The statement in the format `parse_statement` reads, canonical (one byte form per value):
    what the reference insurer client seals, whatever the insurer gave it (JSON or CSV)."""
    obj: dict[str, object] = {
        "format": FORMAT, "family": statement.family, "insurer": statement.insurer,
        "statement": statement.statement, "issued": statement.issued.isoformat(),
        "currency": "EUR",
        "lines": [{"contract": line.contract, "due_date": line.due_date.isoformat(),
                   "premium": str(to_decimal(line.premium)),
                   "commission": str(to_decimal(line.commission))}
                  for line in statement.lines]}
    if statement.broker is not None:
        obj[BROKER_KEY] = statement.broker
    return canonical_json(obj)
