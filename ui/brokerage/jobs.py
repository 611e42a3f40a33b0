"""What the Brokerage window runs on the job queue (ui/workers.py): each function takes the
session and its arguments, calls app/brokerage and returns values the window shows. The
`progress` and `cancel` arguments the queue passes are accepted and unused: every step is one
vault transaction, short or all-or-nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from app.brokerage import Brokerage
from app.vault import VaultSession
from ui.brokerage.models import ContractRow, InstalmentRow


def load(session: VaultSession, start: date, end: date, **_: Any
         ) -> tuple[list[ContractRow], list[InstalmentRow]]:
    b = Brokerage(session)
    clients = {c.id: c.name for c in b.portfolio.clients()}
    insurers = {i.id: i.name for i in b.portfolio.insurers()}
    contracts = b.portfolio.contracts()
    numbers = {c.id: (c.number, clients[c.client_id]) for c in contracts}
    rows = [ContractRow(c, clients[c.client_id], insurers[c.insurer_id]) for c in contracts]
    items = [InstalmentRow(i, *numbers[i.contract_id])
             for i in b.schedules.instalments(start, end)]
    return rows, items


def import_csv(session: VaultSession, path: Path, today: date, **_: Any) -> Any:
    return Brokerage(session).importer.import_file(path, today)


def make_schedule(session: VaultSession, start: date, end: date, **_: Any) -> Any:
    return Brokerage(session).schedules.make(start, end)


def debit_file(session: VaultSession, collection: date, target: Path, today: date,
               **_: Any) -> Any:
    return Brokerage(session).collections.debit_file(collection, target, today=today)


def transfer_file(session: VaultSession, execution: date, target: Path, today: date,
                  **_: Any) -> Any:
    return Brokerage(session).collections.transfer_file(execution, target, today=today)


def bank_file(session: VaultSession, path: Path, today: date, **_: Any) -> Any:
    return Brokerage(session).bank.import_file(path, today)


def notices(session: VaultSession, start: date, end: date, receipts: bool, **_: Any) -> Any:
    return Brokerage(session).notices.issue(start, end, receipts=receipts)


def statement(session: VaultSession, path: Path, **_: Any) -> Any:
    return Brokerage(session).statements.import_file(path)


def accounting(session: VaultSession, start: date, end: date, target: Path, **_: Any) -> int:
    return Brokerage(session).accounting.export(start, end, target)
