"""Vault schema 13: relay_proofs rebuilt to admit intake deposit proofs, rows and ids kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.db import Database, SQLError
from storage.migrations import migrate
from storage.store import DB_NAME, derive_keys
from tests.store.helpers import build_v1_database


def _proof(db: Database, proof_id: int, kind: str) -> None:
    db.execute("INSERT INTO relay_proofs (id, envelope_id, direction, kind, party, event, proof,"
               " digest, posted, recorded_at) VALUES (?, ?, 'received', ?, NULL, NULL, ?, ?, 1,"
               " 't')", (proof_id, f"{proof_id:032x}", kind, b"proof", bytes([proof_id]) * 32))


def test_relay_proofs_rebuilt_with_rows_and_sequence(vault_dir: Path, vmk: bytes) -> None:
    build_v1_database(vault_dir, vmk)
    db = Database.open(vault_dir / DB_NAME, derive_keys(vmk).database)
    db.enable_writes()
    try:
        migrate(db, target=12)
        with db.transaction():
            _proof(db, 3, "deposit")
            _proof(db, 9, "receipt")
            db.execute("DELETE FROM relay_proofs WHERE id = 9")  # the sequence stays at 9
            with pytest.raises(SQLError):
                _proof(db, 10, "intake_deposit")
        assert migrate(db, target=13) == [13]
        rows = db.query("SELECT id, kind, proof FROM relay_proofs ORDER BY id")
        assert [tuple(r) for r in rows] == [(3, "deposit", b"proof")]
        with db.transaction():
            _proof(db, 4, "intake_deposit")
            db.execute("INSERT INTO relay_proofs (envelope_id, direction, kind, proof, digest,"
                       " recorded_at) VALUES (?, 'sent', 'delivery', x'00', ?, 't')",
                       ("e" * 32, b"\x07" * 32))
        assert db.scalar("SELECT max(id) FROM relay_proofs") == 10
        assert db.scalar("SELECT count(*) FROM sqlite_master WHERE name ="
                         " 'relay_proofs_by_envelope'") == 1
        with pytest.raises(SQLError), db.transaction():
            _proof(db, 11, "other")
    finally:
        db.close()
