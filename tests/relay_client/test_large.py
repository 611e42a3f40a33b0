"""The 200 MB case file, end to end (measured: about 15 s per back end on 2 shared cores)."""

from __future__ import annotations

import hashlib

import pytest

from tests.relay_client.conftest import Net
from tests.relay_client.helpers import send_case_file

MB = 1_000_000


def _content(size: int) -> bytes:
    block = hashlib.sha256(b"case file").digest() * (MB // 32)
    return b"".join(hashlib.sha256(i.to_bytes(4, "big")).digest() + block[32:]
                    for i in range(size // MB))


@pytest.mark.slow
def test_a_200_mb_case_file_to_a_linked_organisation(net: Net) -> None:
    content = _content(200 * MB)
    item, _ = send_case_file(net, net.lawyer, net.officer, content)
    assert item.state == "deposited" and item.size > 200 * MB
    assert net.officer.relay.sync().received == [item.envelope_id]
    [view] = net.officer.relay.inbox()
    record = net.officer.session.messages.get(view.item.message_record)
    digest = hashlib.sha256()
    with net.officer.session.documents.open(record.document_ids[0]) as stream:
        while block := stream.read(4 * MB):
            digest.update(block)
    assert digest.digest() == hashlib.sha256(content).digest()
    net.lawyer.relay.sync()
    [sent] = net.lawyer.relay.sent()
    assert sent.state == "opened"
    assert sorted(p.kind for p in sent.proofs) == ["delivery", "deposit", "receipt"]
