"""The organisation administration routes x every kind of caller -> the status it gets, against
the real relay on loopback (SQLite and PostgreSQL), like tests/relay/test_authz_matrix.py for the
member routes. Only the organisation's own key, signing a fresh request on time, is let in;
Barreau's admin addressing Bob (Notaires) is `unknown_member` like a fingerprint that exists
nowhere. Every cell builds its own resources (a new pending member, a new nonce)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from relay.config import Limits
from tests.relay.conftest import World
from tests.relay.test_authz_matrix import _broken
from tests.relay.test_org_admin import admin_client, admin_of, certified_copy, pending_member
from tests.support.relay_server import RelayClient

JSON = (("Content-Type", "application/json"),)
CALLERS = ("legitimate", "unsigned", "bad signature", "replayed", "skewed clock", "member key",
           "other organisation's key", "unknown key", "about another org's member")
Build = Callable[[World, RelayClient, str], tuple[str, str, bytes]]


@pytest.fixture
def limits() -> Limits:
    # The ManualClock never refills a bucket: room for every cell's requests and enrolments.
    return Limits(rate_burst=100_000, anonymous_rate_burst=100_000)


def _body(value: object) -> bytes:
    return json.dumps(value).encode()


def _certify(world: World, admin: RelayClient, target: str) -> tuple[str, str, bytes]:
    card = world.bob.call("GET", "/v1/me").json()["card"] if target == world.bob.fingerprint \
        else admin.call("GET", f"/v1/org/members/{target}").json()["card"]
    return ("POST", f"/v1/org/members/{target}/certify",
            _body({"card": certified_copy(world, world.barreau, card)}))


ROUTES: dict[str, Build] = {
    "GET /v1/org": lambda w, a, t: ("GET", "/v1/org", b""),
    "POST /v1/org/invitations": lambda w, a, t: ("POST", "/v1/org/invitations",
                                                 _body({"role": "member"})),
    "GET /v1/org/members": lambda w, a, t: ("GET", "/v1/org/members", b""),
    "GET /v1/org/members/{fp}": lambda w, a, t: ("GET", f"/v1/org/members/{t}", b""),
    "POST /v1/org/members/{fp}/certify": _certify,
    "POST /v1/org/members/{fp}/revoke": lambda w, a, t: (
        "POST", f"/v1/org/members/{t}/revoke", _body({"reason": "departure"})),
    "GET /v1/org/audit": lambda w, a, t: ("GET", "/v1/org/audit", b""),
}
# legitimate | unsigned, bad signature, replayed, skewed | member key, Police's key, unknown key |
# Barreau's key about Bob (Notaires): only the routes naming a member can tell, and answer 404.
EXPECTED = {
    "GET /v1/org": [200, 401, 401, 401, 401, 401, 200, 401, 200],
    "POST /v1/org/invitations": [201, 401, 401, 401, 401, 401, 201, 401, 201],
    "GET /v1/org/members": [200, 401, 401, 401, 401, 401, 200, 401, 200],
    "GET /v1/org/members/{fp}": [200, 401, 401, 401, 401, 401, 404, 401, 404],
    "POST /v1/org/members/{fp}/certify": [200, 401, 401, 401, 401, 401, 404, 401, 404],
    "POST /v1/org/members/{fp}/revoke": [200, 401, 401, 401, 401, 401, 404, 401, 404],
    "GET /v1/org/audit": [200, 401, 401, 401, 401, 401, 200, 401, 200],
}


def _caller(world: World, caller: str) -> RelayClient:
    if caller == "member key":
        return world.alice
    if caller == "other organisation's key":
        return admin_of(world, world.police)
    if caller == "unknown key":
        return admin_client(world.server, Ed25519PrivateKey.generate(), world.alice)
    return admin_of(world, world.barreau)


def _answer(world: World, route: str, caller: str) -> int:
    barreau = admin_of(world, world.barreau)
    target = world.bob.fingerprint if caller == "about another org's member" \
        else pending_member(world, barreau, "Nina Nouvelle").fingerprint
    method, path, body = ROUTES[route](world, barreau, target)
    client = _caller(world, caller)
    headers = list(JSON) if body else []
    if caller == "unsigned":
        signed = headers
    else:
        created = world.server.now() - 3600 if caller == "skewed clock" else None
        signed = client.sign(method, path, body, headers, created=created)
        if caller == "bad signature":
            signed = _broken(signed)
    response = client.send(method, path, signed, body)
    if caller == "replayed":
        assert response.status_code < 300, (route, response.text)
        response = client.send(method, path, signed, body)
    client.check(response, signed)  # every answer is the relay's, signed
    return response.status_code


def test_organisation_routes_matrix(world: World) -> None:
    table = {route: [_answer(world, route, caller) for caller in CALLERS] for route in ROUTES}
    assert table == EXPECTED, json.dumps(table, indent=1)
