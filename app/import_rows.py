"""The database rows of new documents: `write_document` for one (a file imported alone, a file
received in a sealed file), `BatchRows` for a folder import's batch. The statements themselves
are app/records/documents.py's.

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

from app.audit import AuditBatch, AuditLog
from app.records import documents as records
from app.records.documents import DocumentRow, version_row
from app.search import index_batch, index_document
from storage.blobs import StoredBlob
from storage.store import Store


def write_document(store: Store, audit: AuditLog, document: DocumentRow, blob: StoredBlob,
                   tags: Iterable[str], text: str) -> int:
    """Write one new document whose blob is published: its row, tag links, first version, index
    rows and `document.import` audit entry, inside the caller's transaction; return its id.

    The one writer of a new document's rows, for a file imported alone (app/importer.py) and
    for each file of a sealed file received (app/vault/exchange.py). `document[5]` (imported
    at) is also the version's time.
    """
    db = store.db
    doc_id = records.insert(db, document)
    records.link_tags(db, doc_id, tags)
    records.insert_version(db, version_row(doc_id, 1, blob, document[5]))
    index_document(db, doc_id, body=text)
    audit.record("document.import", document_id=doc_id, case_id=document[0])
    return doc_id


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
        return cls(store, audit, records.last_id(store.db) + 1)

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
        records.insert_with_ids(db, self.documents)
        for doc_id, tags in self.tagged:
            records.link_tags(db, doc_id, tags)
        records.insert_versions(db, self.versions)
        index_batch(db, self.unindexed)
        self.audit.write()
