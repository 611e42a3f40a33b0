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
from app.brokerage.portfolio import Portfolio
from app.brokerage.statement_csv import statement_from_csv, statement_from_csv_bytes
from app.brokerage.statement_format import (
    MAX_STATEMENT,
    Statement,
    StatementError,
    StatementLine,
    parse_statement,
)
from app.records import now_text

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
        return self.apply(statement_from_csv(csv_path, mapping_path))

    def import_document(self, documents: Any, document_id: int,
                        mapping_path: Path | None = None) -> StatementReport:
        """A statement the insurer sent sealed, received into the vault as document
        `document_id`: read in memory (audited as a `document.open`), never written out."""
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


__all__ = ["Difference", "InsurerStatements", "StatementError", "StatementReport",
           "parse_statement"]
