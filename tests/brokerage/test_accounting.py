"""The accounting export: the FEC checked line by line against the rules of article A47 A-1 of
the Livre des procédures fiscales (18 columns in order, header, tab separator, dates YYYYMMDD,
decimal comma, entries numbered without gaps, each balanced), totals against the month."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

import pytest

from app.brokerage import Brokerage
from app.brokerage.accounting import FEC_COLUMNS
from app.brokerage.errors import ExportFileError, NothingToDoError
from app.policy import PolicyRefusal
from tests.brokerage.month import COLLECTION, run_month
from tests.support.workstation_policy import set_policy  # noqa: F401 (fixture)

PUBLISHED = ("JournalCode JournalLib EcritureNum EcritureDate CompteNum CompteLib CompAuxNum "
             "CompAuxLib PieceRef PieceDate EcritureLib Debit Credit EcritureLet DateLet "
             "ValidDate Montantdevise Idevise").split()
AMOUNT = re.compile(r"[0-9]+,[0-9]{2}")


def _cents(text: str) -> int:
    whole, part = text.split(",")
    return int(whole) * 100 + int(part)


def test_fec_follows_the_published_rules(session, tmp_path: Path) -> None:
    broker = Brokerage(session)
    month = run_month(broker, tmp_path, 120)
    out = tmp_path / "FEC-again.txt"  # run_month wrote FEC.txt: the same export, again
    count = broker.accounting.export(date(2026, 3, 1), date(2026, 3, 31), out)
    raw = out.read_bytes()
    assert raw.endswith(b"\r\n")
    rows = [line.split("\t") for line in raw.decode("utf-8").split("\r\n")[:-1]]
    assert list(FEC_COLUMNS) == PUBLISHED and rows[0] == PUBLISHED
    body = rows[1:]
    assert all(len(r) == 18 for r in body)
    numbers = [int(r[2]) for r in body]
    assert sorted(set(numbers)) == list(range(1, count + 1))
    assert numbers == sorted(numbers)  # each entry's lines together, in order
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    by_account: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in body:
        for column in (3, 9, 15):
            datetime.strptime(r[column], "%Y%m%d")
        assert "20260301" <= r[3] <= "20260331"
        assert all(r[i] for i in (0, 1, 4, 5, 8, 10))
        assert AMOUNT.fullmatch(r[11]) and AMOUNT.fullmatch(r[12])
        debit, credit = _cents(r[11]), _cents(r[12])
        assert (debit == 0) != (credit == 0)
        totals[int(r[2])][0] += debit
        totals[int(r[2])][1] += credit
        by_account[r[4]][0] += debit
        by_account[r[4]][1] += credit
    assert all(d == c for d, c in totals.values())  # every entry balances
    paid_total = month.debit_cents - sum(
        i.amount for i in broker.schedules.instalments() if i.state.value == "rejected")
    assert by_account["512000"][0] == paid_total
    assert by_account["706000"][1] == month.commission_cents
    assert by_account["512000"][1] == month.transfer_cents
    assert COLLECTION.strftime("%Y%m%d") in {r[3] for r in body}


def test_csv_and_refusals(session, tmp_path: Path, set_policy) -> None:  # noqa: F811
    broker = Brokerage(session)
    run_month(broker, tmp_path, 30)
    out = tmp_path / "journal.csv"  # beside the month's FEC.txt
    entries = broker.accounting.export(date(2026, 3, 1), date(2026, 3, 31), out, as_csv=True)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("journal;entry;date;account") and len(lines) == 2 * entries + 1
    with pytest.raises(ExportFileError, match="already exists"):
        broker.accounting.export(date(2026, 3, 1), date(2026, 3, 31), out)
    with pytest.raises(NothingToDoError):
        broker.accounting.export(date(2025, 1, 1), date(2025, 1, 31), tmp_path / "x.txt")
    set_policy(export_allowed=False)
    with pytest.raises(PolicyRefusal):
        broker.accounting.export(date(2026, 3, 1), date(2026, 3, 31), tmp_path / "y.txt")
    assert not (tmp_path / "y.txt").exists()
