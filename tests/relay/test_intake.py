"""The intake point over real HTTP on loopback, SQLite and PostgreSQL (docs/relay.md "Intake"):
publishing by the organisation's admin, the served document, a deposit by a browser with no
account reaching the intake group's inboxes, and the refusals around them."""

from __future__ import annotations

import json
import time
from types import SimpleNamespace

import pytest

from crypto.age import decrypt_stream
from crypto.intake_document import parse_served
from crypto.proofs import parse_proof
from relay.config import Limits
from tests.relay.conftest import World
from tests.relay.intake_support import NAME, POW_BITS, Browser, encrypt_for, hybrid_member, \
    intake_world, org_admin


@pytest.fixture
def limits() -> Limits:
    return Limits(intake_pow_bits=POW_BITS)


def _decrypt(identity, data: bytes) -> bytes:  # noqa: ANN001
    import io
    out = io.BytesIO()
    decrypt_stream(io.BytesIO(data), out, identity.age_identities())
    return out.getvalue()


def test_deposit_reaches_every_reader_without_a_sender(world: World) -> None:
    made = intake_world(world)
    browser = Browser(world.server)
    served = browser.http.get(f"/v1/intake/{NAME}")
    assert served.status_code == 200, served.text
    answer = served.json()
    signed = parse_served({"signed": answer["signed"], "signature": answer["signature"]})
    assert signed.document.fingerprints() == tuple(sorted(r.fingerprint for r in made.readers))
    assert answer["limits"] == {"max_bytes": 1_000_000, "max_files": 5,
                                "max_request_bytes": 1_000_000 + 1024 * 1024}
    assert answer["pow"] == {"difficulty": POW_BITS}
    secret = b"scelle intake request v1\n" + b"une demande confidentielle" * 100
    sent = browser.deposit(encrypt_for(made.readers, secret))
    assert sent.status_code == 201, sent.text
    body = sent.json()
    proof = parse_proof(json.dumps(body["proof"]).encode())
    assert proof.kind == "intake_deposit" and proof.signer_key == world.server.relay_key
    assert proof.statement["receipt_code"] == body["receipt_code"]
    assert proof.statement["intake"] == NAME and proof.statement["intake_version"] == 1
    envelope_id = body["envelope_id"]
    for reader in made.readers:
        listed = [e for e in reader.inbox() if e["envelope_id"] == envelope_id]
        assert len(listed) == 1
        assert listed[0]["sender"] is None
        assert listed[0]["origin"] == {"intake": NAME, "version": 1,
                                       "receipt_code": body["receipt_code"]}
        got = reader.download(envelope_id)
        assert got.status_code == 200
        assert _decrypt(reader.identity, got.content) == secret
        proofs = reader.proofs(envelope_id).json()
        assert proofs["deposit"] == body["proof"]
        assert len(proofs["deliveries"]) == 1
    others = [world.alice, world.carol, world.bob]
    for other in others:
        assert envelope_id not in [e["envelope_id"] for e in other.inbox()]
        assert other.download(envelope_id).status_code == 404
        assert other.inbox("sent") == [] or all(e["envelope_id"] != envelope_id
                                                for e in other.inbox("sent"))
    normal = world.alice.upload([world.carol.fingerprint], b"x" * 10)
    listed = [e for e in world.carol.inbox()
              if e["envelope_id"] == normal["envelope"]["envelope_id"]]
    assert listed[0]["origin"] is None and listed[0]["sender"] == world.alice.fingerprint
    browser.close()


def test_challenge_is_single_use_and_checked(world: World) -> None:
    made = intake_world(world, readers=1)
    browser = Browser(world.server)
    data = encrypt_for(made.readers, b"request")
    solved = browser.solved()
    assert browser.deposit(data, solved=solved).status_code == 201
    again = browser.deposit(data, solved=solved)
    assert again.status_code == 409 and again.json()["error"]["code"] == "challenge_used"
    challenge, _ = browser.solved()
    bad = _failing_nonce(challenge)
    wrong = browser.deposit(data, solved=(challenge, bad))
    assert wrong.status_code == 403 and wrong.json()["error"]["code"] == "pow_insufficient"
    forged = "0" * 80
    refused = browser.deposit(data, solved=(forged, "00"))
    assert refused.json()["error"]["code"] == "challenge_invalid"
    elsewhere = Browser(world.server)
    world.server.clock.advance(601)
    late = elsewhere.deposit(data, solved=browser.solved())
    assert late.status_code == 201  # a fresh one works after the clock moved
    old = browser.deposit(data, solved=solved)
    assert old.json()["error"]["code"] in ("challenge_invalid", "challenge_used")
    for client in (browser, elsewhere):
        client.close()


