"""Schema 4 (identity, contacts, messages, replay table) on a vault left by schema 3."""

from __future__ import annotations

from pathlib import Path

from app.unlock import create_vault_keys
from app.vault import open_vault
from storage.db import Database
from storage.migrations import LATEST, migrate
from storage.store import DB_NAME, derive_keys
from tests.vault.conftest import FAST_KDF, PASSPHRASE
from tests.vault_keys.conftest import FakeFactor


def _schema3_vault(folder: Path) -> None:
    created = create_vault_keys(folder, PASSPHRASE, FakeFactor(), kdf=FAST_KDF)
    (folder / "blobs").mkdir()
    (folder / "staging").mkdir()
    db = Database.open(folder / DB_NAME, derive_keys(bytes(created.vault.vmk)).database,
                       create=True)
    try:
        db.enable_writes()
        migrate(db, target=3)
        with db.transaction():
            db.execute("INSERT INTO cases (name, created_at)"
                       " VALUES ('Dossier ancien', '2025-01-02T03:04:05.000000Z')")
            db.execute("UPDATE meta SET value = '1' WHERE key = 'generation'")
    finally:
        db.close()
        created.vault.wipe()


def test_schema_3_vault_opens_and_gains_the_session_tables(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    _schema3_vault(folder)
    with open_vault(folder, PASSPHRASE, FakeFactor()) as session:
        assert session.store.schema_version == LATEST >= 4
        assert session.cases.get(1).name == "Dossier ancien"
        assert session.contacts.list() == [] and session.messages.list() == []
        assert not session.identities.exists()
        session.identities.create("Après Migration")
        assert session.identity.card.name == "Après Migration"
        assert session.integrity.check().ok
