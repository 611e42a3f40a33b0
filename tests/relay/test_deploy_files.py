"""deploy/relay/: the systemd unit, its settings file and the proxy examples are usable as shipped.

The unit passes `systemd-analyze verify` and keeps its `systemd-analyze security` exposure low;
its command line and settings are ones `scelle-relay` accepts; the relay really runs under the
memory rule the unit sets (MemoryDenyWriteExecute, here the kernel's PR_SET_MDWE, which
systemd uses too); nginx accepts its configuration (`nginx -t`) and, run as shipped in front of
a relay, carries signed requests, a whole 8 MiB chunk and downloads over TLS, refuses a larger
body itself and adds HSTS; both proxies set exactly the headers the relay believes and the
relay's body limit.
"""

from __future__ import annotations

import os
import re
import secrets
import shlex
import ssl
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from crypto.identity import PrivateIdentity
from relay import admin
from relay.app import build_relay
from relay.cli import _parser
from relay.clock import as_datetime
from relay.config import Limits, RelayConfig, read_env_file
from relay.keys import load_org_key
from tests.support.relay_process import (SCELLE_RELAY, SpreadClient, _wait_until_up, free_port,
                                         init_relay, relay_process)

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "relay"
UNIT = DEPLOY / "scelle-relay.service"


def unit_settings(path: Path) -> dict[str, list[str]]:
    """Key -> every value given (systemd allows a key several times)."""
    settings: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";", "[")):
            continue
        key, _, value = line.partition("=")
        settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def env_file(path: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in path.read_text().splitlines()
             if line.strip() and not line.startswith("#"))
    return {key: value for key, value in pairs}


def test_the_unit_is_hardened_as_documented() -> None:
    unit = unit_settings(UNIT)
    expected = {"User": "scelle-relay", "ProtectSystem": "strict", "PrivateTmp": "yes",
                "NoNewPrivileges": "yes", "ProtectHome": "yes", "PrivateDevices": "yes",
                "CapabilityBoundingSet": "", "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX",
                "MemoryDenyWriteExecute": "yes", "Restart": "on-failure", "UMask": "0077",
                "LimitCORE": "0", "ReadWritePaths": "/var/lib/scelle-relay",
                "StateDirectory": "scelle-relay", "StateDirectoryMode": "0700"}
    for key, value in expected.items():
        assert unit.get(key) == [value], key
    assert "@system-service" in unit["SystemCallFilter"]
    sysusers = (DEPLOY / "scelle-relay.sysusers.conf").read_text()
    assert re.search(r"^u scelle-relay ", sysusers, re.MULTILINE)


def test_the_command_line_and_settings_are_accepted_by_the_relay() -> None:
    settings = env_file(DEPLOY / "scelle-relay.env")
    assert set(settings) <= {"SCELLE_RELAY_DATA", "SCELLE_RELAY_DATABASE",
                             "SCELLE_RELAY_OPTIONS"}
    assert settings["SCELLE_RELAY_DATA"] == "/var/lib/scelle-relay"  # the unit's state folder
    assert read_env_file(DEPLOY / "scelle-relay.env") == settings  # what --env-file reads
    command = shlex.split(unit_settings(UNIT)["ExecStart"][0])
    assert command[0] == "/opt/scelle-relay/bin/scelle-relay"
    argv = [a for a in command[1:] if a != "$SCELLE_RELAY_OPTIONS"]
    args = _parser().parse_args(argv + shlex.split(settings["SCELLE_RELAY_OPTIONS"]))
    assert (args.host, args.port, args.trusted_proxy) == ("127.0.0.1", 8080, ["127.0.0.1"])


def test_systemd_analyze_verifies_the_unit_and_rates_it(tmp_path: Path) -> None:
    # verify checks that the command exists: point it at this checkout's scelle-relay.
    copy = tmp_path / "scelle-relay.service"
    copy.write_text(UNIT.read_text().replace("/opt/scelle-relay/bin/scelle-relay", SCELLE_RELAY))
    verified = subprocess.run(["systemd-analyze", "verify", str(copy)], capture_output=True,
                              text=True, check=False)
    assert verified.returncode == 0 and not verified.stderr.strip(), verified.stderr
    rated = subprocess.run(["systemd-analyze", "security", "--offline=true", str(copy)],
                           capture_output=True, text=True, check=False)
    level = re.search(r"Overall exposure level for .*: ([0-9.]+)", rated.stdout)
    assert level and float(level.group(1)) <= 2.0, rated.stdout[-500:]


