"""Insurers' statements received through the relay (docs/courtage.md §8, docs/format.md §13).

An insurer deposits its statements with a machine identity: a card certified by the insurer
organisation's key. The broker pins that key for the insurer in the portfolio
(`pin_insurer_key`, after comparing it with the insurer out of band), and then:

* `accept_held` receives the envelopes the relay sync held (a sender the vault does not know
  yet) whose sender's card carries a certification by a pinned insurer key — the pinned key is
  the verification; any other held envelope stays held for the broker to decide;
* `import_pending` checks each statement document received into the vault once (a sealed file
  holding exactly one file of type `application/vnd.scelle.courtage-statement+json`) and either
  imports it (matched and reconciled, app/brokerage/insurer_statements.py) or refuses it with a
  one-line reason: a sender not certified by a pinned insurer key, a statement that names
  another insurer or another broker (or none), one already imported (replayed), a file that does
  not read. The outcome is recorded with the document, in the same transaction as the import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.audit import AuditLog
from app.brokerage import exchange_records as xrecords
from app.brokerage.insurer_statements import InsurerStatements, StatementReport
from app.brokerage.model import Insurer
from app.brokerage.portfolio import Portfolio
from app.brokerage.statement_format import (
    MAX_STATEMENT,
    MEDIA_TYPE,
    Statement,
    StatementError,
    parse_statement,
)
from app.records import InvalidValueError, now_text
from app.vault.messages import Direction, MessageRecord
from crypto.identity import IdentityCard

if TYPE_CHECKING:
    from app.relay_client import RelayService
    from app.vault import VaultSession

_HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class InboxOutcome:
    document_id: int
    imported: bool
    insurer: str = ""  # the insurer's code, when the sender is one of ours
    statement: str = ""  # the statement's id, when it was read
    reason: str = ""  # why it was refused
    report: StatementReport | None = None


def parse_org_key(text: str) -> bytes:
    """An organisation's public key as people copy it: 64 hex digits, spaces allowed."""
    cleaned = "".join(text.split()).lower()
    if not _HEX64.fullmatch(cleaned):
        raise InvalidValueError("The insurer's organisation key must be 64 hexadecimal digits.")
    return bytes.fromhex(cleaned)


class StatementInbox:
    def __init__(self, session: VaultSession, portfolio: Portfolio,
                 statements: InsurerStatements, audit: AuditLog) -> None:
        self._session = session
        self._portfolio = portfolio
        self._statements = statements
        self._audit = audit

    # -- the insurers' keys -------------------------------------------------------------------
    def pin_insurer_key(self, code: str, key_text: str | None) -> Insurer:
        """Pin (or with None, forget) the key that certifies the insurer's machine identity."""
        insurer = self._portfolio.insurer_by_code(code)
        key = None if key_text is None else parse_org_key(key_text)
        db = self._portfolio.db
        with db.transaction():
            owner = xrecords.pinned_keys(db).get(key) if key is not None else None
            if owner is not None and owner != insurer.id:
                raise InvalidValueError("This organisation key is pinned for another insurer.")
            xrecords.set_org_key(db, insurer.id, key)
            self._audit.record("brokerage.insurer_key")
        return insurer

    def insurer_key(self, code: str) -> bytes | None:
        return xrecords.org_key(self._portfolio.db, self._portfolio.insurer_by_code(code).id)

    def insurer_of(self, card: IdentityCard) -> Insurer | None:
        """The insurer whose pinned key certified `card` (certifications are verified when a
        card is read), or None."""
        for key, insurer_id in xrecords.pinned_keys(self._portfolio.db).items():
            if card.certified_by(key) is not None:
                return self._portfolio.insurer(insurer_id)
        return None

    # -- the relay's held envelopes -----------------------------------------------------------
    def accept_held(self, relay: RelayService) -> list[str]:
        """Receive the held envelopes sent by a card a pinned insurer key certified."""
        accepted = []
        for item in relay.state.inbox(("held",)):
            card, _check = relay.held_sender(item.envelope_id)
            if self.insurer_of(card) is None:
                continue
            if relay.accept(item.envelope_id).state == "opened":
                accepted.append(item.envelope_id)
        return accepted

    # -- statement documents ------------------------------------------------------------------
    def pending(self) -> list[tuple[int, MessageRecord]]:
        """Statement documents received and not checked yet, oldest first."""
        done = xrecords.checked_documents(self._portfolio.db)
        found = []
        for record in reversed(self._session.messages.list(direction=Direction.RECEIVED)):
            for document_id in record.document_ids:
                if document_id is None or document_id in done:
                    continue
                if self._session.documents.get(document_id).media_type == MEDIA_TYPE:
                    found.append((document_id, record))
        return found

    def import_pending(self) -> list[InboxOutcome]:
        return [self._check(document_id, record) for document_id, record in self.pending()]

    def entries(self) -> list[xrecords.InboxEntry]:
        return xrecords.inbox_entries(self._portfolio.db)

    def received(self) -> list[xrecords.ReceivedStatement]:
        """Every statement document checked, newest first, with its import's counts."""
        return xrecords.received_statements(self._portfolio.db)

    def _check(self, document_id: int, record: MessageRecord) -> InboxOutcome:
        insurer = self.insurer_of(record.sender)
        if insurer is None:
            return self._refuse(document_id, "", "", "its sender is not certified by the "
                                "organisation key of an insurer in the portfolio")
        if len(record.document_ids) != 1:
            return self._refuse(document_id, insurer.code, "", "a statement's sealed file "
                                "must hold that one file only")
        try:
            with self._session.documents.open(document_id) as stream:
                statement = parse_statement(stream.read(MAX_STATEMENT + 1))
        except StatementError as exc:
            return self._refuse(document_id, insurer.code, "", str(exc))
        problem = self._problem(statement, insurer)
        if problem:
            return self._refuse(document_id, insurer.code, statement.statement, problem)
        db = self._portfolio.db
        with db.transaction():
            report = self._statements.apply(statement)
            row = xrecords.statement_row_id(db, insurer.id, statement.statement)
            xrecords.record_checked(db, document_id, "imported", row, "", now_text())
        return InboxOutcome(document_id, True, insurer.code, statement.statement, report=report)

    def _problem(self, statement: Statement, insurer: Insurer) -> str:
        if statement.insurer != insurer.code:
            return "the statement names another insurer than the one that certified its sender"
        own = self._session.identity.card.fingerprint_hex
        if statement.broker is None:
            return "the statement names no broker"
        if statement.broker != own:
            return "the statement is for another broker"
        if xrecords.statement_row_id(self._portfolio.db, insurer.id, statement.statement):
            return "replayed: this statement was already imported"
        return ""

    def _refuse(self, document_id: int, insurer: str, statement: str,
                reason: str) -> InboxOutcome:
        db = self._portfolio.db
        with db.transaction():
            xrecords.record_checked(db, document_id, "refused", None, reason, now_text())
            self._audit.record("brokerage.statement_refused", document_id=document_id)
        return InboxOutcome(document_id, False, insurer, statement, reason)
