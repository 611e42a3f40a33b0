"""Fixtures of the brokerage tests: a real vault (SQCipher, fresh copy per test) with the
broker's creditor details and a small portfolio, built through the same services the faces
use."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.brokerage import Brokerage
from app.brokerage.validation import ClientInput, ContractInput, InsurerInput, MandateInput
from app.vault import VaultSession
from tests.vault.conftest import Template, open_copy, templates  # noqa: F401 (fixture)

TODAY = date(2026, 1, 5)
ICS = "FR72ZZZ123456"
BROKER_IBAN = "FR7630006000011234567890189"
CLIENT_IBAN = "FR1420041010050500013M02606"
INSURER_IBAN = "DE89370400440532013000"


@pytest.fixture
def session(templates: dict[str, Template], tmp_path: Path) -> Iterator[VaultSession]:  # noqa: F811
    opened = open_copy(templates["alice"], tmp_path / "vault")
    yield opened
    opened.lock()


@pytest.fixture
def broker(session: VaultSession) -> Brokerage:
    b = Brokerage(session)
    b.portfolio.set_creditor("Cabinet Durand Courtage", BROKER_IBAN, "BNPAFRPPXXX", ICS)
    b.portfolio.add_insurer(InsurerInput("AXA", "Assureur Un", INSURER_IBAN, "COBADEFFXXX"))
    return b


def add_debit_contract(b: Brokerage, n: int, *, frequency: str = "monthly",
                       net: str = "1000.00", fees: str = "20.00", tax: str = "90.01",
                       start: str = "2026-01-10", end: str = "") -> None:
    b.portfolio.add_client(ClientInput(f"C{n}", "person", f"Client Numéro {n}"))
    b.portfolio.add_mandate(MandateInput(f"MDT-{n}", f"C{n}", CLIENT_IBAN, "PSSTFRPPXXX",
                                         "2025-12-01"), today=TODAY)
    b.portfolio.add_contract(ContractInput(f"POL-{n}", f"C{n}", "AXA", "Habitation", start, end,
                                           net, fees, tax, frequency, "15", "debit",
                                           f"MDT-{n}"))
