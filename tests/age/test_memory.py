"""Memory stays constant whatever the payload size."""

from __future__ import annotations

import io
import tracemalloc
from pathlib import Path

from crypto.age import X25519Identity, decrypt_stream, encrypt_stream

SIZE = 32 * 1024 * 1024
LIMIT = 1024 * 1024  # a few chunk buffers, nowhere near the payload size


class _Zeros(io.RawIOBase):
    """`size` zero bytes, produced without ever holding them all."""

    def __init__(self, size: int) -> None:
        self._left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        count = min(len(buffer), self._left)
        buffer[:count] = bytes(count)
        self._left -= count
        return count


class _Sink(io.RawIOBase):
    def __init__(self) -> None:
        self.count = 0

    def writable(self) -> bool:
        return True

    def write(self, data: memoryview) -> int:  # type: ignore[override]
        self.count += len(data)
        return len(data)


def _peak(action) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_encrypt_and_decrypt_in_constant_memory(tmp_path: Path) -> None:
    identity = X25519Identity.generate()
    sealed = tmp_path / "big.age"
    with sealed.open("wb") as out:
        assert _peak(lambda: encrypt_stream(_Zeros(SIZE), out, [identity.recipient()])) < LIMIT
    sink = _Sink()
    with sealed.open("rb") as src:
        assert _peak(lambda: decrypt_stream(src, sink, [identity])) < LIMIT
    assert sink.count == SIZE
