"""Collecting and paying out: the instalments a direct-debit file collects, and the insurers'
shares a credit-transfer file pays.

A debit file takes every instalment still due on or before the collection date whose contract
is paid by direct debit under a mandate still in force. The sequence type is the mandate's:
FRST for a mandate never collected (then it becomes RCUR), RCUR, or FNAL for the last one
(then the mandate is ENDED and takes no more debits). Two instalments of one FRST mandate in
one file: the first is FRST, the next RCUR.

A transfer file pays, for each insurer, the instalments paid by clients and not yet remitted,
less the broker's commission, in one transfer per insurer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from app.audit import AuditLog
from app.brokerage import records
from app.brokerage.errors import NothingToDoError, SepaFileError
from app.brokerage.model import Instalment, InstalmentState, Mandate, PaymentMethod, Sequence
from app.brokerage.money import format_cents
from app.brokerage.portfolio import Portfolio
from app.brokerage.sepa_files import (
    DEFAULT_DEBIT_VERSION,
    DEFAULT_TRANSFER_VERSION,
    SepaFile,
    batches,
    debit_document,
    new_end_to_end_id,
    transfer_document,
    write_with,
)
from app.records import now_text


@dataclass(frozen=True)
class _Debit:
    instalment: Instalment
    mandate: Mandate
    sequence: str
    end_to_end_id: str


class Collections:
    def __init__(self, portfolio: Portfolio, audit: AuditLog) -> None:
        self._portfolio = portfolio
        self._audit = audit

    def _debits(self, collection: date) -> tuple[list[_Debit], dict[int, Sequence]]:
        """The debits to present, and the sequence each mandate used will be left at."""
        db = self._portfolio.db
        used: dict[int, Sequence] = {}
        chosen: list[_Debit] = []
        for item in records.instalments(db, end=collection, states=(InstalmentState.DUE,)):
            contract = self._portfolio.contract(item.contract_id)
            if contract.payment is not PaymentMethod.DEBIT or contract.mandate_id is None:
                continue
            mandate = self._portfolio.mandate(contract.mandate_id)
            state = used.get(mandate.id, mandate.sequence)
            if state is Sequence.ENDED:
                continue
            used[mandate.id] = (Sequence.ENDED if state is Sequence.FINAL
                                else Sequence.RECURRING)
            chosen.append(_Debit(item, mandate, state.value,
                                 new_end_to_end_id("D", item.id)))
        return chosen, used

    def debit_file(self, collection: date, target: Path, *, version: str = DEFAULT_DEBIT_VERSION,
                   replace: bool = False, today: date | None = None) -> SepaFile:
        """Write the direct-debit file of everything due by `collection`; mark it submitted."""
        from app.policy import require_export_allowed

        require_export_allowed("Writing a SEPA direct-debit file")
        if collection < (today or date.today()):
            raise SepaFileError("The collection date is in the past.")
        creditor = self._portfolio.creditor()
        debits, sequences = self._debits(collection)
        if not debits:
            raise NothingToDoError("No instalment is due for direct debit by that date; no "
                                   "file was written.")
        payments = [self._debit_payment(d, collection) for d in debits]
        data, message_id = debit_document(creditor, version, payments)
        write_with(self._portfolio.db.transaction, target, data, replace=replace,
                   mark=lambda: self._mark_debits(debits, sequences, collection, message_id))
        return SepaFile(target, version, message_id, len(debits),
                        sum(d.instalment.amount for d in debits),
                        batches([(d.sequence, collection, d.instalment.amount) for d in debits]))

    def _debit_payment(self, debit: _Debit, collection: date) -> dict[str, Any]:
        contract = self._portfolio.contract(debit.instalment.contract_id)
        client = self._portfolio.client(contract.client_id)
        return {"name": client.name, "IBAN": debit.mandate.iban, "BIC": debit.mandate.bic,
                "amount": debit.instalment.amount, "type": debit.sequence,
                "collection_date": collection, "mandate_id": debit.mandate.reference,
                "mandate_date": debit.mandate.signed_on, "endtoend_id": debit.end_to_end_id,
                "description": f"Contrat {contract.number} echeance du "
                               f"{debit.instalment.due_date:%d/%m/%Y}"}

    def _mark_debits(self, debits: list[_Debit], sequences: dict[int, Sequence],
                     collection: date, message_id: str) -> None:
        db, now = self._portfolio.db, now_text()
        for d in debits:
            records.mark_submitted(db, d.instalment.id, d.end_to_end_id, d.sequence, collection,
                                   message_id, now)
        for mandate_id, sequence in sequences.items():
            records.set_mandate_sequence(db, mandate_id, sequence)
        self._audit.record("brokerage.debit_export")

    # -- paying the insurers ------------------------------------------------------------------
    def transfer_file(self, execution: date, target: Path, *,
                      version: str = DEFAULT_TRANSFER_VERSION, replace: bool = False,
                      today: date | None = None) -> SepaFile:
        """Write one transfer per insurer of what paid instalments owe it; mark them remitted."""
        from app.policy import require_export_allowed

        require_export_allowed("Writing a SEPA credit-transfer file")
        if execution < (today or date.today()):
            raise SepaFileError("The execution date is in the past.")
        creditor = self._portfolio.creditor()
        owed = self._owed()
        if not owed:
            raise NothingToDoError("No paid instalment is waiting to be remitted to an "
                                   "insurer; no file was written.")
        payments = []
        for insurer_id, items in owed.items():
            company = self._portfolio.insurer(insurer_id)
            total = sum(i.insurer_share for i in items)
            payments.append({"name": company.name, "IBAN": company.iban, "BIC": company.bic,
                             "amount": total, "execution_date": execution,
                             "endtoend_id": new_end_to_end_id("T", insurer_id),
                             "description": f"Primes {len(items)} echeances net de commission "
                                            f"{format_cents(sum(i.commission for i in items))}"})
        data, message_id = transfer_document(creditor, version, payments)
        paid = [i for items in owed.values() for i in items]
        write_with(self._portfolio.db.transaction, target, data, replace=replace,
                   mark=lambda: self._mark_remitted(paid, message_id, execution))
        amounts = [p["amount"] for p in payments]
        return SepaFile(target, version, message_id, len(payments), sum(amounts),
                        batches([("TRF", execution, a) for a in amounts]))

    def _owed(self) -> dict[int, list[Instalment]]:
        owed: dict[int, list[Instalment]] = {}
        for item in records.instalments(self._portfolio.db, states=(InstalmentState.PAID,)):
            if item.insurer_share <= 0:
                continue
            insurer_id = self._portfolio.contract(item.contract_id).insurer_id
            owed.setdefault(insurer_id, []).append(item)
        return owed

    def _mark_remitted(self, paid: list[Instalment], message_id: str, execution: date) -> None:
        records.mark_remitted(self._portfolio.db, [i.id for i in paid], message_id, execution,
                              now_text())
        self._audit.record("brokerage.transfer_export")
