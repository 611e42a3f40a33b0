"""`scelle-relay backup` / `restore`: a relay restored into a fresh one works as the first did.

Real `scelle-relay serve` processes on loopback, SQLite and PostgreSQL. The source relay holds
members, one envelope delivered to nobody yet, one upload half sent, and a deposit proof; the
backup is restored into a new data folder (and a new PostgreSQL database); a new server on it
lets bob list and download the envelope, alice finish her upload, and the old proof verify
against the relay key the restored relay signs with. Bad paths: a tampered part, a non-empty
target, an existing backup folder, a request replayed from before the backup.
"""

from __future__ import annotations

import json
import secrets
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from crypto.content_digest import CONTENT_CHUNK, of_bytes
from crypto.delegation import issue
from crypto.identity import PrivateIdentity
from crypto.proofs import parse_proof
from crypto.sealed.codec import canonical_json
from relay import admin
from relay.app import build_relay
from relay.clock import as_datetime
from relay.config import RelayConfig
from relay.db import open_database
from relay.keys import load_or_create_relay_key, load_org_key, rotate_relay_key
from tests.support.groups import GROUP, signed_roster
from tests.support.postgres import PostgresServer
from tests.support.relay_process import (SCELLE_RELAY, SpreadClient, _env, init_relay,
                                         relay_processes)

KiB = 1024


@pytest.fixture(params=["sqlite", "postgres"])
def databases(request: pytest.FixtureRequest) -> Iterator[tuple[str | None, str | None]]:
    """(source, target) database URLs: None for SQLite."""
    if request.param == "sqlite":
        yield None, None
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    names = [server.create_database(), server.create_database()]
    yield server.url(names[0]), server.url(names[1])
    for name in names:
        server.drop_database(name)


def relay_cli(data: Path, database: str | None, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCELLE_RELAY, "--data", str(data), *argv], env=_env(database),
                          capture_output=True, text=True, check=False)


def refused(done: subprocess.CompletedProcess[str], words: str) -> None:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr and words in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def _member(config: RelayConfig, url: str, org: str, name: str, key: Path) -> SpreadClient:
    relay = build_relay(config)
    try:
        now = relay.now()
        identity = PrivateIdentity.generate(name, "avocat", org, hybrid=False,
                                            now=as_datetime(now))
        client = SpreadClient([url], identity, relay.public_key)
        enrolled = client.enrol(admin.invite(relay.db, now, "test", org).code)
        assert enrolled.status_code == 201, enrolled.text
        admin.certify_member(relay.db, now, "test", client.fingerprint, load_org_key(key))
    finally:
        relay.db.close()
    return client


def _populate(config: RelayConfig, url: str, tmp: Path) -> dict:
    relay = build_relay(config)
    keys = {}
    try:
        for org in ("Barreau", "Notaires"):
            keys[org] = tmp / f"{org}.pem"
            admin.create_org(relay.db, relay.now(), "test", org, keys[org])
        admin.link_orgs(relay.db, relay.now(), "test", "Barreau", "Notaires")
    finally:
        relay.db.close()
    alice = _member(config, url, "Barreau", "Alice Martin", keys["Barreau"])
    bob = _member(config, url, "Notaires", "Bob Durand", keys["Notaires"])
    carol = _member(config, url, "Barreau", "Carol Petit", keys["Barreau"])
    dave = _member(config, url, "Barreau", "Dave Leroy", keys["Barreau"])
    relay = build_relay(config)
    try:
        admin.revoke_member(relay.db, relay.now(), "test", dave.fingerprint, "departure")
    finally:
        relay.db.close()
    dave.close()
    start = datetime.now(UTC)
    delegation = issue(alice.identity, bytes.fromhex(carol.fingerprint), {"send"}, start,
                       start + timedelta(days=30), start)
    posted = alice.call("POST", "/v1/delegations", json_body={"delegation":
                                                             delegation.to_json()})
    assert posted.status_code == 201, posted.text
    carol.close()
    roster = signed_roster(load_org_key(keys["Barreau"]), "Barreau", [alice.fingerprint],
                           issued=start - timedelta(minutes=1))
    published = alice.call("PUT", f"/v1/groups/{GROUP}", json_body={"roster": roster})
    assert published.status_code == 200, published.text
    data = secrets.token_bytes(300 * KiB + 7)
    committed = alice.upload([bob.fingerprint], data)
    pending = secrets.token_bytes(CONTENT_CHUNK + 100 * KiB)
    created = alice.create([bob.fingerprint], len(pending))
    half = created.json()["envelope_id"]
    assert alice.put_chunk(half, 0, pending[:CONTENT_CHUNK]).status_code == 200
    replay_path = "/v1/envelopes?box=inbox"
    replay = (replay_path, bob.sign("GET", replay_path))
    assert bob.send("GET", replay_path, replay[1]).status_code == 200
    return {"alice": alice, "bob": bob, "data": data, "committed": committed,
            "pending": pending, "half": half, "replay": replay,
            "delegation": delegation.id_hex, "roster": roster}


