"""Importing content into the vault: from a stream, a file, or a whole folder.

One piece of content follows the blob-intake protocol (storage/blobs/intake.py): sealed into
`staging/` in constant memory (SHA-256 on a second thread), fsynced, read back only if it is a
PDF (text extracted in memory), published into `blobs/` behind a journal entry, then its rows,
index and audit entry are committed in one transaction. A folder's small files go by batches
(storage/blobs/batch.py): one journal commit, one sync pass and one commit per batch. Killed at
any point, the vault reopens with each document (each batch) whole or without a trace of it;
plaintext never touches the vault's disk.

`import_stream(name, size, media_type, stream, case=…)` is what the sealed-file receiver calls.
Progress callbacks get (bytes done, bytes total); `cancel()` returning True stops at the next
chunk and raises `CancelledError` with nothing kept. `import_folder` on cancel stops and reports
what was already imported (each complete).
"""

from __future__ import annotations

import contextlib
import io
import mimetypes
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from app.audit import AuditLog
from app.cases import Case, Cases
from app.documents import Document, Documents
from app.import_rows import BatchRows, write_document
from app.import_sources import ImportSourceError, Source, open_source, walk
from app.pdftext import extract_text, looks_like_pdf
from app.records import (
    InvalidValueError,
    clean_name,
    clean_notes,
    clean_tag,
    now_text,
    tag_key,
    time_text,
)
from app.records import documents as records
from app.records.documents import version_row
from app.search import MAX_BODY_CHARS, index_document
from storage.blobs import (BlobBatch, BlobIntake, Cancel, CancelledError, Progress,
                           SizeMismatchError, StoredBlob)
from storage.blobs.pump import PUMP_MIN_SIZE
from storage.store import Store

