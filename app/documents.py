"""Documents: reading, editing their metadata, exporting and deleting them.

(Importing is in app/importer.py.) A document has a name, a media type, notes, tags, an optional
case, created/imported times and one or more versions; its size and SHA-256 are those of its
latest version. Content is read as a seekable stream (`open`) decrypted chunk by chunk, or as
byte ranges (`read_range`), so a viewer can render pages without decrypting the whole file.

`export` is the only place where plaintext reaches the disk, at a path the user chose, and only
where the workstation policy allows export (docs/security.md): written to a hidden temporary
file next to it (crypto/durable.py), checked against the recorded SHA-256, fsynced, then moved
to the final name (replacing a file there only when asked to overwrite). On any failure the
temporary file is removed and nothing appears under the final name.

`delete` crypto-shreds (see app/shredding.py); legal hold blocks it (`LegalHoldError`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO, Literal

from app.audit import AuditLog
from app.cases import check_not_held
from app.policy import require_export_allowed as require_policy_export
from app.records import (
    InvalidValueError,
    NotFoundError,
    clean_name,
    clean_notes,
    clean_tag,
    tag_key,
)
from app.records import cases as case_records
from app.records import documents as records
from app.records.documents import Document, Version  # re-exported: the faces' types
from app.search import index_document
from app.shredding import delete_document_rows, finish_shredding
from crypto.age import write_all
from crypto.durable import new_file
from crypto.errors import ScelleError
from storage.blobs import BlobStream, Cancel, CorruptBlobError, Progress
from storage.store import Store


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


class Documents:
    def __init__(self, store: Store, audit: AuditLog) -> None:
        self._store = store
        self._db = store.db
        self._audit = audit

    # -- reading metadata ---------------------------------------------------------------------
    def get(self, document_id: int) -> Document:
        document = records.get(self._db, document_id)
        if document is None:
            raise NotFoundError("document", document_id)
        return document

    def list(self, *, case_id: int | None = None, unfiled: bool = False, tag: str | None = None,
             limit: int | None = None, offset: int = 0) -> list[Document]:
        """Documents by name; filter by case, by "no case" (`unfiled`), or by tag."""
        return records.listed(self._db, case_id=case_id, unfiled=unfiled,
                              tag=None if tag is None else clean_tag(tag), limit=limit,
                              offset=offset)

    def count(self) -> int:
        return records.count(self._db)

    def versions(self, document_id: int) -> list[Version]:
        self.get(document_id)
        return records.versions(self._db, document_id)

    def all_tags(self) -> list[str]:
        return records.tag_names(self._db)

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
        blob = records.blob_of(self._db, document_id, version)
        if blob is None:
            if version is not None:
                self.get(document_id)
                raise InvalidValueError(f"Document {document_id} has no version {version}.")
            raise NotFoundError("document", document_id)
        return self._store.open_blob(blob.blob_id, blob.wrapped_key, blob.size, document_id)

    # -- editing ------------------------------------------------------------------------------
    def rename(self, document_id: int, name: str) -> Document:
        return self._update(document_id, "name", clean_name(name, "document name"))

    def set_notes(self, document_id: int, notes: str) -> Document:
        return self._update(document_id, "notes", clean_notes(notes))

    def _update(self, document_id: int, column: Literal["name", "notes"], value: str) -> Document:
        doc = self.get(document_id)
        with self._db.transaction():
            records.set_text(self._db, document_id, column, value)
            index_document(self._db, document_id)
            self._audit.record("document.update", document_id=document_id, case_id=doc.case_id)
        return self.get(document_id)

    def set_tags(self, document_id: int, tags: Iterable[str]) -> Document:
        """Replace the document's tags (a tag no document uses any more disappears)."""
        doc = self.get(document_id)
        wanted = {tag_key(t): t for t in (clean_tag(x) for x in tags)}
        with self._db.transaction():
            old = records.tag_ids_of(self._db, document_id)
            records.unlink_tags(self._db, document_id)
            records.link_tags(self._db, document_id, wanted.values())
            records.prune_unused_tags(self._db, old)
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
            if case_id is not None and not case_records.exists(self._db, case_id):
                raise NotFoundError("case", case_id)
            records.set_case(self._db, document_id, case_id)
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
            _write_verified(stream, dest, expected, document_id, overwrite, progress, cancel)
        with self._db.transaction():
            self._audit.record("document.export", document_id=document_id,
                               case_id=self.get(document_id).case_id)
        return dest

    def export_to_stream(self, document_id: int, sink: BinaryIO, *, version: int | None = None,
                         progress: Progress | None = None, cancel: Cancel | None = None) -> None:
        """Write the plaintext to `sink` (standard output, `export -o -`), policy permitting.

        A stream cannot take back what it received: the SHA-256 is checked at the end, and a
        mismatch raises CorruptBlobError after the damaged content went out. The export is
        audited before the first byte, since even an interrupted one has let plaintext out.
        """
        require_export_allowed()
        expected = self._expected_hash(document_id, version)
        with self._open_blob(document_id, version) as stream:
            with self._db.transaction():
                self._audit.record("document.export", document_id=document_id,
                                   case_id=self.get(document_id).case_id)
            digest = hashlib.sha256()
            for plain in stream.reader.iter_chunks(progress, cancel):
                digest.update(plain)
                write_all(sink, plain)
        if digest.digest() != expected:
            raise CorruptBlobError(document_id, "its content does not match the recorded SHA-256")

    def _expected_hash(self, document_id: int, version: int | None) -> bytes:
        if version is None:
            return self.get(document_id).sha256
        sha256 = records.version_sha256(self._db, document_id, version)
        if sha256 is None:
            self.get(document_id)
            raise InvalidValueError(f"Document {document_id} has no version {version}.")
        return sha256


def _write_verified(stream: BlobStream, dest: Path, expected: bytes, document_id: int,
                    replace: bool, progress: Progress | None, cancel: Cancel | None) -> None:
    started = False  # whether the temporary file exists: the two failures are told apart
    try:  # cancel, damage, disk full…: new_file leaves no partial plaintext behind
        with new_file(dest, replace=replace) as out:
            started = True
            digest = hashlib.sha256()
            for plain in stream.reader.iter_chunks(progress, cancel):
                digest.update(plain)
                write_all(out, plain)
            if digest.digest() != expected:
                raise CorruptBlobError(document_id,
                                       "its content does not match the recorded SHA-256")
    except FileExistsError:  # appeared since the check in `export`
        raise ExportError("The chosen export file already exists; it was not overwritten.") \
            from None
    except OSError as exc:
        if not started:
            raise ExportError(f"The export file cannot be created ({exc.strerror}).") from None
        raise ExportError(f"The export could not be written ({exc.strerror}).") from None
