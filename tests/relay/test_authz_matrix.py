"""The relay's authorisation matrix: every endpoint x every kind of caller -> the status it gets.

Against the real relay on loopback (SQLite and PostgreSQL). The cast: Barreau and Notaires are
linked, Police is linked to no one. `alice` (Barreau) sends to `bob` (Notaires); `dave`
(Notaires) is a linked member who is not a recipient, `mallory` (Police) a member of an
unlinked organisation, `admin` the admin of Notaires; `pending` is enrolled but not certified,
`revoked` was certified then revoked, `expired` holds a certified card past its validity. The
first four columns are the legitimate caller's own request, unsigned, with a broken signature,
sent a second time, or signed with a clock an hour off.

Every cell gets fresh resources (a new upload or envelope, a new invitation), so that no cell
depends on another. The expected table is written out below; any allow it does not list is a
security bug. With SCELLE_AUTHZ_TABLE=/path the table the relay actually gave is written there as
Markdown (the one in docs/reliability.md comes from this):

    SCELLE_AUTHZ_TABLE=/tmp/authz.md scripts/run-tests.sh tests/relay/test_authz_matrix.py -k sqlite
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from crypto.content_digest import of_bytes
from crypto.identity import PrivateIdentity
from crypto.proofs import sign_receipt
from relay.clock import as_datetime
from relay.config import Limits
from tests.relay.conftest import World
from tests.support.relay_server import RelayClient, RunningRelay

DATA = b"sealed envelope bytes " * 10
JSON = [("Content-Type", "application/json")]
FAULTS = ("unsigned", "bad signature", "replayed", "skewed clock")
MEMBERS = ("pending", "revoked", "expired card", "unlinked org", "linked non-recipient",
           "sender", "admin of other org")
CALLERS = ("legitimate", *FAULTS, *MEMBERS)
ROLE_OF = {"pending": "pending", "revoked": "revoked", "expired card": "expired",
           "unlinked org": "mallory", "linked non-recipient": "dave", "sender": "alice",
           "admin of other org": "admin"}


@pytest.fixture
def limits() -> Limits:
    # The ManualClock never refills a bucket: room for every cell's requests.
    return Limits(rate_burst=100_000, anonymous_rate_burst=100_000)


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()


@dataclass
class Cast:
    server: RunningRelay
    world: World
    clients: dict[str, RelayClient]

    def __getitem__(self, name: str) -> RelayClient:
        return self.clients[name]

    def envelope(self) -> str:
        """A fresh committed envelope from alice to bob."""
        fp = self["bob"].fingerprint
        answer = self["alice"].call("POST", f"/v1/envelopes/deposit?recipients={fp}"
                                    "&availability_days=7", body=DATA)
        assert answer.status_code == 201, answer.text
        return answer.json()["envelope"]["envelope_id"]

    def upload(self, complete: bool = False) -> str:
        """A fresh upload in progress from alice to bob (all bytes sent when `complete`)."""
        created = self["alice"].create([self["bob"].fingerprint], len(DATA))
        envelope = created.json()["envelope_id"]
        if complete:
            assert self["alice"].put_chunk(envelope, 0, DATA).status_code == 200
        return envelope


def _cast(world: World) -> Cast:
    server = world.server
    clients = {"alice": world.alice, "bob": world.bob, "mallory": world.mallory,
               "dave": server.member(world.notaires, "Dave Durand"),
               "pending": server.member(world.barreau, "Paul Pending", certified=False),
               "revoked": server.member(world.barreau, "Rita Revoked")}
    server.revoke(clients["revoked"].fingerprint)
    admin = server.client(_identity(server, "Anne Admin", "Notaires"))
    assert admin.enrol(server.invite(world.notaires, role="admin")).status_code == 201
    server.certify(admin.fingerprint, world.notaires)
    expired = server.client(_identity(server, "Eric Expired", "Barreau", days=1))
    assert expired.enrol(server.invite(world.barreau)).status_code == 201
    server.certify(expired.fingerprint, world.barreau)
    clients.update(admin=admin, expired=expired)
    server.clock.advance(2 * 86400)  # Eric's card has expired; everyone else's is valid
    return Cast(server, world, clients)


def _identity(server: RunningRelay, name: str, org: str, days: int = 365) -> PrivateIdentity:
    return PrivateIdentity.generate(name, "avocat", org, hybrid=False,
                                    validity=timedelta(days=days),
                                    now=as_datetime(server.now()))


def _receipt(cast: Cast, signer: RelayClient, envelope: str) -> bytes:
    proof = sign_receipt(signer.identity, event="opened",
                         content_digest=of_bytes(DATA).hex(), message_id="12" * 16,
                         envelope_id=envelope, time=as_datetime(cast.server.now()))
    return json.dumps({"receipt": json.loads(proof.to_bytes())}).encode()


# -- rows: (endpoint, legitimate caller, request builder) ----------------------------------------
Build = Callable[[Cast, RelayClient], Request]


def _enrol(cast: Cast, caller: RelayClient) -> Request:
    code = cast.server.invite(cast.world.barreau)
    body = {"invitation": code, "card": json.loads(caller.identity.card.to_bytes())}
    return Request("POST", "/v1/enrol", json.dumps(body).encode(), tuple(JSON))


def _create(cast: Cast, _caller: RelayClient) -> Request:
    body = {"recipients": [cast["bob"].fingerprint], "size": len(DATA), "availability_days": 7}
    return Request("POST", "/v1/envelopes", json.dumps(body).encode(), tuple(JSON))


def _deposit(cast: Cast, _caller: RelayClient) -> Request:
    return Request("POST", f"/v1/envelopes/deposit?recipients={cast['bob'].fingerprint}"
                   "&availability_days=7", DATA)


def _receipts(cast: Cast, caller: RelayClient) -> Request:
    envelope = cast.envelope()
    assert cast["bob"].download(envelope).status_code == 200  # delivered: opened is plausible
    return Request("POST", f"/v1/envelopes/{envelope}/receipts",
                   _receipt(cast, caller, envelope), tuple(JSON))


def _commit(cast: Cast, _caller: RelayClient) -> Request:
    body = json.dumps({"content_digest": of_bytes(DATA).hex()}).encode()
    return Request("POST", f"/v1/envelopes/{cast.upload(complete=True)}/commit", body,
                   tuple(JSON))


ROWS: dict[str, tuple[str, Build]] = {
    "GET /v1/relay": ("alice", lambda c, _: Request("GET", "/v1/relay")),
    "GET /v1/health": ("alice", lambda c, _: Request("GET", "/v1/health")),
    "GET /v1/openapi.json": ("alice", lambda c, _: Request("GET", "/v1/openapi.json")),
    "POST /v1/enrol": ("newcomer", _enrol),
    "GET /v1/me": ("alice", lambda c, _: Request("GET", "/v1/me")),
    "GET /v1/directory": ("alice", lambda c, _: Request("GET", "/v1/directory")),
    "POST /v1/envelopes": ("alice", _create),
    "POST /v1/envelopes/deposit": ("alice", _deposit),
    "GET /v1/envelopes": ("alice", lambda c, _: Request("GET", "/v1/envelopes?box=inbox")),
    "GET /v1/envelopes/{id}/upload": (
        "alice", lambda c, _: Request("GET", f"/v1/envelopes/{c.upload()}/upload")),
    "PUT /v1/envelopes/{id}/chunks/{offset}": (
        "alice", lambda c, _: Request("PUT", f"/v1/envelopes/{c.upload()}/chunks/0", DATA)),
    "POST /v1/envelopes/{id}/commit": ("alice", _commit),
    "GET /v1/envelopes/{id}": (
        "bob", lambda c, _: Request("GET", f"/v1/envelopes/{c.envelope()}")),
    "GET /v1/envelopes/{id}/content": (
        "bob", lambda c, _: Request("GET", f"/v1/envelopes/{c.envelope()}/content")),
    "DELETE /v1/envelopes/{id}": (
        "alice", lambda c, _: Request("DELETE", f"/v1/envelopes/{c.envelope()}")),
    "POST /v1/envelopes/{id}/receipts": ("bob", _receipts),
    "GET /v1/envelopes/{id}/proofs": (
        "bob", lambda c, _: Request("GET", f"/v1/envelopes/{c.envelope()}/proofs")),
}

# Columns in the order of CALLERS: legitimate | unsigned, bad signature, replayed, skewed clock |
# pending, revoked, expired card, unlinked org, linked non-recipient, sender, admin of other org.
# For POST /v1/envelopes and /deposit every caller addresses bob: a linked member, the sender and
# the linked admin may (201); the unlinked member cannot see bob (422 unknown_recipient, the
# answer a fingerprint that exists nowhere gets).
EXPECTED_ROWS: dict[str, list[int]] = {
    "GET /v1/relay": [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    "GET /v1/health": [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    "GET /v1/openapi.json": [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    "POST /v1/enrol": [201, 401, 401, 401, 401, 409, 409, 422, 409, 409, 409, 409],
    "GET /v1/me": [200, 401, 401, 401, 401, 200, 403, 403, 200, 200, 200, 200],
    "GET /v1/directory": [200, 401, 401, 401, 401, 403, 403, 403, 200, 200, 200, 200],
    "POST /v1/envelopes": [201, 401, 401, 401, 401, 403, 403, 403, 422, 201, 201, 201],
    "POST /v1/envelopes/deposit":
        [201, 401, 401, 401, 401, 403, 403, 403, 422, 201, 201, 201],
    "GET /v1/envelopes": [200, 401, 401, 401, 401, 403, 403, 403, 200, 200, 200, 200],
    "GET /v1/envelopes/{id}/upload":
        [200, 401, 401, 401, 401, 403, 403, 403, 404, 404, 200, 404],
    "PUT /v1/envelopes/{id}/chunks/{offset}":
        [200, 401, 401, 401, 401, 403, 403, 403, 404, 404, 200, 404],
    "POST /v1/envelopes/{id}/commit":
        [200, 401, 401, 401, 401, 403, 403, 403, 404, 404, 200, 404],
    "GET /v1/envelopes/{id}": [200, 401, 401, 401, 401, 403, 403, 403, 404, 404, 200, 404],
    "GET /v1/envelopes/{id}/content":
        [200, 401, 401, 401, 401, 403, 403, 403, 404, 404, 404, 404],
    "DELETE /v1/envelopes/{id}":
        [204, 401, 401, 401, 401, 403, 403, 403, 404, 404, 204, 404],
    "POST /v1/envelopes/{id}/receipts":
        [201, 401, 401, 401, 401, 403, 403, 403, 404, 404, 404, 404],
    "GET /v1/envelopes/{id}/proofs":
        [200, 401, 401, 401, 401, 403, 403, 403, 404, 404, 200, 404],
}
EXPECTED = {row: dict(zip(CALLERS, statuses, strict=True))
            for row, statuses in EXPECTED_ROWS.items()}
# The reason each refused caller is given (the body's stable code), wherever it gets 401 or 403.
REFUSAL_CODES = {"unsigned": "signature_missing", "bad signature": "signature_invalid",
                 "replayed": "replayed_request", "skewed clock": "signature_expired",
                 "pending": "not_certified", "revoked": "member_revoked",
                 "expired card": "card_expired"}


# -- running one cell ------------------------------------------------------------------------------
def _client(cast: Cast, caller: str, legitimate: str) -> RelayClient:
    name = ROLE_OF.get(caller, legitimate)
    if name == "newcomer":  # enrolment: a fresh identity each time
        return cast.server.client(_identity(cast.server, "Nina Newcomer", "Barreau"))
    return cast[name]


def _broken(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out = []
    for name, value in headers:
        if name == "Signature":
            position = value.index(":") + 5
            value = value[:position] + ("B" if value[position] == "A" else "A") + \
                value[position + 1:]
        out.append((name, value))
    return out


def _answer(cast: Cast, row: str, caller: str) -> tuple[int, str | None]:
    """The status and error code the relay gives `caller` on `row`."""
    legitimate, build = ROWS[row]
    client = _client(cast, caller, legitimate)
    request = build(cast, client)
    headers = list(request.headers)
    if caller == "unsigned":
        signed = headers
    else:
        created = cast.server.now() - 3600 if caller == "skewed clock" else None
        signed = client.sign(request.method, request.path, request.body, headers,
                             created=created)
        if caller == "bad signature":
            signed = _broken(signed)
    response = client.send(request.method, request.path, signed, request.body)
    if caller == "replayed":
        assert response.status_code < 300, (row, response.text)  # the original went through
        response = client.send(request.method, request.path, signed, request.body)
    streamed = ["scelle-content-digest", "scelle-envelope-size"] \
        if row.endswith("/content") and response.status_code == 200 else []
    client.check(response, signed, streamed=streamed)  # every answer is the relay's, signed
    error = response.json()["error"]["code"] if response.status_code >= 400 else None
    return response.status_code, error


def _markdown(table: dict[str, dict[str, int]]) -> str:
    lines = ["| endpoint | " + " | ".join(CALLERS) + " |",
             "|---|" + "---|" * len(CALLERS)]
    for row, cells in table.items():
        lines.append(f"| `{row}` | " + " | ".join(str(cells[c]) for c in CALLERS) + " |")
    return "\n".join(lines) + "\n"


def test_authorisation_matrix(world: World) -> None:
    cast = _cast(world)
    answers = {row: {caller: _answer(cast, row, caller) for caller in CALLERS} for row in ROWS}
    table = {row: {caller: status for caller, (status, _) in cells.items()}
             for row, cells in answers.items()}
    output = os.environ.get("SCELLE_AUTHZ_TABLE")
    if output:
        Path(output).write_text(_markdown(table), encoding="utf-8")
    assert table == EXPECTED, _markdown(table)
    for row, cells in answers.items():
        for caller, (status, error) in cells.items():
            if status in (401, 403):
                assert error == REFUSAL_CODES[caller], (row, caller, error)
