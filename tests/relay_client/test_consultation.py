"""A view-only document with a consultation end, through the real relay: destroyed at its end
by the recipient's vault, and the sender holds the signed `destroyed` receipt."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest

from app.relay_client import Letter, RelayClientError
from app.records import NotFoundError
from crypto.proofs import parse_proof
from tests.relay_client.conftest import FILE_NAME, SUBJECT, Member, Net, add_document, \
    read_document

DAY = 86_400


def _now(member: Member) -> datetime:
    return datetime.fromtimestamp(member.server.clock.now(), UTC).replace(microsecond=0)


def _send_view_only(net: Net, until: datetime, days: int = 3) -> tuple[str, bytes]:
    lawyer, officer = net.lawyer, net.officer
    officer_at_lawyer, _ = net.befriend(lawyer, officer)
    data = os.urandom(50_000)
    doc = add_document(lawyer.session, FILE_NAME, data)
    item = lawyer.relay.send([doc], [officer_at_lawyer],
                             Letter(subject=SUBJECT, view_only=True, consult_until=until),
                             availability_days=days)
    assert item.envelope_id
    return item.envelope_id, data


def test_destroyed_at_the_end_and_the_sender_holds_the_receipt(net: Net) -> None:
    lawyer, officer = net.lawyer, net.officer
    envelope, data = _send_view_only(net, _now(lawyer) + timedelta(days=1))
    assert officer.relay.sync().received == [envelope]
    [view] = officer.relay.inbox()
    [doc_id] = officer.session.messages.get(view.item.message_record).document_ids
    assert read_document(officer.session, doc_id) == data
    officer.relay.sync()  # before the end: nothing destroyed
    assert officer.session.documents.count() == 1

    net.server.clock.advance(DAY + 1)
    report = officer.relay.sync()
    assert report.receipts_posted == 1 and officer.session.documents.count() == 0
    with pytest.raises(NotFoundError):  # not merely refused: no longer there at all
        read_document(officer.session, doc_id)
    assert "document.consultation_end" in [e.action for e in officer.session.audit.entries()]
    assert officer.relay.sync().receipts_posted == 0  # once per envelope

    lawyer.relay.sync()
    [sent] = lawyer.relay.sent()
    receipts = [p for p in sent.proofs if p.kind == "receipt"]
    assert sorted(p.event for p in receipts) == ["destroyed", "opened"]
    [destroyed] = [p for p in receipts if p.event == "destroyed"]
    statement = parse_proof(destroyed.proof.to_bytes()).statement
    assert statement["recipient"] == officer.fingerprint
    assert statement["envelope_id"] == envelope


def test_the_receipt_survives_forgetting_the_message_record(net: Net) -> None:
    lawyer, officer = net.lawyer, net.officer
    _send_view_only(net, _now(lawyer) + timedelta(hours=2))
    officer.relay.sync()
    [view] = officer.relay.inbox()
    record = view.item.message_record
    net.server.clock.advance(3 * 3600)
    officer.session.consultations.enforce(_now(officer))  # destroyed, e.g. by the GUI's timer
    officer.session.messages.delete(record)  # allowed once the end has passed
    assert officer.relay.sync().receipts_posted == 1  # found by the `opened` receipt
    lawyer.relay.sync()
    [sent] = lawyer.relay.sent()
    assert "destroyed" in [p.event for p in sent.proofs]


def test_an_end_after_the_envelope_leaves_the_relay_is_refused(net: Net) -> None:
    lawyer, officer = net.lawyer, net.officer
    officer_at_lawyer, _ = net.befriend(lawyer, officer)
    doc = add_document(lawyer.session, FILE_NAME, b"contenu")
    with pytest.raises(RelayClientError, match="after the envelope leaves the relay"):
        lawyer.relay.send([doc], [officer_at_lawyer],
                          Letter(view_only=True, consult_until=_now(lawyer) + timedelta(days=8)),
                          availability_days=7)
    assert lawyer.relay.sent() == []
