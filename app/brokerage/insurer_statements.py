"""Insurers' statements (docs/courtage.md §8): what an insurer sends the broker about premiums
(its receipts and invoices) and commissions, as JSON modelled on the EDICourtage message
families, matched against the portfolio.

    {"format": "scelle-courtage-statement/1", "family": "premiums" | "commissions",
     "insurer": CODE, "statement": ID, "issued": "YYYY-MM-DD", "currency": "EUR",
     "lines": [{"contract": NUMBER, "due_date": "YYYY-MM-DD", "premium": "92.52",
                "commission": "12.50"}, …]}

The file comes from outside: it is read strictly (crypto/strict_json.py: size cap, nesting, no
duplicate key, no float — amounts are strings with at most two decimals, parsed to cents), every
field is checked, unknown fields are refused. Each line is matched to the instalment of that
contract and due date; reported: lines matched, lines whose contract or instalment is unknown,
premiums that differ, and, for commissions, each difference between the insurer's figure and
the broker's and the totals of both. A statement is recorded with its insurer and id: the same
one imported again is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from app.audit import AuditLog
from app.brokerage import records
from app.brokerage.errors import BankFileError
from app.brokerage.money import parse_amount
from app.brokerage.portfolio import Portfolio
from app.brokerage.validation import reference
from app.records import InvalidValueError, now_text
from crypto.strict_json import load_strict

FORMAT = "scelle-courtage-statement/1"
MAX_STATEMENT = 16 * 1024 * 1024
_KEYS = {"format", "family", "insurer", "statement", "issued", "currency", "lines"}
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


@dataclass(frozen=True)
class Difference:
    line: int  # 1-based index in `lines`
    contract: str
    due_date: date
    what: str  # "premium" or "commission"
    ours: int
    theirs: int


@dataclass
class StatementReport:
    family: str
    matched: int = 0
    unknown: list[tuple[int, str]] = field(default_factory=list)  # (line, why)
    differences: list[Difference] = field(default_factory=list)
    commission_ours: int = 0
    commission_theirs: int = 0


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
    if not isinstance(obj, dict) or set(obj) != _KEYS:
        raise StatementError("The insurer's statement must be an object with exactly the "
                             f"fields {', '.join(sorted(_KEYS))}.")
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
                     tuple(_line(line, n) for n, line in enumerate(lines, 1)))


class InsurerStatements:
    def __init__(self, portfolio: Portfolio, audit: AuditLog) -> None:
        self._portfolio = portfolio
        self._audit = audit

    def import_file(self, path: Path) -> StatementReport:
        try:
            with open(path, "rb") as handle:
                data = handle.read(MAX_STATEMENT + 1)
        except OSError as exc:
            raise StatementError(f"Could not read {path}: {exc.strerror or exc}.") from None
        return self.apply(parse_statement(data))

    def import_csv(self, csv_path: Path, mapping_path: Path) -> StatementReport:
        """An insurer's own CSV, read through its mapping file (app/brokerage/statement_csv.py)."""
        from app.brokerage.statement_csv import statement_from_csv

        return self.apply(statement_from_csv(csv_path, mapping_path))

    def import_document(self, documents: Any, document_id: int,
                        mapping_path: Path | None = None) -> StatementReport:
        """A statement the insurer sent sealed, received into the vault as document
        `document_id`: read in memory (audited as a `document.open`), never written out."""
        from app.brokerage.statement_csv import statement_from_csv_bytes

        with documents.open(document_id) as stream:
            data = stream.read(MAX_STATEMENT + 1)
        if mapping_path is not None:
            return self.apply(statement_from_csv_bytes(data, mapping_path))
        return self.apply(parse_statement(data))

    def apply(self, statement: Statement) -> StatementReport:
        db = self._portfolio.db
        company = records.insurer_by_code(db, statement.insurer)
        if company is None:
            raise StatementError("The statement comes from an insurer code not in the portfolio.")
        report = StatementReport(statement.family)
        with db.transaction():
            if db.scalar("SELECT 1 FROM brokerage_statements WHERE insurer_id = ? AND "
                         "statement = ?", (company.id, statement.statement)):
                raise StatementError("This statement was already imported.")
            for n, line in enumerate(statement.lines, 1):
                self._match(company.id, n, line, report)
            db.execute("INSERT INTO brokerage_statements (insurer_id, statement, family, "
                       "issued_on, lines, matched, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (company.id, statement.statement, statement.family,
                        statement.issued.isoformat(), len(statement.lines), report.matched,
                        now_text()))
            self._audit.record("brokerage.statement_import")
        return report

    def _match(self, insurer_id: int, n: int, line: StatementLine,
               report: StatementReport) -> None:
        db = self._portfolio.db
        contract = records.contract_by_number(db, line.contract)
        if contract is None or contract.insurer_id != insurer_id:
            report.unknown.append((n, "no contract of this insurer has this number"))
            return
        found = records.instalments(db, start=line.due_date, end=line.due_date,
                                    contract_id=contract.id)
        if not found:
            report.unknown.append((n, "the contract has no instalment due that day (make the "
                                      "schedule first)"))
            return
        item = found[0]
        report.matched += 1
        if line.premium != item.amount:
            report.differences.append(Difference(n, line.contract, line.due_date, "premium",
                                                 item.amount, line.premium))
        if report.family == "commissions":
            report.commission_ours += item.commission
            report.commission_theirs += line.commission
            if line.commission != item.commission:
                report.differences.append(Difference(n, line.contract, line.due_date,
                                                     "commission", item.commission,
                                                     line.commission))
