"""Schema 9 (prekey tables) on a vault left at schema 8: empty tables, nothing else changes."""

from __future__ import annotations

from pathlib import Path

from app.relay_client import RelayService
from app.unlock import create_vault_keys
from app.vault import open_vault
from storage.db import Database
from storage.migrations import migrate
from storage.store import DB_NAME, derive_keys
from tests.relay_client.conftest import FAST_KDF, PASSPHRASE
from tests.vault_keys.conftest import FakeFactor


def test_schema_8_vault_gains_empty_prekey_tables(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    created = create_vault_keys(folder, PASSPHRASE, FakeFactor(), kdf=FAST_KDF)
    (folder / "blobs").mkdir()
    (folder / "staging").mkdir()
    db = Database.open(folder / DB_NAME, derive_keys(bytes(created.vault.vmk)).database,
                       create=True)
    try:
        db.enable_writes()
        migrate(db, target=8)
        with db.transaction():
            db.execute("UPDATE meta SET value = '1' WHERE key = 'generation'")
        tables = {r[0] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "relay_prekeys" not in tables
    finally:
        db.close()
        created.vault.wipe()
    with open_vault(folder, PASSPHRASE, FakeFactor()) as session:
        assert session.store.schema_version >= 9
        session.identities.create("Après Migration")
        for table in ("relay_prekeys", "relay_peer_prekeys", "relay_prekey_use"):
            assert session.store.db.scalar(f"SELECT count(*) FROM {table}") == 0
        state = RelayService(session).prekey_state()
        assert state.current is None and state.held == state.destroyed == 0