def _failing_nonce(challenge_hex: str) -> str:
    import hashlib

    from relay.intake_pow import leading_zero_bits
    value = bytes.fromhex(challenge_hex)
    counter = 0
    while leading_zero_bits(hashlib.sha256(value + bytes([counter])).digest()) >= POW_BITS:
        counter += 1
    return bytes([counter]).hex()


def test_bad_bodies_leave_nothing(world: World) -> None:
    made = intake_world(world, readers=1)
    browser = Browser(world.server)
    reader = made.readers[0]
    not_age = browser.deposit(b"not an age file at all, just text")
    assert not_age.status_code == 400 and "not an age file" in not_age.text
    limit = 1_000_000 + 1024 * 1024
    too_big = browser.deposit(b"age-encryption.org/v1\n" + b"x" * limit)
    assert too_big.status_code == 413 and too_big.json()["error"]["code"] == "body_too_large"
    old_version = browser.deposit(encrypt_for(made.readers, b"r"), version=2)
    assert old_version.json()["error"]["code"] == "intake_outdated"
    bad_lookup = browser.deposit(encrypt_for(made.readers, b"r"), reply_lookup="A" * 64)
    assert bad_lookup.status_code == 400
    assert reader.inbox() == []
    assert _stored_envelopes(world) == set()
    browser.close()


def _stored_envelopes(world: World) -> set[str]:
    return world.server.relay.blobs.stored_ids()


def test_truncated_body_leaves_no_bytes_and_no_row(world: World) -> None:
    import socket
    made = intake_world(world, readers=1)
    browser = Browser(world.server)
    challenge, nonce = browser.solved()
    data = encrypt_for(made.readers, b"request" * 1000)
    host, port = world.server.base_url.removeprefix("http://").split(":")
    head = (f"POST /v1/intake/{NAME}/deposits?version=1&challenge={challenge}&nonce={nonce} "
            f"HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/octet-stream\r\n"
            f"Content-Length: {len(data) + 5000}\r\n\r\n").encode()
    with socket.create_connection((host, int(port))) as sock:
        sock.sendall(head + data)
        sock.shutdown(socket.SHUT_WR)
        while sock.recv(65536):
            pass
    # The relay drops the file once its handler sees the disconnect, which may come after the
    # connection is closed; the middleware counts the request's error only once the handler,
    # and so the removal, is over: wait for that count (a bounded wait, not a timing assertion).
    errors = world.server.relay.metrics.errors
    for _ in range(12000):
        if errors.get("client_disconnected", 0) + errors.get("invalid_request", 0) > 0:
            break
        time.sleep(0.01)
    else:
        raise AssertionError(f"the truncated deposit's handler did not finish: {dict(errors)}")
    assert _stored_envelopes(world) == set()
    assert made.readers[0].inbox() == []
    no_length = browser.http.post(
        f"/v1/intake/{NAME}/deposits", params={"version": "1", "challenge": challenge,
                                               "nonce": nonce},
        content=iter([data]), headers={"Content-Type": "application/octet-stream"})
    assert no_length.status_code == 411, no_length.text
    browser.close()


