"""Writing one new blob, crash-safely. Used as a context manager by `Store.new_blob()`:

```python
with store.new_blob() as intake:
    intake.write_from(stream, expected_size=n, progress=cb, cancel=flag)
    blob = intake.finish()          # sealed, fsynced, still in staging/
    text = extract(intake.open_staged())   # optional: read it back (decrypting in memory)
    intake.publish()                # journal entry committed, then renamed into blobs/
    with store.db.transaction():
        ...insert the version row using blob.blob_id, blob.wrapped_key, blob.size, blob.sha256...
        intake.settle()             # journal entry removed in the same transaction
```

Leaving the block any other way (exception, cancel, forgotten `settle()`) removes whatever was
written unless a version row references it. A killed process is handled by `BlobJournal.recover`
and `Staging.empty` at the next open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from crypto.sealed.pipeline import ContentHasher

from storage.blobs.errors import CancelledError, SizeMismatchError
from storage.blobs.format import DEFAULT_CHUNK_SIZE, BlobReader, BlobWriter, Cancel, Progress
from storage.blobs.journal import BlobJournal
from storage.blobs.keys import new_data_key, wrap_data_key
from storage.blobs.pump import PUMP_MIN_SIZE, pump
from storage.blobs.store import BlobStore, new_blob_id
from storage.blobs.stream import BlobStream
from storage.db import Database
from storage.staging import Staging, fsync_file


@dataclass(frozen=True)
class StoredBlob:
    blob_id: str  # 32 hex digits
    size: int
    sha256: bytes
    wrapped_key: bytes = field(repr=False)


def _close_file(file: BinaryIO, durable: bool, _nothing: object = None) -> None:
    try:
        if durable:
            fsync_file(file)
    finally:
        file.close()


class BlobIntake:
    def __init__(
        self,
        db: Database,
        staging: Staging,
        blobs: BlobStore,
        journal: BlobJournal,
        kwk: bytes,
        blob_id: bytes | None = None,
    ) -> None:
        self._db, self._staging, self._blobs, self._journal = db, staging, blobs, journal
        self._id = blob_id if blob_id is not None else new_blob_id()
        self.blob_id = self._id.hex()
        self._key = new_data_key()
        self._wrapped = wrap_data_key(kwk, self._key, self._id)
        self._path: Path | None = None
        self._file: BinaryIO | None = None
        self._writer: BlobWriter | None = None
        self._result: StoredBlob | None = None
        self._pumped: tuple[int, bytes] | None = None  # (size, SHA-256) when pump() wrote it
        self._pipe: ContentHasher | None = None  # see write_through()
        self._published = False
        self._settled = False

    def __enter__(self) -> BlobIntake:
        self._path, self._file = self._staging.new_file()
        self._writer = BlobWriter(self._file, self._key, self._id)
        return self

    # -- writing ------------------------------------------------------------------------------
    def write(self, data: bytes | bytearray | memoryview) -> None:
        assert self._writer is not None, "use BlobIntake as a context manager"
        self._writer.write(data)

    def write_from(
        self,
        stream: BinaryIO,
        *,
        expected_size: int | None = None,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> int:
        """Copy `stream` to the end (checking `expected_size` if given); return bytes copied."""
        assert self._writer is not None, "use BlobIntake as a context manager"
        if expected_size is None or expected_size >= PUMP_MIN_SIZE:
            self._pumped = pump(stream, self._writer, expected_size=expected_size,
                                progress=progress, cancel=cancel)
            return self._pumped[0]
        return self._copy_small(stream, expected_size, progress, cancel)

    def _copy_small(self, stream: BinaryIO, expected_size: int, progress: Progress | None,
                    cancel: Cancel | None) -> int:
        done = 0
        while True:
            if cancel is not None and cancel():
                raise CancelledError()
            data = stream.read(DEFAULT_CHUNK_SIZE)
            if not data:
                break
            done += len(data)
            if done > expected_size:
                raise SizeMismatchError(expected_size, done)
            self.write(data)
            if progress is not None:
                progress(done, expected_size)
        if done != expected_size:
            raise SizeMismatchError(expected_size, done)
        return done

    def write_through(self, pipe: ContentHasher) -> None:
        """Before any write: the sealed chunks are written by `pipe`'s output thread, and so
        are the fsync and close of `finish()`; the caller drains `pipe` before `publish()`."""
        assert self._writer is not None, "use BlobIntake as a context manager"
        self._writer.write_through(pipe)
        self._pipe = pipe

    def hash_elsewhere(self) -> None:
        """Before any write: the caller gives the plaintext's SHA-256 to `finish(digest=…)`,
        a value it has verified (BlobWriter.hash_elsewhere); the blob is not hashed twice."""
        assert self._writer is not None, "use BlobIntake as a context manager"
        self._writer.hash_elsewhere()

    def finish(self, *, durable: bool = True, digest: bytes | None = None) -> StoredBlob:
        """Seal the last chunk and fsync the staging file. `durable=False` leaves the fsync to
        the caller: a batch makes all its files durable in one pass (storage/blobs/batch.py).
        `digest`: exactly after `hash_elsewhere()`."""
        assert self._writer is not None and self._file is not None
        if self._pumped is not None:
            size, digest = self._pumped
        else:
            size, digest = self._writer.finish(digest)
        if self._pipe is not None:  # after the queued writes, on the output thread
            self._pipe.output(partial(_close_file, self._file, durable))
        else:
            _close_file(self._file, durable)
        self._result = StoredBlob(self.blob_id, size, digest, self._wrapped)
        return self._result

    @property
    def head(self) -> bytes:
        """The first 16 plaintext bytes (kept while writing: no read-back to sniff a type)."""
        assert self._writer is not None
        return self._writer.head

    @property
    def staged_path(self) -> Path:
        assert self._path is not None
        return self._path

    def open_staged(self, document_id: int | None = None) -> BlobStream:
        """Read back the finished staging file (authenticated, decrypted in memory only)."""
        assert self._result is not None and self._path is not None, "finish() first"
        fh = self._path.open("rb")
        reader = BlobReader(fh, self._key, self._id, size=self._result.size, document_id=document_id)
        return BlobStream(reader, owner=fh)

    # -- committing ---------------------------------------------------------------------------
    def publish(self) -> None:
        """Commit the journal entry, then rename the blob into blobs/ (must be outside any
        transaction: the entry has to be durable before the file appears)."""
        assert self._result is not None and self._path is not None, "finish() first"
        if self._db.in_transaction:
            raise RuntimeError("publish() must run outside a transaction")
        self._journal.announce([self.blob_id])
        self._blobs.publish(self._path, self.blob_id)
        self._published = True

    def mark_published(self) -> None:
        """For a batch: its id was announced beforehand and it moved the file itself."""
        self._published = True

    def settle(self) -> None:
        """Clear the journal entry; call inside the transaction that inserts the version row."""
        if not self._published:
            raise RuntimeError("publish() first")
        if not self._db.in_transaction:
            raise RuntimeError("settle() must run in the transaction that references the blob")
        self._journal.settle([self.blob_id])
        self._settled = True

    def settle_done(self) -> None:
        """For a batch, after the commit that settled its ids: the blob is live; close."""
        self._settled = True
        self.__exit__(None, None, None)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._file is not None and not self._file.closed:
            self._file.close()
        if self._settled and exc_type is None:
            return
        self._discard()

    def _discard(self) -> None:
        # Referenced means the version row committed: the blob is live, only the journal row
        # may need clearing. Otherwise remove every trace of it.
        referenced = self._db.scalar("SELECT 1 FROM versions WHERE blob_id = ?", (self.blob_id,))
        if self._published:
            if not referenced:
                self._blobs.remove(self.blob_id)
            self._journal.settle([self.blob_id])
        elif self._path is not None:
            self._path.unlink(missing_ok=True)
