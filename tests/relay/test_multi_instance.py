"""Three real `scelle-relay serve` processes on one PostgreSQL database and one blob folder.

Every client sends each request to the next instance in turn (`SpreadClient`), signed for one
public address, as a proxy in front of several instances does. What must hold, whichever
instance answers: an upload's chunks and its commit may land anywhere; a request replayed to
another instance is refused (the nonce is shared); rate limits count across instances; chunks
racing for one offset on different instances leave exactly one in the upload; sweepers running
at once delete each expired envelope once and nothing else; each envelope is listed, delivered
and receipted exactly once.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from crypto.content_digest import CONTENT_CHUNK, of_bytes
from crypto.identity import PrivateIdentity
from crypto.proofs import sign_receipt
from relay import admin
from relay.app import build_relay
from relay.clock import as_datetime
from relay.config import RelayConfig
from relay.context import Relay
from relay.keys import load_org_key
from relay.sweeper import sweep
from tests.support.relay_process import RelayProcess, SpreadClient, relay_processes

MiB = 1024 * 1024


@dataclass
class Cluster:
    instances: list[RelayProcess]
    relay: Relay  # the test's own view of the shared storage (admin, checks)
    data_dir: Path
    clients: list[SpreadClient]

    def now(self) -> int:
        return int(time.time())

    def org(self, name: str) -> Path:
        key = self.data_dir.parent / f"org-{secrets.token_hex(4)}.pem"
        admin.create_org(self.relay.db, self.now(), "test", name, key)
        return key

    def member(self, org: str, key: Path, name: str) -> SpreadClient:
        identity = PrivateIdentity.generate(name, "avocat", org, hybrid=False,
                                            now=as_datetime(self.now()))
        client = SpreadClient([i.url for i in self.instances], identity, self.relay.public_key)
        self.clients.append(client)
        enrolled = client.enrol(admin.invite(self.relay.db, self.now(), "test", org).code)
        assert enrolled.status_code == 201, enrolled.text
        admin.certify_member(self.relay.db, self.now(), "test", client.fingerprint,
                             load_org_key(key))
        return client

    def pair(self) -> tuple[SpreadClient, SpreadClient]:
        """alice (Barreau) and bob (Notaires), linked organisations."""
        barreau, notaires = self.org("Barreau"), self.org("Notaires")
        admin.link_orgs(self.relay.db, self.now(), "test", "Barreau", "Notaires")
        return (self.member("Barreau", barreau, "Alice Martin"),
                self.member("Notaires", notaires, "Bob Durand"))


@contextmanager
def cluster_of(tmp_path: Path, database_url: str, *options: str) -> Iterator[Cluster]:
    data_dir = tmp_path / "shared"
    with relay_processes(data_dir, database_url, 3, *options) as instances:
        relay = build_relay(RelayConfig(data_dir=data_dir, database_url=database_url))
        cluster = Cluster(instances, relay, data_dir, [])
        try:
            yield cluster
        finally:
            for client in cluster.clients:
                client.close()
            relay.db.close()


@pytest.fixture
def cluster(tmp_path: Path, postgres_url: str) -> Iterator[Cluster]:
    with cluster_of(tmp_path, postgres_url) as running:
        yield running


def code(response: httpx.Response) -> str:
    return response.json()["error"]["code"]


def deposit(client: SpreadClient, recipients: list[str], data: bytes, envelope_id: str,
            instance: int | None = None) -> httpx.Response:
    query = "&".join([*(f"recipients={r}" for r in recipients), "availability_days=7",
                      f"envelope_id={envelope_id}"])
    path = f"/v1/envelopes/deposit?{query}"
    signed = client.sign("POST", path, data, [("Content-Type", "application/octet-stream")])
    if instance is None:
        return client.send("POST", path, signed, data)
    return client.send_to(instance, "POST", path, signed, data)


def test_an_upload_split_over_three_instances_arrives_whole(cluster: Cluster) -> None:
    alice, bob = cluster.pair()
    data = secrets.token_bytes(3 * 8 * MiB + 12345)
    committed = alice.upload([bob.fingerprint], data)  # create, 4 chunks, commit
    assert set(alice.used) == {0, 1, 2}  # every instance took part
    envelope = committed["envelope"]["envelope_id"]
    assert [e["envelope_id"] for e in bob.inbox()] == [envelope]
    for start in (None, 2 * MiB):  # a full download, then a resumed one, on other instances
        got = bob.download(envelope, start)
        assert got.content == data[start or 0:]
    deliveries = alice.proofs(envelope).json()["deliveries"]
    assert len(deliveries) == 1  # two complete downloads, one delivery proof
    stored = cluster.relay.blobs.open_envelope(envelope)
    try:
        assert hashlib.sha256(stored.read_at(0, len(data))).hexdigest() == \
            hashlib.sha256(data).hexdigest()
    finally:
        stored.close()


def test_a_request_replayed_to_another_instance_is_refused(cluster: Cluster) -> None:
    alice, bob = cluster.pair()
    body = json.dumps({"recipients": [bob.fingerprint], "size": 10,
                       "availability_days": 1}).encode()
    signed = alice.sign("POST", "/v1/envelopes", body, [("Content-Type", "application/json")])
    first = alice.send_to(0, "POST", "/v1/envelopes", signed, body)
    assert first.status_code == 201
    for other in (1, 2):
        again = alice.send_to(other, "POST", "/v1/envelopes", signed, body)
        assert (again.status_code, code(again)) == (401, "replayed_request")
    # And at the same moment on every instance: exactly one is accepted.
    signed = alice.sign("GET", "/v1/me")
    with ThreadPoolExecutor(3) as pool:
        answers = list(pool.map(lambda i: alice.send_to(i, "GET", "/v1/me", signed), range(3)))
    assert sorted(a.status_code for a in answers) == [200, 401, 401]
    with cluster.relay.db.transaction() as tx:
        uploads = tx.all("SELECT id FROM envelopes WHERE sender = ?", (alice.fingerprint,))
    assert len(uploads) == 1  # the replays created nothing


def test_rate_limits_count_across_instances(tmp_path: Path, postgres_url: str) -> None:
    # Six requests per member in all (no refill to speak of): per process it would be 18.
    with cluster_of(tmp_path, postgres_url, "--member-rate", "0.0001", "6",
                    "--address-rate", "0.0001", "5") as running:
        barreau = running.org("Barreau")
        alice = running.member("Barreau", barreau, "Alice Martin")
        # The enrolment already took one of alice's address's tokens, none of hers.
        answers = [alice.call("GET", "/v1/me") for _ in range(9)]
        assert [a.status_code for a in answers] == [200] * 6 + [429] * 3
        assert {code(a) for a in answers[6:]} == {"rate_limited"}
        unsigned = [httpx.get(i.url + "/v1/relay") for i in running.instances * 2]
        # Of the address's five tokens, the start-up probes (one per instance) and the
        # enrolment took four: one left for the six unsigned requests, wherever they go.
        assert [u.status_code for u in unsigned] == [200] + [429] * 5


def test_chunks_racing_for_one_offset_on_three_instances(cluster: Cluster) -> None:
    alice, bob = cluster.pair()
    tail = secrets.token_bytes(MiB // 2)
    for _ in range(3):
        created = alice.create([bob.fingerprint], CONTENT_CHUNK + len(tail))
        envelope = created.json()["envelope_id"]
        heads = [secrets.token_bytes(CONTENT_CHUNK) for _ in range(3)]
        path = f"/v1/envelopes/{envelope}/chunks/0"
        signed = [alice.sign("PUT", path, h, [("Content-Type", "application/octet-stream")])
                  for h in heads]
        with ThreadPoolExecutor(3) as pool:
            answers = list(pool.map(lambda i: alice.send_to(i, "PUT", path, signed[i],
                                                            heads[i]), range(3)))
        statuses = [a.status_code for a in answers]
        assert sorted(statuses) == [200, 409, 409], [a.text for a in answers]
        winner = heads[statuses.index(200)]
        assert alice.put_chunk(envelope, CONTENT_CHUNK, tail).status_code == 200
        data = winner + tail
        assert alice.commit(envelope, of_bytes(data).hex()).status_code == 200
        assert bob.download(envelope).content == data


def _receipt(client: SpreadClient, envelope: str, data: bytes) -> dict[str, Any]:
    return json.loads(sign_receipt(client.identity, event="opened",
                                   content_digest=of_bytes(data).hex(),
                                   message_id=None, envelope_id=envelope,
                                   time=as_datetime(int(time.time()))).to_bytes())


def test_deposits_and_retries_on_every_instance_are_delivered_once(cluster: Cluster) -> None:
    alice, bob = cluster.pair()
    sent = {secrets.token_hex(16): secrets.token_bytes(4096 + n) for n in range(12)}
    with ThreadPoolExecutor(6) as pool:
        first = list(pool.map(lambda item: deposit(alice, [bob.fingerprint], item[1],
                                                   item[0]).status_code, sent.items()))
    assert first == [201] * len(sent)
    # A retry of each (its answer "lost"), on each instance: never a second envelope.
    for envelope, data in sent.items():
        for instance in range(3):
            again = deposit(alice, [bob.fingerprint], data, envelope, instance)
            assert (again.status_code, code(again)) == (409, "not_uploading")
    inbox = [e["envelope_id"] for e in bob.inbox()]
    assert sorted(inbox) == sorted(sent)
    for envelope, data in sent.items():
        assert bob.download(envelope).content == data
        assert bob.download(envelope).content == data  # again, elsewhere: no second proof
        receipt = _receipt(bob, envelope, data)
        with ThreadPoolExecutor(3) as pool:
            posted = list(pool.map(lambda i: _post_receipt(bob, i, envelope, receipt),
                                   range(3)))
        assert sorted(posted) == [201, 409, 409]
    with cluster.relay.db.transaction() as tx:
        delivered = tx.all("SELECT envelope_id FROM envelope_recipients "
                           "WHERE delivered IS NOT NULL")
        receipts = tx.all("SELECT envelope_id FROM receipts")
    assert sorted(r[0] for r in delivered) == sorted(sent)
    assert sorted(r[0] for r in receipts) == sorted(sent)


def _post_receipt(client: SpreadClient, instance: int, envelope: str,
                  receipt: dict[str, Any]) -> int:
    path = f"/v1/envelopes/{envelope}/receipts"
    body = json.dumps({"receipt": receipt}).encode()
    signed = client.sign("POST", path, body, [("Content-Type", "application/json")])
    return client.send_to(instance, "POST", path, signed, body).status_code


def test_concurrent_sweepers_delete_each_expired_envelope_once(cluster: Cluster) -> None:
    alice, bob = cluster.pair()
    envelopes = {secrets.token_hex(16): secrets.token_bytes(2048) for _ in range(10)}
    for envelope, data in envelopes.items():
        assert deposit(alice, [bob.fingerprint], data, envelope).status_code == 201
    expired = sorted(envelopes)[:6]
    marks = ", ".join("?" for _ in expired)
    with cluster.relay.db.transaction() as tx:  # their availability ends (time moves on)
        tx.execute(f"UPDATE envelopes SET expires = ? WHERE id IN ({marks})",
                   (cluster.now() - 1, *expired))
    sweepers = [build_relay(RelayConfig(data_dir=cluster.data_dir,
                                        database_url=cluster.relay.config.database_url))
                for _ in range(4)]
    try:
        with ThreadPoolExecutor(4) as pool:
            reports = list(pool.map(sweep, sweepers))
    finally:
        for sweeper in sweepers:
            sweeper.db.close()
    # The servers' own sweepers may have taken some meanwhile; none was counted twice.
    assert sum(r.envelopes for r in reports) <= len(expired)
    for envelope, data in envelopes.items():
        gone = envelope in expired
        assert cluster.relay.blobs.exists(envelope) is not gone
        if not gone:
            assert bob.download(envelope).content == data
    with cluster.relay.db.transaction() as tx:
        left = {r[0] for r in tx.all("SELECT id FROM envelopes")}
        rows = tx.all("SELECT envelope_id FROM envelope_recipients")
    assert left == set(envelopes) - set(expired)
    assert {r[0] for r in rows} == left


def test_a_sweep_skips_its_turn_while_another_process_sweeps(cluster: Cluster) -> None:
    other = build_relay(RelayConfig(data_dir=cluster.data_dir,
                                    database_url=cluster.relay.config.database_url))
    try:
        with cluster.relay.db.exclusive("sweeper", wait=False) as mine:
            assert mine
            assert sweep(other).skipped
        assert not sweep(other).skipped
    finally:
        other.db.close()
