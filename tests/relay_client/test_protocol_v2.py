"""The desktop client under relay protocol 2: the content digest recorded at sealing and derived
again from the chunks it sends (never a second pass over the file), items sealed before the
change, a relay still speaking protocol 1, and proofs about other bytes."""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.relay_client import proofs
from app.relay_client.errors import ProofRejected, RelayProtocolError
from app.relay_client.http import RelayTransport as Transport
from crypto.content_digest import CONTENT_CHUNK as CHUNK
from crypto.content_digest import of_bytes
from crypto.proofs import sign_deposit
from crypto.sealed.codec import b64encode, canonical_json
from tests.relay_client.conftest import Net, read_document
from tests.relay_client.helpers import send_case_file


def _file(net: Net, item: Any) -> bytes:
    return net.lawyer.relay.state.outbox_path(item).read_bytes()


@pytest.mark.parametrize("size", [300_000, CHUNK + 300_000], ids=["single", "chunked"])
def test_the_recorded_value_is_the_content_digest_and_arrives(net: Net, size: int) -> None:
    item, content = send_case_file(net, net.lawyer, net.officer, os.urandom(size), upload=False)
    assert item.sha256 == of_bytes(_file(net, item)).hex()
    assert len(net.lawyer.relay.sync().uploaded) == 1
    [sent] = net.lawyer.relay.state.outbox()
    assert sent.state == "deposited" and sent.sha256 == item.sha256
    assert net.officer.relay.sync().received == [sent.envelope_id]
    record = net.officer.session.messages.get(net.officer.relay.inbox()[0].item.message_record)
    assert read_document(net.officer.session, record.document_ids[0]) == content


@pytest.mark.parametrize("size", [300_000, CHUNK + 300_000], ids=["single", "chunked"])
def test_an_item_sealed_before_protocol_2_is_carried_over(net: Net, size: int) -> None:
    """Its record holds the plain SHA-256 of the file: checked once, replaced, sent."""
    item, _ = send_case_file(net, net.lawyer, net.officer, os.urandom(size), upload=False)
    state = net.lawyer.relay.state
    plain = hashlib.sha256(_file(net, item)).hexdigest()
    state.update_outbox(item.id, sha256=plain)
    report = net.lawyer.relay.sync()
    assert report.errors == [] and len(report.uploaded) == 1
    [sent] = state.outbox()
    assert sent.state == "deposited" and sent.sha256 == item.sha256 != plain
    assert net.officer.relay.sync().received == report.uploaded


@pytest.mark.parametrize("size", [300_000, CHUNK + 300_000], ids=["single", "chunked"])
def test_a_file_damaged_in_the_outbox_is_never_committed(net: Net, size: int) -> None:
    item, _ = send_case_file(net, net.lawyer, net.officer, os.urandom(size), upload=False)
    path = net.lawyer.relay.state.outbox_path(item)
    data = bytearray(path.read_bytes())
    data[-10] ^= 1
    path.write_bytes(bytes(data))
    report = net.lawyer.relay.sync()
    assert report.uploaded == [] and "damaged" in report.errors[0]
    assert net.officer.relay.sync().received == []


def _v1_deposit(key: Any, **fields: Any) -> dict[str, Any]:
    """What a protocol 1 relay answers: a version 1 proof naming the plain SHA-256."""
    statement = {"type": "deposit", **fields}
    signer = {"kind": "relay", "signing_key": b64encode(key.public_key().public_bytes_raw())}
    message = b"scelle/v1 proof\0" + canonical_json({"signer": signer, "statement": statement})
    return {"version": 1, "statement": statement, "signer": signer,
            "signature": b64encode(key.sign(message))}


def test_a_relay_still_on_protocol_1_is_named_not_trusted(net: Net,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    item, _ = send_case_file(net, net.lawyer, net.officer, os.urandom(1000), upload=False)
    key = net.server.relay.key
    original = Transport.call

    def old_relay(self: Transport, method: str, path: str, **kw: Any) -> Any:
        answer = original(self, method, path, **kw)
        if path.startswith("/v1/envelopes/deposit"):
            s = answer["deposit_proof"]["statement"]
            answer["deposit_proof"] = _v1_deposit(
                key, envelope_id=s["envelope_id"], sealed_sha256="ab" * 32, size=s["size"],
                sender=s["sender"], recipients=s["recipients"], deposited=s["deposited"],
                available_until=s["available_until"])
        return answer

    monkeypatch.setattr(Transport, "call", old_relay)
    report = net.lawyer.relay.sync()
    assert report.uploaded == [] and "protocol 1" in report.errors[0]
    [pending] = net.lawyer.relay.state.outbox()
    assert pending.state != "deposited" and net.lawyer.relay.state.outbox_path(pending).exists()


def test_an_inbox_listing_of_protocol_1_is_refused_by_name(net: Net,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    send_case_file(net, net.lawyer, net.officer, os.urandom(1000))
    original = Transport.call

    def old_listing(self: Transport, method: str, path: str, **kw: Any) -> Any:
        answer = original(self, method, path, **kw)
        if path.startswith("/v1/envelopes?box=inbox"):
            for envelope in answer["envelopes"]:
                envelope["sha256"] = envelope.pop("content_digest")
        return answer

    monkeypatch.setattr(Transport, "call", old_listing)
    with pytest.raises(RelayProtocolError, match="protocol 1"):
        net.officer.relay.sync()
    assert net.officer.relay.inbox() == []


def test_a_proof_about_other_bytes_is_not_kept() -> None:
    key = Ed25519PrivateKey.generate()
    now = datetime(2026, 3, 1, tzinfo=UTC)
    expected = proofs.Expected("0f" * 16, of_bytes(b"the sealed file").hex(), 15, "11" * 32,
                               ("22" * 32,))
    relay_keys = frozenset({key.public_key().public_bytes_raw()})

    def deposit(digest: str) -> Any:
        return proofs.load(sign_deposit(
            key, envelope_id="0f" * 16, content_digest=digest, size=15, sender="11" * 32,
            recipients=["22" * 32], deposited=now,
            available_until=now + timedelta(days=1)).to_json())

    proofs.check_relay_proof(deposit(expected.sha256), relay_keys, expected)
    for other in (hashlib.sha256(b"the sealed file").hexdigest(),  # the plain SHA-256
                  of_bytes(b"the sealed filE").hex()):
        with pytest.raises(ProofRejected, match="other bytes"):
            proofs.check_relay_proof(deposit(other), relay_keys, expected)

