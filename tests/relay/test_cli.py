"""`scelle-relay`: admin commands (in process), and `serve` as a real subprocess."""

from __future__ import annotations

import base64
import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from crypto.identity import PrivateIdentity
from relay.cli import main
from relay.clock import ManualClock, as_datetime
from tests.relay.test_auth import code
from tests.support.relay_server import RelayClient, running_relay

REPO = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str):  # noqa: ANN201
    status, out, err = run(capsys, *argv, "--json")
    assert status == 0, err
    return json.loads(out)


@pytest.fixture
def data(capsys: pytest.CaptureFixture[str], tmp_path: Path, backend: str | None) -> list[str]:
    """The storage options for every command: a data folder, and PostgreSQL when testing it;
    the relay is created first (`db init`), as the admin commands never create one."""
    options = ["--data", str(tmp_path / "relay"), *(["--database", backend] if backend else [])]
    status, _, err = run(capsys, *options, "db", "init")
    assert status == 0, err
    return options


def test_admin_workflow(capsys, tmp_path: Path, data: list[str], backend: str | None) -> None:
    key_file = tmp_path / "barreau.pem"
    status, out, _ = run(capsys, *data, "org", "create", "Barreau", "--admin-key", key_file)
    assert status == 0 and "Invitation code (admin of Barreau)" in out
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "relay" / "relay-key.pem").stat().st_mode) == 0o600
    run_json(capsys, "org", "create", "Notaires", "--admin-key", tmp_path / "n.pem", *data)
    assert run(capsys, *data, "org", "link", "Barreau", "Notaires")[1].strip() == "Linked."
    assert run(capsys, *data, "org", "link", "Notaires", "Barreau")[1].strip() == \
        "Nothing to change."
    links = run_json(capsys, *data, "org", "links")
    assert [(x["first"], x["second"]) for x in links] == [("Barreau", "Notaires")]
    code_text = run_json(capsys, *data, "invite", "Barreau")["code"]

    clock = ManualClock()
    with running_relay(tmp_path / "relay", database_url=backend, clock=clock) as server:
        identity = PrivateIdentity.generate("Alice Martin", hybrid=False,
                                            now=as_datetime(server.now()))
        alice = server.client(identity)
        assert alice.enrol(code_text).status_code == 201
        members = run_json(capsys, *data, "member", "list", "--org", "Barreau")
        assert [(m["fingerprint"], m["status"]) for m in members] == \
            [(alice.fingerprint, "pending")]
        certified = run_json(capsys, *data, "member", "certify", alice.fingerprint,
                             "--org-key", key_file)
        assert certified["status"] == "certified"
        assert alice.call("GET", "/v1/directory").status_code == 200
        assert run_json(capsys, *data, "member", "revoke", alice.fingerprint)["status"] == \
            "revoked"
        assert code(alice.call("GET", "/v1/directory")) == "member_revoked"
    actions = [e["action"] for e in run_json(capsys, *data, "audit")]
    assert actions.count("org.created") == 2
    for action in ("org.linked", "invitation.created", "member.enrolled", "member.certified",
                   "member.revoked"):
        assert action in actions
    assert run(capsys, *data, "org", "unlink", "Barreau", "Notaires")[1].strip() == "Unlinked."
    assert run_json(capsys, *data, "sweep") == {"envelopes": 0, "nonces": 0, "orphans": 0}


def test_admin_errors_are_one_line_and_non_zero(capsys, tmp_path: Path, data: list[str]) -> None:
    key_file = tmp_path / "org.pem"
    assert run(capsys, *data, "org", "create", "Barreau", "--admin-key", key_file)[0] == 0
    cases = [
        (["invite", "Nobody"], "no organisation named"),
        (["org", "create", "Barreau", "--admin-key", tmp_path / "x.pem"], "already exists"),
        (["org", "create", "Other", "--admin-key", key_file], "already exists"),
        (["org", "link", "Barreau", "Barreau"], "itself"),
        (["member", "revoke", "ab" * 32], "No member"),
        (["invite", "Barreau", "--valid-hours", "0"], "1 hour to 30 days"),
    ]
    for argv, message in cases:
        status, _, err = run(capsys, *data, *argv)
        assert status == 1, argv
        assert err.startswith("scelle-relay: error: ") and message in err, err
        assert err.count("\n") == 1
    status, _, err = run(capsys, "org", "list")
    assert status == 1 and "--data" in err


