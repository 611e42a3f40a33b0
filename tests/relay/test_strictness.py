"""The relay reads requests strictly, over HTTP against the real server: one signature (no
second Signature or Signature-Input header), JSON fields of their exact type and nothing more,
no query parameter a route does not declare.

SQLite only: none of this depends on the database.
"""

from __future__ import annotations

import json

import httpx
import pytest

from crypto.identity import PrivateIdentity
from tests.relay.conftest import World
from tests.relay.test_auth import code
from tests.support.relay_server import RelayClient

JSON = [("Content-Type", "application/json")]


@pytest.fixture
def backend() -> None:
    return None


def _signature_lines(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(n, v) for n, v in headers if n.lower() in ("signature", "signature-input")]


def _others(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(n, v) for n, v in headers if n.lower() not in ("signature", "signature-input")]


def test_a_second_signature_header_is_refused(world: World) -> None:
    """Two signatures of the same request, both valid: once joined, the last one won."""
    alice = world.alice
    first, second = alice.sign("GET", "/v1/me"), alice.sign("GET", "/v1/me")
    both = _others(first) + _signature_lines(first) + _signature_lines(second)
    response = alice.send("GET", "/v1/me", both)
    assert (response.status_code, code(response)) == (401, "signature_malformed")
    assert "exactly one is allowed" in response.json()["error"]["message"]
    alice.check(response, both)  # refused, and still signed by the relay
    for name in ("Signature", "Signature-Input"):  # one of the two repeated is enough
        repeated = first + [(n, v) for n, v in second if n == name]
        response = alice.send("GET", "/v1/me", repeated)
        assert (response.status_code, code(response)) == (401, "signature_malformed")
    assert alice.send("GET", "/v1/me", second).status_code == 200  # each alone is fine


def test_a_repeated_member_in_one_signature_line_is_refused(world: World) -> None:
    alice = world.alice
    first, second = dict(alice.sign("GET", "/v1/me")), dict(alice.sign("GET", "/v1/me"))
    for name in ("Signature", "Signature-Input"):
        headers = alice.sign("GET", "/v1/me")
        joined = f"{first[name]}, {second[name]}"
        headers = [(n, joined if n == name else v) for n, v in headers]
        response = alice.send("GET", "/v1/me", headers)
        assert (response.status_code, code(response)) == (401, "signature_malformed")


@pytest.mark.parametrize(("field", "value"), [
    ("size", "7"), ("size", True), ("size", 7.0), ("size", None), ("availability_days", "3"),
    ("availability_days", False), ("recipients", "fp"), ("recipients", [7])])
def test_json_fields_are_strictly_typed(world: World, field: str, value: object) -> None:
    body = {"recipients": [world.bob.fingerprint], "size": 7, "availability_days": 3,
            field: value}
    response = world.alice.call("POST", "/v1/envelopes", json_body=body)
    assert (response.status_code, code(response)) == (400, "invalid_request")
    assert world.alice.inbox("sent") == []


def test_extra_and_repeated_json_fields_are_refused(world: World) -> None:
    fp = world.bob.fingerprint
    extra = world.alice.call("POST", "/v1/envelopes", json_body={
        "recipients": [fp], "size": 7, "availability_days": 3, "priority": 1})
    assert (extra.status_code, code(extra)) == (400, "invalid_request")
    assert extra.json()["error"]["fields"] == ["body.priority"]
    # FastAPI alone keeps the last copy of a repeated key: the relay refuses it first.
    body = (f'{{"recipients": ["{fp}"], "size": 7, "size": 8, '
            '"availability_days": 3}').encode()
    repeated = world.alice.call("POST", "/v1/envelopes", body=body, headers=JSON)
    assert (repeated.status_code, code(repeated)) == (400, "invalid_request")
    assert "'size'" in repeated.json()["error"]["message"]
    good = world.alice.call("POST", "/v1/envelopes", json_body={
        "recipients": [fp], "size": 7, "availability_days": 3})
    assert good.status_code == 201


