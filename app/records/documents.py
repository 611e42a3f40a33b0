"""The SQL of documents, their versions, tags and tag links (tables of
storage/migrations/v001_core.py), and the typed values read from them.

Every statement over these tables is here; the services (app/documents.py, app/importer.py,
app/import_rows.py, app/shredding.py, app/vault/…) call these functions inside their own
transactions. A document's size and SHA-256 are those of its latest version.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from app.records import parse_time, tag_key
from storage.blobs import StoredBlob
from storage.db import Database, Row

_TAG_SEP = "\x1f"  # tags cannot contain control characters (records.clean_text)


@dataclass(frozen=True)
class Version:
    number: int
    size: int
    sha256: bytes
    created_at: datetime


@dataclass(frozen=True)
class Document:
    # Secret fields are kept out of repr() so a stray log line cannot leak them.
    id: int
    name: str = field(repr=False)
    media_type: str
    size: int
    sha256: bytes = field(repr=False)
    created_at: datetime
    imported_at: datetime
    case_id: int | None
    notes: str = field(repr=False)
    tags: tuple[str, ...] = field(repr=False)
    version: int  # latest version number


@dataclass(frozen=True)
class BlobRef:
    """Where a version's content is and how to open it (storage's `Store.open_blob`)."""

    blob_id: str
    wrapped_key: bytes = field(repr=False)
    size: int


@dataclass(frozen=True)
class StoredVersion:
    """A version row as the integrity check reads it."""

    document_id: int
    number: int
    blob: BlobRef
    sha256: bytes


#: (case id, name, media type, notes, created at, imported at): a `documents` row without its id
DocumentRow = tuple[int | None, str, str, str, str, str]

_SELECT = (
    "SELECT d.id, d.name, d.media_type, v.size, v.sha256, d.created_at, d.imported_at,"
    " d.case_id, d.notes,"
    " coalesce((SELECT group_concat(t.name, char(31)) FROM"
    "   (SELECT t.name FROM document_tags AS dt JOIN tags AS t ON t.id = dt.tag_id"
    "    WHERE dt.document_id = d.id ORDER BY t.key) AS t), ''),"
    " v.number"
    " FROM documents AS d JOIN versions AS v ON v.document_id = d.id AND v.number ="
    " (SELECT max(number) FROM versions WHERE document_id = d.id)"
)
_INSERT_DOCUMENT = ("INSERT INTO documents (case_id, name, media_type, notes, created_at,"
                    " imported_at) VALUES (?, ?, ?, ?, ?, ?)")
_INSERT_DOCUMENT_WITH_ID = ("INSERT INTO documents (id, case_id, name, media_type, notes,"
                            " created_at, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
_INSERT_VERSION = ("INSERT INTO versions (document_id, number, blob_id, size, sha256, wrapped_key,"
                   " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
# `documents` is AUTOINCREMENT: sqlite_sequence holds the last id ever used, even if that
# document was deleted, so an id is never reused.
_LAST_ID = ("SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'documents'), 0),"
            " coalesce((SELECT max(id) FROM documents), 0))")


def _document(row: Row) -> Document:
    tags = tuple(row[9].split(_TAG_SEP)) if row[9] else ()
    return Document(row[0], row[1], row[2], row[3], bytes(row[4]), parse_time(row[5]),
                    parse_time(row[6]), row[7], row[8], tags, row[10])


# -- documents: reading -----------------------------------------------------------------------
def get(db: Database, document_id: int) -> Document | None:
    row = db.query_one(_SELECT + " WHERE d.id = ?", (document_id,))
    return None if row is None else _document(row)


def listed(db: Database, *, case_id: int | None = None, unfiled: bool = False,
           tag: str | None = None, limit: int | None = None, offset: int = 0) -> list[Document]:
    """Documents by name; filter by case, by "no case" (`unfiled`), or by a cleaned tag."""
    sql, params = _SELECT + " WHERE 1", []
    if case_id is not None:
        sql += " AND d.case_id = ?"
        params.append(case_id)
    if unfiled:
        sql += " AND d.case_id IS NULL"
    if tag is not None:
        sql += (" AND d.id IN (SELECT dt.document_id FROM document_tags AS dt"
                " JOIN tags AS t ON t.id = dt.tag_id WHERE t.key = ?)")
        params.append(tag_key(tag))
    sql += " ORDER BY d.name COLLATE NOCASE, d.id LIMIT ? OFFSET ?"
    params += [-1 if limit is None else int(limit), max(0, int(offset))]
    return [_document(r) for r in db.query(sql, params)]


def count(db: Database) -> int:
    return int(db.scalar("SELECT count(*) FROM documents"))


def case_of(db: Database, document_id: int) -> int | None:
    """The document's case id (None: in no case, or no such document)."""
    case_id = db.scalar("SELECT case_id FROM documents WHERE id = ?", (document_id,))
    return None if case_id is None else int(case_id)


def ids_in_case(db: Database, case_id: int) -> list[int]:
    return [r[0] for r in db.query("SELECT id FROM documents WHERE case_id = ? ORDER BY id",
                                   (case_id,))]


def last_id(db: Database) -> int:
    """The last document id ever used (0 if none): the next is above it."""
    return int(db.scalar(_LAST_ID))


