"""Importing a portfolio from CSV: good rows kept, bad rows reported by line with the reason
and leaving nothing behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.brokerage import Brokerage
from app.records import InvalidValueError
from tests.brokerage.conftest import CLIENT_IBAN, INSURER_IBAN, TODAY

HEADER = ("client_ref;client_kind;client_name;insurer_code;insurer_name;insurer_iban;"
          "insurer_bic;contract_number;product;cover_start;cover_end;net_premium;fees;tax;"
          "frequency;commission_rate;payment;mandate_ref;mandate_date;iban;bic")


def _row(n: int, **change: str) -> str:
    values = {"client_ref": f"C{n}", "client_kind": "particulier", "client_name": f"Client {n}",
              "insurer_code": "MAAF", "insurer_name": "Assureur Deux",
              "insurer_iban": INSURER_IBAN, "insurer_bic": "COBADEFFXXX",
              "contract_number": f"P{n}", "product": "Auto", "cover_start": "2026-01-01",
              "cover_end": "", "net_premium": "600,00", "fees": "10", "tax": "54,90",
              "frequency": "mensuel", "commission_rate": "12,5", "payment": "prélèvement",
              "mandate_ref": f"M{n}", "mandate_date": "2025-11-02", "iban": CLIENT_IBAN,
              "bic": "PSSTFRPPXXX"}
    values.update(change)
    return ";".join(values[k] for k in HEADER.split(";"))


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "portefeuille.csv"
    path.write_text("\ufeff" + "\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def test_good_rows_kept_bad_rows_reported(broker: Brokerage, tmp_path: Path) -> None:
    path = _write(tmp_path, [
        _row(1),
        _row(2, iban="FR7630006000011234567890180"),  # wrong check digits
        _row(3, net_premium="12.345"),
        _row(4, mandate_ref="", payment="virement"),
        _row(5, client_ref="C1", client_name="Someone else"),
        _row(6, contract_number="P1"),
        "C7;person;Too short",
        _row(8, mandate_date="2027-01-01"),
    ])
    report = broker.importer.import_file(path, today=TODAY)
    assert report.imported == 2
    assert [(r.line, r.reason.split(" (")[0]) for r in report.rejected] == [
        (3, "The IBAN is not a valid IBAN"),
        (4, "The net premium has more than two decimals."),
        (6, "The client reference is already used for another client."),
        (7, "A contract with this number already exists."),
        (8, "The row does not have as many fields as the header."),
        (9, "The mandate signature date is in the future."),
    ]
    # Nothing of a rejected row stayed: no client C2, no mandate M2.
    assert {c.reference for c in broker.portfolio.clients()} == {"C1", "C4"}
    assert {m.reference for m in broker.portfolio.mandates()} == {"M1"}
    assert {i.code for i in broker.portfolio.insurers()} == {"AXA", "MAAF"}
    (contract,) = [c for c in broker.portfolio.contracts() if c.number == "P1"]
    assert contract.premium.total == 66490 and contract.commission_bp == 1250
    assert CLIENT_IBAN not in " ".join(r.reason for r in report.rejected)


@pytest.mark.parametrize("content, message", [
    ("client_ref;client_name\nC1;X\n", "has no column"),
    (HEADER + ";surprise\n", "unknown columns"),
])
def test_bad_header_refused(broker: Brokerage, tmp_path: Path, content: str,
                            message: str) -> None:
    path = tmp_path / "x.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidValueError, match=message):
        broker.importer.import_file(path, today=TODAY)


def test_not_utf8_refused(broker: Brokerage, tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "\n" + _row(1, client_name="Chloé")).encode("latin-1"))
    with pytest.raises(InvalidValueError, match="not UTF-8"):
        broker.importer.import_file(path, today=TODAY)
    assert broker.portfolio.clients() == []


def test_comma_separated(broker: Brokerage, tmp_path: Path) -> None:
    row = _row(1, net_premium="600.00", tax="54.90", commission_rate="12.5").replace(";", ",")
    path = tmp_path / "c.csv"
    path.write_text(HEADER.replace(";", ",") + "\n" + row + "\n", encoding="utf-8")
    assert broker.importer.import_file(path, today=TODAY).imported == 1
