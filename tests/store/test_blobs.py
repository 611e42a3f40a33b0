"""The blob format: round trips, random access, and every way of damaging a blob."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from storage.blobs import (
    BlobLayout,
    BlobReader,
    BlobWriter,
    CancelledError,
    CorruptBlobError,
    MissingBlobError,
    SizeMismatchError,
    unwrap_data_key,
    wrap_data_key,
)
from storage.blobs.format import DEFAULT_CHUNK_SIZE, HEADER_LEN, TAG_LEN
from storage.store import Store
from tests.store.helpers import flip_byte, random_bytes

C = DEFAULT_CHUNK_SIZE  # 64 KiB, the only chunk size of format version 1
KEY = bytes(range(32))
BLOB_ID = bytes.fromhex("0123456789abcdef0123456789abcdef")


def seal(data: bytes, key: bytes = KEY, blob_id: bytes = BLOB_ID) -> bytes:
    out = io.BytesIO()
    writer = BlobWriter(out, key, blob_id)
    # uneven write sizes: sealing must not depend on how the caller slices its writes
    for i in range(0, len(data), 10_000):
        writer.write(data[i : i + 10_000])
    size, _digest = writer.finish()
    assert size == len(data)
    return out.getvalue()


def reader(blob: bytes, *, size: int | None = None, key: bytes = KEY, blob_id: bytes = BLOB_ID,
           doc: int = 7) -> BlobReader:
    return BlobReader(io.BytesIO(blob), key, blob_id, size=size, document_id=doc)


def read_all(blob: bytes, size: int | None, **kw: object) -> bytes:
    return b"".join(reader(blob, size=size, **kw).iter_chunks())  # type: ignore[arg-type]


@pytest.mark.parametrize("size", [0, 1, C - 1, C, C + 1, 3 * C, 3 * C + 5])
def test_round_trip_and_layout(size: int) -> None:
    data = random_bytes(size, seed=size)
    blob = seal(data)
    layout = BlobLayout.for_size(size, C)
    assert len(blob) == layout.file_size == HEADER_LEN + size + TAG_LEN * layout.chunk_count
    assert read_all(blob, size) == data
    assert read_all(blob, None) == data  # layout derived from the file alone
    if size >= 32:
        assert data[:32] not in blob  # it is encrypted


def test_random_access_decrypts_only_needed_chunks() -> None:
    data = random_bytes(5 * C + 123)
    r = reader(seal(data), size=len(data))
    calls: list[int] = []
    original = r.chunk

    def spy(i: int) -> bytes:
        calls.append(i)
        return original(i)

    r.chunk = spy  # type: ignore[method-assign]
    assert r.read_range(2 * C + 10, 100) == data[2 * C + 10 : 2 * C + 110]
    assert calls == [2]
    assert r.read_range(C - 5, 10) == data[C - 5 : C + 5]  # spans two chunks
    assert r.read_range(len(data) - 3, 100) == data[-3:]  # clipped at the end
    assert r.read_range(len(data) + 10, 5) == b""
    with pytest.raises(ValueError):
        r.read_range(-1, 5)


def test_truncation_at_chunk_boundary_is_detected_even_without_the_size() -> None:
    data = random_bytes(3 * C)
    blob = seal(data)
    cut = blob[: HEADER_LEN + 2 * (C + TAG_LEN)]  # drop the whole final chunk
    with pytest.raises(CorruptBlobError, match="truncated"):
        reader(cut, size=len(data))
    with pytest.raises(CorruptBlobError, match="chunk 1 failed"):  # old chunk 1 was not final
        read_all(cut, None)


@pytest.mark.parametrize("cut", [1, TAG_LEN, C // 2])
def test_truncation_inside_the_last_chunk(cut: int) -> None:
    data = random_bytes(2 * C + 100)
    blob = seal(data)[:-cut]
    with pytest.raises(CorruptBlobError):
        reader(blob, size=len(data))
    with pytest.raises(CorruptBlobError):
        read_all(blob, None)


def test_truncated_header() -> None:
    with pytest.raises(CorruptBlobError, match="header"):
        reader(seal(b"abc")[:20])


def test_appended_data_is_detected() -> None:
    data = random_bytes(C + 3)
    blob = seal(data)
    with pytest.raises(CorruptBlobError, match="longer"):
        reader(blob + b"\0" * 5, size=len(data))
    # a whole extra chunk sealed by someone with the key would still fail: the old last
    # chunk was sealed as final
    extra = seal(random_bytes(2 * C + 3))
    spliced = blob + extra[HEADER_LEN + 2 * (C + TAG_LEN) :]
    with pytest.raises(CorruptBlobError):
        read_all(spliced, None)


@pytest.mark.parametrize("where", ["magic", "chunk size", "blob id", "first chunk", "last tag"])
def test_bit_flips_anywhere_are_detected(where: str) -> None:
    data = random_bytes(2 * C + 10)
    blob = bytearray(seal(data))
    offset = {"magic": 0, "chunk size": 14, "blob id": 20, "first chunk": HEADER_LEN + 5,
              "last tag": len(blob) - 1}[where]
    blob[offset] ^= 0x80
    with pytest.raises(CorruptBlobError) as err:
        read_all(bytes(blob), len(data))
    assert err.value.document_id == 7
    assert "document 7" in str(err.value)


def test_reordered_chunks_are_detected() -> None:
    data = random_bytes(3 * C)
    blob = seal(data)
    span = C + TAG_LEN
    c0 = blob[HEADER_LEN : HEADER_LEN + span]
    c1 = blob[HEADER_LEN + span : HEADER_LEN + 2 * span]
    swapped = blob[:HEADER_LEN] + c1 + c0 + blob[HEADER_LEN + 2 * span :]
    with pytest.raises(CorruptBlobError, match="chunk 0 failed"):
        read_all(swapped, len(data))


def test_chunk_swapped_from_another_blob_is_detected() -> None:
    # even under the same data key (which the store never does): the chunk key depends on the
    # header, hence on the blob id
    data_a, data_b = random_bytes(2 * C, 1), random_bytes(2 * C, 2)
    other_id = bytes(16)
    a, b = seal(data_a), seal(data_b, blob_id=other_id)
    mixed = a[:HEADER_LEN] + b[HEADER_LEN : HEADER_LEN + C + TAG_LEN] + a[HEADER_LEN + C + TAG_LEN :]
    with pytest.raises(CorruptBlobError, match="chunk 0"):
        read_all(mixed, len(data_a))


def test_a_file_under_another_blobs_name_is_refused() -> None:
    blob = seal(b"hello")
    with pytest.raises(CorruptBlobError, match="another blob"):
        reader(blob, blob_id=bytes(16))


def test_wrong_key_fails_authentication() -> None:
    with pytest.raises(CorruptBlobError, match="chunk 0"):
        read_all(seal(b"hello"), 5, key=os.urandom(32))


def test_empty_blob_cannot_be_grown() -> None:
    with pytest.raises(CorruptBlobError):
        reader(seal(b""), size=1)


def test_key_wrapping_is_bound_to_the_blob() -> None:
    kwk, data_key = os.urandom(32), os.urandom(32)
    wrapped = wrap_data_key(kwk, data_key, BLOB_ID)
    assert unwrap_data_key(kwk, wrapped, BLOB_ID) == data_key
    assert data_key not in wrapped
    with pytest.raises(CorruptBlobError, match="does not belong"):
        unwrap_data_key(kwk, wrapped, bytes(16), document_id=3)
    with pytest.raises(CorruptBlobError):
        unwrap_data_key(os.urandom(32), wrapped, BLOB_ID)
    with pytest.raises(CorruptBlobError, match="malformed"):
        unwrap_data_key(kwk, wrapped[:-1], BLOB_ID)


# -- through the store: files, staging, cancel -----------------------------------------------


def _store_blob(store: Store, data: bytes) -> tuple[str, bytes]:
    """Write a blob through the intake protocol with a minimal document row."""
    with store.new_blob() as intake:
        intake.write_from(io.BytesIO(data), expected_size=len(data))
        blob = intake.finish()
        intake.publish()
        with store.db.transaction():
            store.db.execute("INSERT INTO documents (name, media_type, created_at, imported_at)"
                             " VALUES ('n', 'a/b', 't', 't')")
            store.db.execute("INSERT INTO versions (document_id, number, blob_id, size, sha256,"
                             " wrapped_key, created_at) VALUES (last_insert_rowid(), 1, ?, ?, ?,"
                             " ?, 't')", (blob.blob_id, blob.size, blob.sha256, blob.wrapped_key))
            intake.settle()
    return blob.blob_id, blob.wrapped_key


def test_stored_blob_layout_on_disk(vault_dir: Path, vmk: bytes) -> None:
    data = random_bytes(3 * C + 1)
    with Store.create(vault_dir, vmk) as store:
        blob_id, wrapped = _store_blob(store, data)
        path = vault_dir / "blobs" / blob_id[:2] / blob_id
        assert path.is_file() and path.stat().st_mode & 0o077 == 0
        assert store.staging.entries() == [] and store.journal.pending() == []
        with store.open_blob(blob_id, wrapped, len(data), 1) as stream:
            stream.seek(C * 2 + 7)
            assert stream.read(10) == data[C * 2 + 7 : C * 2 + 17]
            stream.seek(-4, io.SEEK_END)
            assert stream.read() == data[-4:]
        flip_byte(path, HEADER_LEN + C + TAG_LEN + 3)  # inside chunk 1
        with store.open_blob(blob_id, wrapped, len(data), 1) as stream:
            assert stream.read(C) == data[:C]  # chunk 0 still reads: random access
            with pytest.raises(CorruptBlobError, match="document 1"):
                stream.read(10)
        path.unlink()
        with pytest.raises(MissingBlobError, match="document 1 is missing"):
            store.open_blob(blob_id, wrapped, len(data), 1)


def test_cancel_and_size_mismatch_leave_nothing(vault_dir: Path, vmk: bytes) -> None:
    data = random_bytes(40 * C)  # 2.5 blocks: cancel is checked before each read of a block
    with Store.create(vault_dir, vmk) as store:
        calls = iter([False, False, True])
        with pytest.raises(CancelledError):
            with store.new_blob() as intake:
                intake.write_from(io.BytesIO(data), cancel=lambda: next(calls))
        for announced in (len(data) - 1, len(data) + 1):
            with pytest.raises(SizeMismatchError):
                with store.new_blob() as intake:
                    intake.write_from(io.BytesIO(data), expected_size=announced)
        assert store.staging.entries() == []
        assert list(store.blobs.iter_files()) == []


def test_failure_after_publish_removes_the_blob(vault_dir: Path, vmk: bytes) -> None:
    with Store.create(vault_dir, vmk) as store:
        with pytest.raises(RuntimeError, match="boom"):
            with store.new_blob() as intake:
                intake.write(b"data")
                intake.finish()
                intake.publish()
                assert store.blobs.exists(intake.blob_id)
                raise RuntimeError("boom")
        assert list(store.blobs.iter_files()) == []
        assert store.journal.pending() == []


def test_publish_inside_a_transaction_is_refused(vault_dir: Path, vmk: bytes) -> None:
    # the journal entry must be durable before the file appears
    with Store.create(vault_dir, vmk) as store:
        with store.new_blob() as intake:
            intake.write(b"x")
            intake.finish()
            with store.db.transaction(), pytest.raises(RuntimeError):
                intake.publish()
        assert store.staging.entries() == []
