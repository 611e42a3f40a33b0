"""bench/relay_soak.py's relay side: the `scelle-relay serve` process, a private PostgreSQL, the
members it enrols (two linked organisations) and the once-a-second sampling of the relay
process (resident memory and open file descriptors). Imported by path: bench/ is not a package.

The relay runs exactly as an operator starts it (`scelle-relay serve`, its default limits, its
JSON request log on stderr, kept in the work folder for the error count). Members join the way
the desktop client does (app/relay_client/join.py), through its own transport: the relay's key
is read from `GET /v1/relay` and compared with the key id the administrator announced, the card
is enrolled with a one-time invitation (`POST /v1/enrol`, signed by the card), the admin
certifies it, and `GET /v1/me` must then say `certified`.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from app.relay_client.http import RelayTransport, Signed
from crypto.httpsig import relay_key_id
from crypto.identity import PrivateIdentity
from relay import admin
from relay.app import build_relay
from relay.config import RelayConfig
from relay.keys import load_org_key

RELAY = Path(sys.executable).with_name("scelle-relay")
ORGS = ("Barreau Soak", "Notaires Soak")  # linked: every member may write to every other
START_SECONDS = 180  # a loaded two-core machine can take long to import and start the relay
ENROL_BURST = 25  # below the relay's per-address burst (30) for unsigned requests and enrolment


class SoakError(RuntimeError):
    """The run could not be carried out (the relay or the database did not start...)."""


@dataclass(frozen=True)
class Member:
    identity: PrivateIdentity
    organisation: str

    @property
    def fingerprint(self) -> str:
        return self.identity.card.fingerprint_hex


@dataclass
class RelayProcess:
    url: str
    key: bytes
    proc: subprocess.Popen[bytes]
    log_path: Path
    config: RelayConfig

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def key_id(self) -> str:
        return relay_key_id(self.key)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_health(url: str, proc: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log_path.read_text(errors="replace")[-1500:]
            raise SoakError(f"the relay exited with status {proc.returncode}: {tail}")
        try:
            if httpx.get(url + "/v1/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise SoakError(f"the relay did not answer /v1/health within {START_SECONDS} s")


@contextmanager
def relay_process(data: Path, database_url: str | None, max_size: int) -> Iterator[RelayProcess]:
    """`scelle-relay serve` on 127.0.0.1 (free port), its log in `data`/../relay.log."""
    config = RelayConfig(data_dir=data, database_url=database_url)
    prepared = build_relay(config)  # key and schema before the server starts
    key = prepared.public_key
    prepared.db.close()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ)
    if database_url:
        env["SCELLE_RELAY_DATABASE"] = database_url  # out of `ps`, as docs/relay.md advises
    log_path = data.parent / f"relay-{port}.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [str(RELAY), "serve", "--data", str(data), "--port", str(port), "--log-level",
             "info", "--max-envelope-size", str(max(max_size, 1 << 20))],
            stdout=log, stderr=log, stdin=subprocess.DEVNULL, env=env)
    try:
        _wait_health(url, proc, log_path)
        yield RelayProcess(url, key, proc, log_path, config)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def enrol_members(server: RelayProcess, count: int, workdir: Path) -> list[Member]:
    """`count` members alternately in the two linked organisations, enrolled over HTTP by the
    client's transport and certified by the admin; returns them in enrolment order."""
    relay = build_relay(server.config)  # the admin side, on the running relay's storage
    try:
        keys = {}
        for name in ORGS:
            keys[name] = workdir / f"org-{len(keys)}.pem"
            admin.create_org(relay.db, relay.now(), "soak", name, keys[name])
        admin.link_orgs(relay.db, relay.now(), "soak", ORGS[0], ORGS[1], linked=True)
        members = []
        for index in range(count):
            if index >= ENROL_BURST:
                time.sleep(1.05)  # the per-address rate (1/s) once the burst is spent
            org = ORGS[index % 2]
            identity = PrivateIdentity.generate(f"Soak member {index}", "avocat", org,
                                                hybrid=False)
            _enrol(server, identity, admin.invite(relay.db, relay.now(), "soak", org).code,
                   first=index == 0)
            admin.certify_member(relay.db, relay.now(), "soak", identity.card.fingerprint_hex,
                                 load_org_key(keys[org]))
            _check_certified(server, identity)
            members.append(Member(identity, org))
        return members
    finally:
        relay.db.close()


