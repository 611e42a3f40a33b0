"""Opening, creating and closing the store: keys, refusals, lock, staging, generation."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from storage.db import (
    DatabaseKeyError,
    MissingDatabaseError,
    NewerVaultError,
    NotAVaultDatabaseError,
)
from storage.migrations import LATEST
from storage.staging import VaultBusyError
from storage.store import Store, StoreError, derive_keys
from tests.store.helpers import dir_snapshot


def test_create_then_open_round_trip(vault_dir: Path, vmk: bytes) -> None:
    with Store.create(vault_dir, vmk) as store:
        assert store.schema_version == LATEST
        store.set_generation(5)
    assert sorted(p.name for p in vault_dir.iterdir()) == ["blobs", "staging", "vault.db"]
    with Store.open(vault_dir, vmk) as store:
        assert store.get_generation() == 5
    # a clean close folds the WAL in and leaves no -wal/-shm behind
    assert not (vault_dir / "vault.db-wal").exists()


def test_connection_settings(vault_dir: Path, vmk: bytes) -> None:
    with Store.create(vault_dir, vmk) as store:
        db = store.db
        assert db.scalar("PRAGMA secure_delete") == 1
        assert db.scalar("PRAGMA foreign_keys") == 1
        assert db.scalar("PRAGMA journal_mode") == "wal"
        assert db.scalar("PRAGMA synchronous") == 2  # FULL
        assert db.scalar("PRAGMA temp_store") == 2  # MEMORY
        assert int(db.scalar("PRAGMA cipher_memory_security")) == 1


def test_derived_keys_are_distinct_and_deterministic(vmk: bytes) -> None:
    a, b = derive_keys(vmk), derive_keys(vmk)
    assert a == b
    assert len({bytes(a.database), bytes(a.key_wrapping), bytes(a.audit), vmk}) == 4
    assert derive_keys(os.urandom(32)).database != a.database
    with pytest.raises(ValueError):
        derive_keys(b"short")


def test_wrong_key_is_refused(vault_dir: Path, vmk: bytes) -> None:
    Store.create(vault_dir, vmk).close()
    before = dir_snapshot(vault_dir)
    with pytest.raises(DatabaseKeyError) as err:
        Store.open(vault_dir, os.urandom(32))
    assert "key is wrong" in str(err.value)
    assert dir_snapshot(vault_dir) == before
    Store.open(vault_dir, vmk).close()  # the lock was released by the failed attempt


@pytest.mark.parametrize(
    "content, why",
    [
        (b"", "empty"),
        (os.urandom(4096 * 3 + 17), "whole number of pages"),
    ],
)
def test_non_database_files_are_refused(vault_dir: Path, vmk: bytes, content: bytes, why: str) -> None:
    vault_dir.mkdir()
    (vault_dir / "vault.db").write_bytes(content)
    with pytest.raises(NotAVaultDatabaseError, match=why):
        Store.open(vault_dir, vmk)


def test_random_pages_are_a_key_error(vault_dir: Path, vmk: bytes) -> None:
    vault_dir.mkdir()
    (vault_dir / "vault.db").write_bytes(os.urandom(4096 * 2))
    with pytest.raises(DatabaseKeyError):
        Store.open(vault_dir, vmk)


def test_plain_sqlite_file_is_refused(vault_dir: Path, vmk: bytes) -> None:
    vault_dir.mkdir()
    conn = sqlite3.connect(vault_dir / "vault.db")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(NotAVaultDatabaseError, match="unencrypted SQLite"):
        Store.open(vault_dir, vmk)


def test_missing_database_and_folder(tmp_path: Path, vmk: bytes) -> None:
    with pytest.raises(StoreError):
        Store.open(tmp_path / "nowhere", vmk)
    (tmp_path / "empty").mkdir()
    with pytest.raises(MissingDatabaseError):
        Store.open(tmp_path / "empty", vmk)
    assert list((tmp_path / "empty").iterdir()) == []


def test_create_refuses_an_existing_database(vault_dir: Path, vmk: bytes) -> None:
    Store.create(vault_dir, vmk).close()
    before = dir_snapshot(vault_dir)
    with pytest.raises(StoreError, match="already holds"):
        Store.create(vault_dir, vmk)
    assert dir_snapshot(vault_dir) == before


def test_failed_create_leaves_no_database(vault_dir: Path, vmk: bytes,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import storage.store

    def broken(db: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage.store, "migrate", broken)
    with pytest.raises(OSError):
        Store.create(vault_dir, vmk)
    assert not (vault_dir / "vault.db").exists()
    monkeypatch.undo()
    Store.create(vault_dir, vmk).close()  # nothing blocks a new attempt


def test_newer_schema_is_refused_untouched(vault_dir: Path, vmk: bytes) -> None:
    with Store.create(vault_dir, vmk) as store:
        store.db.execute(f"PRAGMA user_version = {LATEST + 1}")
    (vault_dir / "staging" / "work.part").write_bytes(b"encrypted leftovers")
    before = dir_snapshot(vault_dir)
    with pytest.raises(NewerVaultError) as err:
        Store.open(vault_dir, vmk)
    assert err.value.found == LATEST + 1 and "newer version" in str(err.value)
    assert dir_snapshot(vault_dir) == before  # not even staging was emptied


def test_second_open_is_refused_while_open(vault_dir: Path, vmk: bytes) -> None:
    store = Store.create(vault_dir, vmk)
    try:
        with pytest.raises(VaultBusyError):
            Store.open(vault_dir, vmk)
    finally:
        store.close()
    Store.open(vault_dir, vmk).close()


def test_staging_is_emptied_at_open(vault_dir: Path, vmk: bytes) -> None:
    Store.create(vault_dir, vmk).close()
    staging = vault_dir / "staging"
    (staging / "abc.part").write_bytes(b"x" * 100)
    (staging / "sub").mkdir()
    (staging / "sub" / "deep.part").write_bytes(b"y")
    with Store.open(vault_dir, vmk) as store:
        assert store.staging.entries() == []


def test_generation_never_decreases(vault_dir: Path, vmk: bytes) -> None:
    with Store.create(vault_dir, vmk) as store:
        assert store.get_generation() == 0
        assert store.bump_generation() == 1
        store.set_generation(10)
        with pytest.raises(ValueError):
            store.set_generation(9)
        for bad in (-1, True, "3", 1.5):
            with pytest.raises(ValueError):
                store.set_generation(bad)  # type: ignore[arg-type]
        assert store.get_generation() == 10


def test_close_is_idempotent_and_zeroes_the_keys(vault_dir: Path, vmk: bytes) -> None:
    store = Store.create(vault_dir, vmk)
    key = store.audit_key
    assert any(key)
    store.close()
    store.close()
    assert store.closed and not any(key)


def test_vault_files_are_private(vault_dir: Path, vmk: bytes) -> None:
    Store.create(vault_dir, vmk).close()
    for path in (vault_dir, vault_dir / "blobs", vault_dir / "staging"):
        assert path.stat().st_mode & 0o077 == 0
