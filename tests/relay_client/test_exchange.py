"""End to end: a lawyer sends a case file to a police officer of a linked organisation."""

from __future__ import annotations

import os

from app.relay_client import Letter
from tests.relay_client.conftest import BODY, FILE_NAME, SUBJECT, Net, add_document, read_document


def test_send_receive_receipts_and_proofs(net: Net) -> None:
    lawyer, officer = net.lawyer, net.officer
    officer_at_lawyer, _ = net.befriend(lawyer, officer)
    data = os.urandom(300_000)
    doc = add_document(lawyer.session, FILE_NAME, data)
    item = lawyer.relay.send([doc], [officer_at_lawyer], Letter(subject=SUBJECT, message=BODY),
                             availability_days=3)
    assert item.state == "deposited" and item.envelope_id
    report = officer.relay.sync()
    assert report.received == [item.envelope_id], report
    [view] = officer.relay.inbox()
    assert view.state == "opened" and view.subject == SUBJECT
    record = officer.session.messages.get(view.item.message_record)
    [doc_id] = record.document_ids
    assert read_document(officer.session, doc_id) == data
    lawyer.relay.sync()
    [sent] = lawyer.relay.sent()
    assert sent.state == "opened", sent
    kinds = sorted((p.kind, p.event) for p in sent.proofs)
    assert kinds == [("delivery", None), ("deposit", None), ("receipt", "opened")]
