"""The pipeline's ordered output stage (crypto/sealed/pipeline.py): order, block lifetime,
copies of foreign buffers, errors and stopping. Used by vault imports and by opening a sealed
file into the vault (storage/blobs/pump.py, app/vault/exchange.py)."""

from __future__ import annotations

import hashlib
import io
import os
import threading

import pytest

from crypto.age.stream import ENCRYPTED_CHUNK_SIZE, ChunkSealer
from crypto.identity import PrivateIdentity
from crypto.sealed.errors import Cancelled, TamperedError
from crypto.sealed.pipeline import BLOCK_COUNT, BLOCK_SIZE, ContentHasher, PipelineStopped
from crypto.sealed.reader import open_sealed
from tests.sealed.craft import split_age
from tests.sealed.test_roundtrip import seal_bytes

CHUNK = 64 * 1024


def test_jobs_run_in_order_on_another_thread_and_the_hash_is_unchanged() -> None:
    seen: list[tuple[bytes, str]] = []
    parts = []
    with ContentHasher(output=True) as pipe:
        for n in range(3 * BLOCK_COUNT):  # more blocks than the pool: blocks come back
            block = pipe.take()
            block[:5] = bytes([n]) * 5
            pipe.output(lambda p: seen.append((bytes(p), threading.current_thread().name)),
                        block[:5])
            pipe.submit(block[:5])
            parts.append(bytes([n]) * 5)
        digest = pipe.digest()
        pipe.drain()
    assert [data for data, _ in seen] == parts
    assert {name for _, name in seen} == {"scelle-output"}
    assert digest == hashlib.sha256(b"".join(parts)).digest()


def test_a_block_is_not_reused_before_its_output_job_has_run() -> None:
    """The job reads block A only after every other block went round: had A been freed when
    hashed, the pool would have handed it out again and the job would see the new bytes."""
    go = threading.Event()
    seen: list[bytes] = []
    with ContentHasher(output=True) as pipe:
        first = pipe.take()
        first[:4] = b"AAAA"
        pipe.output(lambda p: (go.wait(), seen.append(bytes(p))), first[:4])
        pipe.submit(first[:4])
        for _ in range(2 * BLOCK_COUNT):  # taken, overwritten and hashed, many times over
            block = pipe.take()
            block[:4] = b"XXXX"
            pipe.submit(block[:4])
        go.set()
        pipe.drain()
    assert seen == [b"AAAA"]


def test_a_foreign_buffer_is_copied_and_a_released_one_is_given_back() -> None:
    go = threading.Event()
    seen: list[bytes] = []
    given_back: list[str] = []
    mine = bytearray(b"abc")
    lent = bytearray(b"lent")
    with ContentHasher(output=True) as pipe:
        pipe.output(lambda p: (go.wait(), seen.append(bytes(p))), memoryview(mine))
        pipe.output(lambda p: seen.append(bytes(p)), memoryview(lent),
                    release=lambda: given_back.append("lent"))
        mine[:] = b"zzz"  # the caller reuses its buffer at once
        go.set()
        pipe.drain()
    assert seen == [b"abc", b"lent"] and given_back == ["lent"]


def test_a_failing_job_stops_the_output_and_its_error_reaches_the_caller() -> None:
    ran: list[int] = []
    released: list[int] = []

    def fail(_part: memoryview) -> None:
        raise OSError(28, "No space left on device")

    with ContentHasher(output=True) as pipe:
        pipe.output(fail)
        pipe.output(lambda p: ran.append(1), memoryview(bytearray(1)),
                    release=lambda: released.append(1))
        with pytest.raises(OSError, match="No space left"):
            pipe.drain()
        with pytest.raises(OSError, match="No space left"):
            pipe.take()
        with pytest.raises(OSError, match="No space left"):
            pipe.output(lambda p: ran.append(2))
    assert ran == [] and released == [1]  # skipped, but its buffer was given back


def test_no_job_after_drain_or_close_and_close_skips_what_is_pending() -> None:
    pipe = ContentHasher(output=True)
    pipe.drain()
    with pytest.raises(PipelineStopped):
        pipe.output(lambda p: None)
    pipe.close()

    started, go = threading.Event(), threading.Event()
    ran: list[str] = []
    pipe = ContentHasher(output=True)
    pipe.output(lambda p: (started.set(), go.wait(), ran.append("first")))
    pipe.output(lambda p: ran.append("second"))
    started.wait()  # the output thread is inside "first"
    closer = threading.Thread(target=pipe.close)
    closer.start()
    while not pipe._stopping:  # close() has begun: "second" will be skipped
        threading.Event().wait(0.001)
    go.set()
    closer.join()
    assert ran == ["first"]
    with pytest.raises(PipelineStopped):
        pipe.output(lambda p: None)


def test_close_wipes_every_block_and_output_needs_the_stage() -> None:
    with ContentHasher(output=True) as pipe:
        block = pipe.take()
        block[:] = b"\xaa" * BLOCK_SIZE
        pipe.output(lambda p: None, block[:10])
        pipe.submit(block)
        blocks = list(pipe._blocks)
    assert all(not any(b) for b in blocks)
    with ContentHasher() as plain, pytest.raises(RuntimeError, match="no output stage"):
        plain.output(lambda p: None)


