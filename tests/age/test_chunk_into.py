"""`AgeReader.read_chunk_into` (decryption into the caller's buffer) and `OutputFile`."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from crypto import durable
from crypto.age import (
    CHUNK_SIZE,
    AgeReader,
    ChunkAuthenticationError,
    OutputFile,
    TrailingDataError,
    X25519Identity,
)
from tests.age.helpers import flip_bit, seal


@pytest.fixture(scope="module")
def identity() -> X25519Identity:
    return X25519Identity.generate()


def _read_all(reader: AgeReader, out: memoryview) -> list[bytes]:
    chunks = []
    while (size := reader.read_chunk_into(out)) is not None:
        chunks.append(bytes(out[:size]))
    return chunks


@pytest.mark.parametrize("size", [0, 1, CHUNK_SIZE, 2 * CHUNK_SIZE + 3])
def test_chunks_land_in_the_callers_buffer(identity: X25519Identity, size: int) -> None:
    plaintext = os.urandom(size)
    reader = AgeReader(io.BytesIO(seal(plaintext, [identity.recipient()])), [identity])
    out = memoryview(bytearray(CHUNK_SIZE + 100))  # larger than a chunk is fine
    chunks = _read_all(reader, out)
    assert b"".join(chunks) == plaintext
    assert len(chunks) == max(1, -(-size // CHUNK_SIZE))  # an empty payload is one empty chunk
    assert reader.read_chunk_into(out) is None  # stays at the end


def test_trailing_data_is_reported_after_the_final_chunk(identity: X25519Identity) -> None:
    # A full final chunk: the extra byte is read after it, not as part of it.
    data = seal(bytes(CHUNK_SIZE), [identity.recipient()]) + b"x"
    reader = AgeReader(io.BytesIO(data), [identity])
    out = memoryview(bytearray(CHUNK_SIZE))
    assert reader.read_chunk_into(out) == CHUNK_SIZE  # authentic on its own: released first
    with pytest.raises(TrailingDataError):
        reader.read_chunk_into(out)


def test_a_damaged_chunk_fails_and_a_small_buffer_is_refused(identity: X25519Identity) -> None:
    data = seal(bytes(2 * CHUNK_SIZE), [identity.recipient()])
    reader = AgeReader(io.BytesIO(flip_bit(data, len(data) - 1)), [identity])
    out = memoryview(bytearray(CHUNK_SIZE))
    assert reader.read_chunk_into(out) == CHUNK_SIZE
    with pytest.raises(ChunkAuthenticationError):
        reader.read_chunk_into(out)
    reader = AgeReader(io.BytesIO(data), [identity])
    with pytest.raises(ValueError):
        reader.read_chunk_into(memoryview(bytearray(CHUNK_SIZE - 1)))


class _Calls:
    def __init__(self) -> None:
        self.advice: list[tuple[int, int]] = []
        self.fsyncs = 0

    def fadvise(self, _fd: int, offset: int, length: int, advice: int) -> None:
        assert advice == os.POSIX_FADV_DONTNEED
        self.advice.append((offset, offset + length))

    def fsync(self, _fd: int) -> None:
        self.fsyncs += 1


@pytest.mark.skipif(not hasattr(os, "posix_fadvise"), reason="no posix_fadvise here")
def test_output_file_starts_write_back_as_it_goes(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _Calls()
    monkeypatch.setattr(os, "posix_fadvise", calls.fadvise)
    monkeypatch.setattr(os, "fsync", calls.fsync)
    monkeypatch.setattr(durable, "WRITEBACK_STEP", 4096)
    out = OutputFile(os.open(tmp_path / "f", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    for _ in range(10):
        assert out.write(bytes(1500)) == 1500
    out.finish()
    assert out.closed and calls.fsyncs == 1 and (tmp_path / "f").stat().st_size == 15000
    # Each request covers the step just written and the one before it (now on disk).
    assert calls.advice == [(0, 4500), (0, 9000), (4500, 13500)]


@pytest.mark.skipif(not hasattr(os, "posix_fadvise"), reason="no posix_fadvise here")
def test_output_file_without_durability_asks_nothing(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _Calls()
    monkeypatch.setattr(os, "posix_fadvise", calls.fadvise)
    monkeypatch.setattr(os, "fsync", calls.fsync)
    monkeypatch.setattr(durable, "WRITEBACK_STEP", 4096)
    out = OutputFile(os.open(tmp_path / "f", os.O_WRONLY | os.O_CREAT, 0o600), durable=False)
    out.write(bytes(20000))
    out.finish()
    assert calls.advice == [] and calls.fsyncs == 0


def test_output_file_keeps_writing_if_the_advice_fails(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> None:
        raise OSError(22, "Invalid argument")

    monkeypatch.setattr(os, "posix_fadvise", refuse, raising=False)
    monkeypatch.setattr(durable, "WRITEBACK_STEP", 4096)
    out = OutputFile(os.open(tmp_path / "f", os.O_WRONLY | os.O_CREAT, 0o600))
    for _ in range(4):
        out.write(bytes(5000))
    out.finish()
    assert (tmp_path / "f").stat().st_size == 20000
