"""The intake point in tests: members with hybrid cards on an intake group, the organisation's
admin publishing a signed intake document, and a browser-like client with no account that
solves the proof of work and deposits an age file (docs/relay.md "Intake")."""

from __future__ import annotations

import hashlib
import io
import json
import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from crypto.age import encrypt_stream, parse_recipient
from crypto.httpsig import RequestSigner
from crypto.identity import PrivateIdentity
from crypto.intake_document import IntakeDocument, IntakeRecipient, sign_intake
from crypto.org_signer import SoftwareOrgSigner
from relay.clock import as_datetime
from relay.intake_pow import leading_zero_bits
from tests.relay.conftest import World
from tests.support.groups import GROUP, signed_roster
from tests.support.relay_server import Org, RelayClient, RunningRelay

NAME = "ordre-barreau"
POW_BITS = 6  # tests solve it in a few dozen hashes; the default is tested by the pow tests


def hybrid_member(server: RunningRelay, org: Org, name: str) -> RelayClient:
    """A member whose card has a hybrid recipient (what an intake document lists)."""
    identity = PrivateIdentity.generate(name, "avocat", org.name,
                                        now=as_datetime(server.now()))
    client = server.client(identity)
    response = client.enrol(server.invite(org))
    assert response.status_code == 201, response.text
    server.certify(client.fingerprint, org)
    return client


def org_admin(server: RunningRelay, org: Org, slot: RelayClient) -> RelayClient:
    """A client signing with the organisation key (the member identity only fills the slot)."""
    client = server.client(slot.identity)
    client.signer = RequestSigner(SoftwareOrgSigner(org.key),  # type: ignore[arg-type]
                                  org.key.public_key().public_bytes_raw().hex())
    return client


@dataclass
class IntakeWorld:
    world: World
    admin: RelayClient
    readers: list[RelayClient]

    @property
    def server(self) -> RunningRelay:
        return self.world.server

    def roster(self, members: Sequence[RelayClient], version: int) -> None:
        value = signed_roster(self.world.barreau.key, "Barreau", [m.fingerprint for m in members],
                              issued=as_datetime(self.server.now()), version=version)
        answer = self.readers[0].call("PUT", f"/v1/groups/{GROUP}", json_body={"roster": value})
        assert answer.status_code == 200, answer.text

    def document(self, version: int = 1, *, readers: Sequence[RelayClient] | None = None,
                 name: str = NAME, org: Org | None = None, max_bytes: int = 1_000_000,
                 max_files: int = 5) -> dict[str, Any]:
        org = org or self.world.barreau
        chosen = sorted(readers if readers is not None else self.readers,
                        key=lambda r: r.fingerprint)
        document = IntakeDocument(
            name=name, organisation=org.name, organisation_key=org.key.public_key()
            .public_bytes_raw(), group_id=GROUP, title="Saisir le conseil de l’Ordre",
            version=version, issued=as_datetime(self.server.now()),
            recipients=tuple(IntakeRecipient(r.fingerprint, str(r.identity.card.age_pq_recipient))
                             for r in chosen), max_bytes=max_bytes, max_files=max_files)
        return json.loads(sign_intake(document, SoftwareOrgSigner(org.key)).to_bytes())

    def publish(self, document: dict[str, Any], name: str = NAME,
                admin: RelayClient | None = None) -> httpx.Response:
        return (admin or self.admin).call("PUT", f"/v1/org/intake/{name}",
                                          json_body={"intake": document})


def intake_world(world: World, readers: int = 2) -> IntakeWorld:
    """Barreau's intake group of `readers` hybrid members, its intake point published."""
    server = world.server
    people = [hybrid_member(server, world.barreau, f"Lecteur {i}") for i in range(readers)]
    made = IntakeWorld(world, org_admin(server, world.barreau, world.alice), people)
    made.roster(people, 1)
    answer = made.publish(made.document())
    assert answer.status_code == 200, answer.text
    return made


def solve(challenge: bytes, difficulty: int) -> bytes:
    """What the page does in JavaScript: the first counter whose hash has enough zero bits."""
    counter = 0
    while True:
        nonce = struct.pack(">Q", counter)
        if leading_zero_bits(hashlib.sha256(challenge + nonce).digest()) >= difficulty:
            return nonce
        counter += 1


def encrypt_for(readers: Sequence[RelayClient], plaintext: bytes) -> bytes:
    out = io.BytesIO()
    recipients = [parse_recipient(str(r.identity.card.age_pq_recipient)) for r in readers]
    encrypt_stream(io.BytesIO(plaintext), out, recipients)
    return out.getvalue()


class Browser:
    """A client with no account, optionally from another loopback address."""

    def __init__(self, server: RunningRelay, local_address: str | None = None) -> None:
        transport = httpx.HTTPTransport(local_address=local_address) if local_address else None
        self.http = httpx.Client(base_url=server.base_url, timeout=60, transport=transport)

    def close(self) -> None:
        self.http.close()

    def challenge(self, name: str = NAME) -> dict[str, Any]:
        answer = self.http.get(f"/v1/intake/{name}/challenge")
        assert answer.status_code == 200, answer.text
        return answer.json()

    def solved(self, name: str = NAME) -> tuple[str, str]:
        found = self.challenge(name)
        value = bytes.fromhex(found["challenge"])
        return found["challenge"], solve(value, found["difficulty"]).hex()

    def deposit(self, body: bytes | Iterator[bytes], *, version: int = 1, name: str = NAME,
                reply_lookup: str | None = None, solved: tuple[str, str] | None = None,
                headers: dict[str, str] | None = None) -> httpx.Response:
        challenge, nonce = solved or self.solved(name)
        params = {"version": str(version), "challenge": challenge, "nonce": nonce}
        if reply_lookup is not None:
            params["reply_lookup"] = reply_lookup
        return self.http.post(f"/v1/intake/{name}/deposits", params=params, content=body,
                              headers={"Content-Type": "application/octet-stream",
                                       **(headers or {})})