@pytest.mark.parametrize("body", [b"[" * 40 + b"]" * 40, b"[" * 30000 + b"]" * 30000,
                                  b'{"a": ' * 5000 + b"1" + b"}" * 5000,
                                  b'{"sha256": NaN}', b"\xff\xfe{}"])
def test_deep_or_odd_json_is_one_clear_refusal(world: World, body: bytes) -> None:
    path = "/v1/envelopes/" + "0" * 32 + "/commit"
    response = world.alice.call("POST", path, body=body, headers=JSON)
    assert (response.status_code, code(response)) == (400, "invalid_request")
    assert response.json()["error"]["message"].startswith("The request body")


def _concrete(path: str) -> str:
    return path.replace("{envelope_id}", "0" * 32).replace("{offset}", "0") \
        .replace("{group_id}", "0" * 32).replace("{fingerprint}", "0" * 64) \
        .replace("{delegation_id}", "0" * 32).replace("{name}", "ordre-x") \
        .replace("{reply_id}", "0" * 32)


def _routes(world: World) -> list[tuple[str, str]]:
    """Every route the relay publishes (its own OpenAPI document), and that document."""
    paths = world.alice.send("GET", "/v1/openapi.json", []).json()["paths"]
    found = [(method.upper(), _concrete(path)) for path, methods in paths.items()
             for method in methods]
    return found + [("GET", "/v1/openapi.json")]


def _caller(world: World, path: str) -> RelayClient:
    """Organisation administration is signed by the organisation key; the rest by a member."""
    from tests.relay.test_org_admin import admin_of

    return admin_of(world, world.barreau) if path.startswith("/v1/org") else world.alice


def _enrolment(world: World, path: str) -> httpx.Response:
    stranger = world.server.client(PrivateIdentity.generate("Eve", hybrid=False))
    return stranger.call("POST", path, json_body={
        "invitation": "X", "card": json.loads(stranger.identity.card.to_bytes())})


def test_unknown_query_parameters_are_refused_on_every_route(world: World) -> None:
    routes = _routes(world)
    assert len(routes) >= 14
    for method, path in routes:
        target = path + "?colour=blue"
        if path == "/v1/enrol":
            response = _enrolment(world, target)
        elif method in ("POST", "PUT"):
            response = _caller(world, path).call(method, target, body=b"x" if "chunk" in path
                                                 or "deposit" in path else b"{}", headers=JSON)
        else:
            response = _caller(world, path).call(method, target)
        assert (response.status_code, code(response)) == (400, "invalid_request"), \
            (method, path, response.text)
        assert "'colour'" in response.json()["error"]["message"], (method, path)


def test_a_single_valued_parameter_given_twice_is_refused(world: World) -> None:
    fp = world.bob.fingerprint
    response = world.alice.call("GET", "/v1/envelopes?box=inbox&box=sent")
    assert (response.status_code, code(response)) == (400, "invalid_request")
    assert "'box' is given twice" in response.json()["error"]["message"]
    response = world.alice.call("POST", f"/v1/envelopes/deposit?recipients={fp}"
                                "&availability_days=1&availability_days=30", body=b"sealed")
    assert (response.status_code, code(response)) == (400, "invalid_request")
    assert world.alice.inbox("sent") == []
    # A list parameter may repeat: two recipients.
    ok = world.alice.call("POST", f"/v1/envelopes/deposit?recipients={fp}&recipients="
                          f"{world.carol.fingerprint}&availability_days=1", body=b"sealed")
    assert ok.status_code == 201, ok.text


def test_declared_parameters_still_work(world: World) -> None:
    assert world.alice.directory(world.bob.fingerprint)[0]["fingerprint"] == world.bob.fingerprint
    assert world.alice.inbox("sent") == []
    assert world.alice.send("GET", "/v1/health", []).status_code == 200


def test_unsigned_public_route_with_a_query_is_refused(world: World) -> None:
    client: RelayClient = world.alice
    for path in ("/v1/relay?x", "/v1/health?debug=1", "/v1/openapi.json?v=2"):
        response = client.send("GET", path, [])
        assert (response.status_code, code(response)) == (400, "invalid_request"), path