def test_sysusers_and_tmpfiles_make_the_data_folder_before_the_first_db_init(
        tmp_path: Path) -> None:
    """The documented order (sysusers, tmpfiles, `db init`, then the service) needs the data
    folder to exist, owned by the service user, before the service ever starts."""
    if os.geteuid() != 0:
        pytest.skip("systemd-tmpfiles sets the owner: needs root")
    (tmp_path / "etc").mkdir()
    for tool, name in (("systemd-sysusers", "scelle-relay.sysusers.conf"),
                       ("systemd-tmpfiles", "scelle-relay.tmpfiles.conf")):
        done = subprocess.run([tool, *(["--create"] if tool == "systemd-tmpfiles" else []),
                               f"--root={tmp_path}", str(DEPLOY / name)],
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
    passwd = (tmp_path / "etc" / "passwd").read_text(encoding="utf-8")
    user = re.search(r"^scelle-relay:x:(\d+):(\d+):", passwd, re.MULTILINE)
    assert user
    unit = unit_settings(UNIT)
    folder = unit["ReadWritePaths"][0]
    assert folder == "/var/lib/" + unit["StateDirectory"][0]
    made = (tmp_path / folder.lstrip("/")).stat()
    assert oct(made.st_mode & 0o777) == "0o" + unit["StateDirectoryMode"][0].lstrip("0")
    assert (made.st_uid, made.st_gid) == (int(user.group(1)), int(user.group(2)))


MDWE_THEN_EXEC = """
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
if libc.prctl(65, 1, 0, 0, 0) != 0:  # PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN; kept across exec
    sys.exit("PR_SET_MDWE refused: errno %d" % ctypes.get_errno())
os.execv(sys.argv[1], sys.argv[1:])
"""


def test_the_relay_works_with_memory_deny_write_execute(tmp_path: Path) -> None:
    data, port = tmp_path / "data", free_port()
    init_relay(data, None)
    log = tmp_path / "relay.log"
    with open(log, "wb") as sink:
        process = subprocess.Popen([sys.executable, "-c", MDWE_THEN_EXEC, SCELLE_RELAY, "serve",
                                    "--data", str(data), "--port", str(port)],
                                   stdout=sink, stderr=sink)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, log)
        # The wrapper exits if the kernel refuses the rule, so the relay serving runs under it.
        assert "scelle-relay" in Path(f"/proc/{process.pid}/cmdline").read_text()
        _enrol_send_and_receive(data, url, tmp_path)
    finally:
        process.terminate()
        process.wait(timeout=30)


def _enrol_send_and_receive(data: Path, url: str, tmp_path: Path) -> None:
    alice, bob = _members(data, url, tmp_path)
    payload = secrets.token_bytes(100_000)
    envelope = alice.upload([bob.fingerprint], payload)["envelope"]["envelope_id"]
    assert bob.download(envelope).content == payload  # every answer's signature checked
    alice.close()
    bob.close()


def _members(data: Path, url: str, tmp_path: Path, ca: Path | None = None
             ) -> list[SpreadClient]:
    """alice and bob, enrolled through `url` and certified (organisation Barreau)."""
    relay = build_relay(RelayConfig(data_dir=data))
    try:
        key = tmp_path / "org.pem"
        admin.create_org(relay.db, relay.now(), "test", "Barreau", key)
        clients = []
        for name in ("Alice Martin", "Bob Durand"):
            identity = PrivateIdentity.generate(name, "avocat", "Barreau", hybrid=False,
                                                now=as_datetime(relay.now()))
            client = SpreadClient([url], identity, relay.public_key)
            if ca is not None:  # HTTPS through the proxy, its throwaway certificate trusted
                client.instances = [httpx.Client(base_url=url, timeout=60, verify=_trusting(ca))]
            code = admin.invite(relay.db, relay.now(), "test", "Barreau").code
            assert client.enrol(code).status_code == 201
            admin.certify_member(relay.db, relay.now(), "test", client.fingerprint,
                                 load_org_key(key))
            clients.append(client)
    finally:
        relay.db.close()
    return clients


