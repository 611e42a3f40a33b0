"""Documents: reading, editing their metadata, exporting and deleting them.

(Importing is in app/importer.py.) A document has a name, a media type, notes, tags, an optional
case, created/imported times and one or more versions; its size and SHA-256 are those of its
latest version. Content is read as a seekable stream (`open`) decrypted chunk by chunk, or as
byte ranges (`read_range`), so a viewer can render pages without decrypting the whole file.

`export` is the only place where plaintext reaches the disk, at a path the user chose, and only
where the workstation policy allows export (docs/security.md): written to a hidden temporary
file next to it (same folder, hence same file system), checked against the recorded SHA-256,
fsynced, then renamed over the final name. On any failure the temporary file is removed and
nothing appears under the final name.

`delete` crypto-shreds (see app/shredding.py); legal hold blocks it (`LegalHoldError`).
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from app.audit import AuditLog
from app.cases import check_not_held
from app.policy import require_export_allowed as require_policy_export
from app.records import (
    InvalidValueError,
    NotFoundError,
    clean_name,
    clean_notes,
    clean_tag,
    parse_time,
    tag_key,
)
from app.search import index_document
from app.shredding import delete_document_rows, finish_shredding, prune_unused_tags
from crypto.errors import ScelleError
from storage.blobs import BlobStream, Cancel, CorruptBlobError, Progress
from storage.db import Database, Row
from storage.staging import fsync_directory, fsync_file
from storage.store import Store

_TAG_SEP = "\x1f"  # tags cannot contain control characters (records.clean_text)


class ExportError(ScelleError):
    """The export destination cannot be written; nothing was written there."""


#: What the workstation policy refuses when export is forbidden (the start of its message).
EXPORT_ACTION = "Exporting a document"


def require_export_allowed() -> None:
    """`PolicyRefusal` if the workstation policy forbids exporting documents.

    `Documents.export` checks it itself; a face may ask beforehand (before unlocking, before a
    file dialog) so that the user is not asked for anything in vain.
    """
    require_policy_export(EXPORT_ACTION)


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


def _document(row: Row) -> Document:
    tags = tuple(row[9].split(_TAG_SEP)) if row[9] else ()
    return Document(row[0], row[1], row[2], row[3], bytes(row[4]), parse_time(row[5]),
                    parse_time(row[6]), row[7], row[8], tags, row[10])


class Documents:
    def __init__(self, store: Store, audit: AuditLog) -> None:
        self._store = store
        self._db = store.db
        self._audit = audit

    # -- reading metadata ---------------------------------------------------------------------
    def get(self, document_id: int) -> Document:
        row = self._db.query_one(_SELECT + " WHERE d.id = ?", (document_id,))
        if row is None:
            raise NotFoundError("document", document_id)
        return _document(row)

    def list(self, *, case_id: int | None = None, unfiled: bool = False, tag: str | None = None,
             limit: int | None = None, offset: int = 0) -> list[Document]:
        """Documents by name; filter by case, by "no case" (`unfiled`), or by tag."""
        sql, params = _SELECT + " WHERE 1", []
        if case_id is not None:
            sql += " AND d.case_id = ?"
            params.append(case_id)
        if unfiled:
            sql += " AND d.case_id IS NULL"
        if tag is not None:
            sql += (" AND d.id IN (SELECT dt.document_id FROM document_tags AS dt"
                    " JOIN tags AS t ON t.id = dt.tag_id WHERE t.key = ?)")
            params.append(tag_key(clean_tag(tag)))
        sql += " ORDER BY d.name COLLATE NOCASE, d.id LIMIT ? OFFSET ?"
        params += [-1 if limit is None else int(limit), max(0, int(offset))]
        return [_document(r) for r in self._db.query(sql, params)]

    def count(self) -> int:
        return int(self._db.scalar("SELECT count(*) FROM documents"))

    def versions(self, document_id: int) -> list[Version]:
        self.get(document_id)
        rows = self._db.query("SELECT number, size, sha256, created_at FROM versions"
                              " WHERE document_id = ? ORDER BY number", (document_id,))
        return [Version(r[0], r[1], bytes(r[2]), parse_time(r[3])) for r in rows]

    def all_tags(self) -> list[str]:
        return [r[0] for r in self._db.query("SELECT name FROM tags ORDER BY key")]

    # -- reading content ----------------------------------------------------------------------
    def open(self, document_id: int, *, version: int | None = None) -> BlobStream:
        """A seekable stream of the plaintext (decrypted in memory, chunk by chunk). Recorded in
        the audit log as one `document.open`. Close it when done."""
        stream = self._open_blob(document_id, version)
        try:
            with self._db.transaction():
                self._audit.record("document.open", document_id=document_id,
                                   case_id=self.get(document_id).case_id)
        except BaseException:
            stream.close()
            raise
        return stream

    def read_range(self, document_id: int, offset: int, length: int, *,
                   version: int | None = None) -> bytes:
        """Plaintext bytes [offset, offset+length) (not audited: use `open` for a viewing
        session and read ranges from its stream)."""
        with self._open_blob(document_id, version) as stream:
            return stream.reader.read_range(offset, length)

    def _open_blob(self, document_id: int, version: int | None) -> BlobStream:
        sql = ("SELECT blob_id, wrapped_key, size FROM versions WHERE document_id = ?"
               + (" AND number = ?" if version is not None else " ORDER BY number DESC LIMIT 1"))
        params = (document_id, version) if version is not None else (document_id,)
        row = self._db.query_one(sql, params)
        if row is None:
            if version is not None:
                self.get(document_id)
                raise InvalidValueError(f"Document {document_id} has no version {version}.")
            raise NotFoundError("document", document_id)
        return self._store.open_blob(row[0], bytes(row[1]), row[2], document_id)

    # -- editing ------------------------------------------------------------------------------
    def rename(self, document_id: int, name: str) -> Document:
        return self._update(document_id, "name", clean_name(name, "document name"))

    def set_notes(self, document_id: int, notes: str) -> Document:
        return self._update(document_id, "notes", clean_notes(notes))

    def _update(self, document_id: int, column: str, value: str) -> Document:
        assert column in ("name", "notes")
        doc = self.get(document_id)
        with self._db.transaction():
            self._db.execute(f"UPDATE documents SET {column} = ? WHERE id = ?", (value, document_id))
            index_document(self._db, document_id)
            self._audit.record("document.update", document_id=document_id, case_id=doc.case_id)
        return self.get(document_id)

    def set_tags(self, document_id: int, tags: Iterable[str]) -> Document:
        """Replace the document's tags (a tag no document uses any more disappears)."""
        doc = self.get(document_id)
        wanted = {tag_key(t): t for t in (clean_tag(x) for x in tags)}
        with self._db.transaction():
            old = [r[0] for r in self._db.query(
                "SELECT tag_id FROM document_tags WHERE document_id = ?", (document_id,))]
            self._db.execute("DELETE FROM document_tags WHERE document_id = ?", (document_id,))
            link_tags(self._store, document_id, wanted.values())
            prune_unused_tags(self._store, old)
            index_document(self._db, document_id)
            self._audit.record("document.tags", document_id=document_id, case_id=doc.case_id)
        return self.get(document_id)

    def add_tags(self, document_id: int, tags: Iterable[str]) -> Document:
        return self.set_tags(document_id, [*self.get(document_id).tags, *tags])

    def remove_tags(self, document_id: int, tags: Iterable[str]) -> Document:
        drop = {tag_key(clean_tag(t)) for t in tags}
        return self.set_tags(document_id,
                             [t for t in self.get(document_id).tags if tag_key(t) not in drop])

    def move(self, document_id: int, case_id: int | None) -> Document:
        """File the document in another case (None: in no case). Refused out of a held case."""
        doc = self.get(document_id)
        with self._db.transaction():
            check_not_held(self._store, doc.case_id)
            if case_id is not None and self._db.scalar(
                    "SELECT 1 FROM cases WHERE id = ?", (case_id,)) is None:
                raise NotFoundError("case", case_id)
            self._db.execute("UPDATE documents SET case_id = ? WHERE id = ?",
                             (case_id, document_id))
            index_document(self._db, document_id)
            self._audit.record("document.move", document_id=document_id, case_id=case_id)
        return self.get(document_id)

    # -- deleting -----------------------------------------------------------------------------
    def delete(self, document_id: int) -> None:
        self.delete_many([document_id])

    def delete_many(self, document_ids: Iterable[int]) -> int:
        """Crypto-shred documents (all or none: a held or unknown one stops the batch)."""
        ids = list(dict.fromkeys(document_ids))
        with self._db.transaction():
            for doc_id in ids:
                check_not_held(self._store, self.get(doc_id).case_id)
            blob_ids = delete_document_rows(self._store, self._audit, ids)
        finish_shredding(self._store, blob_ids)
        return len(ids)

    # -- exporting ----------------------------------------------------------------------------
    def export(self, document_id: int, destination: Path, *, version: int | None = None,
               overwrite: bool = False, progress: Progress | None = None,
               cancel: Cancel | None = None) -> Path:
        """Write the plaintext to `destination` (see module doc); returns the final path.

        Refused (`PolicyRefusal`, nothing written) where the workstation policy forbids export.
        """
        require_export_allowed()
        dest = Path(destination)
        if dest.resolve().is_relative_to(self._store.vault_dir.resolve()):
            raise ExportError("Exports cannot be written inside the vault folder; choose another.")
        if dest.is_dir():
            raise ExportError("The export destination is a folder; choose a file name.")
        if not dest.parent.is_dir():
            raise ExportError("The folder chosen for the export does not exist.")
        if dest.exists() and not overwrite:
            raise ExportError("The chosen export file already exists; it was not overwritten.")
        expected = self._expected_hash(document_id, version)
        with self._open_blob(document_id, version) as stream:
            _write_verified(stream, dest, expected, document_id, progress, cancel)
        with self._db.transaction():
            self._audit.record("document.export", document_id=document_id,
                               case_id=self.get(document_id).case_id)
        return dest

    def _expected_hash(self, document_id: int, version: int | None) -> bytes:
        if version is None:
            return self.get(document_id).sha256
        row = self._db.query_one("SELECT sha256 FROM versions WHERE document_id = ? AND number = ?",
                                 (document_id, version))
        if row is None:
            self.get(document_id)
            raise InvalidValueError(f"Document {document_id} has no version {version}.")
        return bytes(row[0])


