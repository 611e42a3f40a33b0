"""View-only documents and their consultation end (app/vault/consultation.py): every way out
refused by the core, the end enforced (shredded, audited, listed for the `destroyed` receipt),
never opened after it, refused at reception when already over, crash-safe."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.policy import PolicyRefusal
from app.records import time_text
from app.printing import ViewOnlyPrintRefused, require_document_printable
from app.vault import VaultSession, ViewOnlyDocumentError
from app.vault.consultation import ConsultationEndedError, ConsultationOver, \
    ConsultationPendingError
from crypto.sealed.errors import SealingRefused
from storage.migrations import v010_consultation
from tests.support.workstation_policy import set_policy  # noqa: F401 (fixture)
from tests.vault.conftest import CANARY, add_document, canary_data, open_with_vmk
from tests.vault.exchange_helpers import Pair, _assert_intact, _seal, _state

NOW = datetime.now(UTC).replace(microsecond=0)


def _received(pair: Pair, tmp_path: Path, *, sealed_at: datetime, until: datetime | None,
              received_at: datetime | None = None) -> tuple[int, int]:
    """Alice seals one document view-only for Bob at `sealed_at`; Bob receives it. Returns
    (document id at Bob, message record id at Bob)."""
    alice, bob, bob_at_alice, _ = pair
    doc = add_document(alice, "piece.bin", canary_data(5_000))
    _seal(alice, [doc], bob_at_alice, tmp_path / "m.scelle", view_only=True,
          consult_until=until, now=sealed_at)
    got = bob.receive_sealed(tmp_path / "m.scelle", now=received_at or sealed_at)
    return got.document_ids[0], got.record_id


def _time_passes(session: VaultSession, doc: int, until: datetime) -> None:
    """The clock moved past the document's end: its stored end is set back (the sealed file's
    own end cannot predate the identity cards the test vaults were made with)."""
    with session.store.db.transaction():
        session.store.db.execute("UPDATE view_only_documents SET consult_until = ?"
                                 " WHERE document_id = ?", (time_text(until), doc))


def test_every_way_out_is_refused_by_the_core(pair: Pair, tmp_path: Path) -> None:
    _, bob, _, alice_at_bob = pair
    doc, _ = _received(pair, tmp_path, sealed_at=NOW, until=NOW + timedelta(days=2))
    flag = bob.documents.view_only(doc)
    assert flag is not None and flag.consult_until == NOW + timedelta(days=2)
    with bob.documents.open(doc) as stream:  # shown in the viewer, from memory
        assert CANARY in stream.read()
    with pytest.raises(ViewOnlyDocumentError):
        bob.documents.export(doc, tmp_path / "out.bin")
    with pytest.raises(ViewOnlyDocumentError):
        bob.documents.export_to_stream(doc, (tmp_path / "s.bin").open("wb"))
    with pytest.raises(ViewOnlyDocumentError):
        bob.documents.require_text_copy_allowed(doc)
    with pytest.raises(ViewOnlyPrintRefused):
        require_document_printable(bob, doc)
    with pytest.raises(ViewOnlyDocumentError):
        bob.seal_documents([doc], [alice_at_bob], tmp_path / "again.scelle")
    assert not (tmp_path / "out.bin").exists() and not (tmp_path / "again.scelle").exists()
    assert (tmp_path / "s.bin").read_bytes() == b""
    plain = add_document(bob, "ordinaire.txt", b"texte")
    bob.documents.require_text_copy_allowed(plain)  # an ordinary document's text may be copied


def test_forgetting_the_message_record_keeps_the_rule(pair: Pair, tmp_path: Path) -> None:
    _, bob, _, _ = pair
    doc, record = _received(pair, tmp_path, sealed_at=NOW, until=None)
    bob.messages.delete(record)  # no consultation end: the record may go, the flag stays
    with pytest.raises(ViewOnlyDocumentError):
        bob.documents.export(doc, tmp_path / "out.bin")


def test_record_kept_until_the_consultation_end(pair: Pair, tmp_path: Path) -> None:
    _, bob, _, _ = pair
    _, record = _received(pair, tmp_path, sealed_at=NOW, until=NOW + timedelta(days=1))
    with pytest.raises(ConsultationPendingError, match=f"Message {record} is kept"):
        bob.messages.delete(record)
    bob.consultations.enforce(now=NOW + timedelta(days=1))
    bob.messages.delete(record)


def test_the_end_shreds_audits_and_lists_the_message(pair: Pair, tmp_path: Path) -> None:
    _, bob, _, _ = pair
    until = NOW + timedelta(hours=3)
    doc, record = _received(pair, tmp_path, sealed_at=NOW, until=until)
    blobs = bob.store.db.query("SELECT blob_id FROM versions WHERE document_id = ?", (doc,))
    assert bob.consultations.next_end() == until
    assert bob.consultations.enforce(now=until - timedelta(seconds=1)) == []
    assert bob.consultations.enforce(now=until) == [doc]
    assert bob.documents.count() == 0 and bob.consultations.next_end() is None
    assert all(not bob.store.blobs.exists(b[0]) for b in blobs)
    entries = [(e.action, e.document_id) for e in bob.audit.entries()]
    assert ("document.consultation_end", doc) in entries and ("document.delete", doc) in entries
    ended = bob.consultations.ended()
    assert [(e.record, e.message_id) for e in ended] == [
        (record, bob.messages.get(record).message_id)]
    assert bob.consultations.enforce(now=until + timedelta(days=1)) == []
    assert bob.integrity.check().ok and bob.audit.verify().ok


def test_past_its_end_a_document_never_opens(pair: Pair, tmp_path: Path) -> None:
    _, bob, _, _ = pair
    doc, _ = _received(pair, tmp_path, sealed_at=NOW, until=NOW + timedelta(days=1))
    _time_passes(bob, doc, NOW - timedelta(seconds=1))  # ended, not yet enforced
    for read in (lambda: bob.documents.open(doc),
                 lambda: bob.documents.read_range(doc, 0, 10)):
        with pytest.raises(ConsultationEndedError, match="consultation period ended"):
            read()
    assert bob.documents.count() == 1  # refused before the shredding ran


def test_unlock_enforces_ends_passed_while_locked(pair: Pair, tmp_path: Path,
                                                  templates: dict) -> None:
    _, bob, _, _ = pair
    doc, _ = _received(pair, tmp_path, sealed_at=NOW, until=NOW + timedelta(days=1))
    _time_passes(bob, doc, NOW - timedelta(seconds=1))
    bob.lock()
    again = open_with_vmk(tmp_path / "bob", templates["bob"].vmk)
    try:
        assert again.documents.count() == 0
        assert len(again.consultations.ended()) == 1
    finally:
        again.lock()


def test_an_end_already_past_at_reception_is_refused(pair: Pair, tmp_path: Path) -> None:
    alice, bob, bob_at_alice, _ = pair
    doc = add_document(alice, "piece.bin", b"contenu")
    _seal(alice, [doc], bob_at_alice, tmp_path / "m.scelle", view_only=True,
          consult_until=NOW + timedelta(hours=1), now=NOW)
    before = _state(bob)
    late = NOW + timedelta(hours=1)  # received when the consultation is over
    with pytest.raises(ConsultationOver, match="already over"):
        bob.verify_sealed(tmp_path / "m.scelle", now=late)
    with pytest.raises(ConsultationOver):
        bob.receive_sealed(tmp_path / "m.scelle", now=late)
    _assert_intact(bob, before)


def test_an_end_needs_view_only(pair: Pair, tmp_path: Path) -> None:
    alice, _, bob_at_alice, _ = pair
    doc = add_document(alice, "piece.bin", b"contenu")
    with pytest.raises(SealingRefused, match="view-only"):
        _seal(alice, [doc], bob_at_alice, tmp_path / "m.scelle",
              consult_until=NOW + timedelta(days=1))
    assert not (tmp_path / "m.scelle").exists()


def test_a_crash_after_the_commit_is_finished_at_the_next_open(
        pair: Pair, tmp_path: Path, templates: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    _, bob, _, _ = pair
    until = NOW + timedelta(hours=1)
    doc, _ = _received(pair, tmp_path, sealed_at=NOW, until=until)
    blob = bob.store.db.scalar("SELECT blob_id FROM versions WHERE document_id = ?", (doc,))

    def killed(*args: object) -> None:
        raise KeyboardInterrupt  # the process dies between the commit and the unlinks

    monkeypatch.setattr(bob.store, "purge_blobs", killed)
    with pytest.raises(KeyboardInterrupt):
        bob.consultations.enforce(now=until)
    assert bob.documents.count() == 0  # the keys went with the commit
    monkeypatch.undo()
    bob.lock()
    again = open_with_vmk(tmp_path / "bob", templates["bob"].vmk)
    try:
        assert not again.store.blobs.exists(blob) and again.store.journal.pending() == []
        assert again.integrity.check().ok
    finally:
        again.lock()


def test_a_failure_before_the_commit_keeps_the_document(
        pair: Pair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, bob, _, _ = pair
    until = NOW + timedelta(hours=1)
    doc, _ = _received(pair, tmp_path, sealed_at=NOW, until=until)

    def failing(*args: object, **kw: object) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr("app.vault.consultation.delete_document_rows", failing)
    with pytest.raises(OSError):
        bob.consultations.enforce(now=until)
    monkeypatch.undo()
    assert bob.documents.count() == 1 and bob.consultations.ended() == []
    assert bob.documents.read_range(doc, 0, 1)  # still whole (the end is an hour away)
    assert bob.consultations.enforce(now=until) == [doc]


def test_migration_flags_documents_received_before_it(pair: Pair, tmp_path: Path) -> None:
    _, bob, _, _ = pair
    doc, _ = _received(pair, tmp_path, sealed_at=NOW, until=None)
    db = bob.store.db
    with db.transaction():  # as before version 10, then its step runs again
        db.execute("DROP TABLE view_only_documents")
        db.execute("DROP TABLE consultation_ends")
        v010_consultation.apply(db)
    with pytest.raises(ViewOnlyDocumentError):
        bob.documents.export(doc, tmp_path / "out.bin")


def test_policy_still_governs_copy_of_ordinary_text(pair: Pair, set_policy) -> None:
    _, bob, _, _ = pair
    plain = add_document(bob, "ordinaire.txt", b"texte")
    set_policy(export_allowed=False)
    with pytest.raises(PolicyRefusal, match="Copying a document's text"):
        bob.documents.require_text_copy_allowed(plain)


def test_the_watermark_names_the_holder_the_time_and_the_message(pair: Pair,
                                                                 tmp_path: Path) -> None:
    from app.vault.watermark import WatermarkLabels, watermark_for

    _, bob, _, _ = pair
    doc, record = _received(pair, tmp_path, sealed_at=NOW, until=None)
    mark = watermark_for(bob, doc, now=datetime(2026, 3, 1, 9, 30, 5, 123, tzinfo=UTC))
    assert mark is not None
    message_id = bob.messages.get(record).message_id
    holder, viewed, message = mark.lines()
    assert holder == "View only: Bob Durand, Barreau de Lyon"
    assert viewed.startswith("Viewed on 2026-03-01") and viewed.endswith(
        datetime(2026, 3, 1, 9, 30, 5, tzinfo=UTC).astimezone().isoformat()[-6:])
    assert message.replace(" ", "") == "Message" + message_id
    french = WatermarkLabels("Consultation seule : {name}, {organisation}", "{name}",
                             "Consulté le {time}", "Message n° {message}")
    assert mark.lines(french)[0] == "Consultation seule : Bob Durand, Barreau de Lyon"
    assert watermark_for(bob, add_document(bob, "a.txt", b"a")) is None


def test_a_preview_sees_nothing_of_a_file_whose_end_is_over(pair: Pair, tmp_path: Path) -> None:
    alice, bob, bob_at_alice, _ = pair
    doc = add_document(alice, "piece.bin", canary_data(2_000))
    _seal(alice, [doc], bob_at_alice, tmp_path / "m.scelle", view_only=True,
          consult_until=NOW + timedelta(hours=1), now=NOW)
    seen: list[int] = []

    class Sink:
        def write(self, data: memoryview) -> None:
            seen.append(len(data))

        def close(self) -> None:
            pass

    with pytest.raises(ConsultationOver):
        bob.verify_sealed(tmp_path / "m.scelle", now=NOW + timedelta(hours=2),
                          sinks=lambda index, entry: Sink())
    assert seen == []


def test_a_preview_never_gets_a_view_only_file(pair: Pair, tmp_path: Path) -> None:
    alice, bob, bob_at_alice, _ = pair
    data = canary_data(3_000)
    seen: dict[str, list[int]] = {"view-only": [], "normal": []}

    class Sink:
        def __init__(self, kind: str) -> None:
            self.kind = kind

        def write(self, chunk: memoryview) -> None:
            seen[self.kind].append(len(chunk))

        def close(self) -> None:
            pass

    for kind, view_only in (("view-only", True), ("normal", False)):
        doc = add_document(alice, f"{kind}.bin", data)
        _seal(alice, [doc], bob_at_alice, tmp_path / f"{kind}.scelle", view_only=view_only)
        checked = bob.verify_sealed(tmp_path / f"{kind}.scelle",
                                    sinks=lambda index, entry, k=kind: Sink(k))
        assert checked.metadata.view_only is view_only  # verified all the same
    assert seen["view-only"] == [] and sum(seen["normal"]) == len(data)
