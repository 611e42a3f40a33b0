"""Writing many blobs with one journal commit, one durability pass and one document commit.

One document imported alone costs two commits (journal entry, then the document) and three
fsyncs (staging file, blob folder, plus the commits'). For a folder of small files these syncs
are the whole cost. A batch keeps the protocol of storage/blobs/intake.py, once for N blobs:

```python
with store.new_batch(capacity) as batch:       # 1. `capacity` blob ids announced, one commit
    with store.db.transaction():               # 2. one transaction for the whole batch
        for each file:
            intake = batch.new_blob()          #    a reserved id; sealed into staging/,
            ...write, intake.finish(durable=False), insert the rows...   (not fsynced yet)
        batch.publish()                        # 3. one sync pass over the staging files,
                                               #    renames into blobs/, one pass over folders
        batch.settle()                         # 4. every reserved id leaves the journal
                                               # 5. COMMIT: all documents at once
```

Every blob file enters `blobs/` only after its id is durably in the journal (1) and its content
is durable (3); the rows that reference it and the removal of the journal entries commit
together (5). So a process killed at any moment leaves, at the next open, either the whole
batch (committed) or none of it: `Staging.empty` removes the staging files and
`BlobJournal.recover` unlinks every announced blob no version references. Reserved ids that
were never used are plain journal entries without a file, cleared the same way.
"""

from __future__ import annotations

import os
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType

from storage.blobs.intake import BlobIntake
from storage.blobs.journal import BlobJournal
from storage.blobs.store import BlobStore, new_blob_id
from storage.db import Database
from storage.staging import Staging, sync_paths


class BlobBatch:
    """Up to `capacity` new blobs published together; use through `Store.new_batch()`."""

    def __init__(self, db: Database, staging: Staging, blobs: BlobStore, journal: BlobJournal,
                 kwk: bytes, capacity: int) -> None:
        if db.in_transaction:
            raise RuntimeError("a batch announces its ids outside any transaction")
        self._db, self._staging, self._blobs, self._journal = db, staging, blobs, journal
        self._kwk = kwk
        self._free = [new_blob_id() for _ in range(capacity)]
        self._reserved = [b.hex() for b in self._free]
        self._intakes: list[BlobIntake] = []
        self._settled = False
        # Opened before any file is written so that syncfs reports their write-back errors.
        self._anchor: int | None = os.open(staging.path, os.O_RDONLY)
        try:
            self._journal.announce(self._reserved)
        except BaseException:
            os.close(self._anchor)
            raise
        # File creation is the costliest step per small blob: a helper thread does it ahead.
        self._ahead: ExitStack | None = ExitStack()
        self._ahead.enter_context(staging.files_ahead(capacity))

    @property
    def room(self) -> int:
        """How many more blobs this batch can take."""
        return len(self._free)

    def new_blob(self) -> BlobIntake:
        """A started intake (context entered) with a reserved id. On the file's own failure
        call `drop(intake, exc)`; otherwise it stays in the batch."""
        if not self._free:
            raise RuntimeError("the batch is full")
        intake = BlobIntake(self._db, self._staging, self._blobs, self._journal, self._kwk,
                            blob_id=self._free.pop())
        intake.__enter__()
        self._intakes.append(intake)
        return intake

    def drop(self, intake: BlobIntake, exc: BaseException) -> None:
        """Forget one blob whose file failed (its staging file is removed at once)."""
        self._intakes.remove(intake)
        intake.__exit__(type(exc), exc, exc.__traceback__)

    def publish(self) -> None:
        """Make every staged file durable, move them into blobs/, make the moves durable."""
        self._stop_ahead()  # no new blob after this; leftovers go before the sync pass
        sync_paths(self._anchor, [i.staged_path for i in self._intakes])
        folders: set[Path] = set()
        for intake in self._intakes:
            folders.update(self._blobs.move_in(intake.staged_path, intake.blob_id))
            intake.mark_published()
        sync_paths(self._anchor, sorted(folders))

    def settle(self) -> None:
        """In the transaction that inserts the version rows: clear every reserved id."""
        if not self._db.in_transaction:
            raise RuntimeError("settle() must run in the transaction that references the blobs")
        self._journal.settle(self._reserved)
        self._settled = True

    def _stop_ahead(self) -> None:
        if self._ahead is not None:
            ahead, self._ahead = self._ahead, None
            ahead.close()

    def __enter__(self) -> BlobBatch:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            if self._settled and exc_type is None:
                for intake in self._intakes:
                    intake.settle_done()
                return
            # Rolled back or never committed: remove each file; then the unused reservations.
            for intake in self._intakes:
                intake.__exit__(exc_type, exc, tb)
            self._journal.settle(self._reserved)
        finally:
            self._stop_ahead()
            if self._anchor is not None:
                os.close(self._anchor)
                self._anchor = None
