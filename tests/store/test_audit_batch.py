"""Audit entries appended by batch (`AuditLog.batch()`, used by a folder import): the same chain,
verifiable and tamper-evident exactly as entries recorded one by one."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import pytest

from app.audit import GENESIS, AuditLog
from app.records import InvalidValueError
from storage.store import Store
from tests.support.library import Library


def _chain_by_hand(key: bytes, rows: list[tuple]) -> list[bytes]:
    """The entry hashes recomputed from the documented formula (not through AuditLog)."""
    import json

    prev, out = GENESIS, []
    for seq, at, actor, action, doc, case, row_prev, _digest in rows:
        body = json.dumps({"seq": seq, "at": at, "actor": actor, "action": action,
                           "document_id": doc, "case_id": case}, sort_keys=True,
                          separators=(",", ":"), ensure_ascii=False).encode()
        assert bytes(row_prev) == prev
        prev = hmac.new(key, b"scelle/v1 audit\x00" + body + prev, hashlib.sha256).digest()
        out.append(prev)
    return out


def test_batch_continues_the_chain_between_single_records(lib: Library) -> None:
    case = lib.cases.create("Dossier").id
    batch = lib.audit.batch()
    for doc in (11, 12, 13):
        batch.add("document.import", document_id=doc, case_id=case)
    assert len(batch) == 3 and lib.audit.entries()[-1].action == "case.create"  # not yet
    with lib.store.db.transaction():
        assert batch.write() == 3
    assert len(batch) == 0 and batch.write() == 0  # written once, not twice
    lib.cases.update(case, name="Dossier 2")
    entries = lib.audit.entries()
    assert [(e.seq, e.action, e.document_id) for e in entries] == [
        (1, "vault.create", None), (2, "case.create", None), (3, "document.import", 11),
        (4, "document.import", 12), (5, "document.import", 13), (6, "case.update", None)]
    assert all(b.prev_hash == a.entry_hash for a, b in zip(entries, entries[1:]))
    assert [e.at for e in entries] == sorted(e.at for e in entries)
    rows = [tuple(r) for r in lib.store.db.query("SELECT * FROM audit_log ORDER BY seq")]
    assert _chain_by_hand(lib.store.audit_key, rows) == [bytes(r[7]) for r in rows]
    assert lib.audit.verify().ok


def test_batch_on_an_empty_log_starts_from_genesis(tmp_path: Path, vmk: bytes) -> None:
    store = Store.create(tmp_path / "v", vmk)
    try:
        log = AuditLog(store)
        batch = log.batch()
        batch.add("vault.create")
        batch.add("case.create", case_id=1)
        batch.write()
        first, second = log.entries()
        assert first.seq == 1 and first.prev_hash == GENESIS
        assert second.prev_hash == first.entry_hash and log.verify().ok
    finally:
        store.close()


def test_rolled_back_batch_leaves_the_log_and_its_head_as_they_were(lib: Library) -> None:
    head = lib.store.db.scalar("SELECT value FROM meta WHERE key = 'audit_head'")
    batch = lib.audit.batch()
    batch.add("document.import", document_id=1)
    with pytest.raises(RuntimeError), lib.store.db.transaction():
        batch.write()
        raise RuntimeError("the batch's work failed")
    assert [e.action for e in lib.audit.entries()] == ["vault.create"]
    assert lib.store.db.scalar("SELECT value FROM meta WHERE key = 'audit_head'") == head
    assert lib.audit.verify().ok


def test_unknown_action_is_refused_when_noted(lib: Library) -> None:
    batch = lib.audit.batch()
    with pytest.raises(InvalidValueError):
        batch.add("document.read everything")
    assert len(batch) == 0


def test_tampering_inside_a_batch_is_detected(lib: Library) -> None:
    batch = lib.audit.batch()
    for doc in range(1, 6):
        batch.add("document.import", document_id=doc)
    batch.write()
    lib.store.db.execute("UPDATE audit_log SET document_id = 9 WHERE seq = 4")
    result = lib.audit.verify()
    assert result.kinds() == {"altered"} and [p.seq for p in result.problems] == [4]


def test_batch_tail_cut_is_detected(lib: Library) -> None:
    batch = lib.audit.batch()
    for doc in range(1, 6):
        batch.add("document.import", document_id=doc)
    batch.write()
    lib.store.db.execute("DELETE FROM audit_log WHERE seq >= 5")  # the head names seq 6
    assert lib.audit.verify().kinds() == {"truncated"}


def test_folder_import_records_each_document_in_import_order(lib: Library,
                                                             tmp_path: Path) -> None:
    folder = tmp_path / "Dossier Roux"
    folder.mkdir()
    for i in range(7):
        (folder / f"piece-{i}.txt").write_bytes(b"contenu %d" % i)
    report = lib.importer.import_folder(folder)
    imports = [e for e in lib.audit.entries() if e.action == "document.import"]
    assert [e.document_id for e in imports] == report.imported
    assert {e.case_id for e in imports} == {report.case_id}
    assert lib.audit.verify().ok
