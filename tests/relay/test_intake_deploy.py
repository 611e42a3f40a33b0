"""The intake paths behind the shipped nginx (deploy/relay/nginx.conf, docs/relay.md "Intake"):
a body larger than the rest of the API allows reaches the relay there, and only there."""

from __future__ import annotations

import subprocess
from pathlib import Path

import httpx

from tests.relay.test_deploy_files import _nginx_prefix, _trusting, _wait_for_tls
from tests.support.relay_process import free_port, init_relay, relay_process

BODY = b"age-encryption.org/v1\n" + b"x" * (12 * 1024 * 1024)  # above the API's 9 MiB


def test_intake_bodies_pass_the_proxy_and_others_do_not(tmp_path: Path) -> None:
    tls_port, data = free_port(), tmp_path / "data"
    init_relay(data, None)
    with relay_process(data, None, "--trusted-proxy", "127.0.0.1",
                       log=tmp_path / "relay.log") as relay:
        conf = _nginx_prefix(tmp_path, tls_port, int(relay.url.rsplit(":", 1)[1]))
        nginx = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(tmp_path)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"https://127.0.0.1:{tls_port}"
        try:
            _wait_for_tls(url, tmp_path / "fullchain.pem", nginx)
            with httpx.Client(base_url=url, verify=_trusting(tmp_path / "fullchain.pem"),
                              timeout=60) as client:
                query = {"version": "1", "challenge": "0" * 80, "nonce": "00"}
                # No such intake point: the relay itself answers (signed), not nginx's 413.
                intake = client.post("/v1/intake/personne/deposits", params=query, content=BODY)
                assert intake.status_code == 404, intake.text
                assert intake.json()["error"]["code"] == "not_found"
                assert "signature" in intake.headers
                assert intake.headers["content-security-policy"].startswith("default-src")
                other = client.post("/v1/envelopes/deposit", content=BODY)
                assert other.status_code == 413 and "signature" not in other.headers
        finally:
            nginx.terminate()
            nginx.wait(timeout=30)
