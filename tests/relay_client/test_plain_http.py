"""Joining a relay over plain http:// is refused beyond this computer, unless explicitly allowed.

The rule is the core's (`app.relay_client.address.require_encrypted`, applied by `join`); the
command line asks it again before unlocking the vault and names the loud option
`--insecure-plain-http`. Loopback addresses stay allowed: every other relay test joins
http://127.0.0.1.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.relay_client import RelayConfigError, RelayService, RelayUnreachable
from app.relay_client.address import is_loopback_url, require_encrypted
from tests.relay_client.conftest import Template, open_with_vmk
from tests.relay_client.test_cli import Vault
from tests.support.relay_server import RunningRelay

# A name that never resolves (RFC 2606 `.invalid`), documentation addresses (RFC 5737, 3849).
FAR_AWAY = ("http://relay.invalid:8080", "http://192.0.2.10:8080", "http://[2001:db8::1]")


@pytest.fixture
def backend() -> None:
    return None  # SQLite only: the rule does not depend on the relay's database


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080", "http://127.9.8.7", "http://[::1]:80",
                                 "http://localhost:1234", "http://LocalHost",
                                 "https://relay.example", "https://192.0.2.10:8443"])
def test_loopback_or_https_is_accepted(url: str) -> None:
    require_encrypted(url)


@pytest.mark.parametrize("url", [*FAR_AWAY, "http://localhost.example", "http://0.0.0.0:80",
                                 "http://[::ffff:127.0.0.1]", "http://10.0.0.1"])
def test_plain_http_beyond_loopback_is_refused(url: str) -> None:
    assert not is_loopback_url(url)
    with pytest.raises(RelayConfigError, match="plain http://"):
        require_encrypted(url)
    require_encrypted(url, allow_plain_http=True)


def _service(templates: dict[str, Template], tmp_path: Path) -> RelayService:
    folder = tmp_path / "vault"
    shutil.copytree(templates["lawyer"].folder, folder)
    return RelayService(open_with_vmk(folder, templates["lawyer"].vmk))


def test_join_refuses_before_connecting(templates: dict[str, Template], tmp_path: Path) -> None:
    url = "http://relay.invalid:8080"  # fails at once when tried: the name never resolves
    service = _service(templates, tmp_path)
    try:
        # Refused as a setting, not as an unreachable relay: no connection was tried.
        with pytest.raises(RelayConfigError, match="unencrypted"):
            service.join(url, "ABCD-EFGH")
        assert not service.joined()
        # Explicitly allowed, the join goes on and only then fails to reach the relay.
        with pytest.raises(RelayUnreachable):
            service.join(url, "ABCD-EFGH", allow_plain_http=True)
        assert not service.joined()
    finally:
        service.close()
        service.session.lock()


def test_join_over_http_localhost_still_works(relay: RunningRelay,
                                              templates: dict[str, Template],
                                              tmp_path: Path) -> None:
    org = relay.create_org("Barreau")
    service = _service(templates, tmp_path)
    url = relay.base_url.replace("127.0.0.1", "localhost")
    try:
        joined = service.join(url, relay.invite(org), relay_key_id=relay.relay.key_id)
        assert joined.status == "pending" and joined.url == url
    finally:
        service.close()
        service.session.lock()


def test_cli_refuses_plain_http_and_names_the_option(templates: dict[str, Template],
                                                     tmp_path: Path) -> None:
    vault = Vault(templates["lawyer"], tmp_path / "vault")
    refused = vault.run("relay", "join", "http://relay.invalid:8080", "ABCD-EFGH")
    assert refused.returncode != 0
    assert refused.err.count("\n") == 1 and "plain http://" in refused.err
    assert "Traceback" not in refused.err
    allowed = vault.run("relay", "join", "http://relay.invalid:8080", "ABCD-EFGH",
                        "--insecure-plain-http")
    assert allowed.returncode != 0 and "plain http://" not in allowed.err  # it tried to connect
    assert "--insecure-plain-http" in vault.run("relay", "join", "--help").out
