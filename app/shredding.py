"""Deleting documents by crypto-shredding, in two phases around one commit.

Phase 1, `delete_document_rows` (inside the caller's transaction): the documents, their
versions (with each version's wrapped data key), tag links and index rows are deleted; tags no
longer used by any document go too (a tag name can itself be a secret); the blobs are entered in
the blob journal; one audit entry per document. When this transaction commits, with
`secure_delete` on, the data keys are overwritten in the database: from then on the blobs, and
any copy of them in a backup, are undecryptable even with the VMK.

Phase 2, `finish_shredding` (after the commit): checkpoint+truncate the WAL so no page image
holding a key stays in the live WAL file, unlink the blob files, clear their journal entries. A
crash between the phases is completed at the next open by the blob journal.

The full-text tables have FTS5's `secure-delete` option on: deleting a row removes its words
from the index b-tree at once (rather than leaving them in older segments behind tombstones), so
nothing of a deleted document's name, notes, tags or text stays in the index either.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.audit import AuditLog
from app.records import documents as records
from app.search import unindex_document
from storage.store import Store


def delete_document_rows(store: Store, audit: AuditLog, document_ids: Iterable[int]) -> list[str]:
    """Phase 1 (in a transaction). Returns the blob ids to pass to `finish_shredding`."""
    db = store.db
    blob_ids: list[str] = []
    with db.transaction():
        for doc_id in document_ids:
            case_id = records.case_of(db, doc_id)
            blob_ids += records.blob_ids_of(db, doc_id)
            tag_ids = records.tag_ids_of(db, doc_id)
            unindex_document(db, doc_id)
            records.delete(db, doc_id)  # versions (and their keys) and tag links cascade
            records.prune_unused_tags(db, tag_ids)
            audit.record("document.delete", document_id=doc_id, case_id=case_id)
        store.forget_blobs(blob_ids)
    return blob_ids


def finish_shredding(store: Store, blob_ids: list[str]) -> None:
    """Phase 2 (after the commit)."""
    store.purge_blobs(blob_ids)
