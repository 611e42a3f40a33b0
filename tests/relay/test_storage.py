"""Storage underneath the relay: migrations on both back ends, blob store, orphan sweeping."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crypto.content_digest import CONTENT_CHUNK
from relay import blobs as blobs_module
from relay.blobs import BlobStore
from relay.chunk_writer import ChunkClaimed
from relay.config import RelayConfig
from relay.db import open_database
from relay.db.migrations import MIGRATIONS, migrate, schema_version
from relay.errors import ERROR_CODES
from tests.support.relay_server import RunningRelay

REPO = Path(__file__).resolve().parents[2]


def test_migrations_are_idempotent_and_versioned(tmp_path: Path, backend: str | None) -> None:
    db = open_database(RelayConfig(data_dir=tmp_path, database_url=backend))
    try:
        assert schema_version(db) == 0
        assert migrate(db, 1000) == max(MIGRATIONS)
        assert migrate(db, 2000) == max(MIGRATIONS)
        assert schema_version(db) == max(MIGRATIONS)
        with db.transaction() as tx:
            assert tx.all("SELECT version, applied FROM schema_migrations ORDER BY version") \
                == [(v, 1000) for v in sorted(MIGRATIONS)]
    finally:
        db.close()


def test_migration_2_keeps_each_recipients_first_receipt(tmp_path: Path,
                                                        backend: str | None) -> None:
    """A version-1 database may hold `opened` and `refused` from one recipient: version 2 keeps
    the first and makes a second impossible."""
    db = open_database(RelayConfig(data_dir=tmp_path, database_url=backend))
    try:
        migrate(db, 1000)
        with db.transaction() as tx:  # back to version 1, with a double answer in it
            tx.execute("DROP INDEX receipts_one_answer_per_recipient")
            tx.execute("DROP INDEX receipts_taken_once")
            tx.execute("DELETE FROM schema_migrations WHERE version IN (2, 4)")
            tx.execute("INSERT INTO envelopes (id, sender, state, size, received, "
                       "availability_days, created, expires) VALUES "
                       "('e1', 's', 'committed', 1, 1, 1, 1, 9)")
            for recipient, event, received in (("r1", "refused", 7), ("r1", "opened", 5),
                                               ("r2", "refused", 5), ("r2", "opened", 5),
                                               ("r3", "opened", 6)):
                tx.execute("INSERT INTO receipts (envelope_id, recipient, event, proof, "
                           "received) VALUES ('e1', ?, ?, ?, ?)",
                           (recipient, event, b"p", received))
        migrate(db, 2000)
        with db.transaction() as tx:
            assert tx.all("SELECT recipient, event FROM receipts ORDER BY recipient") == [
                ("r1", "opened"), ("r2", "opened"), ("r3", "opened")]
            assert tx.execute("INSERT INTO receipts (envelope_id, recipient, event, proof, "
                              "received) VALUES ('e1', 'r1', 'refused', ?, 8) "
                              "ON CONFLICT DO NOTHING", (b"p",)) == 0
    finally:
        db.close()


def test_migration_4_lets_taken_and_destroyed_follow_the_one_answer(
        tmp_path: Path, backend: str | None) -> None:
    db = open_database(RelayConfig(data_dir=tmp_path, database_url=backend))
    insert = ("INSERT INTO receipts (envelope_id, recipient, event, proof, received) "
              "VALUES ('e1', ?, ?, ?, 1) ON CONFLICT DO NOTHING")
    try:
        migrate(db, 1000)
        with db.transaction() as tx:
            tx.execute("INSERT INTO envelopes (id, sender, state, size, received, "
                       "availability_days, created, expires) VALUES "
                       "('e1', 's', 'committed', 1, 1, 1, 1, 9)")
            kept = [tx.execute(insert, (recipient, event, b"p")) for recipient, event in (
                ("r1", "opened"), ("r1", "taken"), ("r1", "destroyed"), ("r1", "refused"),
                ("r2", "opened"), ("r2", "taken"), ("r2", "destroyed"))]
        assert kept == [1, 1, 1, 0, 1, 0, 1]
    finally:
        db.close()


def test_a_schema_newer_than_the_relay_is_refused(tmp_path: Path, backend: str | None) -> None:
    db = open_database(RelayConfig(data_dir=tmp_path, database_url=backend))
    try:
        migrate(db, 1000)
        with db.transaction() as tx:
            tx.execute("INSERT INTO schema_migrations (version, applied) VALUES (?, ?)",
                       (99, 1000))
        with pytest.raises(RuntimeError, match="newer than this relay"):
            migrate(db, 2000)
    finally:
        db.close()


def test_transaction_rolls_back_on_error(tmp_path: Path, backend: str | None) -> None:
    db = open_database(RelayConfig(data_dir=tmp_path, database_url=backend))
    try:
        migrate(db, 1000)
        with pytest.raises(ZeroDivisionError), db.transaction() as tx:
            tx.execute("INSERT INTO nonces (key_id, nonce, expires) VALUES (?, ?, ?)",
                       ("k", "n", 1))
            raise ZeroDivisionError
        with db.transaction() as tx:
            assert tx.all("SELECT COUNT(*) FROM nonces") == [(0,)]
    finally:
        db.close()


def test_unreachable_postgres_names_the_problem_not_the_url() -> None:
    from relay.errors import DatabaseUnavailable

    url = "postgresql://user:hunter2@127.0.0.1:1/none"
    with pytest.raises(DatabaseUnavailable) as caught:
        open_database(RelayConfig(data_dir=Path("/nonexistent"), database_url=url))
    assert "hunter2" not in str(caught.value)


def _append(blobs: BlobStore, envelope_id: str, offset: int, data: bytes) -> None:
    chunk = blobs.receive_chunk(envelope_id, offset)
    try:
        chunk.forget()
        chunk.write([data])
        chunk.keep()
    finally:
        chunk.close()


def test_blob_store_places_chunks_and_a_chunk_sent_again_replaces_its_bytes(
        tmp_path: Path) -> None:
    blobs = BlobStore(tmp_path)
    envelope_id = "ab" * 16
    blobs.start_upload(envelope_id)
    first = os.urandom(CONTENT_CHUNK)
    # A longer second chunk, then the one that replaces it: the commit cuts at the size.
    for offset, data in ((0, first), (CONTENT_CHUNK, b"wonderful"), (CONTENT_CHUNK, b"world")):
        _append(blobs, envelope_id, offset, data)
    size = CONTENT_CHUNK + 5
    assert blobs.checked_leaves(envelope_id, size) == [hashlib.sha256(first).digest(),
                                                      hashlib.sha256(b"world").digest()]
    blobs.finalize(envelope_id, size)
    assert blobs.envelope_path(envelope_id).read_bytes() == first + b"world"
    assert not blobs.upload_dir(envelope_id).exists()
    assert stat_mode(blobs.envelope_path(envelope_id).parent) == 0o700
    blobs.delete(envelope_id)
    blobs.delete(envelope_id)
    assert not blobs.exists(envelope_id)


def test_a_chunk_is_written_in_place_and_counts_only_once_kept(tmp_path: Path) -> None:
    blobs = BlobStore(tmp_path)
    envelope_id = "cd" * 16
    blobs.start_upload(envelope_id)
    _append(blobs, envelope_id, 0, b"z" * CONTENT_CHUNK)
    size = 2 * CONTENT_CHUNK + 7
    # The last chunk first (out of order), in pieces: its digest covers every piece in order.
    last = blobs.receive_chunk(envelope_id, 2 * CONTENT_CHUNK)
    pieces = [b"a" * 5, b"", b"b"]
    last.forget()
    last.write(pieces[:2])
    last.write(pieces[2:])
    assert last.sha256.digest() == hashlib.sha256(b"aaaaab").digest() and last.size == 6
    assert blobs.kept_prefix(envelope_id, 0, size) == CONTENT_CHUNK  # not kept yet
    last.keep()
    last.close()
    assert blobs.kept_prefix(envelope_id, 0, size) == CONTENT_CHUNK  # a gap before it
    _append(blobs, envelope_id, CONTENT_CHUNK, b"m" * CONTENT_CHUNK)
    assert blobs.kept_prefix(envelope_id, CONTENT_CHUNK, size) == size
    # A chunk claimed again loses its leaf before any byte is overwritten.
    again = blobs.receive_chunk(envelope_id, CONTENT_CHUNK)
    again.forget()
    again.write([b"half"])
    again.close()  # a killed request: nothing kept
    assert blobs.kept_prefix(envelope_id, 0, size) == CONTENT_CHUNK
    assert sorted(p.name for p in blobs.upload_dir(envelope_id).iterdir()) == ["data", "leaves"]


def test_a_chunk_has_one_receiver_at_a_time_across_processes(tmp_path: Path) -> None:
    blobs = BlobStore(tmp_path)
    envelope_id = "ce" * 16
    blobs.start_upload(envelope_id)
    held = blobs.receive_chunk(envelope_id, CONTENT_CHUNK)
    other = ("import sys; from pathlib import Path; from relay.blobs import BlobStore; "
             "from relay.chunk_writer import ChunkClaimed\n"
             "try:\n    BlobStore(Path(sys.argv[1])).receive_chunk(sys.argv[2], int(sys.argv[3]))"
             "\nexcept ChunkClaimed:\n    sys.exit(3)")
    try:
        with pytest.raises(ChunkClaimed):
            blobs.receive_chunk(envelope_id, CONTENT_CHUNK)  # another thread of this process
        for offset, status in ((CONTENT_CHUNK, 3), (0, 0)):  # another relay process
            run = subprocess.run([sys.executable, "-c", other, str(tmp_path), envelope_id,
                                  str(offset)], cwd=Path(__file__).resolve().parents[2],
                                 check=False)
            assert run.returncode == status
        blobs.receive_chunk(envelope_id, 0).close()  # another chunk is free
    finally:
        held.close()
    blobs.receive_chunk(envelope_id, CONTENT_CHUNK).close()  # free once its holder closed


def test_leaves_from_another_boot_are_checked_against_the_bytes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After a reboot (a power loss may have dropped pages the leaves describe) the commit
    re-reads the chunks; within one boot it trusts the leaves it wrote (no second pass)."""
    blobs = BlobStore(tmp_path)
    envelope_id = "ef" * 16
    blobs.start_upload(envelope_id)
    data = b"sealed bytes " * 1000
    _append(blobs, envelope_id, 0, data)
    with open(blobs.upload_dir(envelope_id) / "data", "r+b") as damaged:
        damaged.write(b"S")  # what a lost page would look like
    # Same boot: the leaf is trusted as written (the page cache still holds what was hashed).
    assert blobs.checked_leaves(envelope_id, len(data)) == [hashlib.sha256(data).digest()]
    monkeypatch.setattr(blobs_module, "BOOT_ID", b"\x01" * 16)  # as after a reboot
    with pytest.raises(ValueError, match="no longer matches"):
        blobs.checked_leaves(envelope_id, len(data))
    with open(blobs.upload_dir(envelope_id) / "data", "r+b") as repaired:
        repaired.write(b"s")
    assert blobs.checked_leaves(envelope_id, len(data)) == [hashlib.sha256(data).digest()]
    monkeypatch.setattr(blobs_module, "BOOT_ID", bytes(16))  # no boot id: always re-read
    assert blobs.checked_leaves(envelope_id, len(data)) == [hashlib.sha256(data).digest()]


