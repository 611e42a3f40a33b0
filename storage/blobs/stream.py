"""A seekable, read-only file object over a `BlobReader`.

Hand it to anything that reads files (pypdfium2 renders a PDF from it, `shutil.copyfileobj`
exports it): plaintext exists only in memory, one authenticated chunk at a time.
"""

from __future__ import annotations

import io

from storage.blobs.format import BlobReader


class BlobStream(io.RawIOBase):
    def __init__(self, reader: BlobReader, owner: io.RawIOBase | io.BufferedIOBase | None = None) -> None:
        super().__init__()
        self._reader = reader
        self._owner = owner  # the encrypted file, closed with this stream
        self._pos = 0

    @property
    def size(self) -> int:
        return self._reader.size

    @property
    def reader(self) -> BlobReader:
        """The underlying chunk reader (`iter_chunks`, `verify`, `read_range`)."""
        return self._reader

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET:
            pos = offset
        elif whence == io.SEEK_CUR:
            pos = self._pos + offset
        elif whence == io.SEEK_END:
            pos = self._reader.size + offset
        else:
            raise ValueError("invalid whence")
        if pos < 0:
            raise ValueError("negative seek position")
        self._pos = pos
        return pos

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        data = self._reader.read_range(self._pos, len(buffer))
        n = len(data)
        memoryview(buffer).cast("B")[:n] = data
        self._pos += n
        return n

    def readall(self) -> bytes:
        data = self._reader.read_range(self._pos, max(0, self._reader.size - self._pos))
        self._pos += len(data)
        return data

    def close(self) -> None:
        if not self.closed and self._owner is not None:
            self._owner.close()
        super().close()
