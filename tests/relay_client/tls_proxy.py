"""A TLS relay on loopback (self-signed certificate for 127.0.0.1) and a CONNECT proxy."""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import select
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from relay.app import create_app
from relay.clock import ManualClock
from relay.config import RelayConfig
from tests.support.relay_server import RunningRelay


def self_signed(folder: Path) -> tuple[Path, Path, str]:
    """(certificate file, key file, SHA-256 of the DER certificate)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "relay.test")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(
                ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "relay-cert.pem", folder / "relay-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path, hashlib.sha256(
        cert.public_bytes(serialization.Encoding.DER)).hexdigest()


@contextmanager
def tls_relay(data_dir: Path, cert: Path, key: Path) -> Iterator[RunningRelay]:
    clock = ManualClock()
    app = create_app(RelayConfig(data_dir=data_dir), clock=clock, sweep_in_background=False)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_config=None, access_log=False,
                                           ssl_certfile=str(cert), ssl_keyfile=str(key)))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:  # start-up wait, not a timing assertion
        if not thread.is_alive():
            raise RuntimeError("the TLS relay failed to start")
        time.sleep(0.01)
    try:
        yield RunningRelay(f"https://127.0.0.1:{sock.getsockname()[1]}", app.state.relay,
                           clock, data_dir)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


@dataclass
class ConnectProxy:
    """An HTTP CONNECT proxy on loopback that records where it was asked to go."""

    targets: list[str] = field(default_factory=list)
    port: int = 0

    def serve(self) -> Iterator[ConnectProxy]:
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        self.port = listener.getsockname()[1]
        stop = threading.Event()

        def accept() -> None:
            while not stop.is_set():
                ready, _, _ = select.select([listener], [], [], 0.1)
                if ready:
                    conn, _ = listener.accept()
                    threading.Thread(target=self._tunnel, args=(conn,), daemon=True).start()

        thread = threading.Thread(target=accept, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            stop.set()
            thread.join(timeout=10)
            listener.close()

    def _tunnel(self, client: socket.socket) -> None:
        head = b""
        while b"\r\n\r\n" not in head:
            piece = client.recv(4096)
            if not piece:
                client.close()
                return
            head += piece
        method, target = head.split(b" ", 2)[:2]
        self.targets.append(f"{method.decode()} {target.decode()}")
        if method != b"CONNECT":
            client.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
            client.close()
            return
        host, port = target.decode().rsplit(":", 1)
        upstream = socket.create_connection((host, int(port)))
        client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        sockets = [client, upstream]
        try:
            while True:
                ready, _, _ = select.select(sockets, [], [], 30)
                if not ready:
                    break
                for sock in ready:
                    data = sock.recv(65536)
                    if not data:
                        return
                    (upstream if sock is client else client).sendall(data)
        except OSError:
            pass
        finally:
            client.close()
            upstream.close()
