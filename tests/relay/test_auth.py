"""Request authentication against the real server: signatures, digests, replays, standing."""

from __future__ import annotations

import json
import socket

import httpx
import pytest

from crypto.httpsig import content_digest
from relay.config import Limits
from tests.relay.conftest import World
from tests.support.relay_server import RelayClient, RunningRelay


def code(response: httpx.Response) -> str:
    return response.json()["error"]["code"]


def _replace(headers, name: str, value: str):
    return [(n, value if n.lower() == name else v) for n, v in headers]


def test_public_endpoints_need_no_signature_but_are_signed(world: World) -> None:
    client = world.alice
    for path in ("/v1/relay", "/v1/health", "/v1/openapi.json"):
        response = client.send("GET", path, [])
        assert response.status_code == 200, path
        client.verifier.verify(200, response.headers.multi_items(), request_method="GET",
                               request_url=str(response.request.url), request_headers=[],
                               body=response.content)
    info = client.send("GET", "/v1/relay", []).json()
    assert info["relay_key_id"] == world.server.relay.key_id
    assert info["limits"]["max_chunk_size"] == 8 * 1024 * 1024


def test_unsigned_request_is_refused(world: World) -> None:
    response = world.alice.send("GET", "/v1/directory", [])
    assert response.status_code == 401
    assert code(response) == "signature_missing"
    world.alice.check(response, [])  # even errors carry the relay's signature


def test_signed_request_and_response(world: World) -> None:
    response = world.alice.call("GET", "/v1/me")
    assert response.status_code == 200
    assert response.json()["fingerprint"] == world.alice.fingerprint
    assert response.json()["status"] == "certified"


def test_tampered_signature_is_refused(world: World) -> None:
    headers = world.alice.sign("GET", "/v1/me")
    value = dict(headers)["Signature"]
    broken = value[:12] + ("A" if value[12] != "A" else "B") + value[13:]
    response = world.alice.send("GET", "/v1/me", _replace(headers, "signature", broken))
    assert response.status_code == 401
    assert code(response) == "signature_invalid"


def test_tampered_digest_header_is_refused(world: World) -> None:
    body = json.dumps({"sha256": "00" * 32}).encode()
    headers = world.alice.sign("POST", "/v1/envelopes/" + "0" * 32 + "/commit", body)
    headers = _replace(headers, "content-digest", content_digest(b'{"sha256":"11"}'))
    response = world.alice.send("POST", "/v1/envelopes/" + "0" * 32 + "/commit", headers,
                                b'{"sha256":"11"}')
    assert response.status_code == 401
    assert code(response) == "signature_invalid"


def test_tampered_body_is_refused(world: World) -> None:
    body = json.dumps({"recipients": [world.bob.fingerprint], "size": 10,
                       "availability_days": 1}).encode()
    headers = world.alice.sign("POST", "/v1/envelopes", body, [("Content-Type",
                                                                 "application/json")])
    evil = body.replace(b'"size": 10', b'"size": 99')
    response = world.alice.send("POST", "/v1/envelopes", headers, evil)
    assert response.status_code == 400
    assert code(response) == "digest_mismatch"
    assert world.alice.inbox("sent") == []


def test_tampered_target_is_refused(world: World) -> None:
    headers = world.alice.sign("GET", "/v1/envelopes?box=inbox")
    response = world.alice.send("GET", "/v1/envelopes?box=sent", headers)
    assert (response.status_code, code(response)) == (401, "signature_invalid")
    response = world.alice.send("DELETE", "/v1/envelopes?box=inbox", headers)
    assert (response.status_code, code(response)) == (401, "signature_invalid")


def test_wrong_key_id_gets_the_same_answer_as_an_unknown_one(world: World) -> None:
    alice, bob = world.alice, world.bob
    as_bob = RelayClient(alice.base_url, alice.identity, alice.clock, world.server.relay_key)
    as_bob.signer = type(alice.signer)(alice.identity.signing_key, bob.fingerprint)
    as_nobody = RelayClient(alice.base_url, alice.identity, alice.clock, world.server.relay_key)
    as_nobody.signer = type(alice.signer)(alice.identity.signing_key, "ef" * 32)
    answers = []
    for client in (as_bob, as_nobody):
        response = client.send("GET", "/v1/me", client.sign("GET", "/v1/me"))
        answers.append((response.status_code, response.json()))
        client.close()
    assert answers[0] == answers[1]
    assert answers[0][0] == 401 and answers[0][1]["error"]["code"] == "signature_invalid"


def test_replayed_request_is_refused(world: World) -> None:
    headers = world.alice.sign("GET", "/v1/me")
    assert world.alice.send("GET", "/v1/me", headers).status_code == 200
    again = world.alice.send("GET", "/v1/me", headers)
    assert (again.status_code, code(again)) == (401, "replayed_request")


