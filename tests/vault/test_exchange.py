"""Sealing from the vault and receiving into it: round trips, refusals, and the rule that a
refused or interrupted receive leaves the vault exactly as it was."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.vault import (
    Direction,
    VaultSession,
    VaultSessionError,
    ViewOnlyDocumentError,
)
from crypto.identity import PrivateIdentity
from crypto.sealed.errors import (
    BadSignature,
    Cancelled,
    ExpiredMessage,
    NotASealedFile,
    NotAddressedToYou,
    ReplayedMessage,
    TamperedError,
    TruncatedSealedFile,
)
from tests.store.helpers import files_containing, make_pdf
from tests.vault.conftest import CANARY, add_document, canary_data
from tests.vault.exchange_helpers import Pair, _assert_intact, _seal, _state


def test_round_trip_streams_documents_into_the_other_vault(pair: Pair, tmp_path: Path) -> None:
    alice, bob, bob_at_alice, alice_at_bob = pair
    pdf = make_pdf(["Acte de vente Ptolémée"])
    data = canary_data(200_000)
    case = alice.cases.create("Succession Martin")
    ids = [add_document(alice, "acte.pdf", pdf, case=case.id),
           add_document(alice, "annexe.bin", data), add_document(alice, "vide.txt", b"")]
    out = tmp_path / "out" / "envoi.scelle"
    out.parent.mkdir()
    sent = _seal(alice, ids, bob_at_alice, out, subject="Sujet secret", message="Bonjour",
                 reference="2026/0142")
    assert out.is_file() and sent.size == out.stat().st_size
    assert sent.recipients == (bob.identity.fingerprint.hex(),)
    bob_case = bob.cases.create("Reçus")
    got = bob.receive_sealed(out, case_id=bob_case.id)
    assert got.sender.contact_id == alice_at_bob and got.sender.verified
    assert len(got.document_ids) == 3 and got.message_id == sent.message_id
    docs = [bob.documents.get(i) for i in got.document_ids]
    assert [d.name for d in docs] == ["acte.pdf", "annexe.bin", "vide.txt"]
    assert [d.case_id for d in docs] == [bob_case.id] * 3
    assert docs[0].media_type == "application/pdf"
    with bob.documents.open(docs[1].id) as stream:
        assert stream.read() == data
    assert bob.documents.read_range(docs[0].id, 0, len(pdf)) == pdf
    assert bob.search.search("ptolemee")[0].document_id == docs[0].id  # PDF text indexed
    record = bob.messages.get(got.record_id)
    assert (record.direction, record.subject, record.body, record.reference) == (
        Direction.RECEIVED, "Sujet secret", "Bonjour", "2026/0142")
    assert record.document_ids == got.document_ids and record.case_id == bob_case.id
    sent_record = alice.messages.list(direction=Direction.SENT)[0]
    assert sent_record.document_ids == tuple(ids)
    assert bob.integrity.check().ok
    # No plaintext anywhere: not in either vault, not beside the sealed file.
    assert files_containing(tmp_path, CANARY) == []
    assert files_containing(tmp_path, b"Sujet secret") == []


def test_audit_entries_hold_ids_only(pair: Pair, tmp_path: Path) -> None:
    alice, bob, bob_at_alice, _ = pair
    doc = add_document(alice, "Nom-Secret-Client.pdf", b"contenu")
    _seal(alice, [doc], bob_at_alice, tmp_path / "m.scelle", subject="Objet-Secret")
    got = bob.receive_sealed(tmp_path / "m.scelle")
    actions = [e.action for e in bob.audit.entries()]
    assert "message.receive" in actions and "document.import" in actions
    assert "message.seal" in [e.action for e in alice.audit.entries()]
    for session in (alice, bob):
        for entry in session.audit.entries():
            text = str(entry.as_json())
            assert "Secret" not in text
            assert entry.actor == session.identity.fingerprint.hex()
    assert got.document_ids[0] in [e.document_id for e in bob.audit.entries()]


def test_second_receive_of_the_same_file_is_refused(pair: Pair, tmp_path: Path) -> None:
    alice, bob, bob_at_alice, _ = pair
    _seal(alice, [add_document(alice, "a.txt", b"x" * 1000)], bob_at_alice, tmp_path / "m")
    bob.receive_sealed(tmp_path / "m")
    before = _state(bob)
    with pytest.raises(ReplayedMessage):
        bob.receive_sealed(tmp_path / "m")
    with pytest.raises(ReplayedMessage):
        bob.verify_sealed(tmp_path / "m")
    _assert_intact(bob, before)
    # Deleting the record and the documents does not make the id receivable again.
    record = bob.messages.list()[0]
    assert [m.id for m in bob.messages.for_document(record.document_ids[0])] == [record.id]
    bob.documents.delete_many([d for d in record.document_ids if d is not None])
    assert bob.messages.get(record.id).document_ids == (None,)  # the record keeps its place
    bob.messages.delete(record.id)
    assert bob.messages.list() == [] and "message.delete" in [e.action
                                                              for e in bob.audit.entries()]
    assert bob.integrity.check().ok
    with pytest.raises(ReplayedMessage):
        bob.receive_sealed(tmp_path / "m")


@pytest.mark.parametrize("where", ["header", "middle", "end"])
def test_tampered_file_leaves_the_vault_unchanged(pair: Pair, tmp_path: Path, where: str) -> None:
    alice, bob, bob_at_alice, _ = pair
    ids = [add_document(alice, "a.bin", canary_data(150_000)),
           add_document(alice, "b.bin", canary_data(90_000, seed=2))]
    path = tmp_path / "m.scelle"
    _seal(alice, ids, bob_at_alice, path)
    data = bytearray(path.read_bytes())
    offset = {"header": 40, "middle": len(data) // 2, "end": len(data) - 5}[where]
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))
    before = _state(bob)
    # A flip in the header may make it unparseable (a stanza's base64 turns invalid), break
    # the MAC, or hit the recipient's stanza: each is a refusal, depending on the random bytes.
    with pytest.raises((TamperedError, NotAddressedToYou, NotASealedFile)):
        bob.receive_sealed(path)
    _assert_intact(bob, before)
    assert files_containing(tmp_path, CANARY) == []


def test_truncated_file_is_refused(pair: Pair, tmp_path: Path) -> None:
    alice, bob, bob_at_alice, _ = pair
    path = tmp_path / "m.scelle"
    _seal(alice, [add_document(alice, "a.bin", canary_data(150_000))], bob_at_alice, path)
    path.write_bytes(path.read_bytes()[:-70_000])
    before = _state(bob)
    with pytest.raises((TruncatedSealedFile, TamperedError)):  # cut inside a chunk: tampered
        bob.receive_sealed(path)
    _assert_intact(bob, before)


def test_view_only_documents_cannot_leave_the_vault(pair: Pair, tmp_path: Path) -> None:
    alice, bob, bob_at_alice, alice_at_bob = pair
    data = canary_data(10_000)
    doc = add_document(alice, "confidentiel.bin", data)
    _seal(alice, [doc], bob_at_alice, tmp_path / "m.scelle", view_only=True)
    got = bob.receive_sealed(tmp_path / "m.scelle")
    assert got.view_only
    received = got.document_ids[0]
    assert bob.documents.is_view_only(received)
    assert bob.documents.read_range(received, 0, len(data)) == data  # may be shown
    with pytest.raises(ViewOnlyDocumentError):
        bob.documents.export(received, tmp_path / "copie.bin")
    with pytest.raises(ViewOnlyDocumentError):
        bob.seal_documents([received], [alice_at_bob], tmp_path / "renvoi.scelle")
    assert not (tmp_path / "copie.bin").exists() and not (tmp_path / "renvoi.scelle").exists()
    # The sender's own copy is not view-only for her.
    assert not alice.documents.is_view_only(doc)
    alice.documents.export(doc, tmp_path / "export.bin")
    assert (tmp_path / "export.bin").read_bytes() == data


def test_file_not_addressed_to_this_vault(pair: Pair, tmp_path: Path) -> None:
    alice, bob, _, _ = pair
    carol = PrivateIdentity.generate("Carol Petit", "OPJ", "Commissariat")
    at_a = alice.contacts.import_card(carol.card).contact.id
    path = tmp_path / "m.scelle"
    _seal(alice, [add_document(alice, "a.txt", b"x")], at_a, path, allow_unverified=True)
    before = _state(bob)
    with pytest.raises(NotAddressedToYou):
        bob.receive_sealed(path)
    _assert_intact(bob, before)


def test_expired_file_is_refused(pair: Pair, tmp_path: Path) -> None:
    alice, bob, bob_at_alice, _ = pair
    path = tmp_path / "m.scelle"
    expires = datetime.now(UTC) + timedelta(days=1)
    _seal(alice, [add_document(alice, "a.txt", b"x")], bob_at_alice, path, expires=expires)
    before = _state(bob)
    with pytest.raises(ExpiredMessage):
        bob.receive_sealed(path, now=expires + timedelta(seconds=1))
    _assert_intact(bob, before)
    assert bob.receive_sealed(path).metadata.expires is not None


def test_cancelled_receive_keeps_nothing(pair: Pair, tmp_path: Path) -> None:
    alice, bob, bob_at_alice, _ = pair
    path = tmp_path / "m.scelle"
    ids = [add_document(alice, "a.bin", canary_data(400_000))]
    _seal(alice, ids, bob_at_alice, path)
    stop = threading.Event()
    before = _state(bob)
    with pytest.raises(Cancelled):
        bob.receive_sealed(path, progress=lambda d, t: stop.set() if d > 100_000 else None,
                           cancel=stop.is_set)
    _assert_intact(bob, before)
    assert bob.receive_sealed(path).document_ids  # not recorded as seen


def test_cancelled_seal_writes_nothing(pair: Pair, tmp_path: Path) -> None:
    alice, _, bob_at_alice, _ = pair
    stop = threading.Event()
    doc = add_document(alice, "a.bin", canary_data(400_000))
    with pytest.raises(Cancelled):
        _seal(alice, [doc], bob_at_alice, tmp_path / "m.scelle",
              progress=lambda d, t: stop.set() if d > 100_000 else None, cancel=stop.is_set)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alice", "bob"]
    assert alice.messages.list() == []


def test_seal_refuses_bad_requests(pair: Pair, tmp_path: Path) -> None:
    alice, _, bob_at_alice, _ = pair
    doc = add_document(alice, "a.txt", b"x")
    (tmp_path / "exists.scelle").write_bytes(b"keep")
    from app.sealing import OutputConflict

    with pytest.raises(OutputConflict):
        _seal(alice, [doc], bob_at_alice, tmp_path / "exists.scelle")
    assert (tmp_path / "exists.scelle").read_bytes() == b"keep"
    with pytest.raises(VaultSessionError):
        alice.seal_documents([], [bob_at_alice], tmp_path / "x.scelle")
    with pytest.raises(VaultSessionError):
        alice.seal_documents([doc], [], tmp_path / "x.scelle")
    from app.records import NotFoundError
    from app.vault import ContactNotFound

    with pytest.raises(NotFoundError):
        _seal(alice, [9999], bob_at_alice, tmp_path / "x.scelle")
    with pytest.raises(ContactNotFound):
        alice.seal_documents([doc], [9999], tmp_path / "x.scelle")
    assert not (tmp_path / "x.scelle").exists()


def test_folder_import_names_are_sealed_as_plain_names(pair: Pair, tmp_path: Path) -> None:
    alice, bob, bob_at_alice, _ = pair
    doc = add_document(alice, "sous-dossier/pièce.txt", b"x")
    _seal(alice, [doc], bob_at_alice, tmp_path / "m.scelle")
    got = bob.receive_sealed(tmp_path / "m.scelle")
    assert bob.documents.get(got.document_ids[0]).name == "pièce.txt"


def test_verify_writes_nothing(pair: Pair, tmp_path: Path) -> None:
    alice, bob, bob_at_alice, alice_at_bob = pair
    path = tmp_path / "m.scelle"
    _seal(alice, [add_document(alice, "a.bin", canary_data(5000))], bob_at_alice, path,
          subject="Objet")
    before = _state(bob)
    checked = bob.verify_sealed(path)
    assert checked.sender.contact_id == alice_at_bob and checked.metadata.subject == "Objet"
    assert _state(bob) == before
    bob.receive_sealed(path)  # still receivable: verifying did not record the id


def test_sender_reopens_her_own_sealed_file(pair: Pair, tmp_path: Path) -> None:
    alice, _, bob_at_alice, _ = pair
    path = tmp_path / "m.scelle"
    _seal(alice, [add_document(alice, "a.txt", b"mine")], bob_at_alice, path)
    got = alice.receive_sealed(path)
    assert got.sender.own and got.sender.verified
    assert alice.documents.read_range(got.document_ids[0], 0, 4) == b"mine"


def test_receive_into_unknown_case_is_refused_before_reading(pair: Pair, tmp_path: Path) -> None:
    alice, bob, bob_at_alice, _ = pair
    path = tmp_path / "m.scelle"
    _seal(alice, [add_document(alice, "a.txt", b"x")], bob_at_alice, path)
    from app.records import NotFoundError

    before = _state(bob)
    with pytest.raises(NotFoundError):
        bob.receive_sealed(path, case_id=404)
    _assert_intact(bob, before)


def test_signature_swap_by_co_recipient_is_refused(pair: Pair, tmp_path: Path) -> None:
    """A file whose content does not match its signature (crafted) leaves nothing behind."""
    alice, bob, bob_at_alice, _ = pair
    a = tmp_path / "a.scelle"
    b = tmp_path / "b.scelle"
    _seal(alice, [add_document(alice, "a.txt", b"AAAA")], bob_at_alice, a)
    _seal(alice, [add_document(alice, "b.txt", b"BBBB")], bob_at_alice, b)
    # Splice: header of one, payload of the other: the age layer or the signature refuses it.
    da, db = a.read_bytes(), b.read_bytes()
    cut = da.index(b"\n---") + 48
    (tmp_path / "spliced.scelle").write_bytes(da[:cut] + db[cut:])
    before = _state(bob)
    with pytest.raises((TamperedError, BadSignature, NotAddressedToYou)):
        bob.receive_sealed(tmp_path / "spliced.scelle")
    _assert_intact(bob, before)


def test_cancel_after_the_checks_still_keeps_nothing(pair: Pair, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Cancelled once the file was accepted, before the commit: nothing is kept either."""
    import app.vault.exchange as exchange

    alice, bob, bob_at_alice, _ = pair
    path = tmp_path / "m.scelle"
    _seal(alice, [add_document(alice, "a.pdf", make_pdf(["texte"]))], bob_at_alice, path)
    stop = threading.Event()
    extract = exchange._pdf_text

    def extract_then_cancel(sink, cancel):  # type: ignore[no-untyped-def]
        stop.set()
        return extract(sink, cancel)

    monkeypatch.setattr(exchange, "_pdf_text", extract_then_cancel)
    before = _state(bob)
    with pytest.raises(Cancelled):
        bob.receive_sealed(path, cancel=stop.is_set)
    _assert_intact(bob, before)
