"""Streaming encryption of an age file: `AgeWriter`."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import BinaryIO

from crypto.age.armor import ArmorWriter
from crypto.age.errors import RecipientError
from crypto.age.header import build_header
from crypto.age.primitives import FILE_KEY_SIZE
from crypto.age.stanza import Recipient, Stanza, recipient_labels
from crypto.age.streamio import read_full, write_all
from crypto.age.stream import (
    BATCH_CHUNKS,
    CHUNK_SIZE,
    PAYLOAD_NONCE_SIZE,
    ChunkSealer,
    payload_key,
)


def wrap_for_all(recipients: Sequence[Recipient], file_key: bytes) -> list[Stanza]:
    """Wrap the file key for every recipient, enforcing the rules on mixing recipient types."""
    if not recipients:
        raise RecipientError("at least one recipient is needed to encrypt a file")
    labels = {recipient_labels(r) for r in recipients}
    if len(labels) > 1:
        raise RecipientError(
            "these recipients cannot be combined: a passphrase must be the only recipient, and "
            "post-quantum keys cannot be mixed with classic keys"
        )
    stanzas = [stanza for r in recipients for stanza in r.wrap(file_key)]
    if any(s.type == "scrypt" for s in stanzas) and len(stanzas) != 1:
        raise RecipientError("a passphrase must be the only recipient of a file")
    return stanzas


class AgeWriter:
    """Writes header and payload nonce at construction, then encrypts `write()`n data.

    Call `close()` exactly once to write the final chunk; it does not close `out`. Used as a
    context manager, the final chunk is written only when the block exits without exception, so
    an interrupted file can never pass for a complete one.
    """

    def __init__(
        self, out: BinaryIO, recipients: Sequence[Recipient], *, armor: bool = False
    ) -> None:
        file_key = os.urandom(FILE_KEY_SIZE)
        header = build_header(wrap_for_all(recipients, file_key), file_key)
        self.header_bytes: bytes = header.raw
        self.nonce: bytes = os.urandom(PAYLOAD_NONCE_SIZE)
        if armor:
            self._armor: ArmorWriter | None = ArmorWriter(out)
            self._out: BinaryIO = self._armor  # type: ignore[assignment]
        else:
            self._armor = None
            self._out = out
        self._sealer = ChunkSealer(payload_key(file_key, self.nonce))
        # Holds up to one chunk of plaintext; a full buffer is sealed only once more data
        # arrives, because until then it may be the final chunk.
        self._view = memoryview(bytearray(CHUNK_SIZE))
        self._filled = 0
        self._closed = False
        write_all(self._out, self.header_bytes)
        write_all(self._out, self.nonce)

    def write(self, data: bytes | bytearray | memoryview) -> int:
        """Encrypt `data` (any size); returns its length."""
        if self._closed:
            raise ValueError("write to a closed AgeWriter")
        source = memoryview(data).cast("B")
        total = len(source)
        position = 0
        while position < total:
            if self._filled == CHUNK_SIZE:
                write_all(self._out, self._sealer.seal(self._view, final=False))
                self._filled = 0
            if self._filled == 0 and total - position > CHUNK_SIZE:
                # Whole chunks with more data behind them: seal straight from the caller's
                # buffer, skipping the copy into ours, a batch of them per write.
                count = min(BATCH_CHUNKS, (total - position - 1) // CHUNK_SIZE)
                whole = source[position : position + count * CHUNK_SIZE]
                write_all(self._out, self._sealer.seal_many(whole, final=False))
                position += count * CHUNK_SIZE
                continue
            take = min(CHUNK_SIZE - self._filled, total - position)
            self._view[self._filled : self._filled + take] = source[position : position + take]
            self._filled += take
            position += take
        return total

    def write_from(
        self,
        src: BinaryIO,
        *,
        progress: Callable[[int], None] | None = None,
        cancel: Callable[[], None] | None = None,
    ) -> int:
        """Encrypt everything readable from `src` (without closing); return the bytes read.

        Reads one chunk ahead into a second buffer, so each chunk is sealed straight from the
        buffer it was read into and is known to be final or not without copying. `cancel` is
        called between chunks and stops the work by raising; `progress` gets the bytes read.
        """
        if self._closed:
            raise ValueError("write to a closed AgeWriter")
        if self._filled:
            return self._write_from_by_copy(src, progress, cancel)
        current, ahead = memoryview(bytearray(CHUNK_SIZE)), memoryview(bytearray(CHUNK_SIZE))
        size = read_full(src, current)
        total = size
        while size == CHUNK_SIZE:
            if cancel is not None:
                cancel()
            next_size = read_full(src, ahead)
            if next_size == 0:
                break  # `current` is the last, full chunk: it stays buffered for close()
            write_all(self._out, self._sealer.seal(current, final=False))
            total += next_size
            if progress is not None:
                progress(total)
            current, ahead, size = ahead, current, next_size
        self._view, self._filled = current, size
        if progress is not None:
            progress(total)
        return total

    def _write_from_by_copy(
        self,
        src: BinaryIO,
        progress: Callable[[int], None] | None,
        cancel: Callable[[], None] | None,
    ) -> int:
        """`write_from` when `write()` left a partial chunk buffered: plain reads and writes."""
        block = memoryview(bytearray(CHUNK_SIZE))
        total = 0
        while True:
            if cancel is not None:
                cancel()
            size = read_full(src, block)
            if not size:
                return total
            self.write(block[:size])
            total += size
            if progress is not None:
                progress(total)

    def close(self) -> None:
        """Seal the final chunk (empty only if nothing was written) and flush any armor."""
        if self._closed:
            raise ValueError("an AgeWriter can only be closed once")
        self._closed = True
        write_all(self._out, self._sealer.seal(self._view[: self._filled], final=True))
        if self._armor is not None:
            self._armor.finish()

    def abort(self) -> None:
        """Stop without writing the final chunk; the output is then an invalid age file."""
        self._closed = True

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> AgeWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            if not self._closed:
                self.close()
        else:
            self.abort()
