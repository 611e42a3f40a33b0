"""Large imports on the pipeline (storage/blobs/pump.py): this thread reads a block per call, the
hash thread hashes it, the output thread encrypts and writes it. Block edges and the final
chunk, the stored SHA-256, and every way of stopping half-way: nothing kept, staging empty."""

from __future__ import annotations

import errno
import hashlib
import io
import resource
import signal
from collections.abc import Iterator

import pytest

from crypto.sealed.pipeline import BLOCK_SIZE
from storage.blobs.format import BlobLayout
from tests.store.helpers import random_bytes
from tests.support.library import Library

C = 64 * 1024


def _nothing_kept(lib: Library) -> None:
    assert lib.documents.count() == 0
    assert lib.store.staging.entries() == []
    assert list(lib.store.blobs.iter_files()) == []
    assert lib.store.journal.pending() == []


@pytest.mark.parametrize("size", [BLOCK_SIZE, BLOCK_SIZE + 1, 2 * BLOCK_SIZE - 1,
                                  2 * BLOCK_SIZE, 2 * BLOCK_SIZE + C])
@pytest.mark.parametrize("announced", [True, False])
def test_block_edges_store_the_content_and_its_sha256(lib: Library, size: int,
                                                      announced: bool) -> None:
    data = random_bytes(size, seed=size)
    doc = lib.importer.import_stream("gros.bin", size if announced else None, None,
                                     io.BytesIO(data))
    assert doc.size == size and doc.sha256 == hashlib.sha256(data).digest()
    with lib.documents.open(doc.id) as stream:
        assert stream.read() == data  # every chunk authenticated, the last one as final
    _blob_id, blob = next(lib.store.blobs.iter_files())
    assert blob.stat().st_size == BlobLayout.for_size(size, C).file_size
    assert lib.store.staging.entries() == []


class _FailingSource(io.RawIOBase):
    """A source that breaks after `good` bytes (a USB key pulled out)."""

    def __init__(self, data: bytes, good: int) -> None:
        self._data, self._good, self._pos = data, good, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._pos >= self._good:
            raise OSError(errno.EIO, "Input/output error")
        n = min(len(buffer), self._good - self._pos)
        buffer[:n] = self._data[self._pos:self._pos + n]
        self._pos += n
        return n


def test_a_source_failing_half_way_keeps_nothing(lib: Library) -> None:
    data = random_bytes(3 * BLOCK_SIZE)
    with pytest.raises(OSError, match="Input/output error"):
        lib.importer.import_stream("gros.bin", len(data), None,
                                   _FailingSource(data, BLOCK_SIZE + 5000))
    _nothing_kept(lib)


def test_a_stop_half_way_keeps_nothing(lib: Library) -> None:
    data = random_bytes(3 * BLOCK_SIZE)

    def progress(done: int, _total: int) -> None:
        if done > BLOCK_SIZE:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        lib.importer.import_stream("gros.bin", len(data), None, io.BytesIO(data),
                                   progress=progress)
    _nothing_kept(lib)


@pytest.fixture
def small_file_limit() -> Iterator[None]:
    """Files of this process may not grow beyond 1.5 MiB: the output thread's write fails with
    EFBIG (RLIMIT_FSIZE, SIGXFSZ ignored), a real write failure."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (BLOCK_SIZE + BLOCK_SIZE // 2, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def test_a_failed_write_on_the_output_thread_keeps_nothing(lib: Library,
                                                           small_file_limit: None) -> None:
    data = random_bytes(3 * BLOCK_SIZE)
    with pytest.raises(OSError) as caught:
        lib.importer.import_stream("gros.bin", len(data), None, io.BytesIO(data))
    assert caught.value.errno == errno.EFBIG
    _nothing_kept(lib)