def test_org_key_file_protection(capsys, tmp_path: Path, data: list[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    key_file = tmp_path / "org.pem"
    monkeypatch.setenv("ORG_PASS", "correct horse battery staple")
    assert run(capsys, *data, "org", "create", "Barreau", "--admin-key", key_file,
               "--passphrase-env", "ORG_PASS")[0] == 0
    assert b"ENCRYPTED" in key_file.read_bytes()
    fingerprint = "ab" * 32
    status, _, err = run(capsys, *data, "member", "certify", fingerprint, "--org-key", key_file)
    assert status == 1 and "passphrase" in err
    os.chmod(key_file, 0o644)
    status, _, err = run(capsys, *data, "member", "certify", fingerprint, "--org-key", key_file,
                         "--passphrase-env", "ORG_PASS")
    assert status == 1 and "readable by other users" in err


def test_openapi_file_in_docs_is_current(capsys, tmp_path: Path) -> None:
    output = tmp_path / "openapi.json"
    assert run(capsys, "openapi", "--output", output)[0] == 0
    published = (REPO / "docs" / "relay-openapi.json").read_text(encoding="utf-8")
    assert output.read_text(encoding="utf-8") == published, \
        "regenerate with: scelle-relay openapi --output docs/relay-openapi.json"
    paths = json.loads(published)["paths"]
    assert "/v1/envelopes/{envelope_id}/chunks/{offset}" in paths


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(process: subprocess.Popen, url: str) -> None:
    for _ in range(600):  # start-up wait (at most a minute), not a timing assertion
        if process.poll() is not None:
            raise AssertionError(f"scelle-relay serve exited: {process.stderr.read()}")
        try:
            if httpx.get(url + "/v1/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("scelle-relay serve did not come up")


def test_serve_works_with_no_other_set_up_and_logs_no_secrets(capsys, tmp_path: Path) -> None:
    data_dir, port = tmp_path / "fresh", _free_port()
    command = [str(Path(sys.executable).parent / "scelle-relay"), "serve", "--data",
               str(data_dir), "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(process, url)
        key = run_json(capsys, "--data", data_dir, "key")
        assert httpx.get(url + "/v1/relay").json()["relay_key_id"] == key["relay_key_id"]
        secret = _exchange(capsys, tmp_path, data_dir, url)
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    events = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    assert {"envelope.committed", "envelope.delivered", "request"} <= {e["event"] for e in
                                                                        events}
    for needle in ("Alice", "Martin", "Bob", "Durand", secret.decode()):
        assert needle not in stderr


def _exchange(capsys, tmp_path: Path, data_dir: Path, url: str) -> bytes:
    """Two members of one organisation exchange an envelope through the subprocess relay."""
    assert run(capsys, "--data", data_dir, "org", "create", "Cabinet", "--admin-key",
               tmp_path / "cabinet.pem")[0] == 0
    relay_key = base64.b64decode(httpx.get(url + "/v1/relay").json()["relay_key"])
    clients = []
    for name in ("Alice Martin", "Bob Durand"):
        client = RelayClient(url, PrivateIdentity.generate(name, hybrid=False), ManualClock(),
                             relay_key)
        invitation = run_json(capsys, "--data", data_dir, "invite", "Cabinet")["code"]
        assert client.enrol(invitation).status_code == 201
        run_json(capsys, "--data", data_dir, "member", "certify", client.fingerprint,
                 "--org-key", tmp_path / "cabinet.pem")
        clients.append(client)
    alice, bob = clients
    secret = b"Dossier Dupont contre Durand: piece 12"
    envelope = alice.upload([bob.fingerprint], secret)["envelope"]["envelope_id"]
    assert bob.download(envelope).content == secret
    for client in clients:
        client.close()
    return secret