def test_publish_checks_and_no_rollback(world: World) -> None:
    made = intake_world(world)
    code = lambda r: r.json()["error"]["code"]  # noqa: E731
    older = made.publish(made.document(version=1))
    assert older.status_code == 409 and code(older) == "intake_version_outdated"
    assert older.json()["error"]["published_version"] == 1
    newer = made.publish(made.document(version=2, readers=made.readers[:1]))
    assert newer.status_code == 200 and newer.json()["version"] == 2
    assert newer.json()["current"] is True
    outsider = hybrid_member(world.server, world.barreau, "Hors groupe")
    refused = made.publish(made.document(version=3, readers=[outsider]))
    assert refused.status_code == 422 and "roster" in refused.json()["error"]["message"]
    # Alice's card has no hybrid key: listing one for her is refused, whoever's it is.
    posing = SimpleNamespace(fingerprint=world.alice.fingerprint, identity=made.readers[0].identity)
    mismatch = made.publish(made.document(version=3, readers=[posing]))  # type: ignore[list-item]
    assert "hybrid key is not the one on their card" in mismatch.json()["error"]["message"]
    wrong_name = made.publish(made.document(version=3), name="autre-nom")
    assert code(wrong_name) == "invalid_intake"
    reserved = made.publish(made.document(version=3, name="static"), name="static")
    assert code(reserved) == "invalid_intake"
    big = made.publish(made.document(version=3, max_bytes=100_000_000))
    assert big.status_code == 200
    notaires_admin = org_admin(world.server, world.notaires, world.bob)
    taken = made.publish(made.document(version=9, org=world.notaires), admin=notaires_admin)
    assert taken.status_code == 409 and code(taken) == "intake_name_taken"
    forged = made.document(version=9)  # Barreau's document sent by Notaires' admin
    assert code(made.publish(forged, admin=notaires_admin)) == "intake_name_taken"
    assert code(made.publish(made.document(version=9, name="notaires-x", org=world.barreau),
                             name="notaires-x", admin=notaires_admin)) == "invalid_intake"
    listed = made.admin.call("GET", "/v1/org/intake").json()["intakes"]
    assert [e["name"] for e in listed] == [NAME]
    assert notaires_admin.call("GET", f"/v1/org/intake/{NAME}").status_code == 404


def test_revocation_makes_the_point_outdated_until_republished(world: World) -> None:
    made = intake_world(world)
    browser = Browser(world.server)
    solved = browser.solved()
    world.server.revoke(made.readers[1].fingerprint)
    served = browser.http.get(f"/v1/intake/{NAME}")
    assert served.status_code == 409 and served.json()["error"]["code"] == "intake_outdated"
    refused = browser.deposit(encrypt_for(made.readers, b"r"), solved=solved)
    assert refused.json()["error"]["code"] == "intake_outdated"
    entry = made.admin.call("GET", f"/v1/org/intake/{NAME}").json()
    assert entry["current"] is False
    made.roster(made.readers[:1], 2)
    assert made.publish(made.document(version=2, readers=made.readers[:1])).status_code == 200
    assert browser.http.get(f"/v1/intake/{NAME}").status_code == 200
    sent = browser.deposit(encrypt_for(made.readers[:1], b"r"), version=2)
    assert sent.status_code == 201, sent.text
    assert parse_proof(json.dumps(sent.json()["proof"]).encode()).statement["recipients"] == \
        [made.readers[0].fingerprint]
    browser.close()


def test_withdrawal_hides_the_point_but_keeps_deposits(world: World) -> None:
    made = intake_world(world, readers=1)
    browser = Browser(world.server)
    sent = browser.deposit(encrypt_for(made.readers, b"r"))
    assert sent.status_code == 201
    gone = made.admin.call("DELETE", f"/v1/org/intake/{NAME}")
    assert gone.status_code == 200 and gone.json()["withdrawn"] is not None
    assert browser.http.get(f"/v1/intake/{NAME}").status_code == 404
    assert browser.http.get(f"/v1/intake/{NAME}/challenge").status_code == 404
    assert [e["envelope_id"] for e in made.readers[0].inbox()] == [sent.json()["envelope_id"]]
    back = made.publish(made.document(version=1))
    assert back.json()["error"]["code"] == "intake_version_outdated"
    assert made.publish(made.document(version=2)).status_code == 200
    assert browser.http.get(f"/v1/intake/{NAME}").status_code == 200
    browser.close()


def test_a_document_changed_during_the_deposit_refuses_it(world: World) -> None:
    made = intake_world(world)
    browser = Browser(world.server)
    data = encrypt_for(made.readers, b"request" * 250_000)  # more than one block of 1 MiB

    def body():  # noqa: ANN202 - the admin republishes while the body is on its way
        yield data[:1_200_000]
        made.roster(made.readers[:1], 2)
        assert made.publish(made.document(version=2, readers=made.readers[:1])).status_code \
            == 200
        yield data[1_200_000:]

    length = {"Content-Length": str(len(data))}
    sent = browser.deposit(body(), headers=length)
    assert sent.status_code == 409 and sent.json()["error"]["code"] == "intake_outdated"
    assert _stored_envelopes(world) == set()
    assert all(r.inbox() == [] for r in made.readers)
    browser.close()
