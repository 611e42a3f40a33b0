"""The blob journal: the `blob_journal` table lists blobs whose fate is undecided.

Import:  staging file fsynced → `announce(id)` committed → rename into blobs/ → the version row is
         inserted and `settle(id)` runs in the same transaction.
Delete:  version rows deleted and `announce(ids)` in one transaction (the crypto-shred) →
         blob files unlinked → `settle(ids)`.
Open:    `recover()` unlinks every announced blob that no version references and clears the
         journal. So a crash between any two steps leaves neither a half-imported document nor an
         orphan file, and the order of operations never leaves a version row without its file.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from storage.blobs.store import BlobStore, is_blob_id
from storage.db import Database


class BlobJournal:
    def __init__(self, db: Database, blobs: BlobStore) -> None:
        self._db = db
        self._blobs = blobs

    def announce(self, blob_ids: Iterable[str]) -> None:
        """Record ids as undecided (joins the caller's transaction, or commits its own)."""
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        with self._db.transaction():
            self._db.executemany(
                "INSERT OR IGNORE INTO blob_journal (blob_id, since) VALUES (?, ?)",
                [(b, now) for b in blob_ids],
            )

    def settle(self, blob_ids: Iterable[str]) -> None:
        with self._db.transaction():
            self._db.executemany(
                "DELETE FROM blob_journal WHERE blob_id = ?", [(b,) for b in blob_ids]
            )

    def pending(self) -> list[str]:
        return [r[0] for r in self._db.query("SELECT blob_id FROM blob_journal ORDER BY blob_id")]

    def recover(self) -> int:
        """Resolve every journal entry left by an interrupted operation; return files removed."""
        removed = 0
        for blob_id in self.pending():
            referenced = self._db.scalar("SELECT 1 FROM versions WHERE blob_id = ?", (blob_id,))
            if not referenced and is_blob_id(blob_id) and self._blobs.remove(blob_id):
                removed += 1
            self.settle([blob_id])
        return removed