def test_output_of_a_block_after_its_submit_is_refused() -> None:
    with ContentHasher(output=True) as pipe:
        block = pipe.take()
        pipe.submit(block[:1])
        pipe.digest()  # hashed: the block is back in the pool
        with pytest.raises(RuntimeError, match="already released"):
            pipe.output(lambda p: None, block[:1])


class _OutputSinks:
    """Sinks that consume the reader's blocks on the pipeline's output thread, as the vault's
    and the folder's do: each file's bytes collected there."""

    def __init__(self, pipe: ContentHasher) -> None:
        self.pipe = pipe
        self.files: dict[int, bytearray] = {}
        self.closed: list[int] = []

    def __call__(self, index: int, _entry: object) -> _OutputSinks:
        self.files[index] = bytearray()
        self._index = index
        return self

    def write(self, data: memoryview) -> None:
        self.pipe.output(self.files[self._index].extend, data)

    def close(self) -> None:
        self.pipe.output(lambda _p, i=self._index: self.closed.append(i))


def test_open_sealed_on_the_callers_pipeline(alice: PrivateIdentity,
                                             bob: PrivateIdentity) -> None:
    contents = [("a", os.urandom(2 * BLOCK_SIZE + 77)), ("b", b""), ("c", os.urandom(9))]
    data = seal_bytes(alice, [bob.card], contents)
    totals: list[int] = []
    with ContentHasher(output=True) as pipe:
        sinks = _OutputSinks(pipe)
        opened = open_sealed(io.BytesIO(data), bob, expected_sender=alice.card,
                             replay_guard=None, sinks=sinks, pipeline=pipe,
                             progress=lambda _d, total: totals.append(total))
        pipe.drain()
    assert [bytes(sinks.files[i]) for i in range(3)] == [c for _n, c in contents]
    assert sinks.closed == [0, 1, 2]
    content = b"".join(c for _n, c in contents)
    assert opened.content_sha256 == hashlib.sha256(content).digest()
    _header, _nonce, payload = split_age(data)
    plaintext_size = len(payload) - 16 * -(-len(payload) // (CHUNK + 16))
    assert set(totals) == {plaintext_size}  # prefix, metadata, content and signature


def test_a_tampered_file_on_the_callers_pipeline_is_refused(alice: PrivateIdentity,
                                                            bob: PrivateIdentity) -> None:
    data = bytearray(seal_bytes(alice, [bob.card], [("a", os.urandom(2 * BLOCK_SIZE))]))
    data[-BLOCK_SIZE] ^= 1
    with ContentHasher(output=True) as pipe, pytest.raises(TamperedError):
        open_sealed(io.BytesIO(bytes(data)), bob, expected_sender=alice.card,
                    replay_guard=None, sinks=_OutputSinks(pipe), pipeline=pipe)


def test_worker_threads_are_named_daemons_and_jobs_without_part_get_nothing() -> None:
    got: list[int] = []
    with ContentHasher(output=True) as pipe:
        assert (pipe._thread.name, pipe._thread.daemon) == ("scelle-sha256", True)
        assert pipe._out is not None
        assert (pipe._out.name, pipe._out.daemon) == ("scelle-output", True)
        pipe.output(lambda p: got.append(len(p)))
        pipe.drain()
    assert got == [0]


def test_exact_refusals_and_a_hash_error_reaches_digest() -> None:
    with ContentHasher() as plain, pytest.raises(
            RuntimeError, match=r"^this pipeline has no output stage \(output=True\)$"):
        plain.output(lambda p: None)
    with ContentHasher(output=True) as pipe:
        block = pipe.take()
        pipe.submit(block[:1])
        pipe.digest()
        with pytest.raises(RuntimeError, match=r"^output\(\) of a block already released "
                                               r"\(submit\(\) came first\)$"):
            pipe.output(lambda p: None, block[:1])

    class _Broken:
        def update(self, _data: object) -> None:
            raise MemoryError("hash failed")

    with ContentHasher() as pipe:
        pipe._sha = _Broken()  # type: ignore[assignment]
        pipe.submit(pipe.take()[:10])
        with pytest.raises(MemoryError, match="hash failed"):
            pipe.digest()


def test_seal_many_into_the_callers_buffer() -> None:
    plain = os.urandom(3 * CHUNK + 5)
    expected = bytes(ChunkSealer(bytes(32)).seal_many(plain, True))
    into = memoryview(bytearray(4 * ENCRYPTED_CHUNK_SIZE))
    sealed = ChunkSealer(bytes(32)).seal_many(plain, True, into)
    assert sealed.obj is into.obj and bytes(sealed) == expected
    with pytest.raises(ValueError, match="^more plaintext than one batch of chunks$"):
        ChunkSealer(bytes(32)).seal_many(plain, True, into[:3 * ENCRYPTED_CHUNK_SIZE])


def test_cancel_on_the_callers_pipeline(alice: PrivateIdentity, bob: PrivateIdentity) -> None:
    data = seal_bytes(alice, [bob.card], [("a", os.urandom(2 * BLOCK_SIZE))])
    calls: list[int] = []
    with ContentHasher(output=True) as pipe, pytest.raises(Cancelled):
        open_sealed(io.BytesIO(data), bob, expected_sender=alice.card, replay_guard=None,
                    sinks=_OutputSinks(pipe), pipeline=pipe,
                    cancel=lambda: (calls.append(1), len(calls) > 20)[1])  # in block two
