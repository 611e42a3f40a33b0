"""The SQL of the brokerage tables (schema 12, storage/migrations/v012_brokerage.py): small
typed functions over one table each, called by the services of this package."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from app.brokerage.model import (
    Client,
    ClientKind,
    Contract,
    Creditor,
    Frequency,
    Instalment,
    InstalmentState,
    Insurer,
    Mandate,
    PaymentMethod,
    Premium,
    Sequence,
)
from app.records import date_text, parse_date
from storage.db import Database, Row

# -- creditor ---------------------------------------------------------------------------------


def creditor(db: Database) -> Creditor | None:
    row = db.query_one("SELECT name, iban, bic, ics FROM brokerage_creditor WHERE id = 1")
    return None if row is None else Creditor(*row)


def set_creditor(db: Database, value: Creditor, now: str) -> None:
    db.execute("INSERT INTO brokerage_creditor (id, name, iban, bic, ics, updated_at)"
               " VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
               " iban = excluded.iban, bic = excluded.bic, ics = excluded.ics,"
               " updated_at = excluded.updated_at",
               (value.name, value.iban, value.bic, value.ics, now))


# -- clients ----------------------------------------------------------------------------------
_CLIENT = ("SELECT id, reference, kind, name, email, address, case_id, contact_id"
           " FROM brokerage_clients")


def _client(row: Row) -> Client:
    return Client(row[0], row[1], ClientKind(row[2]), row[3], row[4], row[5], row[6], row[7])


def client(db: Database, client_id: int) -> Client | None:
    row = db.query_one(_CLIENT + " WHERE id = ?", (client_id,))
    return None if row is None else _client(row)


def client_by_reference(db: Database, reference: str) -> Client | None:
    row = db.query_one(_CLIENT + " WHERE reference = ?", (reference,))
    return None if row is None else _client(row)


def clients(db: Database) -> list[Client]:
    return [_client(r) for r in db.query(_CLIENT + " ORDER BY reference")]


def insert_client(db: Database, c: Client, now: str) -> int:
    cur = db.execute("INSERT INTO brokerage_clients (reference, kind, name, email, address,"
                     " case_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     (c.reference, c.kind.value, c.name, c.email, c.address, c.case_id, now, now))
    return int(cur.lastrowid)


# -- insurers ---------------------------------------------------------------------------------
_INSURER = "SELECT id, code, name, iban, bic FROM brokerage_insurers"


def insurer(db: Database, insurer_id: int) -> Insurer | None:
    row = db.query_one(_INSURER + " WHERE id = ?", (insurer_id,))
    return None if row is None else Insurer(*row)


def insurer_by_code(db: Database, code: str) -> Insurer | None:
    row = db.query_one(_INSURER + " WHERE code = ?", (code,))
    return None if row is None else Insurer(*row)


def insurers(db: Database) -> list[Insurer]:
    return [Insurer(*r) for r in db.query(_INSURER + " ORDER BY code")]


def insert_insurer(db: Database, i: Insurer, now: str) -> int:
    cur = db.execute("INSERT INTO brokerage_insurers (code, name, iban, bic, created_at)"
                     " VALUES (?, ?, ?, ?, ?)", (i.code, i.name, i.iban, i.bic, now))
    return int(cur.lastrowid)


# -- mandates ---------------------------------------------------------------------------------
_MANDATE = "SELECT id, reference, client_id, iban, bic, signed_on, sequence FROM brokerage_mandates"


def _mandate(row: Row) -> Mandate:
    return Mandate(row[0], row[1], row[2], row[3], row[4], date.fromisoformat(row[5]),
                   Sequence(row[6]))


def mandate(db: Database, mandate_id: int) -> Mandate | None:
    row = db.query_one(_MANDATE + " WHERE id = ?", (mandate_id,))
    return None if row is None else _mandate(row)


def mandate_by_reference(db: Database, reference: str) -> Mandate | None:
    row = db.query_one(_MANDATE + " WHERE reference = ?", (reference,))
    return None if row is None else _mandate(row)


def mandates(db: Database) -> list[Mandate]:
    return [_mandate(r) for r in db.query(_MANDATE + " ORDER BY reference")]


def insert_mandate(db: Database, m: Mandate, now: str) -> int:
    cur = db.execute("INSERT INTO brokerage_mandates (reference, client_id, iban, bic, signed_on,"
                     " sequence, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (m.reference, m.client_id, m.iban, m.bic, m.signed_on.isoformat(),
                      m.sequence.value, now))
    return int(cur.lastrowid)


def set_mandate_sequence(db: Database, mandate_id: int, sequence: Sequence) -> None:
    db.execute("UPDATE brokerage_mandates SET sequence = ? WHERE id = ?",
               (sequence.value, mandate_id))


# -- contracts --------------------------------------------------------------------------------
_CONTRACT = ("SELECT id, number, client_id, insurer_id, product, cover_start, cover_end,"
             " net_cents, fees_cents, tax_cents, frequency, commission_bp, payment, mandate_id"
             " FROM brokerage_contracts")


def _contract(r: Row) -> Contract:
    return Contract(r[0], r[1], r[2], r[3], r[4], date.fromisoformat(r[5]), parse_date(r[6]),
                    Premium(r[7], r[8], r[9]), Frequency(r[10]), r[11], PaymentMethod(r[12]),
                    r[13])


def contract(db: Database, contract_id: int) -> Contract | None:
    row = db.query_one(_CONTRACT + " WHERE id = ?", (contract_id,))
    return None if row is None else _contract(row)


def contract_by_number(db: Database, number: str) -> Contract | None:
    row = db.query_one(_CONTRACT + " WHERE number = ?", (number,))
    return None if row is None else _contract(row)


def contracts(db: Database, client_id: int | None = None) -> list[Contract]:
    if client_id is None:
        return [_contract(r) for r in db.query(_CONTRACT + " ORDER BY number")]
    return [_contract(r) for r in
            db.query(_CONTRACT + " WHERE client_id = ? ORDER BY number", (client_id,))]


def insert_contract(db: Database, c: Contract, now: str) -> int:
    cur = db.execute(
        "INSERT INTO brokerage_contracts (number, client_id, insurer_id, product, cover_start,"
        " cover_end, net_cents, fees_cents, tax_cents, frequency, commission_bp, payment,"
        " mandate_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (c.number, c.client_id, c.insurer_id, c.product, c.cover_start.isoformat(),
         date_text(c.cover_end), c.premium.net, c.premium.fees, c.premium.tax,
         c.frequency.value, c.commission_bp, c.payment.value, c.mandate_id, now))
    return int(cur.lastrowid)


# -- instalments ------------------------------------------------------------------------------
_INSTALMENT = ("SELECT id, contract_id, due_date, period_start, period_end, net_cents,"
               " fees_cents, tax_cents, commission_cents, state, end_to_end_id, sequence,"
               " collection_date, paid_on, reject_code, reject_reason"
               " FROM brokerage_instalments")


def _instalment(r: Row) -> Instalment:
    return Instalment(r[0], r[1], date.fromisoformat(r[2]), date.fromisoformat(r[3]),
                      date.fromisoformat(r[4]), Premium(r[5], r[6], r[7]), r[8],
                      InstalmentState(r[9]), r[10], r[11], parse_date(r[12]), parse_date(r[13]),
                      r[14], r[15])


def instalments(db: Database, *, start: date | None = None, end: date | None = None,
                states: Iterable[InstalmentState] = (),
                contract_id: int | None = None) -> list[Instalment]:
    where, params = ["1"], []  # type: list[str], list[object]
    if start is not None:
        where.append("due_date >= ?")
        params.append(start.isoformat())
    if end is not None:
        where.append("due_date <= ?")
        params.append(end.isoformat())
    wanted = [s.value for s in states]
    if wanted:
        where.append(f"state IN ({', '.join('?' * len(wanted))})")
        params.extend(wanted)
    if contract_id is not None:
        where.append("contract_id = ?")
        params.append(contract_id)
    sql = _INSTALMENT + " WHERE " + " AND ".join(where) + " ORDER BY due_date, contract_id"
    return [_instalment(r) for r in db.query(sql, params)]


def instalment_by_reference(db: Database, end_to_end_id: str) -> Instalment | None:
    row = db.query_one(_INSTALMENT + " WHERE end_to_end_id = ?", (end_to_end_id,))
    return None if row is None else _instalment(row)


def insert_instalment(db: Database, i: Instalment, now: str) -> bool:
    """Record an instalment unless its contract already has one on that date; True if new."""
    cur = db.execute(
        "INSERT INTO brokerage_instalments (contract_id, due_date, period_start, period_end,"
        " net_cents, fees_cents, tax_cents, commission_cents, state, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'due', ?) ON CONFLICT (contract_id, due_date) DO NOTHING",
        (i.contract_id, i.due_date.isoformat(), i.period_start.isoformat(),
         i.period_end.isoformat(), i.premium.net, i.premium.fees, i.premium.tax, i.commission,
         now))
    return cur.rowcount == 1


def mark_submitted(db: Database, instalment_id: int, end_to_end_id: str, sequence: str,
                   collection: date, message: str, now: str) -> None:
    db.execute("UPDATE brokerage_instalments SET state = 'submitted', end_to_end_id = ?,"
               " sequence = ?, collection_date = ?, debit_message = ?, reject_code = NULL,"
               " reject_reason = NULL, updated_at = ? WHERE id = ?",
               (end_to_end_id, sequence, collection.isoformat(), message, now, instalment_id))


def mark_paid(db: Database, instalment_id: int, paid_on: date, now: str) -> None:
    db.execute("UPDATE brokerage_instalments SET state = 'paid', paid_on = ?, updated_at = ?"
               " WHERE id = ?", (paid_on.isoformat(), now, instalment_id))


def mark_rejected(db: Database, instalment_id: int, code: str, reason: str, now: str) -> None:
    db.execute("UPDATE brokerage_instalments SET state = 'rejected', reject_code = ?,"
               " reject_reason = ?, updated_at = ? WHERE id = ?",
               (code, reason, now, instalment_id))


def mark_remitted(db: Database, instalment_ids: Iterable[int], message: str, day: date,
                  now: str) -> None:
    """In the transfer file `message`, executed on `day` (the date the books use)."""
    db.executemany("UPDATE brokerage_instalments SET state = 'remitted', transfer_message = ?,"
                   " remitted_on = ?, updated_at = ? WHERE id = ?",
                   [(message, day.isoformat(), now, i) for i in instalment_ids])


def remitted_on(db: Database, instalment_id: int) -> date | None:
    return parse_date(db.scalar("SELECT remitted_on FROM brokerage_instalments WHERE id = ?",
                                (instalment_id,)))


def mark_due(db: Database, instalment_id: int, now: str) -> None:
    """A rejected instalment to be presented again (a new end-to-end reference then)."""
    db.execute("UPDATE brokerage_instalments SET state = 'due', updated_at = ? WHERE id = ?",
               (now, instalment_id))


def instalment(db: Database, instalment_id: int) -> Instalment | None:
    row = db.query_one(_INSTALMENT + " WHERE id = ?", (instalment_id,))
    return None if row is None else _instalment(row)


def documents_of(db: Database, instalment_id: int) -> tuple[int | None, int | None]:
    """The vault documents holding an instalment's notice and receipt (None: not issued)."""
    row = db.query_one("SELECT notice_document, receipt_document FROM brokerage_instalments"
                       " WHERE id = ?", (instalment_id,))
    return (None, None) if row is None else (row[0], row[1])


def set_document(db: Database, instalment_id: int, column: str, document_id: int) -> None:
    if column not in ("notice_document", "receipt_document"):
        raise ValueError(column)
    db.execute(f"UPDATE brokerage_instalments SET {column} = ? WHERE id = ?",
               (document_id, instalment_id))


def set_client_case(db: Database, client_id: int, case_id: int) -> None:
    db.execute("UPDATE brokerage_clients SET case_id = ? WHERE id = ?", (case_id, client_id))


def set_client_contact(db: Database, client_id: int, contact_id: int | None) -> None:
    db.execute("UPDATE brokerage_clients SET contact_id = ? WHERE id = ?", (contact_id, client_id))
