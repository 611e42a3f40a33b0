"""What the relay may learn and what it may not; signed requests it must refuse; answers the
client must refuse."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import httpx
import pytest

from app.relay_client import RelayAuthenticityError, RelayKeyMismatch, RelayService
from app.vault import create_vault
from tests.relay_client.conftest import BODY, CLIENT_NAME, FAST_KDF, FILE_NAME, PASSPHRASE, \
    SUBJECT, Net, read_document
from tests.vault_keys.conftest import FakeFactor
from tests.relay_client.helpers import database_dump, files_under, send_case_file

SECRETS = [SUBJECT, CLIENT_NAME, FILE_NAME, BODY, "Dubreuil", "pv-audition"]


def _encodings(text: str) -> list[bytes]:
    raw = text.encode("utf-8")
    return [raw, text.encode("utf-16-le"), base64.b64encode(raw), raw.hex().encode(),
            json.dumps(text).encode()]


def test_the_relay_stores_no_subject_file_name_or_client_name(net: Net) -> None:
    item, content = send_case_file(net, net.lawyer, net.officer)
    assert net.officer.relay.sync().received == [item.envelope_id]
    net.lawyer.relay.sync()
    record = net.officer.session.messages.get(net.officer.relay.inbox()[0].item.message_record)
    assert record.subject == SUBJECT and read_document(
        net.officer.session, record.document_ids[0]) == content  # the secrets did travel
    stored = database_dump(net.server.relay.db)
    files = files_under(net.server.data_dir)
    assert files, "the relay's data folder is not where the test looks"
    for secret in SECRETS:
        for encoded in _encodings(secret):
            assert encoded not in stored, secret
            for name, data in files.items():
                assert encoded not in data and secret not in name, (secret, name)
    # What it does hold: fingerprints, sizes and the SHA-256 of the ciphertext.
    assert item.sha256.encode() in stored and net.officer.fingerprint.encode() in stored


def test_replayed_and_tampered_requests_are_refused(net: Net) -> None:
    transport = net.lawyer.relay._ctx.transport()
    raw = httpx.Client()
    body = json.dumps({"recipients": [net.officer.fingerprint], "size": 10,
                       "availability_days": 1}).encode()
    signed = transport.sign("POST", "/v1/envelopes", body, [("Content-Type", "application/json")])
    first = raw.post(signed.url, headers=signed.headers, content=body)
    assert first.status_code == 201
    again = raw.post(signed.url, headers=signed.headers, content=body)
    assert again.status_code == 401 and again.json()["error"]["code"] == "replayed_request"

    signed = transport.sign("POST", "/v1/envelopes", body, [("Content-Type", "application/json")])
    tampered = body.replace(b'"size":10', b'"size":11').replace(b'"size": 10', b'"size": 11')
    assert tampered != body
    answer = raw.post(signed.url, headers=signed.headers, content=tampered)
    assert answer.status_code == 400 and answer.json()["error"]["code"] == "digest_mismatch"

    signed = transport.sign("GET", "/v1/envelopes?box=inbox")
    moved = signed.url.replace("box=inbox", "box=sent")
    answer = raw.get(moved, headers=signed.headers)
    assert answer.status_code == 401 and answer.json()["error"]["code"] == "signature_invalid"

    transport.clock = lambda: net.server.clock.now() - 301  # a request signed too long ago
    signed_late = transport.sign("GET", "/v1/me")
    transport.clock = net.server.clock.now
    answer = raw.get(signed_late.url, headers=signed_late.headers)
    assert answer.status_code == 401 and answer.json()["error"]["code"] == "signature_expired"
    raw.close()


def test_tampered_or_replayed_answers_are_refused(net: Net) -> None:
    transport = net.lawyer.relay._ctx.transport()
    real = transport._http
    recorded: list[httpx.Response] = []

    def tamper(request: httpx.Request) -> httpx.Response:
        answer = real.send(real.build_request(request.method, request.url,
                                              headers=request.headers, content=request.read()))
        content = answer.read().replace(b"certified", b"revoked")
        return httpx.Response(answer.status_code, headers=answer.headers, content=content)

    transport._http = httpx.Client(transport=httpx.MockTransport(tamper))
    with pytest.raises(RelayAuthenticityError):
        transport.call("GET", "/v1/me")

    def replay(request: httpx.Request) -> httpx.Response:
        answer = real.send(real.build_request(request.method, request.url,
                                              headers=request.headers, content=request.read()))
        answer.read()
        recorded.append(answer)
        old = recorded[0]
        return httpx.Response(old.status_code, headers=old.headers, content=old.content)

    transport._http = httpx.Client(transport=httpx.MockTransport(replay))
    transport.call("GET", "/v1/me")  # the first answer is genuine
    with pytest.raises(RelayAuthenticityError):
        transport.call("GET", "/v1/me")  # the same answer again: bound to another request
    transport._http = real


def test_join_refuses_a_relay_with_another_key(net: Net, tmp_path: Path) -> None:
    server = net.server
    code = server.invite(net.barreau)
    new = create_vault(tmp_path / "new", PASSPHRASE, FakeFactor(serial="NEW"), name="Nouveau",
                       kdf=FAST_KDF)
    with new.session as session:
        service = RelayService(session, clock=server.clock.now)
        wrong = hashlib.sha256(b"another relay").hexdigest()
        with pytest.raises(RelayKeyMismatch, match="not the one announced"):
            service.join(server.base_url, code, relay_key_id=wrong)
        assert not service.joined()
        # Nothing was sent: the code still works, once.
        joined = service.join(server.base_url, code, relay_key_id=server.relay.key_id)
        assert joined.status == "pending" and not joined.card_certified
        service.close()