def _nginx_prefix(tmp_path: Path, tls_port: int, relay_port: int = 8080) -> Path:
    """nginx.conf as shipped, inside a minimal main configuration, with a throwaway cert for
    127.0.0.1 and loopback ports."""
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-days", "1", "-subj", "/CN=relay",
                    "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(tmp_path / "privkey.pem"),
                    "-out", str(tmp_path / "fullchain.pem")], check=True, capture_output=True)
    site = (DEPLOY / "nginx.conf").read_text().replace("/etc/ssl/scelle-relay", str(tmp_path))
    site = site.replace("listen 80;", f"listen 127.0.0.1:{free_port()};").replace(
        "listen 443 ssl;", f"listen 127.0.0.1:{tls_port} ssl;").replace(
        "127.0.0.1:8080", f"127.0.0.1:{relay_port}")
    site = "\n".join(line for line in site.splitlines() if "[::]" not in line)
    (tmp_path / "site.conf").write_text(site)
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers read nothing but the socket
    (tmp_path / "nginx.conf").write_text(
        f"{user}daemon off;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        f"events {{}}\nhttp {{ access_log off; client_body_temp_path {tmp_path}/body; "
        f"proxy_temp_path {tmp_path}/proxy; include {tmp_path}/site.conf; }}\n")
    return tmp_path / "nginx.conf"


def test_the_relay_works_behind_the_shipped_nginx(tmp_path: Path) -> None:
    """Signatures survive the proxy (Host unchanged), a whole 8 MiB chunk passes, a larger
    body is refused by nginx before the relay, and answers carry HSTS."""
    tls_port, data = free_port(), tmp_path / "data"
    init_relay(data, None)
    with relay_process(data, None, "--trusted-proxy", "127.0.0.1",
                       log=tmp_path / "relay.log") as relay:
        relay_port = int(relay.url.rsplit(":", 1)[1])
        conf = _nginx_prefix(tmp_path, tls_port, relay_port)
        nginx = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(tmp_path)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"https://127.0.0.1:{tls_port}"
        try:
            _wait_for_tls(url, tmp_path / "fullchain.pem", nginx)
            alice, bob = _members(data, url, tmp_path, tmp_path / "fullchain.pem")
            payload = secrets.token_bytes(Limits().max_chunk_size)
            envelope = alice.upload([bob.fingerprint], payload)["envelope"]["envelope_id"]
            got = bob.download(envelope)
            assert got.content == payload
            assert got.headers["strict-transport-security"].startswith("max-age=")
            too_big = alice.instances[0].put(f"/v1/envelopes/{envelope}/chunks/0",
                                              content=b"x" * (9 * 1024 * 1024 + 1))
            assert too_big.status_code == 413 and "signature" not in too_big.headers
            for client in (alice, bob):
                client.close()
        finally:
            nginx.terminate()
            nginx.wait(timeout=30)


def _trusting(ca: Path) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(ca))


def _wait_for_tls(url: str, ca: Path, nginx: subprocess.Popen[bytes]) -> None:
    for _ in range(600):  # a start-up wait, not a timing assertion
        assert nginx.poll() is None, "nginx exited"
        try:
            httpx.get(url + "/v1/relay", verify=_trusting(ca), timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("nginx did not start")


def test_nginx_accepts_the_example(tmp_path: Path) -> None:
    conf = _nginx_prefix(tmp_path, free_port())
    checked = subprocess.run(["nginx", "-t", "-c", str(conf), "-p", str(tmp_path)],
                             capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr


@pytest.mark.parametrize("name", ["nginx.conf", "Caddyfile"])
def test_the_proxies_set_only_the_trusted_headers_and_the_body_limit(name: str) -> None:
    text = (DEPLOY / name).read_text()
    if name == "nginx.conf":
        headers = set(re.findall(r"proxy_set_header\s+(\S+)", text))
        assert headers == {"Host", "X-Forwarded-For", "X-Forwarded-Proto", "Connection"}
        limit = int(re.search(r"client_max_body_size\s+(\d+)m;", text).group(1)) * 1024 * 1024
    else:
        headers = set(re.findall(r"header_up\s+(\S+)", text))
        assert headers == {"X-Forwarded-For", "X-Forwarded-Proto"}
        limit = int(re.search(r"max_size\s+(\d+)MiB", text).group(1)) * 1024 * 1024
    chunk = Limits().max_chunk_size
    assert chunk < limit <= chunk + 1024 * 1024  # a chunk and its headers, no more
    assert "Strict-Transport-Security" in text
    assert "127.0.0.1:8080" in text
