"""Schema migrations: a database left by schema 1 opens with the current code."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from storage.db import Database
from storage.migrations import LATEST, MIGRATIONS, migrate
from storage.store import DB_NAME, Store, derive_keys
from tests.store.helpers import build_v1_database
from tests.support.library import Library


def test_versions_are_consecutive() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, LATEST + 1))


def test_v1_database_is_upgraded_with_its_data(vault_dir: Path, vmk: bytes) -> None:
    build_v1_database(vault_dir, vmk)
    db = Database.open(vault_dir / DB_NAME, derive_keys(vmk).database)
    assert db.schema_version() == 1
    assert db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'search_index'") == 0
    db.close()

    with Library.open(vault_dir, vmk) as lib:
        assert lib.store.schema_version == LATEST
        assert lib.store.get_generation() == 7
        case = lib.cases.get(1)
        assert (case.name, case.reference, case.legal_hold) == ("Divorce Léandre", "RG-77", False)
        doc = lib.documents.get(1)
        assert (doc.name, doc.notes, doc.tags) == ("jugement.pdf", "appel possible",
                                                   ("Appel", "Famille"))
        # the search migration indexed what schema 1 knew about existing documents
        for typed in ("jugement", "appel", "famille", "leandre", "rg-77"):
            assert [h.document_id for h in lib.search.search(typed)] == [1], typed
        # the audit migration starts a fresh, valid chain
        assert lib.audit.verify().ok
        new = lib.importer.import_stream("nouveau.txt", 3, None, io.BytesIO(b"abc"), case=1)
        assert lib.documents.open(new.id).read() == b"abc"
        assert lib.audit.verify().ok and lib.audit.entries()[-1].action == "document.open"


def test_migrate_is_idempotent_and_checks_its_target(vault_dir: Path, vmk: bytes) -> None:
    build_v1_database(vault_dir, vmk)
    db = Database.open(vault_dir / DB_NAME, derive_keys(vmk).database)
    db.enable_writes()
    try:
        assert migrate(db, target=2) == [2]
        assert migrate(db) == list(range(3, LATEST + 1))
        assert migrate(db) == []
        for bad in (-1, LATEST + 1):
            with pytest.raises(ValueError):
                migrate(db, target=bad)
    finally:
        db.close()


def test_a_failing_step_leaves_the_previous_version(vault_dir: Path, vmk: bytes,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    build_v1_database(vault_dir, vmk)
    import storage.migrations as migrations

    def broken(db: Database) -> None:
        db.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("disk unplugged")

    steps = list(migrations.MIGRATIONS)
    steps[1] = migrations.Migration(2, "broken", broken)
    monkeypatch.setattr(migrations, "MIGRATIONS", tuple(steps))
    with pytest.raises(RuntimeError):
        Store.open(vault_dir, vmk)
    db = Database.open(vault_dir / DB_NAME, derive_keys(vmk).database)
    try:
        assert db.schema_version() == 1
        assert db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'") == 0
    finally:
        db.close()
    monkeypatch.undo()
    Store.open(vault_dir, vmk).close()  # and the real steps still apply afterwards


def test_v1_database_with_wrong_key(vault_dir: Path, vmk: bytes) -> None:
    from storage.db import DatabaseKeyError

    build_v1_database(vault_dir, vmk)
    with pytest.raises(DatabaseKeyError):
        Store.open(vault_dir, os.urandom(32))
