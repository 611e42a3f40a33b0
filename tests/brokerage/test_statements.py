"""Insurers' statements (scelle-courtage-statement/1): matched to instalments, commissions
reconciled, differences and unknown lines reported, the same statement refused twice, and
malformed or hostile files refused whole."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from app.brokerage import Brokerage
from app.brokerage.statement_format import StatementError, parse_statement
from app.brokerage.money import format_cents
from tests.brokerage.conftest import add_debit_contract


def _statement(lines: list[dict[str, str]], family: str = "commissions",
               statement: str = "BORD-2026-01") -> bytes:
    return json.dumps({"format": "scelle-courtage-statement/1", "family": family,
                       "insurer": "AXA", "statement": statement, "issued": "2026-02-02",
                       "currency": "EUR", "lines": lines}).encode()


def test_commissions_reconciled(broker: Brokerage, tmp_path: Path) -> None:
    add_debit_contract(broker, 1, frequency="monthly")
    add_debit_contract(broker, 2, frequency="quarterly")
    broker.schedules.make(date(2026, 1, 1), date(2026, 1, 31))
    ours = {broker.portfolio.contract(i.contract_id).number: i
            for i in broker.schedules.instalments()}
    lines = [{"contract": "POL-1", "due_date": "2026-01-10",
              "premium": format_cents(ours["POL-1"].amount),
              "commission": format_cents(ours["POL-1"].commission)},
             {"contract": "POL-2", "due_date": "2026-01-10",
              "premium": format_cents(ours["POL-2"].amount),
              "commission": format_cents(ours["POL-2"].commission - 100)},
             {"contract": "POL-9", "due_date": "2026-01-10", "premium": "1.00",
              "commission": "0.10"},
             {"contract": "POL-1", "due_date": "2026-01-11", "premium": "1.00",
              "commission": "0.10"}]
    path = tmp_path / "bordereau.json"
    path.write_bytes(_statement(lines))
    report = broker.statements.import_file(path)
    assert report.matched == 2
    assert [u[0] for u in report.unknown] == [3, 4]
    (difference,) = report.differences
    assert (difference.contract, difference.what, difference.ours - difference.theirs) == (
        "POL-2", "commission", 100)
    assert report.commission_ours - report.commission_theirs == 100
    with pytest.raises(StatementError, match="already imported"):
        broker.statements.import_file(path)


@pytest.mark.parametrize("data, message", [
    (b'{"format": "scelle-courtage-statement/1", "format": "x"}', "repeats the field"),
    (_statement([{"contract": "P", "due_date": "2026-01-10", "premium": 1.5,
                  "commission": "0"}]), "not valid JSON"),
    (_statement([{"contract": "P", "due_date": "2026-01-10", "premium": "1.005",
                  "commission": "0"}]), "two decimals"),
    (_statement([{"contract": "P", "due_date": "10/01/2026", "premium": "1",
                  "commission": "0"}]), "not a date"),
    (_statement([{"contract": "P", "due_date": "2026-01-10", "premium": "1",
                  "commission": "0", "extra": "x"}]), "exactly the fields"),
    (_statement([], family="invoices"), "premiums or commissions"),
    (_statement([]), "1 to 100,000"),
    (b"[" * 100 + b"]" * 100, "not valid JSON"),
    (b"\xff\xfe", "not UTF-8"),
])
def test_malformed_statements_refused(data: bytes, message: str) -> None:
    with pytest.raises(StatementError, match=message) as err:
        parse_statement(data)
    assert "\n" not in str(err.value)


def test_unknown_insurer_refused(broker: Brokerage, tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_bytes(_statement([{"contract": "P", "due_date": "2026-01-10", "premium": "1",
                                  "commission": "0"}]).replace(b'"AXA"', b'"NOPE"'))
    with pytest.raises(StatementError, match="insurer code not in the portfolio"):
        broker.statements.import_file(path)


def _mapping(tmp_path: Path, **change: object) -> Path:
    value = {"format": "scelle-courtage-mapping/1", "insurer": "AXA", "family": "commissions",
             "delimiter": ";", "date_format": "DD/MM/YYYY",
             "columns": {"contract": "N° police", "due_date": "Date d'échéance",
                         "premium": "Prime TTC", "commission": "Commission"}}
    value.update(change)
    path = tmp_path / "axa-mapping.json"
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    return path


def test_insurer_csv_through_its_mapping(broker: Brokerage, tmp_path: Path) -> None:
    add_debit_contract(broker, 1, frequency="monthly")
    broker.schedules.make(date(2026, 1, 1), date(2026, 2, 28))
    ours = broker.schedules.instalments()
    rows = ["N° police;Date d'échéance;Prime TTC;Commission;Agence"] + [
        f"POL-1;{i.due_date:%d/%m/%Y};{format_cents(i.amount).replace('.', ',')};"
        f"{format_cents(i.commission).replace('.', ',')};Lyon" for i in ours]
    csv_path = tmp_path / "axa.csv"
    csv_path.write_text("\ufeff" + "\n".join(rows) + "\n", encoding="utf-8")
    report = broker.statements.import_csv(csv_path, _mapping(tmp_path))
    assert report.matched == 2 and not report.differences and not report.unknown
    assert report.commission_ours == report.commission_theirs == 2500
    with pytest.raises(StatementError, match="already imported"):
        broker.statements.import_csv(csv_path, _mapping(tmp_path))
    bad = tmp_path / "bad.csv"
    bad.write_text(rows[0] + "\nPOL-1;2026-01-10;1,00;0,10;Lyon\n", encoding="utf-8")
    with pytest.raises(StatementError, match="Line 2 of the CSV has a due date"):
        broker.statements.import_csv(bad, _mapping(tmp_path))
    with pytest.raises(StatementError, match="no column"):
        broker.statements.import_csv(csv_path, _mapping(tmp_path, columns={
            "contract": "Police", "due_date": "Date d'échéance", "premium": "Prime TTC",
            "commission": "Commission"}))
    with pytest.raises(StatementError, match="date_format"):
        broker.statements.import_csv(csv_path, _mapping(tmp_path, date_format="%d/%m/%Y"))


def test_statement_received_into_the_vault(broker: Brokerage, session) -> None:
    import io

    add_debit_contract(broker, 1, frequency="annual")
    broker.schedules.make(date(2026, 1, 1), date(2026, 1, 31))
    (item,) = broker.schedules.instalments()
    data = _statement([{"contract": "POL-1", "due_date": "2026-01-10",
                        "premium": format_cents(item.amount),
                        "commission": format_cents(item.commission)}], family="premiums")
    # As a sealed file from the insurer lands: a document of the vault, never on disk.
    document = session.importer.import_stream("bordereau.json", len(data), "application/json",
                                               io.BytesIO(data))
    report = broker.statements.import_document(session.documents, document.id)
    assert report.family == "premiums" and report.matched == 1 and not report.differences
    assert "document.open" in [e.action for e in session.audit.entries()]