_MEDIA_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]{0,62}/[a-z0-9][a-z0-9!#$&^_.+-]{0,62}")
_MAGIC = ((b"%PDF-", "application/pdf"), (b"\x89PNG\r\n\x1a\n", "image/png"),
          (b"\xff\xd8\xff", "image/jpeg"))
DEFAULT_MEDIA_TYPE = "application/octet-stream"
#: (blob, head, PDF text, the rows of the batch it belongs to or None) -> document id
Register = Callable[[StoredBlob, bytes, str, "BatchRows | None"], int]
#: A folder's small files are committed by batches of at most this many files, or of what was
#: done in this many seconds (the batch's transaction holds the database lock meanwhile). Each
#: batch costs two commits and two sync passes (20 to 70 ms on the benchmark machine, when other
#: jobs write to the same disk), so the count is set high enough for the time to decide.
BATCH_FILES = 512
BATCH_SECONDS = 0.5


@dataclass(frozen=True)
class FolderProgress:
    files_done: int
    files_total: int
    bytes_done: int
    bytes_total: int
    current: str = field(repr=False)  # relative path of the file being imported


@dataclass
class FolderImportReport:
    case_id: int
    imported: list[int] = field(default_factory=list)  # document ids, in import order
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (relative path, reason)
    cancelled: bool = False


def guess_media_type(name: str, head: bytes = b"") -> str:
    for magic, media_type in _MAGIC:
        if head.startswith(magic):
            return media_type
    guessed, _ = mimetypes.guess_type(name, strict=False)
    return guessed or DEFAULT_MEDIA_TYPE


def _check_media_type(media_type: str) -> str:
    value = media_type.strip().lower() if isinstance(media_type, str) else ""
    if not _MEDIA_TYPE.fullmatch(value):
        raise InvalidValueError("The media type is not of the form type/subtype.")
    return value


class Importer:
    def __init__(self, store: Store, audit: AuditLog) -> None:
        self._store = store
        self._db = store.db
        self._audit = audit
        self._documents = Documents(store, audit)

    def import_stream(
        self, name: str, size: int | None, media_type: str | None, stream: BinaryIO, *,
        case: int | Case | None = None, tags: Iterable[str] = (), notes: str = "",
        created_at: datetime | None = None, progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> Document:
        """Import `size` bytes (None: up to EOF) read from `stream` as a new document.

        `media_type` None means guess from the name and the first bytes. Raises
        `SizeMismatchError` if the stream delivers another size, `CancelledError` on cancel,
        `NotFoundError` for an unknown case; nothing is kept in any of these cases.
        """
        case_id = case.id if isinstance(case, Case) else case
        if case_id is not None:
            Cases(self._store, self._audit).get(case_id)
        register, pdf_hint = self._new_document(name, media_type, case_id, tags, notes, created_at)
        doc_id = self._ingest(stream, size, pdf_hint, register, progress, cancel)
        return self._documents.get(doc_id)

    def _new_document(self, name: str, media_type: str | None, case_id: int | None,
                      tags: Iterable[str], notes: str, created_at: datetime | None,
                      ) -> tuple[Register, bool]:
        """Check a new document's metadata (before any byte is read); return the function that
        inserts its rows once its blob is written, and whether it may be a PDF."""
        name = clean_name(name, "document name")
        notes = clean_notes(notes)
        tag_names: dict[str, str] = {}
        for tag in map(clean_tag, tags):
            tag_names.setdefault(tag_key(tag), tag)  # first spelling wins
        if media_type is not None:
            media_type = _check_media_type(media_type)
        created = time_text(created_at) if created_at is not None else now_text()

        def register(blob: StoredBlob, head: bytes, text: str,
                     rows: BatchRows | None = None) -> int:
            now = now_text()
            document = (case_id, name, media_type or guess_media_type(name, head), notes,
                        created, now)
            if rows is not None:  # a batch inserts its rows together at its end
                return rows.add(document, blob, tag_names.values(), text)
            return write_document(self._store, self._audit, document, blob, tag_names.values(),
                                  text)

        return register, media_type in (None, "application/pdf")

    def add_version(self, document_id: int, size: int | None, stream: BinaryIO, *,
                    progress: Progress | None = None, cancel: Cancel | None = None) -> Document:
        """Store new content for an existing document (its older versions are kept)."""
        doc = self._documents.get(document_id)

        def register(blob: StoredBlob, head: bytes, text: str, _later: None = None) -> int:
            number = records.next_version_number(self._db, document_id)
            records.insert_version(self._db, version_row(document_id, number, blob, now_text()))
            index_document(self._db, document_id, body=text)
            self._audit.record("document.version", document_id=document_id, case_id=doc.case_id)
            return document_id

        pdf_hint = doc.media_type == "application/pdf"
        self._ingest(stream, size, pdf_hint, register, progress, cancel)
        return self._documents.get(document_id)

    def _ingest(self, stream: BinaryIO, size: int | None, pdf_hint: bool,
                register: Register,
                progress: Progress | None, cancel: Cancel | None) -> int:
        if size is not None and (not isinstance(size, int) or size < 0):
            raise InvalidValueError("The announced size must be a non-negative number of bytes.")
        with self._store.new_blob() as intake:
            blob, text = self._seal(intake, stream, size, pdf_hint, progress, cancel)
            intake.publish()
            with self._db.transaction():
                doc_id = register(blob, intake.head, text, None)
                intake.settle()
        return doc_id

    def _seal(self, intake: BlobIntake, stream: BinaryIO, size: int | None, pdf_hint: bool,
              progress: Progress | None, cancel: Cancel | None, *, durable: bool = True,
              ) -> tuple[StoredBlob, str]:
        """Write the content into staging; extract the text of a PDF (read back decrypted, in
        memory). Only a PDF is read back: the head sniffed for the media type was kept."""
        intake.write_from(stream, expected_size=size, progress=progress, cancel=cancel)
        blob = intake.finish(durable=durable)
        text = ""
        if pdf_hint and looks_like_pdf("", intake.head):
            with intake.open_staged() as staged:
                text = extract_text(staged, max_chars=MAX_BODY_CHARS, cancel=cancel)
        if cancel is not None and cancel():
            raise CancelledError()
        return blob, text

    @contextlib.contextmanager
    def stream_batch(self, capacity: int = BATCH_FILES) -> Iterator[StreamBatch]:
        """Import in-memory documents committed together (a broker's notices of a month): one
        blob journal commit, one sync pass and one database commit for up to `capacity`
        documents, in one transaction. `StreamBatch.add` returns each document's id; rows of
        the caller's that refer to them go in `StreamBatch.then`, run once the documents' rows
        are written, in the same transaction. A failure keeps nothing."""
        with self._store.new_batch(capacity) as batch, self._db.transaction():
            run = StreamBatch(self, batch, BatchRows.start(self._store, self._audit.batch()))
            yield run
            run.rows.write()
            for action in run.later:
                action()
            batch.publish()
            batch.settle()

    # -- files and folders --------------------------------------------------------------------
    def import_file(self, path: Path, *, case: int | Case | None = None, name: str | None = None,
                    tags: Iterable[str] = (), notes: str = "", progress: Progress | None = None,
                    cancel: Cancel | None = None) -> Document:
        """Import one regular file (its modification time becomes the document's created time)."""
        path = Path(path)
        fh, st = open_source(path)
        with fh:
            return self.import_stream(
                name if name is not None else path.name, st.st_size, None, Source(fh),
                case=case, tags=tags, notes=notes,
                created_at=datetime.fromtimestamp(st.st_mtime, UTC),
                progress=progress, cancel=cancel)

    def import_folder(self, folder: Path, *, case: int | Case | None = None,
                      tags: Iterable[str] = (),
                      progress: Callable[[FolderProgress], None] | None = None,
                      cancel: Cancel | None = None) -> FolderImportReport:
        """Import every regular file under `folder`, recursively, into a case (None: a new case
        named after the folder). Document names are the paths relative to `folder`. Symbolic
        links and special files are skipped; an unreadable file is skipped and reported."""
        folder = Path(folder)
        if not folder.is_dir():
            raise ImportSourceError("not a folder")
        files, skipped = walk(folder)
        cases = Cases(self._store, self._audit)
        case_id = (case.id if isinstance(case, Case) else case) if case is not None \
            else cases.create(folder.name or "Import").id
        cases.get(case_id)
        run = _FolderRun(files, FolderImportReport(case_id, skipped=skipped),
                         sum(size for _, _, size in files), progress, cancel)
        try:
            self._import_files(run, case_id, tags)
        except BaseException:
            # An unexpected failure (disk full, Ctrl-C) must not leave behind the empty case
            # this call created; documents already imported keep theirs.
            if case is None and not run.report.imported:
                # The original error is the one to report; a failing clean-up must not hide it.
                with contextlib.suppress(Exception):
                    cases.delete(case_id)
            raise
        return run.report

    def _import_files(self, run: _FolderRun, case_id: int, tags: Iterable[str]) -> None:
        index = 0
        while index < len(run.files) and not run.report.cancelled:
            if run.files[index][2] >= PUMP_MIN_SIZE:  # a large file: alone, pipelined
                index = self._import_alone(run, index, case_id, tags)
            else:
                index = self._import_batch(run, index, case_id, tags)

    def _import_alone(self, run: _FolderRun, index: int, case_id: int,
                      tags: Iterable[str]) -> int:
        path, rel, _size = run.files[index]
        if not run.cancelled():
            run.attempt(index, lambda: self.import_file(
                path, case=case_id, name=rel, tags=tags, progress=run.file_progress(index),
                cancel=run.cancel).id)
        return index + 1

    def _import_batch(self, run: _FolderRun, index: int, case_id: int,
                      tags: Iterable[str]) -> int:
        """Import small files from `index` in one batch (storage/blobs/batch.py): one journal
        commit, one sync pass, one document commit. The transaction is open while the files
        are sealed (the batch's document ids are taken in it) and their rows are written at its
        end (app/import_rows.py); it is kept short (BATCH_FILES, BATCH_SECONDS) because it
        holds the database lock."""
        deadline = time.monotonic() + BATCH_SECONDS
        with self._store.new_batch(BATCH_FILES) as batch:
            with self._db.transaction():
                rows = BatchRows.start(self._store, self._audit.batch())
                while (index < len(run.files) and batch.room and time.monotonic() < deadline
                       and run.files[index][2] < PUMP_MIN_SIZE and not run.cancelled()):
                    run.attempt(index, lambda: self._batch_file(
                        batch, run, index, case_id, tags, rows))
                    index += 1
                rows.write()
                batch.publish()
                batch.settle()
        return index

    def _batch_file(self, batch: BlobBatch, run: _FolderRun, index: int, case_id: int,
                    tags: Iterable[str], rows: BatchRows) -> int:
        path, rel, _size = run.files[index]
        fh, st = open_source(path)
        with fh:
            register, pdf_hint = self._new_document(
                rel, None, case_id, tags, "", datetime.fromtimestamp(st.st_mtime, UTC))
            intake = batch.new_blob()
            try:
                blob, text = self._seal(intake, Source(fh), st.st_size, pdf_hint,
                                        run.file_progress(index), run.cancel, durable=False)
            except BaseException as exc:
                batch.drop(intake, exc)
                raise
        return register(blob, intake.head, text, rows)


@dataclass
class _FolderRun:
    """The state of one folder import: files to do, report, progress and cancel."""

    files: list[tuple[Path, str, int]]
    report: FolderImportReport
    total: int
    progress: Callable[[FolderProgress], None] | None
    cancel: Cancel | None
    done_bytes: int = 0

    def cancelled(self) -> bool:
        if self.cancel is not None and self.cancel():
            self.report.cancelled = True
        return self.report.cancelled

    def attempt(self, index: int, action: Callable[[], int]) -> None:
        """Import one file; a failure of this file only (unreadable, changed while read, badly
        named) is reported and skipped."""
        try:
            self.report.imported.append(action())
        except CancelledError:
            self.report.cancelled = True
        except (ImportSourceError, SizeMismatchError, InvalidValueError) as exc:
            self.report.skipped.append((self.files[index][1], str(exc)))
        self.done_bytes += self.files[index][2]

    def file_progress(self, index: int) -> Progress:
        base, rel = self.done_bytes, self.files[index][1]

        def report(done: int, _total: int) -> None:
            if self.progress is not None:
                self.progress(FolderProgress(index, len(self.files), base + done, self.total, rel))

        return report


@dataclass
class StreamBatch:
    """The documents of one `Importer.stream_batch`, and what to write once they exist."""

    importer: Importer
    batch: BlobBatch
    rows: BatchRows
    later: list[Callable[[], object]] = field(default_factory=list)

    def add(self, name: str, data: bytes, media_type: str, *, case: int | None = None,
            tags: Iterable[str] = ()) -> int:
        register, pdf_hint = self.importer._new_document(name, media_type, case, tags, "", None)
        intake = self.batch.new_blob()
        try:
            blob, text = self.importer._seal(intake, io.BytesIO(data), len(data), pdf_hint,
                                             None, None, durable=False)
        except BaseException as exc:
            self.batch.drop(intake, exc)
            raise
        return register(blob, intake.head, text, self.rows)

    def then(self, action: Callable[[], object]) -> None:
        self.later.append(action)
