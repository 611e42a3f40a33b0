"""The encrypted blob store: format (`format`), per-version keys (`keys`), file placement
(`store`), crash-safe writing (`intake`, `journal`) and a file-like reader (`stream`)."""

from storage.blobs.errors import (
    BlobError,
    CancelledError,
    CorruptBlobError,
    MissingBlobError,
    SizeMismatchError,
)
from storage.blobs.batch import BlobBatch
from storage.blobs.format import DEFAULT_CHUNK_SIZE, BlobLayout, BlobReader, BlobWriter, Cancel, Progress
from storage.blobs.intake import BlobIntake, StoredBlob
from storage.blobs.journal import BlobJournal
from storage.blobs.keys import unwrap_data_key, wrap_data_key
from storage.blobs.store import BlobStore, is_blob_id
from storage.blobs.stream import BlobStream

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "BlobBatch",
    "BlobError",
    "BlobIntake",
    "BlobJournal",
    "BlobLayout",
    "BlobReader",
    "BlobStore",
    "BlobStream",
    "BlobWriter",
    "Cancel",
    "CancelledError",
    "CorruptBlobError",
    "MissingBlobError",
    "Progress",
    "SizeMismatchError",
    "StoredBlob",
    "is_blob_id",
    "unwrap_data_key",
    "wrap_data_key",
]
