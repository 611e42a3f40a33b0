"""Bank answers: camt.053 statements and pain.002 rejects mark instalments paid or rejected
with the reason; hostile or malformed files are refused whole, marking nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.brokerage import Brokerage
from app.brokerage.bank_files import MAX_BANK_FILE, parse_bank_file
from app.brokerage.errors import BankFileError
from app.brokerage.model import InstalmentState, Sequence
from tests.brokerage.bank_samples import camt053, pain002
from tests.brokerage.conftest import TODAY, add_debit_contract


def _submitted(broker: Brokerage, tmp_path: Path) -> list:
    add_debit_contract(broker, 1, frequency="monthly")
    add_debit_contract(broker, 2, frequency="monthly")
    add_debit_contract(broker, 3, frequency="annual")
    broker.schedules.make(date(2026, 1, 1), date(2026, 1, 31))
    broker.collections.debit_file(date(2026, 1, 12), tmp_path / "d.xml", today=TODAY)
    return broker.schedules.instalments(states=(InstalmentState.SUBMITTED,))


def test_statement_marks_paid_and_returned(broker: Brokerage, tmp_path: Path) -> None:
    first, second, third = _submitted(broker, tmp_path)
    statement = tmp_path / "releve.xml"
    statement.write_bytes(camt053([(first.end_to_end_id, first.amount),
                                   (second.end_to_end_id, second.amount)],
                                  [(third.end_to_end_id, third.amount, "AM04")],
                                  date(2026, 1, 14)))
    report = broker.bank.import_file(statement, today=TODAY)
    assert report.kind == "camt.053"
    assert sorted(report.paid) == sorted([first.id, second.id])
    (rejected,) = report.rejected
    assert (rejected.code, rejected.reason) == ("AM04", "insufficient funds")
    assert report.unmatched == []  # our own transfer (a debit) is skipped
    states = {i.id: i for i in broker.schedules.instalments()}
    assert states[first.id].state is InstalmentState.PAID
    assert states[first.id].paid_on == date(2026, 1, 14)
    assert states[third.id].state is InstalmentState.REJECTED
    assert states[third.id].reject_reason == "insufficient funds"
    # The rejected one was a first debit: its mandate is first again.
    contract = broker.portfolio.contract(third.contract_id)
    assert broker.portfolio.mandate(contract.mandate_id).sequence is Sequence.FIRST
    again = broker.bank.import_file(statement, today=TODAY)
    assert again.paid == [] and again.rejected == [] and again.unchanged == 3


def test_rejected_instalment_presented_again(broker: Brokerage, tmp_path: Path) -> None:
    first, *_ = _submitted(broker, tmp_path)
    reject = tmp_path / "pain002.xml"
    reject.write_bytes(pain002([(first.end_to_end_id, first.amount, "AC04")]))
    report = broker.bank.import_file(reject, today=TODAY)
    assert report.kind == "pain.002" and report.rejected[0].reason == "account closed"
    broker.schedules.represent(first.id)
    result = broker.collections.debit_file(date(2026, 1, 20), tmp_path / "e.xml", today=TODAY)
    assert result.transactions == 1 and result.batches[0].sequence == "FRST"
    fresh = [i for i in broker.schedules.instalments() if i.id == first.id][0]
    assert fresh.end_to_end_id != first.end_to_end_id


def test_unknown_reference_and_wrong_amount_reported(broker: Brokerage, tmp_path: Path) -> None:
    first, *_ = _submitted(broker, tmp_path)
    statement = tmp_path / "r.xml"
    statement.write_bytes(camt053([("NOT-OURS", 100), (first.end_to_end_id, first.amount + 1)],
                                  [], date(2026, 1, 14)))
    report = broker.bank.import_file(statement, today=TODAY)
    assert report.paid == []
    assert {u.why for u in report.unmatched} == {
        "no instalment has this reference", "the amount differs from the instalment presented"}


@pytest.mark.parametrize("data, message", [
    (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
     b"<Document>&b;</Document>", "DTD or entities"),
    (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
     b"<Document>&x;</Document>", "DTD or entities"),
    (b"<Document><BkToCstmrStmt>", "not well-formed"),
    (b"<Document><Other/></Document>", "not a camt.053"),
    (b"", "not well-formed"),
    # Found by fuzz/targets/bank_file.py: expat raised ValueError for a UTF-7 declaration.
    (b'<?xml version="1.0" encoding="UTF-7"?><Document/>', "encoding"),
    (b'<?xml version="1.0" encoding="no-such-codec"?><Document/>', "encoding"),
])
def test_hostile_or_malformed_files_refused(broker: Brokerage, tmp_path: Path, data: bytes,
                                            message: str) -> None:
    _submitted(broker, tmp_path)
    path = tmp_path / "bad.xml"
    path.write_bytes(data)
    with pytest.raises(BankFileError, match=message):
        broker.bank.import_file(path, today=TODAY)
    assert broker.schedules.instalments(states=(InstalmentState.PAID,
                                                InstalmentState.REJECTED)) == []


def test_size_limit() -> None:
    with pytest.raises(BankFileError, match="too large"):
        parse_bank_file(b" " * (MAX_BANK_FILE + 1))


def test_missing_file(broker: Brokerage, tmp_path: Path) -> None:
    with pytest.raises(BankFileError, match="Could not read"):
        broker.bank.import_file(tmp_path / "absent.xml")


def test_camt054_notification_read_like_a_statement() -> None:
    data = camt053([("SCLD1-aa", 9252)], [("SCLD2-bb", 100, "MS02")], date(2026, 2, 3))
    data = data.replace(b"camt.053.001.02", b"camt.054.001.08").replace(
        b"BkToCstmrStmt", b"BkToCstmrDbtCdtNtfctn").replace(b"<Stmt>", b"<Ntfctn>").replace(
        b"</Stmt>", b"</Ntfctn>")
    parsed = parse_bank_file(data)
    assert parsed.kind == "camt.054"
    assert [(e.end_to_end_id, e.paid, e.amount_cents, e.code) for e in parsed.events] == [
        ("SCLD1-aa", True, 9252, ""), ("SCLD2-bb", False, 100, "MS02")]
    assert parsed.events[1].reason == "refused by the debtor"