def test_missing_leaves_are_taken_from_the_bytes(tmp_path: Path) -> None:
    """An upload restored from a backup (or begun before protocol 2) kept no leaves: they are
    hashed from the bytes; bytes shorter than the size are refused."""
    blobs = BlobStore(tmp_path)
    envelope_id = "12" * 16
    blobs.start_upload(envelope_id)
    data = os.urandom(CONTENT_CHUNK + 10)
    _append(blobs, envelope_id, 0, data[:CONTENT_CHUNK])
    with open(blobs.upload_dir(envelope_id) / "data", "ab") as more:
        more.write(data[CONTENT_CHUNK:])  # bytes with no leaf kept
    expected = [hashlib.sha256(data[:CONTENT_CHUNK]).digest(),
                hashlib.sha256(data[CONTENT_CHUNK:]).digest()]
    assert blobs.checked_leaves(envelope_id, len(data)) == expected
    (blobs.upload_dir(envelope_id) / "leaves").unlink()
    assert blobs.checked_leaves(envelope_id, len(data)) == expected
    # A chunk appended after such a gap leaves zeros where the earlier leaves would be.
    _append(blobs, envelope_id, CONTENT_CHUNK, data[CONTENT_CHUNK:])
    assert (blobs.upload_dir(envelope_id) / "leaves").read_bytes()[:48] == bytes(48)
    assert blobs.checked_leaves(envelope_id, len(data)) == expected
    (blobs.upload_dir(envelope_id) / "leaves").unlink()
    with pytest.raises(ValueError, match="shorter"):
        blobs.checked_leaves(envelope_id, len(data) + 1)


