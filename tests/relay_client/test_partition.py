"""Cloisonnement seen from the client: a member of an unlinked organisation sees nothing, can
fetch nothing, and cannot be written to."""

from __future__ import annotations

import pytest

from app.relay_client import DirectoryCardRefused, RelayRefused
from tests.relay_client.conftest import Net
from tests.relay_client.helpers import send_case_file


def test_directories_are_partitioned(net: Net) -> None:
    assert [e.fingerprint for e in net.lawyer.relay.directory()] == [net.officer.fingerprint]
    assert [e.fingerprint for e in net.officer.relay.directory()] == [net.lawyer.fingerprint]
    assert net.notary.relay.directory() == []
    assert net.notary.relay.directory("avocat") == []
    with pytest.raises(DirectoryCardRefused, match="No valid certified card"):
        net.notary.relay.add_contact(net.lawyer.fingerprint)
    with pytest.raises(DirectoryCardRefused, match="No valid certified card"):
        net.lawyer.relay.add_contact(net.notary.fingerprint)
    assert net.notary.session.contacts.list() == []


def test_unlinked_member_can_neither_see_nor_fetch(net: Net) -> None:
    item, _ = send_case_file(net, net.lawyer, net.officer)
    envelope = item.envelope_id
    report = net.notary.relay.sync()
    assert report.received == [] and not report.errors and net.notary.relay.inbox() == []
    transport = net.notary.relay._ctx.transport()
    for method, path in (("GET", f"/v1/envelopes/{envelope}"),
                         ("GET", f"/v1/envelopes/{envelope}/proofs"),
                         ("DELETE", f"/v1/envelopes/{envelope}")):
        with pytest.raises(RelayRefused) as refused:
            transport.call(method, path)
        assert refused.value.code == "not_found"
    with pytest.raises(RelayRefused) as refused, \
            transport.stream(f"/v1/envelopes/{envelope}/content"):
        pass
    assert refused.value.code == "not_found"
    sent = transport.call("GET", "/v1/envelopes?box=sent")
    assert sent == {"envelopes": []}
    # The envelope is intact for its recipient.
    assert net.officer.relay.sync().received == [envelope]


def test_sending_outside_the_partition_fails_for_good(net: Net) -> None:
    lawyer, notary = net.lawyer, net.notary
    # A card obtained out of band, even verified, does not open the relay to its holder.
    contact = lawyer.session.contacts.import_card(notary.session.identity.card.to_bytes())
    lawyer.session.contacts.verify_safety_number(
        contact.contact.id, lawyer.session.contacts.safety_number(contact.contact.id))
    with pytest.raises(RelayRefused) as refused:
        send_case_file(net, lawyer, notary)
    assert refused.value.code == "unknown_recipient"
    [view] = lawyer.relay.sent()
    assert view.state == "failed" and "not in your directory" in (view.item.last_error or "")
    assert lawyer.relay.sync().uploaded == []  # a failed item is not retried
