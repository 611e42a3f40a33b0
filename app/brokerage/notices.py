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

from dataclasses import dataclass
from datetime import date
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.audit import AuditLog
from app.brokerage import records
from app.brokerage.errors import ExportFileError, NothingToDoError
from app.brokerage.model import Client, Instalment, InstalmentState
from app.brokerage.notice_pdf import NoticeData, render, render_many
from app.brokerage.portfolio import Portfolio
from app.cases import Cases
from app.importer import Importer

if TYPE_CHECKING:
    from app.relay_client import RelayService

_PAID = (InstalmentState.PAID, InstalmentState.REMITTED)
#: Notices filed per vault transaction: enough that a month of 1,000 contracts costs a handful
#: of durable commits, few enough that the database lock is not held for long (each notice's
#: text is extracted for the search index inside the transaction).
NOTICE_BATCH = 256


@dataclass(frozen=True)
class Issued:
    instalment_id: int
    document_id: int
    case_id: int


@dataclass(frozen=True)
class SentNotices:
    """One client's notices (or receipts) sent through the relay in one envelope."""

    client: str  # the client's reference
    documents: int
    envelope_id: str | None
    state: str  # the outbox state (deposited, queued…), "already sent" or "refused"
    refused: str = ""


@dataclass(frozen=True)
class SealedNotices:
    """One client's notices (or receipts) sealed into one file, or why they could not be."""

    client: str  # the client's reference
    path: Path | None
    documents: int
    refused: str = ""  # the core's refusal (an unverified contact…), when path is None


class Notices:
    def __init__(self, portfolio: Portfolio, audit: AuditLog, cases: Cases,
                 importer: Importer, seal: Callable[..., object] | None = None) -> None:
        self._portfolio = portfolio
        self._audit = audit
        self._cases = cases
        self._importer = importer
        self._seal = seal  # VaultSession.seal_documents: the vault's own sealing, its rules

    def _data(self, item: Instalment) -> NoticeData:
        p = self._portfolio
        contract = p.contract(item.contract_id)
        return NoticeData(p.creditor(), p.client(contract.client_id),
                          p.insurer(contract.insurer_id), contract, item,
                          p.mandate(contract.mandate_id) if contract.mandate_id else None)

    def _case_of(self, client: Client) -> int:
        client = self._portfolio.client(client.id)  # a notice earlier in the batch made it
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
        `start` to `end` not yet filed; return what was filed. They are filed by batches of
        `NOTICE_BATCH`: one vault transaction and one durable write of the blobs per batch
        (app/importer.py `stream_batch`), not one per notice; a batch is all or nothing."""
        self._portfolio.creditor()  # the broker's name heads every page
        wanted = self._wanted(start, end, receipts)
        issued: list[Issued] = []
        for first in range(0, len(wanted), NOTICE_BATCH):
            issued += self._issue_batch(wanted[first:first + NOTICE_BATCH], receipts)
        return issued

    def _issue_batch(self, items: list[Instalment], receipts: bool) -> list[Issued]:
        made = [self._data(item) for item in items]
        pdfs = [render(data, receipt=receipts) for data in made]  # before taking the lock
        kind = "Quittance" if receipts else "Avis d'échéance"
        column = "receipt_document" if receipts else "notice_document"
        db = self._portfolio.db
        issued: list[Issued] = []
        with self._importer.stream_batch(len(items)) as batch:
            for item, data, pdf in zip(items, made, pdfs, strict=True):
                case_id = self._case_of(data.client)
                name = f"{kind} {data.contract.number} {item.due_date.isoformat()}.pdf"
                document_id = batch.add(name, pdf, "application/pdf", case=case_id,
                                        tags=("courtage",))
                issued.append(Issued(item.id, document_id, case_id))
            batch.then(lambda: [records.set_document(db, i.instalment_id, column, i.document_id)
                                for i in issued])
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

    def seal_for_clients(self, start: date, end: date, folder: Path, *,
                         receipts: bool = False) -> list[SealedNotices]:
        """Seal, for each client linked to a contact, the notices (or receipts) filed for the
        period into one sealed file `folder/REF-avis-START.scelle` (`-quittances-`): only the
        client can open it; nothing leaves in clear. A client whose contact cannot receive
        (not verified, key changed) is reported and skipped."""
        from crypto.errors import ScelleError

        if self._seal is None:
            raise NothingToDoError("Sealing is not available here.")
        by_client = self._filed_by_client(start, end, receipts)
        done: list[SealedNotices] = []
        for client_id, documents in by_client.items():
            client = self._portfolio.client(client_id)
            if client.contact_id is None:
                continue
            word = "quittances" if receipts else "avis"
            target = folder / f"{client.reference}-{word}-{start.isoformat()}.scelle"
            subject = "Vos quittances" if receipts else "Vos avis d'échéance"
            try:
                self._seal(documents, [client.contact_id], target, subject=subject)
            except ScelleError as exc:
                done.append(SealedNotices(client.reference, None, len(documents), str(exc)))
                continue
            done.append(SealedNotices(client.reference, target, len(documents)))
        if not done:
            raise NothingToDoError("No filed notice of the period belongs to a client linked "
                                   "to a contact; nothing was sealed.")
        return done

    def _filed_by_client(self, start: date, end: date, receipts: bool) -> dict[int, list[int]]:
        """The notices (or receipts) filed for instalments due in the period, by client."""
        slot = 1 if receipts else 0
        by_client: dict[int, list[int]] = {}
        for item in records.instalments(self._portfolio.db, start=start, end=end):
            document = records.documents_of(self._portfolio.db, item.id)[slot]
            if document is not None:
                owner = self._portfolio.contract(item.contract_id).client_id
                by_client.setdefault(owner, []).append(document)
        return by_client

    def send_for_clients(self, start: date, end: date, relay: RelayService, *,
                         receipts: bool = False) -> list[SentNotices]:
        """Send through the relay, in one envelope per client linked to a contact, the notices
        (or receipts) filed for the period that were not sent to that contact yet: the relay's
        send path and its rules (verified contact, prekeys, proofs). A client whose contact
        cannot receive is reported and skipped."""
        from app.relay_client import Letter
        from crypto.errors import ScelleError

        done: list[SentNotices] = []
        for client_id, documents in self._filed_by_client(start, end, receipts).items():
            client = self._portfolio.client(client_id)
            if client.contact_id is None:
                continue
            fresh = [d for d in documents if not _sent_to(relay, d, client.contact_id)]
            if not fresh:
                done.append(SentNotices(client.reference, 0, None, "already sent"))
                continue
            letter = Letter(subject="Vos quittances" if receipts else "Vos avis d'échéance",
                            reference=client.reference)
            try:
                item = relay.send(fresh, [client.contact_id], letter)
            except ScelleError as exc:
                done.append(SentNotices(client.reference, len(fresh), None, "refused",
                                        str(exc)))
                continue
            done.append(SentNotices(client.reference, len(fresh), item.envelope_id, item.state))
        if not done:
            raise NothingToDoError("No filed notice of the period belongs to a client linked "
                                   "to a contact; nothing was sent.")
        return done


def _sent_to(relay: RelayService, document_id: int, contact_id: int) -> bool:
    """Whether a message of the vault's log already carried the document to the contact."""
    session = relay.session
    fingerprint = session.contacts.get(contact_id).card.fingerprint_hex
    return any(r.direction.value == "sent" and fingerprint in r.recipients
               for r in session.messages.for_document(document_id))
