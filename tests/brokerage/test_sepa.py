"""SEPA files from a real vault: schema-valid pain.008 (both versions) and pain.001, grouped
by sequence and date, mandates moving FRST -> RCUR, the export rule, nothing partial."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
import sepaxml
import xmlschema
from defusedxml.ElementTree import fromstring

from app.brokerage import Brokerage
from app.brokerage.errors import NothingToDoError, SepaFileError
from app.brokerage.model import InstalmentState, Sequence
from app.policy import PolicyRefusal
from tests.brokerage.conftest import TODAY, add_debit_contract
from tests.support.workstation_policy import set_policy  # noqa: F401 (fixture)

NS = {"p": "urn:iso:std:iso:20022:tech:xsd:"}


def _schema(version: str) -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(os.path.join(os.path.dirname(sepaxml.__file__), "schemas",
                                            version + ".xsd"))


def _tag(root, version: str, name: str) -> list[str]:
    return [e.text for e in root.iter(f"{{urn:iso:std:iso:20022:tech:xsd:{version}}}{name}")]


def _portfolio(broker: Brokerage) -> None:
    add_debit_contract(broker, 1, frequency="monthly")
    add_debit_contract(broker, 2, frequency="quarterly")
    broker.schedules.make(date(2026, 1, 1), date(2026, 3, 31))


@pytest.mark.parametrize("version", ["pain.008.001.02", "pain.008.001.08"])
def test_debit_file_is_schema_valid_and_grouped(broker: Brokerage, tmp_path: Path,
                                                 version: str) -> None:
    _portfolio(broker)
    out = tmp_path / "prelevements.xml"
    result = broker.collections.debit_file(date(2026, 2, 12), out, version=version, today=TODAY)
    data = out.read_bytes()
    _schema(version).validate(data.decode())
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    # Jan 10 and Feb 10 of contract 1 (monthly), Jan 10 of contract 2 (quarterly).
    assert result.transactions == 3
    assert result.total_cents == 9252 + 9251 + 27751  # the extra cents go first
    assert {(b.sequence, b.transactions) for b in result.batches} == {("FRST", 2), ("RCUR", 1)}
    root = fromstring(data)
    assert sorted(_tag(root, version, "SeqTp")) == ["FRST", "RCUR"]
    assert _tag(root, version, "Id").count("FR72ZZZ123456") >= 1
    assert set(_tag(root, version, "MndtId")) == {"MDT-1", "MDT-2"}
    assert _tag(root, version, "CtrlSum")[0] == "462.54"
    submitted = broker.schedules.instalments(states=(InstalmentState.SUBMITTED,))
    assert len(submitted) == 3 and all(i.end_to_end_id for i in submitted)
    assert {m.sequence for m in broker.portfolio.mandates()} == {Sequence.RECURRING}


def test_next_file_is_recurring_and_skips_submitted(broker: Brokerage, tmp_path: Path) -> None:
    _portfolio(broker)
    broker.collections.debit_file(date(2026, 1, 12), tmp_path / "a.xml", today=TODAY)
    second = broker.collections.debit_file(date(2026, 2, 12), tmp_path / "b.xml", today=TODAY)
    assert second.transactions == 1
    assert [b.sequence for b in second.batches] == ["RCUR"]
    with pytest.raises(NothingToDoError):
        broker.collections.debit_file(date(2026, 2, 12), tmp_path / "c.xml", today=TODAY)
    assert not (tmp_path / "c.xml").exists()


def test_export_rule_refuses_before_anything(broker: Brokerage, tmp_path: Path,
                                             set_policy) -> None:  # noqa: F811
    _portfolio(broker)
    path = set_policy(export_allowed=False)
    with pytest.raises(PolicyRefusal) as err:
        broker.collections.debit_file(date(2026, 2, 12), tmp_path / "d.xml", today=TODAY)
    assert str(path) in str(err.value)
    assert not (tmp_path / "d.xml").exists()
    assert broker.schedules.instalments(states=(InstalmentState.SUBMITTED,)) == []


def test_existing_file_not_replaced_and_nothing_marked(broker: Brokerage, tmp_path: Path) -> None:
    _portfolio(broker)
    out = tmp_path / "taken.xml"
    out.write_bytes(b"keep")
    with pytest.raises(SepaFileError, match="already exists"):
        broker.collections.debit_file(date(2026, 2, 12), out, today=TODAY)
    assert out.read_bytes() == b"keep"
    assert broker.schedules.instalments(states=(InstalmentState.SUBMITTED,)) == []
    assert {m.sequence for m in broker.portfolio.mandates()} == {Sequence.FIRST}


def test_unwritable_folder_leaves_nothing_marked(broker: Brokerage, tmp_path: Path) -> None:
    _portfolio(broker)
    with pytest.raises(SepaFileError, match="Could not write"):
        broker.collections.debit_file(date(2026, 2, 12), tmp_path / "none" / "x.xml",
                                      today=TODAY)
    assert broker.schedules.instalments(states=(InstalmentState.SUBMITTED,)) == []


def test_refusals(broker: Brokerage, tmp_path: Path) -> None:
    _portfolio(broker)
    with pytest.raises(SepaFileError, match="in the past"):
        broker.collections.debit_file(date(2026, 1, 1), tmp_path / "x.xml", today=TODAY)
    with pytest.raises(SepaFileError, match="Unknown SEPA file version"):
        broker.collections.debit_file(date(2026, 2, 1), tmp_path / "x.xml",
                                      version="pain.008.003.02", today=TODAY)
    assert not (tmp_path / "x.xml").exists()


def test_final_sequence_ends_the_mandate(broker: Brokerage, tmp_path: Path) -> None:
    _portfolio(broker)
    mandate = broker.portfolio.mandates()[0]
    broker.portfolio.set_mandate_sequence(mandate.id, Sequence.FINAL)
    result = broker.collections.debit_file(date(2026, 3, 12), tmp_path / "f.xml", today=TODAY)
    assert ("FNAL", 1) in {(b.sequence, b.transactions) for b in result.batches}
    assert broker.portfolio.mandate(mandate.id).sequence is Sequence.ENDED


@pytest.mark.parametrize("version", ["pain.001.001.03", "pain.001.001.09"])
def test_transfer_pays_insurers_net_of_commission(broker: Brokerage, tmp_path: Path,
                                                   version: str) -> None:
    from app.brokerage import records

    _portfolio(broker)
    broker.collections.debit_file(date(2026, 1, 12), tmp_path / "d.xml", today=TODAY)
    db = broker.portfolio.db
    with db.transaction():
        for item in broker.schedules.instalments(states=(InstalmentState.SUBMITTED,)):
            records.mark_paid(db, item.id, date(2026, 1, 12), "2026-01-12T00:00:00.000000Z")
    paid = broker.schedules.instalments(states=(InstalmentState.PAID,))
    out = tmp_path / "virements.xml"
    result = broker.collections.transfer_file(date(2026, 1, 20), out, version=version,
                                              today=TODAY)
    _schema(version).validate(out.read_text())
    assert result.transactions == 1  # one insurer
    assert result.total_cents == sum(i.amount - i.commission for i in paid)
    assert sum(i.commission for i in paid) == 1250 + 3750  # 15 % of the net, split like it
    assert broker.schedules.instalments(states=(InstalmentState.PAID,)) == []
    with pytest.raises(NothingToDoError):
        broker.collections.transfer_file(date(2026, 1, 20), tmp_path / "v2.xml", today=TODAY)