def test_backup_then_restore_into_a_fresh_relay(tmp_path: Path,
                                                databases: tuple[str | None, str | None]
                                                ) -> None:
    source_db, target_db = databases
    source, target, backup = tmp_path / "source", tmp_path / "target", tmp_path / "backup"
    init_relay(source, source_db)  # a relay whose key was rotated once: its history follows
    rotate_relay_key(source / "relay-key.pem", source / "relay-key-history.json",
                     int(time.time()), 30)
    with relay_processes(source, source_db, 1) as (server,):
        world = _populate(RelayConfig(data_dir=source, database_url=source_db), server.url,
                          tmp_path)
        made = relay_cli(source, source_db, "backup", "--to", str(backup))  # while serving
        assert made.returncode == 0, made.stderr
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["schema"] >= 3 and "relay-key.pem" in manifest["parts"]
    assert "relay-key-history.json" in manifest["parts"]
    assert (backup / "relay-key.pem").stat().st_mode & 0o077 == 0
    refused(relay_cli(source, source_db, "backup", "--to", str(backup)), "already exists")

    restored = relay_cli(target, target_db, "restore", "--from", str(backup))
    assert restored.returncode == 0, restored.stderr
    refused(relay_cli(target, target_db, "restore", "--from", str(backup)), "already holds")
    status = relay_cli(target, target_db, "--json", "db", "status")
    assert json.loads(status.stdout)["up_to_date"] is True
    # The proof archive came along (relay/evidence.py, schema 9).
    archive = open_database(RelayConfig(data_dir=target, database_url=target_db))
    try:
        with archive.transaction() as tx:
            assert ("deposit",) in tx.all("SELECT kind FROM proof_archive")
            # So did the reason of a revocation (schema 5).
            assert tx.all("SELECT reason FROM member_revocations") == [("departure",)]
    finally:
        archive.close()

    with relay_processes(target, target_db, 1) as (server,):
        alice, bob = world["alice"], world["bob"]
        for client in (alice, bob):
            client.instances = [httpx.Client(base_url=server.url, timeout=60)]  # same Host signed
        envelope = world["committed"]["envelope"]["envelope_id"]
        assert [e["envelope_id"] for e in bob.inbox()] == [envelope]
        assert bob.download(envelope).content == world["data"]
        # The proof from before the backup still verifies, under the key the relay signs with.
        # (Every answer is checked against the key the clients knew before: it is the same.)
        proof = parse_proof(canonical_json(world["committed"]["deposit_proof"]))
        key = load_or_create_relay_key(target / "relay-key.pem")
        assert proof.signer_key == key.public_key().public_bytes_raw()
        assert (target / "relay-key-history.json").read_bytes() == \
            (source / "relay-key-history.json").read_bytes()
        # The half-sent upload resumes where it stopped, and arrives.
        pending, half = world["pending"], world["half"]
        assert alice.put_chunk(half, CONTENT_CHUNK, pending[CONTENT_CHUNK:]).status_code == 200
        done = alice.commit(half, of_bytes(pending).hex())
        assert done.status_code == 200, done.text
        assert bob.download(half).content == pending
        # The delegations came along (relay/delegations.py, schema 7).
        mine = alice.call("GET", "/v1/delegations?list=principal").json()["delegations"]
        assert [d["id"] for d in mine] == [world["delegation"]]
        # The duty rosters came along (relay/groups.py, schema 6).
        [group] = bob.call("GET", "/v1/groups").json()["groups"]
        assert (group["group_id"], group["roster"]) == (GROUP, world["roster"])
        # The nonce cache came along: a request seen before the backup is still a replay.
        path, headers = world["replay"]
        assert bob.send("GET", path, headers).status_code == 401
        alice.close()
        bob.close()


def test_a_tampered_backup_is_refused_and_nothing_is_restored(tmp_path: Path) -> None:
    source, backup = tmp_path / "source", tmp_path / "backup"
    assert relay_cli(source, None, "init").returncode == 0
    relay = build_relay(RelayConfig(data_dir=source))
    admin.create_org(relay.db, relay.now(), "test", "Barreau", tmp_path / "org.pem")
    relay.db.close()
    assert relay_cli(source, None, "backup", "--to", str(backup)).returncode == 0
    part = backup / "db" / "organisations.jsonl"
    part.write_text(part.read_text().replace("Barreau", "Barreaux"))
    target = tmp_path / "target"
    refused(relay_cli(target, None, "restore", "--from", str(backup)), "SHA-256")
    assert not (target / "relay-key.pem").exists()
    (backup / "manifest.json").write_text("{")
    refused(relay_cli(target, None, "restore", "--from", str(backup)), "manifest")
    refused(relay_cli(target, None, "restore", "--from", str(tmp_path / "nowhere")), "manifest")


def test_db_commands(tmp_path: Path) -> None:
    data = tmp_path / "data"
    status = relay_cli(data, None, "db", "status")
    assert status.returncode == 0 and "Schema version 0" in status.stdout
    assert not data.exists()  # status changes nothing
    assert relay_cli(data, None, "db", "init").returncode == 0
    assert (data / "relay-key.pem").exists()
    again = relay_cli(data, None, "db", "migrate")
    assert again.returncode == 0 and "nothing to do" in again.stdout
    refused(relay_cli(data, "mysql://x", "db", "status"), "postgresql://")
