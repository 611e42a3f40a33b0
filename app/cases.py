"""Cases (dossiers): a name, a reference, notes, a retention date and a legal hold.

* **Legal hold** freezes a case: none of its documents can be deleted or moved out of it, and
  the case itself cannot be deleted (`LegalHoldError`), until the hold is released. The hold is
  set and released explicitly, each time recorded in the audit log.
* **Names** are free text; `find_by_name` is how a typed name designates a case (the same rule
  for every face: case, surrounding spaces and Unicode form ignored; ambiguity refused).
* **Retention date** is the end of the period the case must be kept. It does not delete
  anything by itself: `due_for_disposal(today)` lists the cases past that date and not on hold,
  and `delete(case_id, with_documents=True)` disposes of one (crypto-shredding its documents).

All names, references and notes are secrets: they live only in the encrypted database and are
never written to the audit log (which records the case id).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime

from app.audit import AuditLog
from app.records import (
    InvalidValueError,
    NotFoundError,
    clean_name,
    clean_notes,
    clean_text,
    now_text,
)
from app.records import cases as records
from app.records import documents as document_records
from app.records.cases import Case  # re-exported: the faces' type
from app.search import reindex_case
from app.shredding import delete_document_rows, finish_shredding
from crypto.errors import ScelleError
from storage.store import Store

MAX_REFERENCE_LEN = 256


class LegalHoldError(ScelleError):
    """The operation would delete or move documents of a case under legal hold."""

    exit_code = 5

    def __init__(self, case_id: int) -> None:
        super().__init__(
            f"Case {case_id} is under legal hold: its documents cannot be deleted or moved "
            "until the hold is released."
        )
        self.case_id = case_id


class CaseNotEmptyError(ScelleError):
    def __init__(self, case_id: int, count: int) -> None:
        super().__init__(
            f"Case {case_id} still holds {count} document(s); move or delete them first, "
            "or delete the case with its documents."
        )


class CaseNameError(ScelleError):
    """A case named by the user is not there, or the name is ambiguous (several cases)."""


@dataclass(frozen=True)
class FoundCase:
    """The case a name designates, and whether `find_by_name` just created it."""

    id: int
    created: bool


def case_name_key(name: str) -> str:
    """Two case names designate the same case if they match this way (case, spaces, NFC)."""
    return unicodedata.normalize("NFC", name).strip().casefold()


def check_not_held(store: Store, case_id: int | None) -> None:
    """Raise `LegalHoldError` if `case_id` is under legal hold (None: no case, never held)."""
    if case_id is not None and records.is_held(store.db, case_id):
        raise LegalHoldError(case_id)


class Cases:
    def __init__(self, store: Store, audit: AuditLog) -> None:
        self._store = store
        self._db = store.db
        self._audit = audit

    def create(self, name: str, *, reference: str = "", notes: str = "",
               retention_until: date | None = None) -> Case:
        name = clean_name(name, "case name")
        reference = clean_text(reference, "case reference", max_len=MAX_REFERENCE_LEN,
                               required=False)
        notes = clean_notes(notes)
        with self._db.transaction():
            case_id = records.insert(self._db, name, reference, notes,
                                     _check_date(retention_until), now_text())
            self._audit.record("case.create", case_id=case_id)
        return self.get(case_id)

    def get(self, case_id: int) -> Case:
        case = records.get(self._db, case_id)
        if case is None:
            raise NotFoundError("case", case_id)
        return case

    def list(self) -> list[Case]:
        return records.listed(self._db)

    def find_by_name(self, name: str, *, create: bool = False) -> FoundCase:
        """The case called `name` (see `case_name_key`); made if missing and `create`.

        Several cases may share a name (names are free text): then none is chosen for the
        user, who must rename one first.
        """
        key = case_name_key(name)
        matches = [c.id for c in self.list() if case_name_key(c.name) == key]
        if len(matches) > 1:
            raise CaseNameError(f"{len(matches)} cases have that name; rename one of them "
                                "first.")
        if matches:
            return FoundCase(matches[0], created=False)
        if not create:
            raise CaseNameError("There is no case with that name.")
        return FoundCase(self.create(name).id, created=True)

    def update(self, case_id: int, *, name: str | None = None, reference: str | None = None,
               notes: str | None = None) -> Case:
        """Change any of name, reference, notes (None leaves a field as it is)."""
        current = self.get(case_id)
        new_name = current.name if name is None else clean_name(name, "case name")
        new_ref = current.reference if reference is None else clean_text(
            reference, "case reference", max_len=MAX_REFERENCE_LEN, required=False)
        new_notes = current.notes if notes is None else clean_notes(notes)
        with self._db.transaction():
            records.set_texts(self._db, case_id, new_name, new_ref, new_notes)
            if (new_name, new_ref) != (current.name, current.reference):
                reindex_case(self._db, case_id)
            self._audit.record("case.update", case_id=case_id)
        return self.get(case_id)

    def set_retention(self, case_id: int, until: date | None) -> Case:
        self.get(case_id)
        with self._db.transaction():
            records.set_retention(self._db, case_id, _check_date(until))
            self._audit.record("case.retention", case_id=case_id)
        return self.get(case_id)

    def set_legal_hold(self, case_id: int, on: bool) -> Case:
        case = self.get(case_id)
        if case.legal_hold != bool(on):
            with self._db.transaction():
                records.set_legal_hold(self._db, case_id, on)
                self._audit.record("case.hold" if on else "case.release", case_id=case_id)
        return self.get(case_id)

    def due_for_disposal(self, today: date | None = None) -> list[Case]:
        """Cases whose retention date has passed and that are not under legal hold."""
        return records.past_retention(self._db, today or datetime.now(UTC).date())

    def delete(self, case_id: int, *, with_documents: bool = False) -> int:
        """Delete a case; with `with_documents`, crypto-shred its documents too (otherwise it
        must be empty). Returns the number of documents deleted."""
        case = self.get(case_id)
        if case.legal_hold:
            raise LegalHoldError(case_id)
        if case.document_count and not with_documents:
            raise CaseNotEmptyError(case_id, case.document_count)
        with self._db.transaction():
            check_not_held(self._store, case_id)  # re-read under the write lock
            doc_ids = document_records.ids_in_case(self._db, case_id)
            blob_ids = delete_document_rows(self._store, self._audit, doc_ids)
            records.delete(self._db, case_id)
            self._audit.record("case.delete", case_id=case_id)
        finish_shredding(self._store, blob_ids)
        return len(doc_ids)


def _check_date(day: date | None) -> date | None:
    if day is not None and (not isinstance(day, date) or isinstance(day, datetime)):
        raise InvalidValueError("The retention date must be a calendar date.")
    return day