def test_replayed_upload_chunk_is_refused(world: World) -> None:
    created = world.alice.create([world.bob.fingerprint], 8).json()
    path = f"/v1/envelopes/{created['envelope_id']}/chunks/0"
    headers = world.alice.sign("PUT", path, b"12345678")
    assert world.alice.send("PUT", path, headers, b"12345678").status_code == 200
    again = world.alice.send("PUT", path, headers, b"12345678")
    assert (again.status_code, code(again)) == (401, "replayed_request")


@pytest.mark.parametrize("offset", [-301, 301])
def test_stale_or_future_created_time_is_refused(world: World, offset: int) -> None:
    created = world.server.now() + offset
    response = world.alice.send("GET", "/v1/me", world.alice.sign("GET", "/v1/me",
                                                                   created=created))
    assert (response.status_code, code(response)) == (401, "signature_expired")


def test_skew_within_bounds_is_accepted_and_clock_moves(world: World) -> None:
    headers = world.alice.sign("GET", "/v1/me", created=world.server.now() - 250)
    assert world.alice.send("GET", "/v1/me", headers).status_code == 200
    world.server.clock.advance(3600)  # the server's clock moves; so does the client's
    assert world.alice.call("GET", "/v1/me").status_code == 200


def test_pending_member_may_only_read_its_own_record(relay: RunningRelay) -> None:
    org = relay.create_org("Greffe")
    pending = relay.member(org, "Paul Pending", certified=False)
    me = pending.call("GET", "/v1/me")
    assert me.status_code == 200 and me.json()["status"] == "pending"
    response = pending.call("GET", "/v1/directory")
    assert (response.status_code, code(response)) == (403, "not_certified")
    relay.certify(pending.fingerprint, org)
    assert pending.call("GET", "/v1/directory").status_code == 200


def test_revoked_member_is_refused_everywhere(world: World) -> None:
    world.server.revoke(world.carol.fingerprint)
    for method, path in (("GET", "/v1/me"), ("GET", "/v1/directory"), ("GET", "/v1/envelopes")):
        response = world.carol.call(method, path)
        assert (response.status_code, code(response)) == (403, "member_revoked")
    assert world.carol.fingerprint not in {c["fingerprint"] for c in world.alice.directory()}


def test_oversized_json_body_is_refused(world: World) -> None:
    body = b'{"sha256": "' + b"0" * (70 * 1024) + b'"}'
    response = world.alice.call("POST", "/v1/envelopes/" + "0" * 32 + "/commit", body=body,
                                headers=[("Content-Type", "application/json")])
    assert (response.status_code, code(response)) == (413, "body_too_large")


def test_unknown_route_and_bad_input_give_json_errors(world: World) -> None:
    response = world.alice.call("GET", "/v1/nothing-here")
    assert (response.status_code, code(response)) == (404, "not_found")
    response = world.alice.call("POST", "/v1/envelopes", json_body={
        "recipients": ["secret client name"], "size": "big", "availability_days": 3})
    assert (response.status_code, code(response)) == (400, "invalid_request")
    assert "secret client name" not in response.text and "big" not in response.text
    response = world.alice.call("DELETE", "/v1/directory")
    assert (response.status_code, code(response)) == (405, "method_not_allowed")


class TestRateLimit:
    @pytest.fixture
    def limits(self) -> Limits:
        return Limits(rate_per_second=1.0, rate_burst=3)

    def test_members_are_rate_limited_then_refilled(self, world: World) -> None:
        # world set-up made no signed member request (enrolment is counted per address)
        statuses = [world.alice.call("GET", "/v1/me").status_code for _ in range(3)]
        assert statuses == [200, 200, 200]
        limited = world.alice.call("GET", "/v1/me")
        assert (limited.status_code, code(limited)) == (429, "rate_limited")
        assert int(limited.headers["retry-after"]) >= 1
        assert world.bob.call("GET", "/v1/me").status_code == 200  # per member
        world.server.clock.advance(2)
        assert world.alice.call("GET", "/v1/me").status_code == 200


def test_requests_without_a_usable_host_are_refused(world: World) -> None:
    url = httpx.URL(world.server.base_url)
    for request in (b"GET /v1/me HTTP/1.0\r\n\r\n",
                    b"GET /v1/me HTTP/1.1\r\nHost: ex\xe9mple\r\n\r\n"):
        with socket.create_connection((url.host, url.port)) as sock:
            sock.sendall(request)
            answer = ""
            while not answer.endswith("}}"):  # headers and body may come in two reads
                part = sock.recv(65536).decode("latin-1")
                assert part, answer
                answer += part
        assert answer.startswith("HTTP/1.1 400 ")
        assert '"code":"invalid_request"' in answer
        assert "\r\nsignature: scelle=:" in answer  # signed, though bound to no request


def test_failed_authentication_is_rate_limited_per_address(world: World) -> None:
    answers = [world.alice.send("GET", "/v1/me", []).status_code for _ in range(40)]
    assert answers[0] == 401 and answers[-1] == 429
