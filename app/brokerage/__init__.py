"""The brokerage ("courtage") module: an insurance broker's portfolio in the vault, its
schedules, SEPA direct debits and transfers, and the bank's answers (docs/courtage.md).

`Brokerage(session)` gathers the services over one open vault; both faces use it:

* `portfolio`: the creditor details, clients, insurers, mandates, contracts;
* `importer`: a portfolio from CSV, with a per-row report;
* `schedules`: the instalments of a period, recorded once;
* `collections`: the pain.008 direct-debit file and the pain.001 transfer file;
* `bank`: statements (camt.053/054) and status reports (pain.002);
* `notices`: premium notices and receipts (PDF) filed in the clients' cases;
* `statements`: insurers' premium and commission statements, matched and reconciled;
* `inbox`: the insurers' pinned keys and their statements received through the relay;
* `accounting`: journal entries, exported as the FEC or CSV.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.brokerage.accounting import Accounting
from app.brokerage.collections import Collections
from app.brokerage.csv_import import CsvImporter
from app.brokerage.insurer_statements import InsurerStatements
from app.brokerage.notices import Notices
from app.brokerage.portfolio import Portfolio
from app.brokerage.reconcile import Reconciler
from app.brokerage.schedules import Schedules
from app.brokerage.statement_inbox import StatementInbox

if TYPE_CHECKING:
    from app.vault import VaultSession


class Brokerage:
    def __init__(self, session: VaultSession) -> None:
        store, audit = session.store, session.audit
        self.portfolio = Portfolio(store, audit)
        self.importer = CsvImporter(self.portfolio, audit)
        self.schedules = Schedules(self.portfolio, audit)
        self.collections = Collections(self.portfolio, audit)
        self.bank = Reconciler(self.portfolio, audit)
        self.statements = InsurerStatements(self.portfolio, audit)
        self.accounting = Accounting(self.portfolio, audit)
        self.inbox = StatementInbox(session, self.portfolio, self.statements, audit)
        self.notices = Notices(self.portfolio, audit, session.cases, session.importer,
                               session.seal_documents)


__all__ = ["Brokerage"]
