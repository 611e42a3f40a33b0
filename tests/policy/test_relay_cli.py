"""`allowed_relays` and `proxy` through the command line: a relay the policy does not allow is
refused before any connection; the imposed proxy carries every relay connection, at the join
and afterwards; a different proxy typed by the user is refused, also before any connection.

Connections are counted on real loopback listeners (tests/policy/conftest.py), and the allowed
case joins the real relay (tests/support/relay_server.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.policy.conftest import CliVault
from tests.support.relay_server import RunningRelay, running_relay

CODE = "ABCD-EFGH-IJKL"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningRelay]:
    with running_relay(tmp_path / "relay-data") as running:
        yield running


def _refused(outcome, policy_file: Path, key: str) -> None:
    assert outcome.code != 0
    # These vaults are opened with their recovery code: the new-code reminder may come first.
    err = "".join(line for line in outcome.err.splitlines(keepends=True)
                  if not line.startswith("scelle: reminder: "))
    assert err.startswith("scelle: ") and err.count("\n") == 1
    assert key in outcome.err and f"workstation policy ({policy_file})" in outcome.err
    assert "Traceback" not in outcome.err


def _join(scelle, vault: CliVault, url: str, *extra: str):
    return scelle(*vault.args("relay", "join", url, CODE, "--relay-key-id", "ab" * 8, *extra))


def test_a_relay_not_allowed_is_refused_before_any_connection(scelle, set_policy, vault,
                                                              counting) -> None:
    relay = counting()
    policy = set_policy(allowed_relays=["https://relais.notaires.example"])
    refused = _join(scelle, vault, relay.url)
    _refused(refused, policy, "allowed_relays")
    assert f"The relay {relay.url} is not one this computer may use" in refused.err
    assert relay.connections == 0
    assert scelle(*vault.args("relay", "status")).code != 0  # nothing was stored either


def test_a_proxy_other_than_the_imposed_one_is_refused(scelle, set_policy, vault,
                                                       counting) -> None:
    relay, imposed, other = counting(), counting(), counting()
    policy = set_policy(allowed_relays=[relay.url], proxy=imposed.url)
    refused = _join(scelle, vault, relay.url, "--proxy", other.url)
    _refused(refused, policy, "the policy's proxy")
    assert f"The proxy {other.url} is not the one this computer imposes" in refused.err
    assert relay.connections == imposed.connections == other.connections == 0


def test_the_imposed_proxy_carries_the_join(scelle, set_policy, vault, counting) -> None:
    relay, imposed = counting(), counting()
    set_policy(allowed_relays=[relay.url + "/"], proxy=imposed.url)
    # The same proxy given explicitly is no conflict; --no-env-proxy changes nothing either.
    for extra in ((), ("--proxy", imposed.url + "/", "--no-env-proxy")):
        failed = _join(scelle, vault, relay.url, *extra)
        assert failed.code != 0 and "cannot be reached" in failed.err  # a counter, not a proxy
    assert imposed.connections >= 2 and relay.connections == 0


def test_an_allowed_relay_is_joined_and_later_calls_take_the_imposed_proxy(
        scelle, set_policy, vault, server: RunningRelay, counting) -> None:
    org = server.create_org("Notaires")
    set_policy(allowed_relays=[server.base_url])
    joined = scelle(*vault.args("relay", "join", server.base_url, server.invite(org),
                                "--relay-key-id", server.relay.key_id, "--json"))
    assert joined.code == 0, joined.err
    assert json.loads(joined.out)["status"] == "pending"
    status = scelle(*vault.args("relay", "status", "--json"))
    assert status.code == 0, status.err
    # The administrator now imposes a proxy: the next call goes through it, not to the relay.
    imposed = counting()
    set_policy(allowed_relays=[server.base_url], proxy=imposed.url)
    failed = scelle(*vault.args("relay", "status"))
    assert failed.code != 0 and imposed.connections >= 1
    # …and a relay no longer allowed is not contacted at all.
    policy = set_policy(allowed_relays=["https://relais.notaires.example"])
    refused = scelle(*vault.args("relay", "sync"))
    _refused(refused, policy, "allowed_relays")


def test_a_relay_not_allowed_is_refused_before_the_vault_is_unlocked(
        scelle, set_policy, tmp_path: Path, counting) -> None:
    # No vault and no secret at all: the refusal must come before anything is asked or read.
    relay = counting()
    policy = set_policy(allowed_relays=["https://relais.notaires.example"])
    refused = scelle("--vault", tmp_path / "no-vault-here", "relay", "join", relay.url, CODE,
                     "--relay-key-id", "ab" * 8)
    _refused(refused, policy, "allowed_relays")
    assert relay.connections == 0
    assert not (tmp_path / "no-vault-here").exists()
