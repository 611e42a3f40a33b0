"""The insurers' statements received through the relay, in the Brokerage window: the table of
those checked (imported with their counts, or refused with the core's reason) and the job that
imports the ones received since (app/brokerage/statement_inbox.py). Receiving them from the relay
is the relay's own synchronisation (Relay › Synchronise), so that one relay client at a time
talks to the relay; this part only reads what is in the vault."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.brokerage import Brokerage
from app.brokerage.exchange_records import ReceivedStatement
from app.brokerage.statement_inbox import InboxOutcome
from app.records import parse_time
from app.vault import VaultSession
from ui.brokerage.models import _Rows
from ui.common.formatting import format_datetime

_FAMILIES = {"premiums": "Premiums", "commissions": "Commissions"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("BrokerageStatements", text)


def load(session: VaultSession, **_: Any) -> list[ReceivedStatement]:
    return Brokerage(session).inbox.received()


def import_received(session: VaultSession, **_: Any) -> list[InboxOutcome]:
    return Brokerage(session).inbox.import_pending()


class StatementsModel(_Rows[ReceivedStatement]):
    def headers(self) -> Sequence[str]:
        return (self.tr("Checked"), self.tr("Insurer"), self.tr("Statement"), self.tr("Kind"),
                self.tr("Lines"), self.tr("Matched"), self.tr("Outcome"))

    def right_aligned(self) -> Sequence[int]:
        return (4, 5)

    def cell(self, row: ReceivedStatement, column: int) -> str:
        family = _tr(_FAMILIES[row.family]) if row.family in _FAMILIES else ""
        outcome = self.tr("Imported") if row.imported else \
            self.tr("Refused: %1").replace("%1", row.reason)
        values = (format_datetime(parse_time(row.checked_at)), row.insurer, row.statement,
                  family, str(row.lines) if row.imported else "",
                  str(row.matched) if row.imported else "", outcome)
        return values[column]


def summary(outcomes: Sequence[InboxOutcome]) -> tuple[str, str]:
    """The banner's kind and text after an import of the statements received."""
    if not outcomes:
        return "info", _tr("No statement from an insurer is waiting. Synchronise with the relay "
                           "first (Relay › Synchronise) to receive new ones.")
    imported = [o for o in outcomes if o.imported]
    lines = [_tr("%1 statement(s) imported, %2 refused.").replace(
        "%1", str(len(imported))).replace("%2", str(len(outcomes) - len(imported)))]
    for o in outcomes:
        if o.imported and o.report is not None:
            lines.append(_tr("%1 %2: %3 line(s) matched, %4 unknown, %5 difference(s).")
                         .replace("%1", o.insurer).replace("%2", o.statement)
                         .replace("%3", str(o.report.matched))
                         .replace("%4", str(len(o.report.unknown)))
                         .replace("%5", str(len(o.report.differences))))
        elif not o.imported:
            lines.append(_tr("Document %1 refused: %2").replace(
                "%1", str(o.document_id)).replace("%2", o.reason))
    troubled = any(not o.imported or (o.report and (o.report.unknown or o.report.differences))
                   for o in outcomes)
    return ("warning" if troubled else "success"), "\n".join(lines)


def _mark_for_translation() -> None:
    """Lets lupdate see the family names looked up by key above."""
    _tr("Premiums")
    _tr("Commissions")
