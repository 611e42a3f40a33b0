"""The database rows of imported documents, and how a folder import's batch writes them.

A document imported alone inserts its rows at once (app/importer.py). A batch of a folder's
small files (storage/blobs/batch.py) notes each document's rows while its files are sealed and
writes them all just before its transaction commits: one `executemany` for the documents, one
for the versions, the index in ascending FTS rowid order (`index_batch`) and one append of all
the audit entries (`AuditBatch`). Per file that saves two statements' overhead and the audit
chain's read and head update; per batch it is a few statements.

The batch's document ids are given in advance: the batch holds the write transaction from the
moment it reads the last id ever used (`documents` is AUTOINCREMENT, so `sqlite_sequence` holds
it even if that document was deleted) to its commit, so nobody else can take them, and an id is
never reused, exactly as when SQLite assigns them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from app.audit import AuditBatch
from app.documents import index_batch, link_tags
from storage.blobs import StoredBlob
from storage.store import Store

INSERT_DOCUMENT = ("INSERT INTO documents (case_id, name, media_type, notes, created_at,"
                   " imported_at) VALUES (?, ?, ?, ?, ?, ?)")
INSERT_VERSION = ("INSERT INTO versions (document_id, number, blob_id, size, sha256, wrapped_key,"
                  " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
_INSERT_DOCUMENT_WITH_ID = ("INSERT INTO documents (id, case_id, name, media_type, notes,"
                            " created_at, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
_LAST_ID = ("SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'documents'), 0),"
            " coalesce((SELECT max(id) FROM documents), 0))")

#: (case id, name, media type, notes, created at, imported at): a `documents` row without its id
DocumentRow = tuple[int | None, str, str, str, str, str]


def version_row(doc_id: int, number: int, blob: StoredBlob, now: str) -> tuple[object, ...]:
    return (doc_id, number, blob.blob_id, blob.size, blob.sha256, blob.wrapped_key, now)


@dataclass
class BatchRows:
    """The rows of one batch's documents, written by `write()` in the batch's transaction."""

    store: Store
    audit: AuditBatch
    next_id: int
    documents: list[tuple[object, ...]] = field(default_factory=list)
    tagged: list[tuple[int, list[str]]] = field(default_factory=list)
    versions: list[tuple[object, ...]] = field(default_factory=list)
    unindexed: list[tuple[int, str]] = field(default_factory=list)

    @classmethod
    def start(cls, store: Store, audit: AuditBatch) -> BatchRows:
        """Call inside the batch's transaction (which keeps the ids to come ours)."""
        if not store.db.in_transaction:
            raise RuntimeError("a batch's document ids are taken inside its transaction")
        return cls(store, audit, int(store.db.scalar(_LAST_ID)) + 1)

    def add(self, document: DocumentRow, blob: StoredBlob, tags: Iterable[str],
            text: str) -> int:
        """Note one document (its blob sealed); return the id it will have."""
        doc_id, self.next_id = self.next_id, self.next_id + 1
        self.documents.append((doc_id, *document))
        tag_list = list(tags)
        if tag_list:
            self.tagged.append((doc_id, tag_list))
        self.versions.append(version_row(doc_id, 1, blob, document[5]))
        self.unindexed.append((doc_id, text))
        self.audit.add("document.import", document_id=doc_id, case_id=document[0])
        return doc_id

    def write(self) -> None:
        db = self.store.db
        db.executemany(_INSERT_DOCUMENT_WITH_ID, self.documents)
        for doc_id, tags in self.tagged:
            link_tags(self.store, doc_id, tags)
        db.executemany(INSERT_VERSION, self.versions)
        index_batch(db, self.unindexed)
        self.audit.write()
