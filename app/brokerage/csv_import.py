"""Importing an existing portfolio from CSV: one row per contract, with its client, insurer
and (for a direct debit) mandate on the same row, as brokers' software exports them.

The first line names the columns (`COLUMNS`; order free, `;` or `,` as separator, UTF-8 with or
without a BOM). Clients, insurers and mandates are created the first time their reference
appears and reused after, if the row says the same thing about them. Every row is checked by
the same rules as a contract typed by hand (app/brokerage/validation.py) and written in a
savepoint: a bad row leaves nothing behind and is reported with its line number and the
reason, the good rows are kept. The import is one transaction with one audit entry.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.audit import AuditLog
from app.brokerage import records
from app.brokerage.portfolio import Portfolio
from app.brokerage.validation import ClientInput, ContractInput, InsurerInput, MandateInput
from app.records import InvalidValueError, now_text
from crypto.errors import ScelleError

MAX_CSV = 32 * 1024 * 1024
REQUIRED = ("client_ref", "client_kind", "client_name", "insurer_code", "contract_number",
            "product", "cover_start", "net_premium", "fees", "tax", "frequency",
            "commission_rate", "payment")
OPTIONAL = ("client_email", "client_address", "insurer_name", "insurer_iban", "insurer_bic",
            "cover_end", "mandate_ref", "mandate_date", "iban", "bic")
COLUMNS = REQUIRED + OPTIONAL


@dataclass(frozen=True)
class RejectedRow:
    line: int
    reason: str


@dataclass
class CsvImport:
    imported: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)


def _rows(path: Path) -> csv.DictReader[str]:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_CSV + 1)
    except OSError as exc:
        raise InvalidValueError(f"Could not read {path}: {exc.strerror or exc}.") from None
    if len(data) > MAX_CSV:
        raise InvalidValueError("The CSV file is too large (32 MB at most).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidValueError("The CSV file is not UTF-8 text.") from None
    first = text.split("\n", 1)[0]
    reader = csv.DictReader(io.StringIO(text, newline=""),
                            delimiter=";" if first.count(";") > first.count(",") else ",")
    names = [n.strip() for n in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise InvalidValueError(f"The CSV file has no column {', '.join(missing)} (the first "
                                "line names the columns).")
    unknown = [n for n in names if n not in COLUMNS]
    if unknown:
        raise InvalidValueError(f"The CSV file has unknown columns: {', '.join(unknown[:5])}.")
    reader.fieldnames = names
    return reader


class CsvImporter:
    def __init__(self, portfolio: Portfolio, audit: AuditLog) -> None:
        self._portfolio = portfolio
        self._audit = audit

    def import_file(self, path: Path, today: date | None = None) -> CsvImport:
        reader = _rows(path)
        report = CsvImport()
        db = self._portfolio.db
        with db.transaction():
            for row in reader:
                line = reader.line_num
                db.execute("SAVEPOINT csv_row")
                try:
                    self._row(row, today)
                except ScelleError as exc:
                    db.execute("ROLLBACK TO csv_row")
                    report.rejected.append(RejectedRow(line, str(exc)))
                else:
                    report.imported += 1
                finally:
                    db.execute("RELEASE csv_row")
            if report.imported:
                self._audit.record("brokerage.import")
        return report

    def _row(self, row: dict[str, str | None], today: date | None) -> None:
        if None in row or any(v is None for v in row.values()):
            raise InvalidValueError("The row does not have as many fields as the header.")
        value = {k: (v or "") for k, v in row.items() if isinstance(k, str)}
        get = value.get
        self._client(ClientInput(get("client_ref", ""), get("client_kind", ""),
                                 get("client_name", ""), get("client_email", ""),
                                 get("client_address", "")))
        self._insurer(get("insurer_code", ""), get("insurer_name", ""),
                      get("insurer_iban", ""), get("insurer_bic", ""))
        if get("mandate_ref", "").strip():
            self._mandate(MandateInput(get("mandate_ref", ""), get("client_ref", ""),
                                       get("iban", ""), get("bic", ""),
                                       get("mandate_date", "")), today)
        entry = ContractInput(get("contract_number", ""), get("client_ref", ""),
                              get("insurer_code", ""), get("product", ""),
                              get("cover_start", ""), get("cover_end", ""),
                              get("net_premium", ""), get("fees", ""), get("tax", ""),
                              get("frequency", ""), get("commission_rate", ""),
                              get("payment", ""), get("mandate_ref", ""))
        contract = self._portfolio.check_contract(entry)
        if records.contract_by_number(self._portfolio.db, contract.number) is not None:
            raise InvalidValueError("A contract with this number already exists.")
        records.insert_contract(self._portfolio.db, contract, now_text())

    def _client(self, entry: ClientInput) -> None:
        value = self._portfolio.check_client(entry)
        known = records.client_by_reference(self._portfolio.db, value.reference)
        if known is None:
            records.insert_client(self._portfolio.db, value, now_text())
        elif (known.kind, known.name) != (value.kind, value.name):
            raise InvalidValueError("The client reference is already used for another client.")

    def _insurer(self, code: str, name: str, iban: str, bic: str) -> None:
        known = records.insurer_by_code(self._portfolio.db, code.strip())
        if known is not None and not name.strip():
            return
        value = self._portfolio.check_insurer(InsurerInput(code, name, iban, bic))
        if known is None:
            records.insert_insurer(self._portfolio.db, value, now_text())
        elif (known.name, known.iban, known.bic) != (value.name, value.iban, value.bic):
            raise InvalidValueError("The insurer code is already used with other details.")

    def _mandate(self, entry: MandateInput, today: date | None) -> None:
        value = self._portfolio.check_mandate(entry, today)
        known = records.mandate_by_reference(self._portfolio.db, value.reference)
        if known is None:
            records.insert_mandate(self._portfolio.db, value, now_text())
        elif (known.client_id, known.iban, known.bic, known.signed_on) != (
                value.client_id, value.iban, value.bic, value.signed_on):
            raise InvalidValueError("The mandate reference is already used with other details.")
