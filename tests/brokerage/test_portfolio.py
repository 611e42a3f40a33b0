"""The portfolio in a real vault: what it keeps, what it refuses, what it audits."""

from __future__ import annotations

import pytest

from app.brokerage import Brokerage
from app.brokerage.money import commission_of, format_cents, parse_amount, parse_rate
from app.brokerage.validation import ClientInput, ContractInput, InsurerInput, MandateInput
from app.records import InvalidValueError
from tests.brokerage.conftest import CLIENT_IBAN, INSURER_IBAN, TODAY, add_debit_contract


def test_contract_kept_with_its_breakdown(broker: Brokerage) -> None:
    add_debit_contract(broker, 1)
    (contract,) = broker.portfolio.contracts()
    assert contract.number == "POL-1"
    assert (contract.premium.net, contract.premium.fees, contract.premium.tax) == (
        100000, 2000, 9001)
    assert contract.commission_bp == 1500
    mandate = broker.portfolio.mandate(contract.mandate_id)
    assert mandate.reference == "MDT-1" and mandate.sequence.value == "FRST"


def test_changes_are_audited_without_names(broker: Brokerage, session) -> None:
    add_debit_contract(broker, 1)
    actions = [e.action for e in session.audit.entries()]
    assert {"brokerage.creditor", "brokerage.client_add", "brokerage.mandate_add",
            "brokerage.contract_add"} <= set(actions)
    assert session.audit.verify().ok


@pytest.mark.parametrize(("iban", "bic"), [("FR7630006000011234567890180", "BNPAFRPPXXX"),
                                           (CLIENT_IBAN, "BNPA-FRPP"), ("XX00", "BNPAFRPP")])
def test_bad_bank_details_refused(broker: Brokerage, iban: str, bic: str) -> None:
    broker.portfolio.add_client(ClientInput("C1", "company", "SARL Exemple"))
    with pytest.raises(InvalidValueError) as err:
        broker.portfolio.add_mandate(MandateInput("M1", "C1", iban, bic, "2025-01-01"),
                                     today=TODAY)
    assert iban not in str(err.value)
    assert broker.portfolio.mandates() == []


def test_bad_ics_refused(broker: Brokerage) -> None:
    with pytest.raises(InvalidValueError, match="check digits"):
        broker.portfolio.set_creditor("Cabinet", CLIENT_IBAN, "BNPAFRPPXXX", "FR73ZZZ123456")
    with pytest.raises(InvalidValueError, match="malformed"):
        broker.portfolio.set_creditor("Cabinet", CLIENT_IBAN, "BNPAFRPPXXX", "FR72ZZZ12345")
    assert broker.portfolio.creditor().ics == "FR72ZZZ123456"


def test_mandate_reference_unique_and_owned(broker: Brokerage) -> None:
    add_debit_contract(broker, 1)
    with pytest.raises(InvalidValueError, match="already exists"):
        broker.portfolio.add_mandate(MandateInput("MDT-1", "C1", CLIENT_IBAN, "PSSTFRPPXXX",
                                                  "2025-01-01"), today=TODAY)
    broker.portfolio.add_client(ClientInput("C2", "person", "Autre"))
    with pytest.raises(InvalidValueError, match="another client"):
        broker.portfolio.add_contract(ContractInput(
            "POL-2", "C2", "AXA", "Auto", "2026-01-01", "", "10", "0", "0", "annual", "10",
            "debit", "MDT-1"))


def test_contract_refusals(broker: Brokerage) -> None:
    broker.portfolio.add_client(ClientInput("C1", "person", "Un"))
    base = dict(number="P1", client="C1", insurer="AXA", product="Auto",
                cover_start="2026-01-01", cover_end="", net="100", fees="0", tax="0",
                frequency="annual", commission_rate="10", payment="transfer")
    for change, message in [({"net": "-1"}, "negative"), ({"net": "1.001"}, "two decimals"),
                            ({"commission_rate": "101"}, "between 0 and 100"),
                            ({"frequency": "weekly"}, "split"),
                            ({"cover_end": "2025-01-01"}, "after the cover start"),
                            ({"insurer": "NOPE"}, "no insurer"),
                            ({"payment": "debit"}, "needs the reference"),
                            ({"net": "0"}, "cannot be zero")]:
        with pytest.raises(InvalidValueError, match=message):
            broker.portfolio.add_contract(ContractInput(**{**base, **change}))
    assert broker.portfolio.contracts() == []


def test_future_mandate_refused(broker: Brokerage) -> None:
    broker.portfolio.add_client(ClientInput("C1", "person", "Un"))
    with pytest.raises(InvalidValueError, match="future"):
        broker.portfolio.add_mandate(MandateInput("M1", "C1", CLIENT_IBAN, "PSSTFRPPXXX",
                                                  "2026-02-01"), today=TODAY)


def test_insurer_code_unique(broker: Brokerage) -> None:
    with pytest.raises(InvalidValueError, match="already exists"):
        broker.portfolio.add_insurer(InsurerInput("AXA", "Autre", INSURER_IBAN, "COBADEFFXXX"))


def test_money_is_exact() -> None:
    assert parse_amount("1 234,56") == 123456
    assert parse_amount("0.1") + parse_amount("0.2") == parse_amount("0.3")
    for bad in ("abc", "NaN", "Infinity", "1e400", "-0.01"):
        with pytest.raises(InvalidValueError):
            parse_amount(bad)
    assert parse_rate("12,5 %") == 1250
    assert format_cents(123456) == "1234.56" and format_cents(5) == "0.05"
    assert commission_of(100000, 1500) == 15000 and commission_of(333, 1250) == 42


def test_schema_version(session) -> None:
    assert session.store.schema_version >= 12
