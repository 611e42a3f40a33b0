"""A real RFC 3161 time-stamping authority on loopback for tests: OpenSSL's `ts -reply` behind a
tiny HTTP server, with a certificate authority made by `openssl` in the test's folder.

    pki = TestPki(tmp_path / "pki")              # root CA + a TSA certificate (timeStamping EKU)
    with running_tsa(pki) as tsa:                # http://127.0.0.1:PORT/
        post tsa.url ...                         # application/timestamp-query → -reply
        tsa.down = True                          # answers 503 until set back

`TestPki(expired=True)` signs the TSA certificate for 2020-2021, so every token it makes is
dated after its certificate ended. Two `TestPki` in two folders are two unrelated authorities.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

_CA_CONF = """
[ ca ]
default_ca = CA_default
[ CA_default ]
dir = {dir}
database = {dir}/index.txt
new_certs_dir = {dir}/newcerts
serial = {dir}/serial
default_md = sha256
policy = policy_any
unique_subject = no
email_in_dn = no
[ policy_any ]
commonName = supplied
organizationName = optional
[ tsa_ext ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = critical,timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ req ]
distinguished_name = dn
[ dn ]
[ root_ext ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
serial = {dir}/tsaserial
crypto_device = builtin
signer_cert = {dir}/tsa.pem
signer_key = {dir}/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


class TestPki:
    """A root CA and a TSA certificate it issued, all made by `openssl` in `folder`."""

    __test__ = False  # not a pytest class

    def __init__(self, folder: Path, *, name: str = "Test TSA", expired: bool = False) -> None:
        self.folder = folder
        folder.mkdir(parents=True)
        (folder / "newcerts").mkdir()
        (folder / "index.txt").write_text("")
        (folder / "serial").write_text("01\n")
        (folder / "tsaserial").write_text("01\n")
        self.config = folder / "openssl.cnf"
        self.config.write_text(_CA_CONF.format(dir=folder))
        ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes")
        _openssl("req", "-config", str(self.config), "-x509", *ec, "-keyout", "ca.key",
                 "-out", "ca.pem", "-subj", f"/CN={name} Root", "-days", "3650",
                 "-extensions", "root_ext", cwd=folder)
        _openssl("req", "-config", str(self.config), "-new", *ec, "-keyout", "tsa.key",
                 "-out", "tsa.csr", "-subj", f"/CN={name}", cwd=folder)
        dates = (("-startdate", "20200101000000Z", "-enddate", "20210101000000Z") if expired
                 else ("-days", "365"))
        _openssl("ca", "-config", str(self.config), "-batch", "-notext", "-cert", "ca.pem",
                 "-keyfile", "ca.key", "-in", "tsa.csr", "-out", "tsa.pem",
                 "-extensions", "tsa_ext", *dates, cwd=folder)

    @property
    def root_pem(self) -> bytes:
        return (self.folder / "ca.pem").read_bytes()

    @property
    def root_path(self) -> Path:
        return self.folder / "ca.pem"

    def reply(self, query: bytes) -> bytes:
        """`openssl ts -reply` for one DER query; the DER response. The token carries the
        signer's certificate alone: OpenSSL does not sort a longer certificate SET as DER
        requires, and the verifier holds the root anyway."""
        done = subprocess.run(
            ["openssl", "ts", "-reply", "-config", str(self.config), "-queryfile", "/dev/stdin",
             "-out", "/dev/stdout"],
            input=query, capture_output=True, check=True, cwd=self.folder)
        return done.stdout


@dataclass
class RunningTsa:
    url: str
    pki: TestPki
    down: bool = False
    requests: int = 0


@contextmanager
def running_tsa(pki: TestPki) -> Iterator[RunningTsa]:
    state = RunningTsa("", pki)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            state.requests += 1
            if state.down or self.headers.get("Content-Type") != "application/timestamp-query":
                self.send_response(503 if state.down else 415)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            answer = pki.reply(body)
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
