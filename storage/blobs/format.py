"""The encrypted blob format: one file per document version.

```
header, 32 bytes
  0   8  magic  "SCELBLOB"
  8   1  format version = 1
  9   3  zero
 12   4  chunk size, big-endian u32 = 65536 (the only size of version 1)
 16  16  blob id (random; also the file's name, in hex)
chunks, i = 0 … n-1, n = max(1, ceil(size / 65536))
  chunk key = HKDF-SHA256(ikm = the version's data key, salt = header (32 bytes),
                          info = "scelle/v1 blob chunks")
  ChaCha20-Poly1305(chunk key, nonce = i as 11-byte big-endian || final flag (1 on chunk n-1,
                    else 0), plaintext = 65536 bytes; the last chunk 1 … 65536, or 0 for an
                    empty blob)  = plaintext length + 16 bytes of tag
```

The chunk layer is age's STREAM construction (crypto/age/stream.py), reused rather than
re-implemented. Why this shape:

* the chunk key is derived from the whole header, so the blob id or chunk size cannot be edited
  (chunk 0 then fails), and a file moved to another blob's name is refused (its header names
  another id; and the other blob's key would not open it anyway);
* the nonce carries the chunk index, so chunks cannot be reordered or duplicated;
* the final flag is in the nonce, so cutting the file at a chunk boundary (the new last chunk
  was sealed as non-final) or appending a chunk (the old last was sealed as final) fails;
* each version has its own random 256-bit data key used for this one file only, so no
  (key, nonce) pair ever repeats, and a chunk copied from another blob fails here;
* chunk i sits at 32 + i * 65552: a reader decrypts just the chunks covering a byte range.

Expected layout: file size = 32 + size + 16 * n. A reader given the plaintext size recorded in the
database checks the file size first (a truncated file is refused before any decryption); a
reader without it derives n from the file size and relies on the final flag.
"""

from __future__ import annotations

import hashlib
import queue
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, BinaryIO

from crypto.age.primitives import hkdf_sha256
from crypto.age.stream import (
    BATCH_CHUNKS,
    CHUNK_SIZE,
    ENCRYPTED_CHUNK_SIZE,
    ChunkOpener,
    ChunkSealer,
)
from crypto.age.streamio import write_all
from storage.blobs.errors import CancelledError, CorruptBlobError

if TYPE_CHECKING:
    from crypto.sealed.pipeline import ContentHasher

MAGIC = b"SCELBLOB"
VERSION = 1
HEADER = struct.Struct(">8sB3xI16s")
HEADER_LEN = HEADER.size  # 32
TAG_LEN = 16
KEY_LEN = 32
ID_LEN = 16
DEFAULT_CHUNK_SIZE = CHUNK_SIZE  # 64 KiB
_CHUNK_KEY_INFO = b"scelle/v1 blob chunks"
HEAD_LEN = 16

Progress = Callable[[int, int], None]  # (bytes done, bytes total or -1 if unknown)
Cancel = Callable[[], bool]  # returns True when the user asked to stop

#: Writes handed to a pipeline's output thread: chunks per write, and buffers in flight (the
#: writer seals into one while the output thread writes the others: 1.5 MiB in all).
PIPED_BATCH_CHUNKS = 8
PIPED_BUFFERS = 3


