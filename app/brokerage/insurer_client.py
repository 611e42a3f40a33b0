"""The reference insurer client (docs/courtage.md §10, docs/format.md §13): an insurer's system
depositing its statements to a broker through the relay, unattended.

The insurer's system is a Scellé vault of its own whose identity is a **machine identity**: a
card whose role begins with `Système — ` (no person behind it), certified by the insurer
organisation's key like any member's card. Unattended means no prompt: the vault is unlocked
with a passphrase file and a PKCS#11 token whose PIN is in a file, both readable by the
dedicated system user only — `require_private_file` refuses a secret file any other user can
read or write.

`deposit` validates the statement (the JSON format, or the insurer's CSV through its mapping)
before anything is sealed, names the broker in it, imports it into the vault as a document of
type `application/vnd.scelle.courtage-statement+json`, seals it for the broker alone through
the relay's send path (the broker's prekey, a deposit proof) and records it under (broker,
insurer, statement id): a retry — after a crash, a network failure or by mistake — finds the
record and finishes the same deposit instead of making a second one.
"""

from __future__ import annotations

import io
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.audit import AuditLog
from app.brokerage import exchange_records as xrecords
from app.brokerage.statement_csv import statement_from_csv
from app.brokerage.statement_format import (
    MAX_STATEMENT,
    MEDIA_TYPE,
    Statement,
    StatementError,
    for_broker,
    parse_statement,
    statement_json,
)
from app.brokerage.statement_inbox import parse_org_key
from app.records import now_text
from app.vault.messages import Direction
from crypto.errors import ScelleError

if TYPE_CHECKING:
    from app.relay_client import RelayService
    from app.relay_client.join import Membership
    from app.vault import VaultSession

MACHINE_ROLE_PREFIX = "Système — "
DEPOSIT_DAYS = 30


class UnattendedError(ScelleError):
    """The unattended client cannot run safely as set up (a secret file others can read, a
    vault whose identity is a person's); says what to fix. Nothing was deposited."""

    exit_code = 2


@dataclass(frozen=True)
class Deposit:
    statement: str
    insurer: str
    broker: str
    lines: int
    outbox_id: int | None
    envelope_id: str | None
    state: str  # the outbox state: queued, uploading, deposited, failed, withdrawn
    new: bool  # False: an earlier run had already sealed it (a retry sends nothing again)


@dataclass(frozen=True)
class DepositStatus:
    deposit: Deposit
    proofs: tuple[str, ...]  # kinds (and receipt events) of the proofs received


def require_private_file(path: Path, what: str) -> None:
    """Refuse a secret file (passphrase, PIN) that another user can read or write."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise UnattendedError(f"Could not read the {what} {path}: {exc.strerror or exc}.") \
            from None
    if not stat.S_ISREG(info.st_mode):
        raise UnattendedError(f"The {what} {path} is not a regular file.")
    if info.st_mode & 0o077:
        raise UnattendedError(
            f"The {what} {path} is open to other users (mode {stat.S_IMODE(info.st_mode):04o}):"
            f" an unattended client's secret files must be mode 0600 (chmod 600 {path}).")


def is_machine(role: str) -> bool:
    return role.startswith(MACHINE_ROLE_PREFIX)


def read_statement(path: Path, mapping: Path | None = None) -> Statement:
    """The statement of a JSON file, or of an insurer's CSV read through its mapping."""
    if mapping is not None:
        return statement_from_csv(path, mapping)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_STATEMENT + 1)
    except OSError as exc:
        raise StatementError(f"Could not read {path}: {exc.strerror or exc}.") from None
    return parse_statement(data)


