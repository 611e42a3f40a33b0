"""`scelle courtage`: the broker's commands end to end on a real vault (SoftHSM2 + SQLCipher),
through the real console script: portfolio, CSV import, schedule, SEPA files validated against
the ISO 20022 schema, bank statement, and the one-line refusals with their exit statuses."""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from pathlib import Path

import sepaxml
import xmlschema

from tests.brokerage.bank_samples import camt053
from tests.brokerage.test_csv_import import HEADER, _row
from tests.cli_vault.conftest import Vault

TODAY = date.today()
ICS = "FR72ZZZ123456"


def _portfolio(alice: Vault, tmp_path: Path) -> None:
    alice.ok("courtage", "creditor", "set", "--name", "Cabinet Durand", "--iban",
             "FR76 3000 6000 0112 3456 7890 189", "--bic", "BNPAFRPPXXX", "--ics", ICS)
    csv = tmp_path / "portefeuille.csv"
    rows = [_row(1, cover_start=TODAY.isoformat()), _row(2, iban="FR00BAD")]
    csv.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    result = alice.run("courtage", "import-csv", csv)
    assert result.returncode == 1
    assert "imported 1 contract(s), rejected 1 row(s)" in result.out
    assert "line 3: The IBAN is not a valid IBAN" in result.out
    assert "Traceback" not in result.err


def test_month_from_portfolio_to_bank(alice: Vault, tmp_path: Path) -> None:
    _portfolio(alice, tmp_path)
    contracts = alice.ok("courtage", "contracts", "--json").json()
    assert [(c["number"], c["annual"], c["split"]) for c in contracts] == [
        ("P1", "664.90", "monthly")]
    schedule = alice.ok("courtage", "schedule", "--from", TODAY.isoformat(), "--to",
                        (TODAY + timedelta(days=20)).isoformat(), "--json").json()
    assert [i["amount"] for i in schedule["instalments"]] == ["55.42"]
    out = tmp_path / "prelevements.xml"
    text = alice.ok("courtage", "sepa", "debit", "--collection",
                    (TODAY + timedelta(days=2)).isoformat(), "--version", "pain.008.001.08",
                    "-o", out).out
    assert "1 transaction(s), 55.42 EUR" in text and "FRST" in text
    xmlschema.XMLSchema(os.path.join(os.path.dirname(sepaxml.__file__), "schemas",
                                     "pain.008.001.08.xsd")).validate(out.read_text())
    shown = alice.ok("courtage", "contracts", "show", "P1", "--json").json()
    (instalment,) = shown["instalments"]
    assert instalment["state"] == "submitted"
    filed = alice.ok("courtage", "notices", "--from", TODAY.isoformat(), "--to",
                     (TODAY + timedelta(days=20)).isoformat()).out
    assert "filed 1 notice(s)" in filed
    listing = alice.ok("ls", "--json").json()
    assert [d["name"] for d in listing] == [f"Avis d'échéance P1 {TODAY.isoformat()}.pdf"]
    again = alice.run("courtage", "sepa", "debit", "--collection",
                      (TODAY + timedelta(days=2)).isoformat(), "-o", out)
    assert again.returncode == 1 and "already exists" in again.err
    assert again.err.count("\n") == 1 and again.err.startswith("scelle: ")


def test_bank_statement_marks_rejects_with_reason(alice: Vault, tmp_path: Path) -> None:
    from xml.etree.ElementTree import fromstring

    _portfolio(alice, tmp_path)
    alice.ok("courtage", "schedule", "--from", TODAY.isoformat(), "--to", TODAY.isoformat())
    out = tmp_path / "d.xml"
    alice.ok("courtage", "sepa", "debit", "--collection", TODAY.isoformat(), "-o", out)
    ns = "{urn:iso:std:iso:20022:tech:xsd:pain.008.001.02}"
    reference = fromstring(out.read_bytes()).find(f".//{ns}EndToEndId").text
    statement = tmp_path / "releve.xml"
    statement.write_bytes(camt053([], [(reference, 5542, "MD06")], TODAY))
    text = alice.ok("courtage", "bank", "import", statement).out
    assert "0 paid, 1 rejected" in text and "MD06 refund requested by the debtor" in text
    bordereau = tmp_path / "bordereau.json"
    bordereau.write_text(json.dumps({
        "format": "scelle-courtage-statement/1", "family": "commissions", "insurer": "MAAF",
        "statement": "B-1", "issued": TODAY.isoformat(), "currency": "EUR",
        "lines": [{"contract": "P1", "due_date": TODAY.isoformat(), "premium": "55.42",
                   "commission": "6.00"}]}))
    text = alice.ok("courtage", "statement", "import", bordereau).out
    assert "commissions: 1 line(s) matched, 0 unknown, 1 difference(s)" in text
    assert "commission ours 6.25, insurer's 6.00" in text
    fec = tmp_path / "FEC.txt"
    assert "wrote 0" not in alice.run("courtage", "accounting", "--from", TODAY.isoformat(),
                                      "--to", TODAY.isoformat(), "-o", fec).out
    assert not fec.exists()  # nothing paid: no entries, no file
    again = alice.run("courtage", "statement", "import", bordereau)
    assert again.returncode == 1 and "already imported" in again.err
    # The same statement as the insurer would send it sealed: a document of the vault.
    received = tmp_path / "in" / "bordereau-2.json"
    received.parent.mkdir()
    received.write_text(bordereau.read_text().replace('"B-1"', '"B-2"'))
    (doc,) = alice.ok("import", "--json", received).json()["imported"]
    text = alice.ok("courtage", "statement", "import", "--document", str(doc["id"])).out
    assert "commissions: 1 line(s) matched" in text


def test_refusals_are_one_line(alice: Vault, tmp_path: Path) -> None:
    bad = alice.run("courtage", "creditor", "set", "--name", "X", "--iban",
                    "FR7630006000011234567890189", "--bic", "BNPAFRPPXXX", "--ics",
                    "FR00ZZZ123456")
    assert bad.returncode == 2 and "check digits" in bad.err and bad.err.count("\n") == 1
    usage = alice.run("courtage", "schedule", "--from", "2026-13-01", "--to", "2026-12-31")
    assert usage.returncode == 2 and "not a date" in usage.err
    _portfolio(alice, tmp_path)
    unknown = alice.run("courtage", "clients", "link", "C1", "--contact", "99")
    assert unknown.returncode == 4 and "There is no contact with id 99" in unknown.err
    both = alice.run("courtage", "notices", "--from", "2026-01-01", "--to", "2026-01-31",
                     "-o", tmp_path / "x.pdf", "--seal-to", tmp_path)
    assert both.returncode == 2 and "exclusive" in both.err
    hostile = tmp_path / "xxe.xml"
    hostile.write_bytes(b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM '
                        b'"file:///etc/passwd">]><Document>&x;</Document>')
    refused = alice.run("courtage", "bank", "import", hostile)
    assert refused.returncode == 1 and "DTD or entities" in refused.err
    assert "root:" not in refused.out + refused.err and "Traceback" not in refused.err

