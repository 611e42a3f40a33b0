"""The broker's books: journal entries for the premiums collected, the commissions earned and
the amounts paid to insurers, exported as the French legal accounting file (FEC, "fichier des
écritures comptables", article A47 A-1 of the Livre des procédures fiscales) or as CSV.

A broker collects premiums for the insurers' account, so for each instalment paid in the period:

* journal BQ, on the day paid: debit 512000 Banque, credit 467 the insurer (the premium);
* journal OD, the same day: debit 467 the insurer, credit 706000 Commissions (the commission);

and for each instalment whose insurer's share went out in a transfer file executed in the
period, journal BQ, on its execution date: debit 467 the insurer, credit 512000 Banque (the
share). The insurer's auxiliary account (`CompAuxNum`) is its code. Every entry balances (its
debits equal its credits); entries are numbered without gaps in date order.

The FEC is the 18 columns the text defines, in its order, separated by tabs, a header line
first, dates `YYYYMMDD`, amounts with a decimal comma and no thousands separator. It is an
export of client data: the workstation policy's export rule applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.audit import AuditLog
from app.brokerage import records
from app.brokerage.errors import ExportFileError, NothingToDoError
from app.brokerage.model import InstalmentState
from app.brokerage.portfolio import Portfolio
from app.brokerage.schedule import check_period

FEC_COLUMNS = ("JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum",
               "CompteLib", "CompAuxNum", "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib",
               "Debit", "Credit", "EcritureLet", "DateLet", "ValidDate", "Montantdevise",
               "Idevise")
BANK, INSURERS, COMMISSIONS = ("512000", "Banque"), ("467000", "Compagnies d'assurance"), \
    ("706000", "Commissions de courtage")
_JOURNALS = {"BQ": "Banque", "OD": "Opérations diverses"}


@dataclass(frozen=True)
class Line:
    account: tuple[str, str]
    auxiliary: tuple[str, str]  # ("", "") for none
    debit: int  # cents
    credit: int


@dataclass(frozen=True)
class Entry:
    journal: str
    day: date
    piece: str
    label: str
    lines: tuple[Line, ...]

    @property
    def balanced(self) -> bool:
        return sum(x.debit for x in self.lines) == sum(x.credit for x in self.lines)


def _amount(cents: int) -> str:
    return f"{cents // 100},{cents % 100:02d}"


class Accounting:
    def __init__(self, portfolio: Portfolio, audit: AuditLog) -> None:
        self._portfolio = portfolio
        self._audit = audit

    def entries(self, start: date, end: date) -> list[Entry]:
        """The entries of the period, in date order (paid, then remitted, on each day)."""
        check_period(start, end)
        db = self._portfolio.db
        found: list[Entry] = []
        for item in records.instalments(db, states=(InstalmentState.PAID,
                                                    InstalmentState.REMITTED)):
            contract = self._portfolio.contract(item.contract_id)
            company = self._portfolio.insurer(contract.insurer_id)
            aux = (company.code, company.name)
            piece = f"{contract.number}-{item.due_date:%Y%m%d}"
            if item.paid_on is not None and start <= item.paid_on <= end:
                found.append(Entry("BQ", item.paid_on, piece, f"Prime {contract.number}", (
                    Line(BANK, ("", ""), item.amount, 0), Line(INSURERS, aux, 0, item.amount))))
                if item.commission:
                    found.append(Entry("OD", item.paid_on, piece,
                                       f"Commission {contract.number}", (
                                           Line(INSURERS, aux, item.commission, 0),
                                           Line(COMMISSIONS, ("", ""), 0, item.commission))))
            remitted = records.remitted_on(db, item.id)
            if remitted is not None and start <= remitted <= end:
                share = item.insurer_share
                found.append(Entry("BQ", remitted, piece, f"Reversement {company.code}", (
                    Line(INSURERS, aux, share, 0), Line(BANK, ("", ""), 0, share))))
        found.sort(key=lambda e: e.day)  # stable: paid, commission, remitted on one day
        return found

    def fec_text(self, entries: list[Entry]) -> str:
        rows = ["\t".join(FEC_COLUMNS)]
        for number, entry in enumerate(entries, 1):
            day = f"{entry.day:%Y%m%d}"
            for line in entry.lines:
                rows.append("\t".join((
                    entry.journal, _JOURNALS[entry.journal], str(number), day,
                    line.account[0], line.account[1], line.auxiliary[0], line.auxiliary[1],
                    entry.piece, day, entry.label, _amount(line.debit), _amount(line.credit),
                    "", "", day, "", "")))
        return "\r\n".join(rows) + "\r\n"

    def csv_text(self, entries: list[Entry]) -> str:
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(("journal", "entry", "date", "account", "account_label", "auxiliary",
                         "auxiliary_label", "piece", "label", "debit", "credit"))
        for number, e in enumerate(entries, 1):
            for x in e.lines:
                writer.writerow((e.journal, number, e.day.isoformat(), x.account[0],
                                 x.account[1], x.auxiliary[0], x.auxiliary[1], e.piece, e.label,
                                 _amount(x.debit), _amount(x.credit)))
        return out.getvalue()

    def export(self, start: date, end: date, target: Path, *, as_csv: bool = False,
               replace: bool = False) -> int:
        """Write the period's entries (FEC, or CSV); return how many entries."""
        from app.files import write_file
        from app.policy import require_export_allowed

        require_export_allowed("Writing the accounting export")
        entries = self.entries(start, end)
        if not entries:
            raise NothingToDoError("No payment or remittance in that period; no file was "
                                   "written.")
        text = self.csv_text(entries) if as_csv else self.fec_text(entries)
        try:
            write_file(target, text.encode("utf-8"), replace=replace)
        except FileExistsError:
            raise ExportFileError(f"{target} already exists; choose another name.") from None
        except OSError as exc:
            raise ExportFileError(f"Could not write {target}: {exc.strerror or exc}.") from None
        self._audit.record("brokerage.accounting_export")
        return len(entries)
