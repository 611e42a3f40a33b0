"""Helpers shared by the sealing/receiving tests of the vault."""

from __future__ import annotations

from pathlib import Path

from app.vault import VaultSession
from tests.vault.conftest import blob_count

Pair = tuple[VaultSession, VaultSession, int, int]


def _seal(alice: VaultSession, docs: list[int], contact: int, out: Path, **kw: object):
    return alice.seal_documents(docs, [contact], out, **kw)


def _state(session: VaultSession) -> tuple[int, int, int, int, list[str]]:
    """What must not change when a receive is refused."""
    db = session.store.db
    return (session.documents.count(), blob_count(session),
            int(db.scalar("SELECT count(*) FROM messages")),
            int(db.scalar("SELECT count(*) FROM seen_messages")),
            session.store.staging.entries())


def _assert_intact(session: VaultSession, before: tuple) -> None:
    assert _state(session) == before
    report = session.integrity.check()
    assert report.ok, report.summary()
    assert session.store.journal.pending() == []
