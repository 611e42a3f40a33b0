"""The encrypted blob format: one file per document version.

```
header, 32 bytes
  0   8  magic  "SCELBLOB"
  8   1  format version = 1
  9   3  zero
 12   4  chunk size C, big-endian u32 (65536 by default; 4 KiB … 1 MiB accepted)
 16  16  blob id (random; also the file's name, in hex)
chunks, i = 0 … n-1, n = max(1, ceil(size / C))
  ChaCha20-Poly1305(key = the version's data key,
                    nonce = 4 zero bytes || i as u64 big-endian,
                    aad = header (32 bytes) || final flag (1 byte: 1 for chunk n-1, else 0),
                    plaintext = C bytes, the last chunk 1 … C bytes, or 0 for an empty blob)
  = plaintext length + 16 bytes of tag
```

Why this shape:

* every chunk authenticates the whole header, so the blob id and chunk size cannot be edited,
  and a file moved to another blob's name is refused (its header names another id);
* the nonce is the chunk index, so chunks cannot be reordered or duplicated;
* the final flag is authenticated, so cutting the file at a chunk boundary (the new last chunk
  was sealed as non-final) or appending a chunk (the old last was sealed as final) fails;
* each version has its own random 256-bit key used for this one file only, so (key, nonce) pairs
  never repeat, and a chunk copied from another blob fails under this blob's key;
* chunk i sits at 32 + i * (C + 16): a reader decrypts just the chunks covering a byte range.

Expected layout: file size = 32 + size + 16 * n. A reader given the plaintext size recorded in the
database checks the file size first (a truncated file is refused before any decryption); a
reader without it derives n from the file size and relies on the final flag.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from storage.blobs.errors import CancelledError, CorruptBlobError

MAGIC = b"SCELBLOB"
VERSION = 1
HEADER = struct.Struct(">8sB3xI16s")
HEADER_LEN = HEADER.size  # 32
TAG_LEN = 16
KEY_LEN = 32
ID_LEN = 16
DEFAULT_CHUNK_SIZE = 64 * 1024
MIN_CHUNK_SIZE = 4 * 1024
MAX_CHUNK_SIZE = 1024 * 1024

Progress = Callable[[int, int], None]  # (bytes done, bytes total or -1 if unknown)
Cancel = Callable[[], bool]  # returns True when the user asked to stop


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
    if not MIN_CHUNK_SIZE <= chunk_size <= MAX_CHUNK_SIZE:
        raise ValueError("chunk size out of range")
    return HEADER.pack(MAGIC, VERSION, chunk_size, blob_id)


def _nonce(index: int) -> bytes:
    return b"\x00\x00\x00\x00" + index.to_bytes(8, "big")


class BlobWriter:
    """Seals a stream into the blob format in constant memory (about two chunks).

    Call `write()` any number of times, then `finish()` exactly once. A chunk is sealed only when
    more data follows it, because whether it is final must be known when sealing it.
    """

    def __init__(
        self, out: BinaryIO, key: bytes, blob_id: bytes, chunk_size: int = DEFAULT_CHUNK_SIZE
    ) -> None:
        if len(key) != KEY_LEN:
            raise ValueError("data key must be 32 bytes")
        self._out = out
        self._aead = ChaCha20Poly1305(key)
        self._header = encode_header(blob_id, chunk_size)
        self._chunk = chunk_size
        self._buf = bytearray()
        self._index = 0
        self._size = 0
        self._hash = hashlib.sha256()
        self._finished = False
        out.write(self._header)

    @property
    def chunks_written(self) -> int:
        return self._index

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if self._finished:
            raise ValueError("blob already finished")
        self._hash.update(data)
        self._size += len(data)
        self._buf += data
        while len(self._buf) > self._chunk:
            self._seal(bytes(self._buf[: self._chunk]), final=False)
            del self._buf[: self._chunk]

    def finish(self) -> tuple[int, bytes]:
        """Seal the final chunk; return (plaintext size, SHA-256 of the plaintext)."""
        if self._finished:
            raise ValueError("blob already finished")
        self._seal(bytes(self._buf), final=True)
        self._buf.clear()
        self._finished = True
        return self._size, self._hash.digest()

    def _seal(self, plain: bytes, *, final: bool) -> None:
        aad = self._header + (b"\x01" if final else b"\x00")
        self._out.write(self._aead.encrypt(_nonce(self._index), plain, aad))
        self._index += 1


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
        if not MIN_CHUNK_SIZE <= chunk_size <= MAX_CHUNK_SIZE or head[9:12] != b"\0\0\0":
            raise self._corrupt("invalid header")
        if found_id != blob_id:
            raise self._corrupt("the file belongs to another blob")
        self._header = head
        self._aead = ChaCha20Poly1305(key)
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
        final = index == self.layout.chunk_count - 1
        aad = self._header + (b"\x01" if final else b"\x00")
        try:
            plain = self._aead.decrypt(_nonce(index), sealed, aad)
        except InvalidTag:
            raise self._corrupt(f"chunk {index} failed authentication") from None
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
