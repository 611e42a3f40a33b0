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
from app.search import unindex_document
from storage.store import Store


def delete_document_rows(store: Store, audit: AuditLog, document_ids: Iterable[int]) -> list[str]:
    """Phase 1 (in a transaction). Returns the blob ids to pass to `finish_shredding`."""
    db = store.db
    blob_ids: list[str] = []
    with db.transaction():
        for doc_id in document_ids:
            case_id = db.scalar("SELECT case_id FROM documents WHERE id = ?", (doc_id,))
            blob_ids += [r[0] for r in db.query(
                "SELECT blob_id FROM versions WHERE document_id = ?", (doc_id,))]
            tag_ids = [r[0] for r in db.query(
                "SELECT tag_id FROM document_tags WHERE document_id = ?", (doc_id,))]
            unindex_document(db, doc_id)
            db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))  # cascades
            prune_unused_tags(store, tag_ids)
            audit.record("document.delete", document_id=doc_id, case_id=case_id)
        store.forget_blobs(blob_ids)
    return blob_ids


def finish_shredding(store: Store, blob_ids: list[str]) -> None:
    """Phase 2 (after the commit)."""
    store.purge_blobs(blob_ids)


def prune_unused_tags(store: Store, tag_ids: Iterable[int]) -> None:
    for tag_id in tag_ids:
        store.db.execute(
            "DELETE FROM tags WHERE id = ? AND NOT EXISTS"
            " (SELECT 1 FROM document_tags WHERE tag_id = ?)",
            (tag_id, tag_id),
        )
