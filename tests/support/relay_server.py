"""The real relay on loopback for tests, and a signing client that talks to it over HTTP.

    with running_relay(tmp_path / "relay", database_url=None) as server:   # SQLite
        org = server.create_org("Barreau")                # org + its key (admin side)
        alice = server.member(org, "Alice")               # enrolled over HTTP, then certified
        alice.upload([bob.fingerprint], data)             # signed requests, verified responses

`running_relay` starts uvicorn for real, in a thread of this process, on 127.0.0.1 with a port
chosen by the kernel; the app gets a `ManualClock` (`server.clock.advance(…)`) and runs no
background sweeper (`server.sweep()` runs one pass): tests never wait for time to pass.

`RelayClient` is also a worked example for the desktop client: `crypto.httpsig.RequestSigner` on
every request, `crypto.httpsig.ResponseVerifier` on every response, chunked resumable upload.
"""

from __future__ import annotations

import base64
import functools
import json
import secrets
import socket
import ssl
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from crypto import content_digest
from crypto.httpsig import RequestSigner, ResponseVerifier
from crypto.identity import PrivateIdentity
from relay import admin
from relay.app import create_app
from relay.clock import ManualClock, as_datetime
from relay.config import Limits, RelayConfig
from relay.context import Relay
from relay.forwarded import UVICORN_OPTIONS
from relay.keys import load_org_key
from relay.sweeper import SweepReport, sweep

MiB = 1024 * 1024
CHUNK = content_digest.CONTENT_CHUNK  # the protocol fixes it


@dataclass
class Org:
    name: str
    key_path: Path

    @property
    def key(self):  # noqa: ANN201
        return load_org_key(self.key_path)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    return ssl.create_default_context()


class RelayClient:
    """A member's signing HTTP client. Every response's relay signature is checked."""

    def __init__(self, base_url: str, identity: PrivateIdentity, clock: ManualClock,
                 relay_key: bytes) -> None:
        self.base_url = base_url
        self.identity = identity
        self.clock = clock
        self.signer = RequestSigner(identity.signing_key, identity.card.fingerprint_hex)
        self.verifier = ResponseVerifier(relay_key, now=clock.now)
        # Plain HTTP on loopback; one shared TLS context spares loading the CA bundle each time.
        self.http = httpx.Client(base_url=base_url, timeout=60, verify=_tls_context())

    @property
    def fingerprint(self) -> str:
        return self.identity.card.fingerprint_hex

    def close(self) -> None:
        self.http.close()

    # --- signing and sending ---

    def sign(self, method: str, path: str, body: bytes = b"",
             headers: Sequence[tuple[str, str]] = (), *, created: int | None = None,
             nonce: str | None = None, body_sha256: bytes | None = None) -> list[tuple[str, str]]:
        host = httpx.URL(self.base_url).netloc.decode("ascii")
        base = [("Host", host), *headers]
        kwargs: dict[str, Any] = ({"body_sha256": body_sha256} if body_sha256 is not None
                                  else {"body": body})
        return self.signer.sign(method, self.base_url + path, base,
                                created=int(self.clock.now()) if created is None else created,
                                nonce=nonce, **kwargs)

    def send(self, method: str, path: str, headers: Sequence[tuple[str, str]],
             body: bytes = b"") -> httpx.Response:
        """Send as given: no signing, no checking (for tampering tests)."""
        return self.http.request(method, path, headers=list(headers), content=body)

    def call(self, method: str, path: str, *, json_body: Any = None, body: bytes | None = None,
             headers: Sequence[tuple[str, str]] = (), stream_check: Sequence[str] = ()
             ) -> httpx.Response:
        """Sign, send, verify the response signature (and body digest unless streamed)."""
        content = body if body is not None else (
            json.dumps(json_body).encode() if json_body is not None else b"")
        extra = list(headers)
        if json_body is not None:
            extra.append(("Content-Type", "application/json"))
        signed = self.sign(method, path, content, extra)
        response = self.send(method, path, signed, content)
        self.check(response, signed, streamed=stream_check)
        return response

    def check(self, response: httpx.Response, signed: Sequence[tuple[str, str]],
              streamed: Sequence[str] = ()) -> None:
        use_digest = not streamed or response.status_code >= 300
        self.verifier.verify(response.status_code, response.headers.multi_items(),
                             request_method=response.request.method,
                             request_url=str(response.request.url), request_headers=signed,
                             body=response.content if use_digest else None,
                             required_headers=() if use_digest else streamed)

    # --- API ---

    def enrol(self, code: str) -> httpx.Response:
        return self.call("POST", "/v1/enrol", json_body={
            "invitation": code, "card": json.loads(self.identity.card.to_bytes())})

    def directory(self, fingerprint: str | None = None) -> list[dict[str, Any]]:
        path = "/v1/directory" + (f"?fingerprint={fingerprint}" if fingerprint else "")
        response = self.call("GET", path)
        assert response.status_code == 200, response.text
        return response.json()["cards"]

    def create(self, recipients: list[str], size: int, days: int = 7) -> httpx.Response:
        return self.call("POST", "/v1/envelopes", json_body={
            "recipients": recipients, "size": size, "availability_days": days})

    def put_chunk(self, envelope_id: str, offset: int, data: bytes) -> httpx.Response:
        return self.call("PUT", f"/v1/envelopes/{envelope_id}/chunks/{offset}", body=data,
                         headers=[("Content-Type", "application/octet-stream")])

    def commit(self, envelope_id: str, digest: str) -> httpx.Response:
        """`digest`: the content digest (crypto/content_digest.py), hex."""
        return self.call("POST", f"/v1/envelopes/{envelope_id}/commit",
                         json_body={"content_digest": digest})

    def upload(self, recipients: list[str], data: bytes, days: int = 7) -> dict[str, Any]:
        """Create, send every chunk, commit; return the commit answer (envelope + proof)."""
        created = self.create(recipients, len(data), days)
        assert created.status_code == 201, created.text
        envelope_id = created.json()["envelope_id"]
        for offset in range(0, len(data), CHUNK):
            sent = self.put_chunk(envelope_id, offset, data[offset:offset + CHUNK])
            assert sent.status_code == 200, sent.text
        done = self.commit(envelope_id, content_digest.of_bytes(data).hex())
        assert done.status_code == 200, done.text
        return done.json()

    def download(self, envelope_id: str, start: int | None = None) -> httpx.Response:
        headers = [("Range", f"bytes={start}-")] if start is not None else []
        covered = ["scelle-content-digest", "scelle-envelope-size"]
        if start is not None:
            covered.append("content-range")
        return self.call("GET", f"/v1/envelopes/{envelope_id}/content", headers=headers,
                         stream_check=covered)

    def inbox(self, box: str = "inbox") -> list[dict[str, Any]]:
        response = self.call("GET", f"/v1/envelopes?box={box}")
        assert response.status_code == 200, response.text
        return response.json()["envelopes"]

    def proofs(self, envelope_id: str) -> httpx.Response:
        return self.call("GET", f"/v1/envelopes/{envelope_id}/proofs")

    def post_receipt(self, envelope_id: str, proof: dict[str, Any]) -> httpx.Response:
        return self.call("POST", f"/v1/envelopes/{envelope_id}/receipts",
                         json_body={"receipt": proof})


