"""Schema 14 on a vault left at schema 13: the broker's insurers keep their rows (no key
pinned), and the exchange tables are there, with their constraints."""

from __future__ import annotations

import os

import pytest

from storage.db import Database
from storage.migrations import migrate


def test_a_schema_13_portfolio_is_upgraded(tmp_path) -> None:  # noqa: ANN001
    db = Database.open(tmp_path / "vault.db", os.urandom(32), create=True)
    db.enable_writes()
    try:
        migrate(db, target=13)
        with db.transaction():
            db.execute("INSERT INTO brokerage_insurers (code, name, iban, bic, created_at) "
                       "VALUES ('AXA', 'Assureur Un', 'DE89370400440532013000', "
                       "'COBADEFFXXX', '2026-01-01T00:00:00Z')")
        assert migrate(db) == [14]
        assert [tuple(r) for r in db.query("SELECT code, org_key FROM brokerage_insurers")] \
            == [("AXA", None)]
        with pytest.raises(Exception, match="CHECK"), db.transaction():
            db.execute("UPDATE brokerage_insurers SET org_key = ?", (b"short",))
        with db.transaction():
            db.execute("INSERT INTO brokerage_deposits (broker, insurer, statement, family, "
                       "lines, created_at) VALUES (?, 'AXA', 'S1', 'premiums', 1, 'now')",
                       ("a" * 64,))
        with pytest.raises(Exception, match="UNIQUE"), db.transaction():
            db.execute("INSERT INTO brokerage_deposits (broker, insurer, statement, family, "
                       "lines, created_at) VALUES (?, 'AXA', 'S1', 'premiums', 1, 'now')",
                       ("a" * 64,))
        assert db.scalar("SELECT count(*) FROM brokerage_inbox") == 0
    finally:
        db.close()
