"""The vault's records: the SQL of each table lives in one module of this package, beside small
typed functions over it, and the services (app/documents.py, app/cases.py, app/importer.py…)
call those functions instead of carrying SQL of their own:

* `app.records.documents`: documents, their versions, tags and tag links;
* `app.records.cases`: cases;
* `app.records.contacts`: contacts and the keys they replaced.

Modules that are nothing but their tables' records keep that SQL themselves: the audit log
(app/audit.py), the search index (app/search.py), the identity (app/vault/identity_store.py),
the correspondence log (app/vault/messages.py), the relay client's tables
(app/relay_client/state.py). `meta` and the blob journal belong to storage/.

This module holds what the record services share: UTC time stamps as stored in the database,
validation of user-typed values, and the common errors.

Stored times are UTC text, `YYYY-MM-DDTHH:MM:SS.ffffffZ`, which sort as strings; dates (retention)
are `YYYY-MM-DD`.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime

from crypto.errors import ScelleError
from crypto.text_rules import check_text

MAX_NAME_LEN = 1024
MAX_NOTES_LEN = 1_000_000
MAX_TAG_LEN = 128
# Row ids are SQLite integers: a larger number names no row (and cannot even be bound).
MAX_ID = 2**63 - 1


class NotFoundError(ScelleError):
    """No such case or document (it may have been deleted)."""

    exit_code = 4

    def __init__(self, what: str, ident: int) -> None:
        super().__init__(f"There is no {what} with id {ident} in this vault.")
        self.ident = ident


class InvalidValueError(ScelleError):
    """A value typed by the user (a name, a tag, a date…) is not acceptable; says which field."""

    exit_code = 2


def is_id(value: object) -> bool:
    """Whether `value` can be a row id (a case, document or contact): 1 to MAX_ID."""
    return type(value) is int and 1 <= value <= MAX_ID


def now_text() -> str:
    return time_text(datetime.now(UTC))


def time_text(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_time(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def date_text(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def parse_date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def clean_text(value: str, field: str, *, max_len: int, multiline: bool = False,
               required: bool = True) -> str:
    """NFC-normalise `value` and apply the display rule (crypto/text_rules.py): no control,
    invisible-format or line-separator character (newlines and tabs allowed in multi-line
    fields); surrounding blanks are dropped from single-line values."""
    if not isinstance(value, str):
        raise InvalidValueError(f"The {field} must be text.")
    # Checked before normalising: NFC of a lone surrogate is not defined.
    check_text(value, field, InvalidValueError, multiline=multiline)
    text = unicodedata.normalize("NFC", value)
    if not multiline:
        text = text.strip()
    if required and not text:
        raise InvalidValueError(f"The {field} cannot be empty.")
    if len(text) > max_len:
        raise InvalidValueError(f"The {field} is too long (at most {max_len} characters).")
    return text


def clean_name(value: str, field: str = "name") -> str:
    return clean_text(value, field, max_len=MAX_NAME_LEN)


def clean_notes(value: str) -> str:
    return clean_text(value, "notes", max_len=MAX_NOTES_LEN, multiline=True, required=False)


def tag_key(name: str) -> str:
    """Two tags are the same tag if they match case-insensitively ("Urgent" = "urgent")."""
    return name.casefold()


def clean_tag(value: str) -> str:
    tag = clean_text(value, "tag", max_len=MAX_TAG_LEN)
    return " ".join(tag.split())  # one inner space: "a  b" and "a b" are one tag
