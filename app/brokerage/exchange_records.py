"""SQL of the exchanges with insurers (schema 14, storage/migrations/v014_brokerage_exchanges.py):
the insurers' pinned organisation keys, the statement documents checked on the broker's side,
and the statements deposited on an insurer's side. Services call these typed functions."""

from __future__ import annotations

from dataclasses import dataclass

from storage.db import Database


@dataclass(frozen=True)
class InboxEntry:
    document_id: int
    outcome: str  # "imported" or "refused"
    statement_id: int | None
    reason: str
    checked_at: str


@dataclass(frozen=True)
class DepositRow:
    id: int
    broker: str  # the broker's card fingerprint, hex
    insurer: str
    statement: str
    family: str
    lines: int
    document_id: int | None
    outbox_id: int | None
    created_at: str


# -- insurers' organisation keys ------------------------------------------------------------------
def set_org_key(db: Database, insurer_id: int, key: bytes | None) -> None:
    db.execute("UPDATE brokerage_insurers SET org_key = ? WHERE id = ?", (key, insurer_id))


def org_key(db: Database, insurer_id: int) -> bytes | None:
    value = db.scalar("SELECT org_key FROM brokerage_insurers WHERE id = ?", (insurer_id,))
    return None if value is None else bytes(value)


def pinned_keys(db: Database) -> dict[bytes, int]:
    """Every pinned organisation key and its insurer's id."""
    return {bytes(k): i for i, k in db.query(
        "SELECT id, org_key FROM brokerage_insurers WHERE org_key IS NOT NULL")}


# -- statement documents checked (broker) ---------------------------------------------------------
def checked_documents(db: Database) -> set[int]:
    return {r[0] for r in db.query("SELECT document_id FROM brokerage_inbox")}


def record_checked(db: Database, document_id: int, outcome: str, statement_id: int | None,
                   reason: str, at: str) -> None:
    db.execute("INSERT INTO brokerage_inbox (document_id, outcome, statement_id, reason, "
               "checked_at) VALUES (?, ?, ?, ?, ?)",
               (document_id, outcome, statement_id, reason, at))


@dataclass(frozen=True)
class ReceivedStatement:
    """A statement document received and checked, with what its import recorded."""

    document_id: int
    checked_at: str
    imported: bool
    insurer: str  # the insurer's code ('' when refused: the sender may be no insurer of ours)
    statement: str
    family: str
    lines: int
    matched: int
    reason: str


def received_statements(db: Database) -> list[ReceivedStatement]:
    rows = db.query(
        "SELECT b.document_id, b.checked_at, b.outcome = 'imported', coalesce(i.code, ''), "
        "coalesce(s.statement, ''), coalesce(s.family, ''), coalesce(s.lines, 0), "
        "coalesce(s.matched, 0), b.reason FROM brokerage_inbox b "
        "LEFT JOIN brokerage_statements s ON s.id = b.statement_id "
        "LEFT JOIN brokerage_insurers i ON i.id = s.insurer_id "
        "ORDER BY b.checked_at DESC, b.document_id DESC")
    return [ReceivedStatement(r[0], r[1], bool(r[2]), *r[3:]) for r in rows]


def inbox_entries(db: Database) -> list[InboxEntry]:
    return [InboxEntry(*r) for r in db.query(
        "SELECT document_id, outcome, statement_id, reason, checked_at FROM brokerage_inbox "
        "ORDER BY checked_at DESC, document_id DESC")]


def statement_row_id(db: Database, insurer_id: int, statement: str) -> int | None:
    return db.scalar("SELECT id FROM brokerage_statements WHERE insurer_id = ? AND "
                     "statement = ?", (insurer_id, statement))


# -- statements deposited (insurer) ---------------------------------------------------------------
_DEPOSIT = ("SELECT id, broker, insurer, statement, family, lines, document_id, outbox_id, "
            "created_at FROM brokerage_deposits")


def deposit(db: Database, broker: str, insurer: str, statement: str) -> DepositRow | None:
    row = db.query_one(_DEPOSIT + " WHERE broker = ? AND insurer = ? AND statement = ?",
                       (broker, insurer, statement))
    return None if row is None else DepositRow(*row)


def deposits(db: Database) -> list[DepositRow]:
    return [DepositRow(*r) for r in db.query(_DEPOSIT + " ORDER BY id")]


def insert_deposit(db: Database, broker: str, insurer: str, statement: str, family: str,
                   lines: int, document_id: int, at: str) -> int:
    cursor = db.execute("INSERT INTO brokerage_deposits (broker, insurer, statement, family, "
                        "lines, document_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (broker, insurer, statement, family, lines, document_id, at))
    return int(cursor.lastrowid)


def set_deposit_outbox(db: Database, deposit_id: int, outbox_id: int) -> None:
    db.execute("UPDATE brokerage_deposits SET outbox_id = ? WHERE id = ?",
               (outbox_id, deposit_id))
