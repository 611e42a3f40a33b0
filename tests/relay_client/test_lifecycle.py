"""Expiry, refusals and held envelopes, seen from both ends."""

from __future__ import annotations

import os

import pytest

from app.relay_client import RelayRefused
from app.vault.sender_check import SenderKind
from crypto.content_digest import of_bytes
from crypto.identity import PrivateIdentity
from tests.relay_client.conftest import Net, read_document
from tests.relay_client.helpers import database_dump, send_case_file

DAY = 86400


def test_envelope_past_its_availability_is_gone(net: Net) -> None:
    item, _ = send_case_file(net, net.lawyer, net.officer, os.urandom(900_000), days=1)
    officer = net.officer

    def stop(kind: str, done: int, total: int) -> None:
        if kind == "download":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        officer.relay.sync(progress=stop)
    partial = officer.relay.state.inbox_path(item.envelope_id)
    assert partial.exists()
    blob = net.server.data_dir / "blobs" / "envelopes" / item.envelope_id[:2] / item.envelope_id
    assert blob.exists()
    net.server.clock.advance(DAY + 1)
    net.server.sweep()
    assert not blob.exists()
    # Only its proofs stay, for the retention period (relay/evidence.py).
    assert item.envelope_id.encode() not in database_dump(net.server.relay.db,
                                                          except_tables=("proof_archive",))
    with net.server.relay.db.transaction() as tx:
        kept = tx.all("SELECT kind, keep_until FROM proof_archive")
    assert "deposit" in {k for k, _ in kept}
    assert {until for _, until in kept} == {net.server.now() + 365 * DAY}
    leftovers = [p for p in (net.server.data_dir / "blobs").rglob("*") if p.is_file()]
    assert leftovers == []
    report = officer.relay.sync()
    assert report.expired == [item.envelope_id] and report.received == []
    assert not partial.exists() and officer.relay.inbox()[0].state == "expired"
    net.lawyer.relay.sync()
    [sent] = net.lawyer.relay.sent()
    assert sent.state == "expired" and [p.kind for p in sent.proofs] == ["deposit"]


def test_corrupted_bytes_on_the_relay_are_never_handed_to_the_vault(net: Net) -> None:
    item, content = send_case_file(net, net.lawyer, net.officer)
    blob = net.server.data_dir / "blobs" / "envelopes" / item.envelope_id[:2] / item.envelope_id
    data = bytearray(blob.read_bytes())
    data[len(data) // 2] ^= 1
    blob.write_bytes(bytes(data))
    report = net.officer.relay.sync()
    assert report.received == [] and "content digest" in report.errors[0]
    assert net.officer.session.messages.list() == []
    assert not net.officer.relay.state.inbox_path(item.envelope_id).exists()
    data[len(data) // 2] ^= 1
    blob.write_bytes(bytes(data))  # repaired: the next sync gets it
    assert net.officer.relay.sync().received == [item.envelope_id]


def test_a_bad_sealed_file_is_refused_with_a_signed_receipt(net: Net) -> None:
    lawyer, officer = net.lawyer, net.officer
    transport = lawyer.relay._ctx.transport()
    junk = b"not a sealed file " * 1000
    status = transport.call("POST", "/v1/envelopes", json_body={
        "recipients": [officer.fingerprint], "size": len(junk), "availability_days": 1})
    envelope = status["envelope_id"]
    transport.call("PUT", f"/v1/envelopes/{envelope}/chunks/0", body=junk)
    transport.call("POST", f"/v1/envelopes/{envelope}/commit",
                   json_body={"content_digest": of_bytes(junk).hex()})
    report = officer.relay.sync()
    assert report.refused == [envelope] and officer.session.messages.list() == []
    [view] = officer.relay.inbox()
    assert view.state == "refused" and "sealed file" in (view.item.reason or "")
    proofs = transport.call("GET", f"/v1/envelopes/{envelope}/proofs")
    [receipt] = proofs["receipts"]
    assert receipt["statement"]["event"] == "refused"
    assert receipt["statement"]["recipient"] == officer.fingerprint


def test_unknown_sender_with_a_namesake_is_held_then_accepted_or_refused(net: Net) -> None:
    lawyer, officer = net.lawyer, net.officer
    namesake = PrivateIdentity.generate(lawyer.session.identity.card.name, "Avocat", "Ailleurs")
    officer.session.contacts.import_card(namesake.card.to_bytes())
    at_lawyer = lawyer.relay.add_contact(officer.fingerprint).contact.id  # one way only
    lawyer.session.contacts.verify_safety_number(
        at_lawyer, lawyer.session.contacts.safety_number(at_lawyer))
    first, content = send_case_file(net, lawyer, officer, os.urandom(50_000))
    second, _ = send_case_file(net, lawyer, officer, os.urandom(50_000))
    # The officer has a namesake contact, so the lawyer's card is not added on its own.
    report = officer.relay.sync()
    assert sorted(report.held) == sorted([first.envelope_id, second.envelope_id])
    assert report.errors == []
    assert len(officer.session.contacts.list()) == 1
    assert all(v.state == "held" for v in officer.relay.inbox())
    # Before any decision, the envelope's signed card says who claims to send it, and that its
    # keys are not the namesake contact's (app/vault/sender_check.py).
    card, check = officer.relay.held_sender(first.envelope_id)
    assert card.name == lawyer.session.identity.card.name
    assert check.kind is SenderKind.IMPERSONATION
    assert [c.contact.fingerprint for c in check.clashes] == [namesake.fingerprint]
    # Accepting an unverified sender is not enough: a different key needs its own choice.
    still = officer.relay.accept(first.envelope_id)
    assert still.state == "held" and "different key" in (still.reason or "")
    accepted = officer.relay.accept(first.envelope_id, accept_key_mismatch=True)
    assert accepted.state == "opened"
    record = officer.session.messages.get(accepted.message_record)
    assert not record.sender_verified
    assert read_document(officer.session, record.document_ids[0]) == content
    refused = officer.relay.refuse(second.envelope_id)
    assert refused.state == "refused"
    with pytest.raises(Exception, match="nothing to decide"):
        officer.relay.refuse(second.envelope_id)
    lawyer.relay.sync()
    states = {v.envelope_id: v.state for v in lawyer.relay.sent()}
    assert states == {first.envelope_id: "opened", second.envelope_id: "refused"}


def test_withdrawn_envelope_disappears_for_the_recipient(net: Net) -> None:
    item, _ = send_case_file(net, net.lawyer, net.officer)
    assert net.lawyer.relay.withdraw(item.id).state == "withdrawn"
    assert net.officer.relay.sync().received == []
    with pytest.raises(RelayRefused) as refused:
        net.lawyer.relay._ctx.transport().call("GET", f"/v1/envelopes/{item.envelope_id}")
    assert refused.value.code == "not_found"
