"""The SQL of cases (table `cases` of storage/migrations/v001_core.py) and the `Case` value read
from it. The rules (legal hold, retention, names) are app/cases.py's."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from app.records import date_text, parse_date, parse_time
from storage.db import Database, Row


@dataclass(frozen=True)
class Case:
    id: int
    name: str = field(repr=False)  # secrets stay out of repr()
    reference: str = field(repr=False)
    notes: str = field(repr=False)
    retention_until: date | None
    legal_hold: bool
    created_at: datetime
    document_count: int


_SELECT = (
    "SELECT c.id, c.name, c.reference, c.notes, c.retention_until, c.legal_hold, c.created_at,"
    " (SELECT count(*) FROM documents AS d WHERE d.case_id = c.id) FROM cases AS c"
)


def _case(row: Row) -> Case:
    return Case(row[0], row[1], row[2], row[3], parse_date(row[4]), bool(row[5]),
                parse_time(row[6]), row[7])


def get(db: Database, case_id: int) -> Case | None:
    row = db.query_one(_SELECT + " WHERE c.id = ?", (case_id,))
    return None if row is None else _case(row)


def exists(db: Database, case_id: int) -> bool:
    return db.scalar("SELECT 1 FROM cases WHERE id = ?", (case_id,)) is not None


def listed(db: Database) -> list[Case]:
    """Every case, by name."""
    return [_case(r) for r in db.query(_SELECT + " ORDER BY c.name COLLATE NOCASE, c.id")]


def past_retention(db: Database, day: date) -> list[Case]:
    """Cases whose retention date is before `day` and that are not under legal hold."""
    rows = db.query(_SELECT + " WHERE c.retention_until IS NOT NULL AND c.retention_until < ?"
                    " AND c.legal_hold = 0 ORDER BY c.retention_until, c.id", (day.isoformat(),))
    return [_case(r) for r in rows]


def is_held(db: Database, case_id: int) -> bool:
    return bool(db.scalar("SELECT legal_hold FROM cases WHERE id = ?", (case_id,)))


def insert(db: Database, name: str, reference: str, notes: str, retention_until: date | None,
           created_at: str) -> int:
    """Insert a case row; return its new id."""
    cur = db.execute(
        "INSERT INTO cases (name, reference, notes, retention_until, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (name, reference, notes, date_text(retention_until), created_at),
    )
    return int(cur.lastrowid)


def set_texts(db: Database, case_id: int, name: str, reference: str, notes: str) -> None:
    db.execute("UPDATE cases SET name = ?, reference = ?, notes = ? WHERE id = ?",
               (name, reference, notes, case_id))


def set_retention(db: Database, case_id: int, until: date | None) -> None:
    db.execute("UPDATE cases SET retention_until = ? WHERE id = ?", (date_text(until), case_id))


def set_legal_hold(db: Database, case_id: int, on: bool) -> None:
    db.execute("UPDATE cases SET legal_hold = ? WHERE id = ?", (int(bool(on)), case_id))


def delete(db: Database, case_id: int) -> None:
    db.execute("DELETE FROM cases WHERE id = ?", (case_id,))
