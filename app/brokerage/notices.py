"""Issuing premium notices and receipts: each PDF is made in memory (app/brokerage/notice_pdf.py)
and filed as a document of the vault in the client's case (made on first use, named after the
client's reference and name), so it is encrypted, searchable and sealable like any document;
no plaintext touches the disk. An instalment gets one notice and, once paid, one receipt:
issuing again skips those already filed.

`print_batch` is the only way out in clear: one print-ready PDF of the notices (or receipts)
of a period, written durably where the user asked, refused when the workstation policy forbids
exports (app/policy.py).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.audit import AuditLog
from app.brokerage import records
from app.brokerage.errors import ExportFileError, NothingToDoError
from app.brokerage.model import Client, Instalment, InstalmentState
from app.brokerage.notice_pdf import NoticeData, render, render_many
from app.brokerage.portfolio import Portfolio
from app.cases import Cases
from app.importer import Importer

_PAID = (InstalmentState.PAID, InstalmentState.REMITTED)


@dataclass(frozen=True)
class Issued:
    instalment_id: int
    document_id: int
    case_id: int


class Notices:
    def __init__(self, portfolio: Portfolio, audit: AuditLog, cases: Cases,
                 importer: Importer) -> None:
        self._portfolio = portfolio
        self._audit = audit
        self._cases = cases
        self._importer = importer

    def _data(self, item: Instalment) -> NoticeData:
        p = self._portfolio
        contract = p.contract(item.contract_id)
        return NoticeData(p.creditor(), p.client(contract.client_id),
                          p.insurer(contract.insurer_id), contract, item,
                          p.mandate(contract.mandate_id) if contract.mandate_id else None)

    def _case_of(self, client: Client) -> int:
        if client.case_id is not None:
            return client.case_id
        case = self._cases.create(f"{client.reference} — {client.name}",
                                  reference=client.reference)
        with self._portfolio.db.transaction():
            records.set_client_case(self._portfolio.db, client.id, case.id)
        return case.id

    def _wanted(self, start: date, end: date, receipt: bool) -> list[Instalment]:
        states = _PAID if receipt else ()
        items = records.instalments(self._portfolio.db, start=start, end=end, states=states)
        slot = 1 if receipt else 0
        return [i for i in items if records.documents_of(self._portfolio.db, i.id)[slot] is None]

    def issue(self, start: date, end: date, *, receipts: bool = False) -> list[Issued]:
        """File the notices (or, for paid instalments, the receipts) of instalments due from
        `start` to `end` not yet filed; return what was filed."""
        self._portfolio.creditor()  # the broker's name heads every page
        issued: list[Issued] = []
        for item in self._wanted(start, end, receipts):
            data = self._data(item)
            case_id = self._case_of(data.client)
            pdf = render(data, receipt=receipts)
            kind = "Quittance" if receipts else "Avis d'échéance"
            name = f"{kind} {data.contract.number} {item.due_date.isoformat()}.pdf"
            document = self._importer.import_stream(name, len(pdf), "application/pdf",
                                                    io.BytesIO(pdf), case=case_id,
                                                    tags=("courtage",))
            with self._portfolio.db.transaction():
                records.set_document(self._portfolio.db, item.id,
                                     "receipt_document" if receipts else "notice_document",
                                     document.id)
            issued.append(Issued(item.id, document.id, case_id))
        return issued

    def print_batch(self, start: date, end: date, target: Path, *, receipts: bool = False,
                    replace: bool = False) -> int:
        """Write one print-ready PDF of the notices (or receipts) due from `start` to `end`;
        return the page count. An export: refused when the policy forbids exports."""
        from app.files import write_file
        from app.policy import require_export_allowed

        require_export_allowed("Writing a batch of notices to print")
        states = _PAID if receipts else ()
        items = records.instalments(self._portfolio.db, start=start, end=end, states=states)
        if not items:
            raise NothingToDoError("No instalment falls due in that period; no file was "
                                   "written.")
        pdf = render_many([self._data(i) for i in items], receipt=receipts)
        try:
            write_file(target, pdf, replace=replace)
        except FileExistsError:
            raise ExportFileError(f"{target} already exists; choose another name.") from None
        except OSError as exc:
            raise ExportFileError(f"Could not write {target}: {exc.strerror or exc}.") from None
        self._audit.record("brokerage.print_batch")
        return len(items)