# -- documents: writing -----------------------------------------------------------------------
def insert(db: Database, document: DocumentRow) -> int:
    """Insert one document row; return its new id."""
    return int(db.execute(_INSERT_DOCUMENT, document).lastrowid)


def insert_with_ids(db: Database, documents: Sequence[tuple[object, ...]]) -> None:
    """Insert `(id, *DocumentRow)` rows in one statement (a folder import's batch)."""
    db.executemany(_INSERT_DOCUMENT_WITH_ID, documents)


def set_text(db: Database, document_id: int, column: Literal["name", "notes"],
             value: str) -> None:
    if column not in ("name", "notes"):
        raise ValueError(column)
    db.execute(f"UPDATE documents SET {column} = ? WHERE id = ?", (value, document_id))


def set_case(db: Database, document_id: int, case_id: int | None) -> None:
    db.execute("UPDATE documents SET case_id = ? WHERE id = ?", (case_id, document_id))


def delete(db: Database, document_id: int) -> None:
    """Delete the document row; its versions (and their keys) and tag links cascade."""
    db.execute("DELETE FROM documents WHERE id = ?", (document_id,))


# -- versions ---------------------------------------------------------------------------------
def version_row(doc_id: int, number: int, blob: StoredBlob, now: str) -> tuple[object, ...]:
    return (doc_id, number, blob.blob_id, blob.size, blob.sha256, blob.wrapped_key, now)


def insert_version(db: Database, version: tuple[object, ...]) -> None:
    """Insert one `version_row`."""
    db.execute(_INSERT_VERSION, version)


def insert_versions(db: Database, versions: Sequence[tuple[object, ...]]) -> None:
    """Insert `version_row`s in one statement (a folder import's batch)."""
    db.executemany(_INSERT_VERSION, versions)


def next_version_number(db: Database, document_id: int) -> int:
    return int(db.scalar("SELECT max(number) FROM versions WHERE document_id = ?",
                         (document_id,))) + 1


def versions(db: Database, document_id: int) -> list[Version]:
    rows = db.query("SELECT number, size, sha256, created_at FROM versions"
                    " WHERE document_id = ? ORDER BY number", (document_id,))
    return [Version(r[0], r[1], bytes(r[2]), parse_time(r[3])) for r in rows]


def version_sha256(db: Database, document_id: int, number: int) -> bytes | None:
    row = db.query_one("SELECT sha256 FROM versions WHERE document_id = ? AND number = ?",
                       (document_id, number))
    return None if row is None else bytes(row[0])


def blob_of(db: Database, document_id: int, number: int | None = None) -> BlobRef | None:
    """The blob of version `number` of a document (None: its latest version)."""
    sql = ("SELECT blob_id, wrapped_key, size FROM versions WHERE document_id = ?"
           + (" AND number = ?" if number is not None else " ORDER BY number DESC LIMIT 1"))
    params = (document_id, number) if number is not None else (document_id,)
    row = db.query_one(sql, params)
    return None if row is None else BlobRef(row[0], bytes(row[1]), row[2])


def blob_ids_of(db: Database, document_id: int) -> list[str]:
    return [r[0] for r in db.query("SELECT blob_id FROM versions WHERE document_id = ?",
                                   (document_id,))]


def all_versions(db: Database) -> list[StoredVersion]:
    """Every version of every document, by document and number (the integrity check)."""
    rows = db.query("SELECT document_id, number, blob_id, wrapped_key, size, sha256"
                    " FROM versions ORDER BY document_id, number")
    return [StoredVersion(r[0], r[1], BlobRef(r[2], bytes(r[3]), r[4]), bytes(r[5]))
            for r in rows]


def all_blob_ids(db: Database) -> set[str]:
    return {r[0] for r in db.query("SELECT blob_id FROM versions")}


# -- tags -------------------------------------------------------------------------------------
def tag_names(db: Database) -> list[str]:
    """Every tag in use, in key order."""
    return [r[0] for r in db.query("SELECT name FROM tags ORDER BY key")]


def tag_ids_of(db: Database, document_id: int) -> list[int]:
    return [r[0] for r in db.query("SELECT tag_id FROM document_tags WHERE document_id = ?",
                                   (document_id,))]


def link_tags(db: Database, document_id: int, tags: Iterable[str]) -> None:
    """Attach cleaned tag names to a document, creating tags as needed (in a transaction)."""
    for name in tags:
        key = tag_key(name)
        db.execute("INSERT INTO tags (name, key) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                   (name, key))
        tag_id = db.scalar("SELECT id FROM tags WHERE key = ?", (key,))
        db.execute("INSERT OR IGNORE INTO document_tags (document_id, tag_id) VALUES (?, ?)",
                   (document_id, tag_id))


def unlink_tags(db: Database, document_id: int) -> None:
    db.execute("DELETE FROM document_tags WHERE document_id = ?", (document_id,))


def prune_unused_tags(db: Database, tag_ids: Iterable[int]) -> None:
    """Delete those of `tag_ids` no document uses any more (a tag name can be a secret)."""
    for tag_id in tag_ids:
        db.execute(
            "DELETE FROM tags WHERE id = ? AND NOT EXISTS"
            " (SELECT 1 FROM document_tags WHERE tag_id = ?)",
            (tag_id, tag_id),
        )