@dataclass
class RunningRelay:
    base_url: str
    relay: Relay
    clock: ManualClock
    data_dir: Path
    clients: list[RelayClient] = field(default_factory=list)

    @property
    def relay_key(self) -> bytes:
        return self.relay.public_key

    def now(self) -> int:
        return int(self.clock.now())

    def sweep(self) -> SweepReport:
        return sweep(self.relay)

    def create_org(self, name: str) -> Org:
        key_path = self.data_dir.parent / f"org-key-{secrets.token_hex(4)}.pem"
        admin.create_org(self.relay.db, self.now(), "test", name, key_path)
        return Org(name, key_path)

    def invite(self, org: Org, role: str = "member", hours: int = 72) -> str:
        return admin.invite(self.relay.db, self.now(), "test", org.name, role, hours).code

    def certify(self, fingerprint: str, org: Org) -> None:
        admin.certify_member(self.relay.db, self.now(), "test", fingerprint, org.key)

    def revoke(self, fingerprint: str) -> None:
        admin.revoke_member(self.relay.db, self.now(), "test", fingerprint)

    def link(self, a: Org, b: Org, linked: bool = True) -> None:
        admin.link_orgs(self.relay.db, self.now(), "test", a.name, b.name, linked=linked)

    def client(self, identity: PrivateIdentity) -> RelayClient:
        client = RelayClient(self.base_url, identity, self.clock, self.relay_key)
        self.clients.append(client)
        return client

    def member(self, org: Org, name: str, *, certified: bool = True) -> RelayClient:
        """A new identity, enrolled with a fresh invitation over HTTP, then certified."""
        identity = PrivateIdentity.generate(name, "avocat", org.name, hybrid=False,
                                            now=as_datetime(self.now()))
        client = self.client(identity)
        response = client.enrol(self.invite(org))
        assert response.status_code == 201, response.text
        if certified:
            self.certify(client.fingerprint, org)
        return client


def _free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextmanager
def running_relay(data_dir: Path, *, database_url: str | None = None,
                  clock: ManualClock | None = None, limits: Limits | None = None,
                  trusted_proxies: tuple[str, ...] = (), **settings: Any
                  ) -> Iterator[RunningRelay]:
    """`settings`: further RelayConfig fields (timestamp_authority, proof_retention_days…)."""
    clock = clock or ManualClock()
    config = RelayConfig(data_dir=data_dir, database_url=database_url,
                         limits=limits or Limits(), trusted_proxies=trusted_proxies, **settings)
    app = create_app(config, clock=clock, sweep_in_background=False)
    sock = _free_socket()
    # The server options `scelle-relay serve` uses (proxy headers off in uvicorn itself).
    server = uvicorn.Server(uvicorn.Config(app, lifespan="on", timeout_graceful_shutdown=5,
                                           **UVICORN_OPTIONS))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:  # start-up wait, not a timing assertion
        if not thread.is_alive():
            raise RuntimeError("the relay server failed to start")
        time.sleep(0.01)
    port = sock.getsockname()[1]
    running = RunningRelay(f"http://127.0.0.1:{port}", app.state.relay, clock, data_dir)
    try:
        yield running
    finally:
        for client in running.clients:
            client.close()
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