class InsurerClient:
    def __init__(self, session: VaultSession, relay: RelayService, audit: AuditLog) -> None:
        self._session = session
        self._relay = relay
        self._audit = audit

    @property
    def _db(self):  # noqa: ANN202 - storage.db.Database
        return self._session.store.db

    def require_machine(self) -> None:
        role = self._session.identity.card.role
        if not is_machine(role):
            raise UnattendedError(f"This vault's identity is not a machine identity: its role "
                                  f"must begin with '{MACHINE_ROLE_PREFIX}'.")

    def enrol(self, url: str, code: str, *, relay_key_id: str | None = None,
              allow_plain_http: bool = False) -> Membership:
        self.require_machine()
        return self._relay.join(url, code, relay_key_id=relay_key_id,
                                allow_plain_http=allow_plain_http)

    def deposit(self, path: Path, broker: str, *, mapping: Path | None = None,
                days: int = DEPOSIT_DAYS) -> Deposit:
        self.require_machine()
        statement = read_statement(path, mapping)  # validated before anything is sealed
        fingerprint = parse_org_key(broker).hex()  # a card fingerprint reads the same way
        if statement.broker is not None and statement.broker != fingerprint:
            raise StatementError("The statement names another broker than --to.")
        # What is sealed is the documented JSON: read back as the broker will read it.
        statement = parse_statement(statement_json(for_broker(statement, fingerprint)))
        row = xrecords.deposit(self._db, fingerprint, statement.insurer, statement.statement)
        if row is None:
            row = self._record(statement, fingerprint)
        outbox_id = row.outbox_id or self._outbox_of(row.document_id)
        new = outbox_id is None  # sealed by this run (an earlier one may have stopped before)
        if outbox_id is None:
            outbox_id = self._seal(row, statement, days)
        elif row.outbox_id is None:
            with self._db.transaction():
                xrecords.set_deposit_outbox(self._db, row.id, outbox_id)
        if self._relay.state.outbox_item(outbox_id).state in ("queued", "uploading"):
            self._relay.sync()  # uploads the outbox; offline, the next run finishes it
        return self._deposit(xrecords.deposit(self._db, fingerprint, statement.insurer,
                                              statement.statement), new)

    def _record(self, statement: Statement, broker: str) -> xrecords.DepositRow:
        payload = statement_json(statement)
        name = f"releve-{statement.insurer}-{statement.statement}.json"
        document = self._session.importer.import_stream(name, len(payload), MEDIA_TYPE,
                                                        io.BytesIO(payload))
        with self._db.transaction():
            xrecords.insert_deposit(self._db, broker, statement.insurer, statement.statement,
                                    statement.family, len(statement.lines), document.id,
                                    now_text())
            self._audit.record("brokerage.statement_deposit", document_id=document.id)
        found = xrecords.deposit(self._db, broker, statement.insurer, statement.statement)
        assert found is not None
        return found

    def _outbox_of(self, document_id: int | None) -> int | None:
        """The outbox item that already carries the statement's document (a deposit stopped
        between sealing and linking), so that a retry never seals it twice."""
        if document_id is None:
            return None
        records = {r.id for r in self._session.messages.for_document(document_id)
                   if r.direction is Direction.SENT}
        for item in self._relay.state.outbox():
            if item.message_record in records:
                return item.id
        return None

    def _seal(self, row: xrecords.DepositRow, statement: Statement, days: int) -> int:
        from app.relay_client import Letter

        if row.document_id is None:
            raise StatementError("The statement's document was deleted from the vault before "
                                 "it was sealed; it cannot be deposited again.")
        # The card sealed in is the sender's proof of being the insurer: fetch the
        # organisation's certification first (made on the relay after enrolment).
        if not self._relay.membership().card_certified:
            raise UnattendedError("This identity's card is not certified by its organisation "
                                  "yet: ask the insurer organisation's admin to certify it.")
        contact_id = self._broker_contact(row.broker)
        word = "commissions" if statement.family == "commissions" else "primes"
        letter = Letter(subject=f"Relevé de {word} {statement.statement}",
                        reference=statement.statement)
        item = self._relay.send([row.document_id], [contact_id], letter,
                                availability_days=days, upload=False)
        with self._db.transaction():
            xrecords.set_deposit_outbox(self._db, row.id, item.id)
        return item.id

    def _broker_contact(self, fingerprint: str) -> int:
        """The broker as a contact: their fingerprint was given to the insurer out of band
        and names every key of their card, so the card the directory returns for it is
        verified by that comparison (no one is there to compare a safety number)."""
        contacts = self._session.contacts
        found = contacts.by_fingerprint(bytes.fromhex(fingerprint))
        if found is None:
            found = self._relay.add_contact(fingerprint).contact
        if not found.verified:
            found = contacts.verify_safety_number(found.id, contacts.safety_number(found.id))
        return found.id

    def _deposit(self, row: xrecords.DepositRow | None, new: bool) -> Deposit:
        assert row is not None
        item = self._relay.state.outbox_item(row.outbox_id) if row.outbox_id else None
        return Deposit(row.statement, row.insurer, row.broker, row.lines, row.outbox_id,
                       item.envelope_id if item else None, item.state if item else "queued",
                       new)

    def status(self, *, sync: bool = True) -> list[DepositStatus]:
        """Every statement deposited, with its relay state and the proofs received (a sync
        first collects the relay's deposit and delivery proofs and the broker's receipts)."""
        self.require_machine()
        if sync:
            self._relay.sync()
        done = []
        for row in xrecords.deposits(self._db):
            deposit = self._deposit(row, False)
            kinds: tuple[str, ...] = ()
            if deposit.envelope_id:
                kinds = tuple(p.event or p.kind for p in self._relay.state.proofs(
                    deposit.envelope_id))
            done.append(DepositStatus(deposit, kinds))
        return done