@dataclass(frozen=True)
class BlobLayout:
    size: int  # plaintext bytes
    chunk_size: int
    chunk_count: int

    @classmethod
    def for_size(cls, size: int, chunk_size: int) -> BlobLayout:
        return cls(size, chunk_size, max(1, -(-size // chunk_size)))

    @property
    def file_size(self) -> int:
        return HEADER_LEN + self.size + TAG_LEN * self.chunk_count

    def chunk_span(self, index: int) -> tuple[int, int]:
        """(file offset, sealed length) of chunk `index`."""
        plain = min(self.chunk_size, self.size - index * self.chunk_size)
        return HEADER_LEN + index * (self.chunk_size + TAG_LEN), plain + TAG_LEN


def encode_header(blob_id: bytes, chunk_size: int) -> bytes:
    if len(blob_id) != ID_LEN:
        raise ValueError("blob id must be 16 bytes")
    if chunk_size != CHUNK_SIZE:
        raise ValueError("format version 1 uses 64 KiB chunks")
    return HEADER.pack(MAGIC, VERSION, chunk_size, blob_id)


def chunk_key(data_key: bytes, header: bytes) -> bytes:
    return hkdf_sha256(data_key, header, _CHUNK_KEY_INFO)


class BlobWriter:
    """Seals a stream into the blob format in constant memory (about two chunks, and the
    1.5 MiB of `write_through` buffers when the writes go to a pipeline).

    Call `write()` any number of times, then `finish()` exactly once. A chunk is sealed only when
    more data follows it, because whether it is final must be known when sealing it.
    """

    def __init__(self, out: BinaryIO, key: bytes, blob_id: bytes) -> None:
        if len(key) != KEY_LEN:
            raise ValueError("data key must be 32 bytes")
        self._out = out
        header = encode_header(blob_id, CHUNK_SIZE)
        self._sealer = ChunkSealer(chunk_key(key, header))
        self._buf = bytearray()
        self._index = 0
        self._size = 0
        self._hash: Any = hashlib.sha256()  # None: the caller hashes (hash_elsewhere)
        self._finished = False
        self.head = b""  # the first HEAD_LEN plaintext bytes: media type sniffing, no read-back
        # Written with the first chunk: a small blob then costs one write(2), not two.
        self._header: bytes | None = header
        self._batch = BATCH_CHUNKS
        self._piped: _PipedWrites | None = None

    def write_through(self, pipe: ContentHasher) -> None:
        """Before any write: hand the sealed chunks to `pipe`'s output thread, which writes them
        while this thread goes on (opening a sealed file into the vault: this thread decrypts
        and encrypts, the output thread writes, the hash thread hashes)."""
        if self._size or self._index:
            raise ValueError("write_through() must come before any write")
        self._piped = _PipedWrites(pipe, self._out)
        self._batch = PIPED_BATCH_CHUNKS

    @property
    def chunks_written(self) -> int:
        return self._index

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if self._finished:
            raise ValueError("blob already finished")
        if self._hash is not None:
            self._hash.update(data)
        self._size += len(data)
        self._keep_head(data)
        view = memoryview(data).cast("B")
        if self._buf:  # complete the chunk left over from the previous call first
            take = min(CHUNK_SIZE - len(self._buf), len(view))
            self._buf += view[:take]
            view = view[take:]
            if not view:
                return  # a full chunk stays buffered: it is final if nothing follows
            with memoryview(self._buf) as held:  # released before the buffer is cleared
                self._seal(held, final=False)
            self._buf.clear()
        while len(view) > CHUNK_SIZE:
            # Whole chunks with more data behind them: sealed straight from the caller's
            # buffer (no copy), a batch per write.
            count = min(self._batch, (len(view) - 1) // CHUNK_SIZE)
            self._seal(view[:count * CHUNK_SIZE], final=False, chunks=count)
            view = view[count * CHUNK_SIZE:]
        self._buf += view

    def seal_chunks(self, plain: memoryview, *, final: bool) -> None:
        """Seal `plain` (whole chunks, the last possibly short) as the next chunks, the last as
        final if `final`. For callers that hash the content themselves (storage/blobs/pump.py)
        and only call `finish_hashed()`; never mixed with `write()`."""
        self._keep_head(plain)
        count = max(1, -(-len(plain) // CHUNK_SIZE))
        step = BATCH_CHUNKS * CHUNK_SIZE
        for start in range(0, count * CHUNK_SIZE, step):  # a batch of chunks per write
            piece = plain[start : start + step]
            sealed = self._sealer.seal_many(piece, final and start + step >= len(plain))
            self._emit(sealed, -(-len(piece) // CHUNK_SIZE) or 1)
        self._size += len(plain)

    def hash_elsewhere(self) -> None:
        """The caller knows the plaintext's SHA-256 (a verified signature covers it) and gives it
        to `finish(digest)`: `write()` then does not hash the same bytes a second time."""
        if self._size:
            raise ValueError("hash_elsewhere() must come before any write")
        self._hash = None

    def finish(self, digest: bytes | None = None) -> tuple[int, bytes]:
        """Seal the final chunk; return (plaintext size, SHA-256 of the plaintext): computed
        here, or `digest` after `hash_elsewhere()` (one and only one of the two)."""
        if self._finished:
            raise ValueError("blob already finished")
        if (digest is None) != (self._hash is not None) or (digest is not None
                                                            and len(digest) != 32):
            raise ValueError("a digest is given exactly when hash_elsewhere() was called")
        with memoryview(self._buf) as view:
            self._seal(view, final=True)
        self._buf.clear()
        self._finished = True
        return self._size, digest if digest is not None else self._hash.digest()

    def finish_hashed(self, digest: bytes) -> tuple[int, bytes]:
        """End a blob written by `seal_chunks` (its final chunk sealed); `digest` is its hash."""
        if self._finished or self._buf:
            raise ValueError("blob already finished or written with write()")
        self._finished = True
        return self._size, digest

    def _keep_head(self, data: bytes | bytearray | memoryview) -> None:
        if len(self.head) < HEAD_LEN:
            self.head += bytes(data[: HEAD_LEN - len(self.head)])

    def _seal(self, plain: bytes | memoryview, *, final: bool, chunks: int = 1) -> None:
        if self._piped is None:
            self._emit(self._sealer.seal_many(plain, final), chunks)
            return
        into = self._piped.take()
        try:
            sealed = self._sealer.seal_many(plain, final, into)
        except BaseException:
            self._piped.give_back(into)
            raise
        self._emit(sealed, chunks)

    def _emit(self, sealed: memoryview, chunks: int) -> None:
        # written before the sealer reuses its buffer; write_all: the output may be a raw file
        if self._header is not None:
            joined, self._header = memoryview(self._header + sealed), None
            if self._piped is not None:
                self._piped.give_back(sealed)  # copied into `joined`
            sealed = joined
        if self._piped is not None:
            self._piped.write(sealed)
        else:
            write_all(self._out, sealed)
        self._index += chunks


class _PipedWrites:
    """Sealed chunks written by a pipeline's output thread, from a few buffers of their own:
    a buffer goes back to the pool once its write has run (or was skipped on an error)."""

    def __init__(self, pipe: ContentHasher, out: BinaryIO) -> None:
        self._pipe = pipe
        self._job = partial(write_all, out)
        self._free: queue.SimpleQueue[bytearray] = queue.SimpleQueue()
        self._ids: set[int] = set()
        for _ in range(PIPED_BUFFERS):
            buffer = bytearray(PIPED_BATCH_CHUNKS * ENCRYPTED_CHUNK_SIZE)
            self._ids.add(id(buffer))
            self._free.put(buffer)

    def take(self) -> memoryview:
        """A free buffer (waits while every one is queued for writing)."""
        return memoryview(self._free.get())

    def give_back(self, view: memoryview) -> None:
        if id(view.obj) in self._ids:
            self._free.put(view.obj)  # type: ignore[arg-type]

    def write(self, sealed: memoryview) -> None:
        """Queue `sealed` for writing, in order with the pipeline's other output jobs."""
        if id(sealed.obj) not in self._ids:
            self._pipe.output(self._job, sealed)  # not ours (the first chunk): copied there
            return
        try:
            self._pipe.output(self._job, sealed, release=partial(self.give_back, sealed))
        except BaseException:
            self.give_back(sealed)
            raise

    def after_writes(self, job: Callable[[memoryview], object]) -> None:
        """Run `job` on the output thread once the writes queued so far are done."""
        self._pipe.output(job)


class BlobReader:
    """Authenticated random access to one blob file.

    `size` is the plaintext size the database recorded (checked against the file size), or None
    to derive the layout from the file alone. Every chunk returned has been authenticated;
    anything wrong raises `CorruptBlobError` naming `document_id`. The last decrypted chunk is
    cached so that sequential small reads (a PDF parser's) decrypt each chunk once.
    """

    def __init__(
        self,
        fileobj: BinaryIO,
        key: bytes,
        blob_id: bytes,
        *,
        size: int | None,
        document_id: int | None = None,
    ) -> None:
        self._f = fileobj
        self._doc = document_id
        self._blob_hex = blob_id.hex()
        head = fileobj.read(HEADER_LEN)
        if len(head) != HEADER_LEN:
            raise self._corrupt("the header is truncated")
        magic, version, chunk_size, found_id = HEADER.unpack(head)
        if magic != MAGIC or version != VERSION:
            raise self._corrupt("not a Scellé blob of a known version")
        if chunk_size != CHUNK_SIZE or head[9:12] != b"\0\0\0":
            raise self._corrupt("invalid header")
        if found_id != blob_id:
            raise self._corrupt("the file belongs to another blob")
        self._opener = ChunkOpener(chunk_key(key, head))
        file_size = fileobj.seek(0, 2)
        self.layout = self._layout(file_size, chunk_size, size)
        self._cached: tuple[int, bytes] | None = None

    def _layout(self, file_size: int, chunk_size: int, size: int | None) -> BlobLayout:
        if size is None:
            body = file_size - HEADER_LEN
            count = max(1, -(-body // (chunk_size + TAG_LEN)))
            size = body - count * TAG_LEN
            if size < 0 or (size == 0 and count != 1):
                raise self._corrupt("the file is truncated")
        layout = BlobLayout.for_size(size, chunk_size)
        if layout.file_size != file_size:
            what = "truncated" if file_size < layout.file_size else "longer than expected"
            raise self._corrupt(f"the file is {what}")
        return layout

    def _corrupt(self, reason: str) -> CorruptBlobError:
        return CorruptBlobError(self._doc, reason, self._blob_hex)

    @property
    def size(self) -> int:
        return self.layout.size

    def chunk(self, index: int) -> bytes:
        """The plaintext of chunk `index`, authenticated."""
        if not 0 <= index < self.layout.chunk_count:
            raise IndexError("chunk index out of range")
        if self._cached is not None and self._cached[0] == index:
            return self._cached[1]
        offset, length = self.layout.chunk_span(index)
        self._f.seek(offset)
        sealed = self._f.read(length)
        if len(sealed) != length:
            raise self._corrupt("the file is truncated")
        self._opener.counter = index  # random access: the STREAM counter is the chunk index
        opened = self._opener.open(sealed, index == self.layout.chunk_count - 1)
        if opened is None:
            raise self._corrupt(f"chunk {index} failed authentication")
        plain = bytes(opened)  # the opener reuses its buffer
        self._cached = (index, plain)
        return plain

    def read_range(self, offset: int, length: int) -> bytes:
        """Up to `length` plaintext bytes from `offset` (fewer only at the end of the blob)."""
        if offset < 0 or length < 0:
            raise ValueError("negative offset or length")
        end = min(offset + length, self.layout.size)
        if offset >= end:
            return b""
        c = self.layout.chunk_size
        parts = [self.chunk(i) for i in range(offset // c, (end - 1) // c + 1)]
        start = offset - (offset // c) * c
        return b"".join(parts)[start : start + (end - offset)]

    def iter_chunks(self, progress: Progress | None = None, cancel: Cancel | None = None) -> Iterator[bytes]:
        done = 0
        for i in range(self.layout.chunk_count):
            if cancel is not None and cancel():
                raise CancelledError()
            plain = self.chunk(i)
            done += len(plain)
            if progress is not None:
                progress(done, self.layout.size)
            yield plain

    def verify(
        self, sha256: bytes | None = None, progress: Progress | None = None, cancel: Cancel | None = None
    ) -> bytes:
        """Authenticate every chunk; compare the plaintext hash if given; return the hash."""
        digest = hashlib.sha256()
        for plain in self.iter_chunks(progress, cancel):
            digest.update(plain)
        result = digest.digest()
        if sha256 is not None and result != sha256:
            raise self._corrupt("its content does not match the recorded SHA-256")
        return result