def _enrol(server: RelayProcess, identity: PrivateIdentity, code: str, *, first: bool) -> None:
    # join.py's first two steps. Only the first member reads GET /v1/relay (and checks the
    # announced key id): it is unsigned and rate-limited per address, and every member here
    # comes from the same address; the others start from the key it pinned.
    with RelayTransport(server.url, relay_key=None if first else server.key,
                        identity=identity) as transport:
        if first:
            transport.relay_info(server.key_id)
            transport.relay_key = server.key
        transport.call("POST", "/v1/enrol", json_body={
            "invitation": code, "card": json.loads(identity.card.to_bytes())})


def _check_certified(server: RelayProcess, identity: PrivateIdentity) -> None:
    with RelayTransport(server.url, relay_key=server.key, identity=identity) as transport:
        answer = transport.call("GET", "/v1/me")
    if not isinstance(answer, dict) or answer.get("status") != "certified":
        raise SoakError("a member is not certified after the admin certified it")


# -- the members' transport -----------------------------------------------------------------------

class Pacer:
    """A token bucket, so that a member never meets the relay's own rate limit."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate, self.burst, self.tokens, self.at = rate, burst, float(burst), time.monotonic()

    def wait(self) -> None:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens < 1:
            time.sleep((1 - self.tokens) / self.rate)
            self.at, self.tokens = time.monotonic(), 1.0
        self.tokens -= 1


class PacedTransport(RelayTransport):
    """The client's transport; every request (each attempt, each chunk) waits for the pacer."""

    def __init__(self, plan: Any, identity: PrivateIdentity) -> None:
        super().__init__(plan.url, relay_key=plan.relay_key, identity=identity)
        self.pacer = Pacer(plan.rate, plan.burst)

    def sign(self, *args: Any, **kwargs: Any) -> Signed:
        self.pacer.wait()
        return super().sign(*args, **kwargs)


# -- sampling -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ProcessSample:
    t: float  # seconds since sampling began
    rss: int  # bytes (VmRSS)
    hwm: int  # bytes (VmHWM: peak so far)
    fds: int  # open file descriptors
    threads: int
    anon: int  # bytes of RSS that are the process's own memory (RssAnon; the rest is mapped
    #            files and shared memory, e.g. SQLite's WAL index)


def sample_process(pid: int, t: float) -> ProcessSample:
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM", "Threads", "RssAnon"):
            values[name] = int(rest.split()[0])
    return ProcessSample(t, values["VmRSS"] * 1024, values["VmHWM"] * 1024,
                         len(os.listdir(f"/proc/{pid}/fd")), values["Threads"],
                         values["RssAnon"] * 1024)


@dataclass
class Sampler:
    """Samples a process every `interval` seconds on a thread of this process."""

    pid: int
    interval: float = 1.0
    samples: list[ProcessSample] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._began = time.monotonic()
        self._thread = threading.Thread(target=self._run, name="soak-sampler", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        next_at = self._began
        while not self._stop.is_set():
            try:
                self.samples.append(sample_process(self.pid, time.monotonic() - self._began))
            except (OSError, KeyError):
                return  # the process is gone
            next_at += self.interval
            self._stop.wait(max(0.0, next_at - time.monotonic()))

    def now(self) -> float:
        return time.monotonic() - self._began

    def stop(self) -> list[ProcessSample]:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        return self.samples


# -- PostgreSQL ---------------------------------------------------------------------------------

@contextmanager
def private_postgres() -> Iterator[str]:
    """A private PostgreSQL cluster (tests/support/postgres.py's), but durable as deployed:
    fsync, synchronous commit and full-page writes on (the test fixture turns them off for
    speed). Yields the URL of a fresh database; everything is removed afterwards."""
    from tests.support.postgres import PG_BIN, PostgresServer, _free_port

    class DurablePostgres(PostgresServer):
        def start(self) -> None:
            if not (PG_BIN / "initdb").exists():
                raise SoakError(f"PostgreSQL is not installed in {PG_BIN}")
            if os.geteuid() == 0:
                import pwd
                user = pwd.getpwnam("postgres")
                os.chown(self.base, user.pw_uid, user.pw_gid)
            self._run([str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres",
                       "--auth=trust", "-E", "UTF8", "--no-instructions"])
            options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.base} "
                       "-c max_connections=200")
            self._run([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options,
                       "-l", str(self.base / "server.log"), "-w", "-t", "60", "start"])

    server = DurablePostgres(Path(tempfile.mkdtemp(prefix="scelle-soak-pg-")), _free_port())
    try:
        server.start()
    except BaseException:
        shutil.rmtree(server.base, ignore_errors=True)
        raise
    try:
        yield server.url(server.create_database())
    finally:
        server.stop()