def link_tags(store: Store, document_id: int, tags: Iterable[str]) -> None:
    """Attach cleaned tag names to a document, creating tags as needed (in a transaction)."""
    for name in tags:
        key = tag_key(name)
        store.db.execute("INSERT INTO tags (name, key) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                         (name, key))
        tag_id = store.db.scalar("SELECT id FROM tags WHERE key = ?", (key,))
        store.db.execute("INSERT OR IGNORE INTO document_tags (document_id, tag_id) VALUES (?, ?)",
                         (document_id, tag_id))


def index_batch(db: Database, unindexed: list[tuple[int, str]]) -> None:
    """Index the documents of an import batch, newest first. Their FTS rowids are the negated
    ids, and FTS5 writes its pending terms to disk whenever a rowid is not above the previous
    one: indexed as imported (descending rowids), each document cost a flush, 2 ms; in
    ascending rowid order, the batch is written once."""
    for doc_id, text in sorted(unindexed, reverse=True):
        index_document(db, doc_id, body=text)


def _write_verified(stream: BlobStream, dest: Path, expected: bytes, document_id: int,
                    progress: Progress | None, cancel: Cancel | None) -> None:
    tmp = dest.parent / f".scelle-export-{secrets.token_hex(8)}.part"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    except OSError as exc:
        raise ExportError(f"The export file cannot be created ({exc.strerror}).") from None
    try:
        with os.fdopen(fd, "wb") as out:
            digest = hashlib.sha256()
            for plain in stream.reader.iter_chunks(progress, cancel):
                digest.update(plain)
                out.write(plain)
            if digest.digest() != expected:
                raise CorruptBlobError(document_id, "its content does not match the recorded SHA-256")
            fsync_file(out)
        os.replace(tmp, dest)
        fsync_directory(dest.parent)
    except BaseException as exc:  # cancel, damage, disk full…: no partial plaintext remains
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise ExportError(f"The export could not be written ({exc.strerror}).") from None
        raise
