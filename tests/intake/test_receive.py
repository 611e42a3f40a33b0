"""Receiving a request from outside into a member's vault (app/intake/receive.py), with the
real relay on loopback for the receipts: content identical, marked as unauthenticated, nothing
in plaintext on disk, unreadable requests refused whole."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.intake.errors import IntakeError, NoReplyKey, NotReceived
from app.intake.reply import ReplyDraft
from app.intake.service import IntakeService
from crypto.age import HybridIdentity
from tests.intake.requests import CONTACT, INTAKE, MESSAGE, REQUESTER, SUBJECT, \
    encrypt_request, place_downloaded, reply_code, request_header
from tests.relay_client.conftest import Member, Net, read_document


def _pq(member: Member) -> str:
    recipient = member.session.identity.card.age_pq_recipient
    assert recipient is not None
    return recipient


def _plaintext_anywhere(folder: Path, needles: list[bytes]) -> list[str]:
    return [str(p) for p in folder.rglob("*") if p.is_file()
            and any(n in p.read_bytes() for n in needles)]


def test_received_into_a_case_marked_and_identical(net: Net) -> None:
    lawyer = net.lawyer
    content = os.urandom(50_000) + b"Temoin-Discret piece"
    files = [("plainte.pdf", content), ("photo.jpg", b"\xff\xd8\xff" + os.urandom(900))]
    _, _, reply_to = reply_code()
    data = encrypt_request(request_header(files, reply_to=reply_to), files,
                           [_pq(lawyer), _pq(net.officer)])
    envelope_id = place_downloaded(lawyer, data)
    service = IntakeService(lawyer.session, clock=net.server.clock.now)
    assert [i.envelope_id for i in service.waiting()] == [envelope_id]
    case_id = lawyer.session.cases.find_by_name("Signalements", create=True).id

    item = service.receive(envelope_id, case_id=case_id)

    assert (item.state, item.case_id, item.subject) == ("received", case_id, SUBJECT)
    assert item.reply_recipient == reply_to
    docs = {d.name: d for d in lawyer.session.documents.list(case_id=case_id)}
    assert read_document(lawyer.session, docs["plainte.pdf"].id) == content
    assert read_document(lawyer.session, docs["photo.jpg"].id) == files[1][1]
    note = read_document(lawyer.session, item.note_document).decode()
    assert note.startswith("DEMANDE EXTÉRIEURE NON AUTHENTIFIÉE")
    for text in (REQUESTER, CONTACT, SUBJECT, MESSAGE, INTAKE, envelope_id):
        assert text in note
    assert all("NON AUTHENTIFIÉE" in d.notes for d in docs.values())
    assert service.waiting() == []
    assert not service.state.path(envelope_id).exists()
    actions = [e.action for e in lawyer.session.audit.entries()]
    assert "intake.receive" in actions
    # nothing of the request in plaintext anywhere in the vault's folder
    assert _plaintext_anywhere(lawyer.folder, [b"Temoin-Discret piece", SUBJECT.encode(),
                                               REQUESTER.encode()]) == []
    # the opened receipt was signed and kept with the envelope's proofs
    kinds = [(p.kind, p.event) for p in lawyer.relay.state.proofs(envelope_id)]
    assert ("receipt", "opened") in kinds


def test_unsafe_names_fall_back_and_anonymous_request(net: Net) -> None:
    lawyer = net.lawyer
    files = [("../../.bashrc", b"one"), ("con.pdf", b"two")]
    header = request_header(files)
    anonymous = header.__class__(**{**header.__dict__, "requester":
                                    header.requester.__class__(None, None)})
    envelope_id = place_downloaded(lawyer, encrypt_request(anonymous, files, [_pq(lawyer)]))
    service = IntakeService(lawyer.session, clock=net.server.clock.now)
    item = service.receive(envelope_id)
    assert item.state == "received" and item.case_id is None and item.reply_recipient is None
    names = {d.name for d in lawyer.session.documents.list(unfiled=True)}
    assert {"piece-1.bashrc", "piece-2.pdf"} <= names
    note = read_document(lawyer.session, item.note_document).decode()
    assert "renommé / renamed" in note and "(non indiqué / not given)" in note
    with pytest.raises(NoReplyKey):
        service.reply(envelope_id, ReplyDraft(message="Bonjour"))


@pytest.mark.parametrize("damage", ["other_intake", "truncated", "not_for_us", "trailing"])
def test_unreadable_requests_are_refused_whole(net: Net, damage: str) -> None:
    lawyer = net.lawyer
    files = [("a.pdf", b"x" * 1000)]
    recipients = [_pq(lawyer)]
    if damage == "not_for_us":
        recipients = [str(HybridIdentity.generate().recipient())]
    header = request_header(files, intake="autre-point" if damage == "other_intake" else INTAKE)
    data = encrypt_request(header, files, recipients)
    if damage == "truncated":
        data = data[:-20]
    if damage == "trailing":
        header = request_header([("a.pdf", b"x" * 999)])
        data = _with_trailing(header, recipients)
    before = len(lawyer.session.documents.list())
    envelope_id = place_downloaded(lawyer, data)
    service = IntakeService(lawyer.session, clock=net.server.clock.now)
    item = service.receive(envelope_id)
    assert item.state == "refused" and item.reason
    assert len(lawyer.session.documents.list()) == before
    assert not service.state.path(envelope_id).exists()
    assert ("receipt", "refused") in [(p.kind, p.event)
                                      for p in lawyer.relay.state.proofs(envelope_id)]
    with pytest.raises(IntakeError):
        service.receive(envelope_id)
    with pytest.raises(NotReceived):
        service.reply(envelope_id, ReplyDraft(message="Bonjour"))


def _with_trailing(header: object, recipients: list[str]) -> bytes:
    """A container whose last file is followed by one more byte, then encrypted."""
    import io

    from crypto.age import AgeWriter, HybridRecipient
    from crypto.intake_container import write_container

    inner = io.BytesIO()
    write_container(inner, header, [io.BytesIO(b"x" * 999)])  # type: ignore[arg-type]
    out = io.BytesIO()
    writer = AgeWriter(out, [HybridRecipient.from_string(r) for r in recipients])
    writer.write(inner.getvalue() + b"!")
    writer.close()
    return out.getvalue()


def test_unknown_case_refused_before_reading(net: Net) -> None:
    lawyer = net.lawyer
    envelope_id = place_downloaded(lawyer, encrypt_request(request_header([]), [],
                                                           [_pq(lawyer)]))
    service = IntakeService(lawyer.session, clock=net.server.clock.now)
    with pytest.raises(Exception, match="case"):
        service.receive(envelope_id, case_id=9999)
    assert service.item(envelope_id).state == "downloaded"


def test_a_cancelled_receive_keeps_nothing_and_can_be_done_again(net: Net) -> None:
    from app.relay_client.errors import TransferCancelled

    lawyer = net.lawyer
    files = [("gros.pdf", os.urandom(3_000_000))]
    envelope_id = place_downloaded(lawyer, encrypt_request(request_header(files), files,
                                                           [_pq(lawyer)]))
    service = IntakeService(lawyer.session, clock=net.server.clock.now)
    before = len(lawyer.session.documents.list())
    with pytest.raises(TransferCancelled):
        service.receive(envelope_id, cancel=lambda: True)
    assert len(lawyer.session.documents.list()) == before
    assert service.item(envelope_id).state == "downloaded"
    assert service.state.path(envelope_id).exists()
    staging = lawyer.folder / "staging"
    assert [p.name for p in staging.rglob("*") if p.is_file()] in ([], [".lock"])
    assert service.receive(envelope_id).state == "received"
    assert len(lawyer.session.documents.list()) == before + 2
