"""Schema 5 (relay client tables) on a vault left at schema 4."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.relay_client import NotJoined, RelayService
from app.unlock import create_vault_keys
from app.vault import open_vault
from storage.db import Database
from storage.migrations import migrate
from storage.store import DB_NAME, derive_keys
from tests.relay_client.conftest import FAST_KDF, PASSPHRASE
from tests.vault_keys.conftest import FakeFactor


def test_schema_4_vault_opens_with_empty_relay_tables(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    created = create_vault_keys(folder, PASSPHRASE, FakeFactor(), kdf=FAST_KDF)
    (folder / "blobs").mkdir()
    (folder / "staging").mkdir()
    db = Database.open(folder / DB_NAME, derive_keys(bytes(created.vault.vmk)).database,
                       create=True)
    try:
        db.enable_writes()
        migrate(db, target=4)
        with db.transaction():
            db.execute("UPDATE meta SET value = '1' WHERE key = 'generation'")
    finally:
        db.close()
        created.vault.wipe()
    with open_vault(folder, PASSPHRASE, FakeFactor()) as session:
        assert session.store.schema_version >= 5
        session.identities.create("Après Migration")
        relay = RelayService(session)
        assert not relay.joined() and relay.inbox() == [] and relay.sent() == []
        with pytest.raises(NotJoined):
            relay.sync()
