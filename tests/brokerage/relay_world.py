"""A broker and insurers on the real relay (loopback, SQLite), for the exchange tests.

Organisations: "Courtiers Associés" (the broker's), "Assureur Un" (the insurer the broker
pins) and "Assureur Pirate" (an insurer the broker never pinned), "Clients Scellé", all linked to the broker's.
Vaults, each joined with an invitation code and certified by its organisation: `broker`
(a person), `insurer` (machine identity "Système — Assureur Un"), `rogue` (machine identity of
the unpinned organisation). The broker's portfolio has insurer AXA with two monthly contracts
scheduled for January 2026.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from app.brokerage import Brokerage
from app.brokerage.insurer_client import InsurerClient
from app.brokerage.money import format_cents
from app.brokerage.validation import InsurerInput
from app.vault import create_vault
from tests.brokerage.conftest import BROKER_IBAN, ICS, INSURER_IBAN, add_debit_contract
from tests.relay_client.conftest import FAST_KDF, PASSPHRASE, Member, Template, new_member
from tests.support.relay_server import Org, RunningRelay, running_relay
from tests.vault_keys.conftest import FakeFactor

PEOPLE = {"broker": ("Cabinet Durand Courtage", "Courtier", "Courtiers Associés"),
          "insurer": ("Dépôt des relevés", "Système — Assureur Un", "Assureur Un"),
          "rogue": ("Dépôt pirate", "Système — Assureur Pirate", "Assureur Pirate"),
          "client": ("Claire Cliente", "Particulier", "Clients Scellé")}


@pytest.fixture(scope="session")
def exchange_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Template]:
    root = tmp_path_factory.mktemp("brokerage-exchange-vaults")
    made = {}
    for key, (name, role, org) in PEOPLE.items():
        new = create_vault(root / key, PASSPHRASE, FakeFactor(serial=key.upper()), name=name,
                           role=role, organisation=org, kdf=FAST_KDF)
        made[key] = Template(root / key, bytes(new.session._require_vault().vmk),
                             new.recovery_code)
        new.session.lock()
    return made


@dataclass
class World:
    server: RunningRelay
    insurer_org: Org
    broker: Member
    insurer: Member
    rogue: Member
    client_member: Member
    book: Brokerage

    def client(self, member: Member) -> InsurerClient:
        return InsurerClient(member.session, member.relay, member.session.audit)

    def statement(self, path: Path, statement: str = "BORD-2026-01", insurer: str = "AXA",
                  commission_delta: int = 0, broker: str | None = None) -> Path:
        """A commission statement of the broker's January instalments, written to `path`."""
        lines = []
        for item in self.book.schedules.instalments():
            number = self.book.portfolio.contract(item.contract_id).number
            lines.append({"contract": number, "due_date": item.due_date.isoformat(),
                          "premium": format_cents(item.amount).replace(" ", ""),
                          "commission": format_cents(item.commission + commission_delta)})
        value = {"format": "scelle-courtage-statement/1", "family": "commissions",
                 "insurer": insurer, "statement": statement, "issued": "2026-02-02",
                 "currency": "EUR", "lines": lines}
        if broker is not None:
            value["broker"] = broker
        path.write_text(json.dumps(value), encoding="utf-8")
        return path


@pytest.fixture
def world(exchange_templates: dict[str, Template], tmp_path: Path) -> Iterator[World]:
    with running_relay(tmp_path / "relay-data") as server:
        orgs = {name: server.create_org(name) for _n, _r, name in PEOPLE.values()}
        courtiers = orgs["Courtiers Associés"]
        for other in ("Assureur Un", "Assureur Pirate", "Clients Scellé"):
            server.link(courtiers, orgs[other])
        members = {key: new_member(server, exchange_templates[key], tmp_path / key,
                                   orgs[PEOPLE[key][2]], key) for key in PEOPLE}
        book = Brokerage(members["broker"].session)
        book.portfolio.set_creditor("Cabinet Durand Courtage", BROKER_IBAN, "BNPAFRPPXXX", ICS)
        book.portfolio.add_insurer(InsurerInput("AXA", "Assureur Un", INSURER_IBAN,
                                                "COBADEFFXXX"))
        add_debit_contract(book, 1)
        add_debit_contract(book, 2)
        book.schedules.make(date(2026, 1, 1), date(2026, 1, 31))
        yield World(server, orgs["Assureur Un"], members["broker"], members["insurer"],
                    members["rogue"], members["client"], book)
        for member in members.values():
            member.close()


def org_public_hex(org: Org) -> str:
    return org.key.public_key().public_bytes_raw().hex()
