"""The audit chain: what is recorded, and tampering found by `verify()`."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from app.audit import GENESIS, AuditLog
from app.records import InvalidValueError
from storage.store import Store
from tests.support.library import Library


def _activity(lib: Library) -> int:
    case = lib.cases.create("Dossier")
    doc = lib.importer.import_stream("a.txt", 3, None, io.BytesIO(b"abc"), case=case.id)
    lib.documents.rename(doc.id, "b.txt")
    lib.documents.open(doc.id).close()
    lib.cases.set_legal_hold(case.id, True)
    lib.cases.set_legal_hold(case.id, False)
    lib.documents.delete(doc.id)
    return doc.id


def test_actions_are_recorded_in_a_valid_chain(lib: Library) -> None:
    doc_id = _activity(lib)
    entries = lib.audit.entries()
    assert [e.action for e in entries] == [
        "vault.create", "case.create", "document.import", "document.update", "document.open",
        "case.hold", "case.release", "document.delete"]
    assert [e.seq for e in entries] == list(range(1, 9))
    assert entries[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.entry_hash for a, b in zip(entries, entries[1:]))
    assert entries[2].document_id == doc_id and entries[2].case_id == 1
    assert {e.actor for e in entries} == {"local user"}
    assert [e.action for e in lib.audit.entries(document_id=doc_id)][0] == "document.import"
    assert lib.audit.verify().ok


def test_actor_is_recorded(vault_dir: Path, vmk: bytes) -> None:
    fpr = "05123 45678 90123 45678 90123 45678"
    with Library.create(vault_dir, vmk, actor=fpr) as lib:
        lib.cases.create("x")
        assert lib.audit.entries()[-1].actor == fpr
    with pytest.raises(InvalidValueError):
        AuditLog(Store.open(vault_dir, vmk), actor="")


def _tamper(lib: Library, sql: str, *params: object) -> None:
    lib.store.db.execute(sql, params)  # what someone holding only the database key could do


@pytest.fixture
def busy(lib: Library) -> Library:
    _activity(lib)
    assert lib.audit.verify().ok
    return lib


def test_edited_entry_is_detected(busy: Library) -> None:
    _tamper(busy, "UPDATE audit_log SET document_id = 99 WHERE seq = 3")
    result = busy.audit.verify()
    assert not result.ok and result.kinds() == {"altered"}
    assert [p.seq for p in result.problems] == [3]


def test_edited_entry_with_recomputed_unkeyed_hash_is_detected(busy: Library) -> None:
    import hashlib

    row = busy.store.db.query_one("SELECT * FROM audit_log WHERE seq = 4")
    forged = hashlib.sha256(b"anything without the audit key").digest()
    _tamper(busy, "UPDATE audit_log SET action = 'case.create', entry_hash = ? WHERE seq = 4",
            forged)
    result = busy.audit.verify()
    assert "altered" in result.kinds() and "broken link" in result.kinds()
    assert row is not None


def test_deleted_entry_is_detected(busy: Library) -> None:
    _tamper(busy, "DELETE FROM audit_log WHERE seq = 4")
    result = busy.audit.verify()
    assert {"missing", "broken link"} <= result.kinds()
    assert any("entries 4 to 4" in p.detail for p in result.problems)


def test_reordered_entries_are_detected(busy: Library) -> None:
    _tamper(busy, "UPDATE audit_log SET seq = -3 WHERE seq = 3")
    _tamper(busy, "UPDATE audit_log SET seq = 3 WHERE seq = 4")
    _tamper(busy, "UPDATE audit_log SET seq = 4 WHERE seq = -3")
    result = busy.audit.verify()
    assert "reordered" in result.kinds() and "altered" in result.kinds()


def test_truncated_tail_is_detected(busy: Library) -> None:
    _tamper(busy, "DELETE FROM audit_log WHERE seq >= 7")
    assert busy.audit.verify().kinds() == {"truncated"}
    _tamper(busy, "DELETE FROM meta WHERE key = 'audit_head'")
    assert busy.audit.verify().kinds() == {"truncated"}


def test_another_vaults_key_does_not_verify(busy: Library, tmp_path: Path) -> None:
    other = Store.create(tmp_path / "other", os.urandom(32))
    try:
        foreign = AuditLog(other)
        rows = busy.store.db.query("SELECT * FROM audit_log")
        with other.db.transaction():
            for r in rows:
                other.db.execute("INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?)", tuple(r))
        assert "altered" in foreign.verify().kinds()
    finally:
        other.close()


def test_export_json_lines(busy: Library) -> None:
    out = io.StringIO()
    count = busy.audit.export_jsonl(out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert count == len(lines) == 9 and lines[-1]["action"] == "audit.export"
    assert set(lines[0]) == {"seq", "at", "actor", "action", "document_id", "case_id",
                             "prev_hash", "entry_hash"}
    assert lines[0]["at"].endswith("Z")
    assert all(b["prev_hash"] == a["entry_hash"] for a, b in zip(lines, lines[1:]))


def test_unknown_action_is_refused(lib: Library) -> None:
    with pytest.raises(InvalidValueError):
        lib.audit.record("document.read everything")


def test_failed_action_records_nothing(lib: Library) -> None:
    before = len(lib.audit.entries())
    with pytest.raises(InvalidValueError):
        lib.importer.import_stream("", 1, None, io.BytesIO(b"x"))
    with pytest.raises(Exception):
        lib.cases.delete(12345)
    assert len(lib.audit.entries()) == before
