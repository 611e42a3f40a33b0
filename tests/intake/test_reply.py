"""The members' side against the real relay's intake routes (SQLite and PostgreSQL): a deposit
listed and downloaded by the sync with its proofs, received, answered; the reply's refusals."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest

from app.intake.errors import IntakeError
from app.intake.reply import ReplyDraft
from app.intake.service import IntakeService, sync_all
from app.records import InvalidValueError
from app.sealing.files import InputError
from crypto.intake_container import reply_locator, reply_lookup
from relay.config import Limits
from tests.intake.requests import INTAKE, encrypt_request, publish_intake, reply_code, \
    request_header
from tests.relay.intake_support import Browser
from tests.relay_client.conftest import Member, Net, read_document


@pytest.fixture
def limits() -> Limits:
    return Limits(intake_pow_bits=4)


def _deposit(net: Net, member: Member, *, reply: bool) -> tuple[str, bytes]:
    """A request deposited through the page's route; (envelope id, the reply key K)."""
    key, _, reply_to = reply_code()
    files = [("plainte.pdf", b"%PDF-1.4 " + os.urandom(3000))]
    recipient = str(member.session.identity.card.age_pq_recipient)
    body = encrypt_request(request_header(files, reply_to=reply_to if reply else None), files,
                           [recipient])
    browser = Browser(net.server)
    try:
        lookup = reply_lookup(reply_locator(key)).hex() if reply else None
        answer = browser.deposit(body, name=INTAKE, reply_lookup=lookup)
    finally:
        browser.close()
    assert answer.status_code == 201, answer.text
    return answer.json()["envelope_id"], key


def test_synced_received_answered_with_a_copy(net: Net, tmp_path: Path) -> None:
    lawyer = net.lawyer
    publish_intake(net.server, net.barreau, lawyer.session.identity)
    envelope, key = _deposit(net, lawyer, reply=True)
    service = IntakeService(lawyer.session, clock=net.server.clock.now)

    relayed, report = sync_all(lawyer.relay, service)
    assert not relayed.errors and relayed.received == [] and lawyer.relay.inbox() == []
    assert report.listed == report.waiting == [envelope] and not report.errors
    kinds = {(p.kind, p.event) for p in lawyer.relay.state.proofs(envelope)}
    assert kinds == {("intake_deposit", None), ("delivery", None)}
    assert sync_all(lawyer.relay, service)[1].listed == []  # listed once

    case = lawyer.session.cases.find_by_name("Demandes", create=True).id
    assert service.receive(envelope, case_id=case).state == "received"
    stored = lawyer.relay.state.proofs(envelope)
    assert ("receipt", "opened") in {(p.kind, p.event) for p in stored}
    assert all(p.posted for p in stored)  # the relay took the opened receipt
    assert not lawyer.relay.sync().errors
    annex = tmp_path / "accusé de réception.pdf"
    annex.write_bytes(b"%PDF-1.4 accuse " * 100)
    sent = service.reply(envelope, ReplyDraft(message="Bien reçu.\nL'Ordre.",
                                              subject="Votre demande", attachments=(annex,)))
    [record] = service.replies(envelope)
    assert (record.reply_id, record.size, record.document) == (sent.reply_id, sent.size,
                                                               sent.note_document)
    note = read_document(lawyer.session, sent.note_document).decode()
    assert note.startswith("RÉPONSE ENVOYÉE / REPLY SENT") and "Bien reçu." in note
    [copy] = sent.documents
    assert read_document(lawyer.session, copy) == annex.read_bytes()
    assert lawyer.session.documents.get(copy).case_id == case
    assert "intake.reply" in [e.action for e in lawyer.session.audit.entries()]
    with httpx.Client(base_url=net.server.base_url) as http:
        listed = http.get("/v1/intake/replies",
                          headers={"Scelle-Reply-Locator": reply_locator(key).hex()}).json()
    assert [(r["id"], r["size"]) for r in listed["replies"]] == [(sent.reply_id, sent.size)]


def test_reply_refusals_before_anything_is_sent(net: Net, tmp_path: Path) -> None:
    lawyer = net.lawyer
    publish_intake(net.server, net.barreau, lawyer.session.identity)
    envelope, _ = _deposit(net, lawyer, reply=True)
    service = IntakeService(lawyer.session, clock=net.server.clock.now)
    service.sync()
    with pytest.raises(IntakeError, match="receive it into the vault before replying"):
        service.reply(envelope, ReplyDraft(message="trop tôt"))
    service.receive(envelope)
    annex = tmp_path / "ok.txt"
    annex.write_bytes(b"ok")
    big = tmp_path / "gros.bin"
    with open(big, "wb") as out:
        out.truncate(25 * 1024 * 1024)
    for draft, error, message in [
            (ReplyDraft(message=""), InvalidValueError, "message is empty"),
            (ReplyDraft(message="a", subject="x" * 201), InvalidValueError, "at most 200"),
            (ReplyDraft(message="a\u202e"), InvalidValueError, "invisible formatting"),
            (ReplyDraft(message="a", attachments=(tmp_path / "con.txt",)), InvalidValueError,
             "reserved Windows device name"),
            (ReplyDraft(message="a", attachments=(annex,) * 21), InvalidValueError,
             "at most 20 attachments"),
            (ReplyDraft(message="a", attachments=(tmp_path / "absent.pdf",)), InputError,
             "cannot be read"),
            (ReplyDraft(message="a", attachments=(tmp_path,)), InputError,
             "is a folder, not a file"),
            (ReplyDraft(message="a", attachments=(big,)), IntakeError, "may total at most")]:
        with pytest.raises(error, match=message):
            service.reply(envelope, draft)
    assert service.replies(envelope) == []
    assert [d.name for d in lawyer.session.documents.list(unfiled=True)
            if d.name.startswith("reponse-")] == []


def test_no_reply_key_nothing_posted(net: Net) -> None:
    lawyer = net.lawyer
    publish_intake(net.server, net.barreau, lawyer.session.identity)
    envelope, _ = _deposit(net, lawyer, reply=False)
    service = IntakeService(lawyer.session, clock=net.server.clock.now)
    service.sync()
    item = service.receive(envelope)
    assert item.state == "received" and item.reply_recipient is None
    with pytest.raises(IntakeError, match="asked for no reply"):
        service.reply(envelope, ReplyDraft(message="Bonjour"))