def stat_mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_blob_store_refuses_ids_that_are_not_hex(tmp_path: Path) -> None:
    blobs = BlobStore(tmp_path)
    for bad in ("../../etc", "AB" * 16, "ab" * 15):
        with pytest.raises(ValueError):
            blobs.envelope_path(bad)


def test_sweeper_removes_old_orphan_bytes_only(relay: RunningRelay) -> None:
    blobs = relay.relay.blobs
    old, young = "01" * 16, "02" * 16
    for envelope_id in (old, young):
        blobs.start_upload(envelope_id)
    past = time.time() - 2 * 3600
    os.utime(blobs.upload_dir(old), (past, past))
    assert relay.sweep().orphans == 1
    assert not blobs.exists(old) and blobs.exists(young)


def test_every_error_code_is_documented() -> None:
    text = (REPO / "docs" / "relay.md").read_text(encoding="utf-8")
    missing = [c for c in ERROR_CODES if f"`{c}`" not in text]
    assert not missing, f"document these codes in docs/relay.md: {missing}"


def test_sqlite_file_is_created_private_and_a_second_open_keeps_the_first_working(
        tmp_path: Path) -> None:
    from relay.db.sqlite import SqliteDatabase

    path = tmp_path / "relay" / "relay.sqlite3"
    old = os.umask(0)
    try:
        first = SqliteDatabase(path)
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o600
    path.chmod(0o640)  # an existing file is not re-created (nor opened and closed behind SQLite)
    second = SqliteDatabase(path)
    assert path.stat().st_mode & 0o777 == 0o640
    with first.transaction() as tx:
        tx.execute("CREATE TABLE t (x INTEGER)")
        tx.execute("INSERT INTO t VALUES (1)")
    with second.transaction() as tx:
        assert [tuple(row) for row in tx.all("SELECT x FROM t")] == [(1,)]
