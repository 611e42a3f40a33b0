"""The relay behind a reverse proxy: whose X-Forwarded-For is believed, and the serve warning.

The real server on loopback (uvicorn with the options `scelle-relay serve` uses). Unsigned
requests are rate limited per client address (burst 3 here): a client must not escape its
bucket by writing an X-Forwarded-For header, unless the request comes from a proxy the operator
named; then each forwarded client has its own bucket.
"""

from __future__ import annotations

import secrets
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from crypto.errors import ScelleError
from relay.config import Limits
from relay.forwarded import TrustedProxies, is_loopback_host, plain_http_warning
from tests.relay.test_auth import code
from tests.relay.test_cli import _free_port, _wait_until_up
from tests.support.relay_server import RelayClient, RunningRelay, running_relay

LIMITS = Limits(anonymous_rate_per_second=0.001, anonymous_rate_burst=3)


def _random_ip() -> str:
    return "198.51.100." + str(secrets.randbelow(254) + 1) if secrets.randbelow(2) else \
        "2001:db8::" + secrets.token_hex(2)


def _health(client: RelayClient, *headers: tuple[str, str]) -> int:
    return client.send("GET", "/v1/health", list(headers)).status_code


@pytest.fixture
def plain(tmp_path: Path) -> Iterator[RunningRelay]:
    with running_relay(tmp_path / "relay", limits=LIMITS) as server:
        yield server


def _client(server: RunningRelay) -> RelayClient:
    from crypto.identity import PrivateIdentity

    return server.client(PrivateIdentity.generate("Anon", hybrid=False))


def test_forwarded_for_is_ignored_without_a_trusted_proxy(plain: RunningRelay) -> None:
    client = _client(plain)
    answers = [_health(client, ("X-Forwarded-For", _random_ip()),
                       ("X-Real-IP", _random_ip()), ("Forwarded", f"for={_random_ip()}"))
               for _ in range(6)]
    assert answers == [200, 200, 200, 429, 429, 429]
    limited = client.send("GET", "/v1/health", [("X-Forwarded-For", _random_ip())])
    assert code(limited) == "rate_limited"


def test_a_proxy_not_named_is_not_believed(tmp_path: Path) -> None:
    with running_relay(tmp_path / "relay", limits=LIMITS,
                       trusted_proxies=("10.0.0.0/8",)) as server:
        client = _client(server)
        answers = [_health(client, ("X-Forwarded-For", _random_ip())) for _ in range(4)]
    assert answers == [200, 200, 200, 429]


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_bucket(tmp_path: Path) -> None:
    with running_relay(tmp_path / "relay", limits=LIMITS,
                       trusted_proxies=("127.0.0.1", "::1")) as server:
        client = _client(server)
        # Ten different clients behind the proxy: none is limited by the others.
        assert [_health(client, ("X-Forwarded-For", f"203.0.113.{n}")) for n in range(10)] \
            == [200] * 10
        # One client is limited on its own, whatever it writes to the left of the proxy's hop.
        spoofed = [_health(client, ("X-Forwarded-For", f"{_random_ip()}, 192.0.2.44"))
                   for _ in range(4)]
        assert spoofed == [200, 200, 200, 429]
        # Two header lines are one list: the rightmost (the proxy's own) still counts.
        assert _health(client, ("X-Forwarded-For", _random_ip()),
                       ("X-Forwarded-For", "192.0.2.44")) == 429
        # With no header the proxy itself is the client (its own bucket).
        assert [_health(client) for _ in range(4)] == [200, 200, 200, 429]


def test_signed_requests_still_verify_behind_a_trusted_tls_proxy(tmp_path: Path) -> None:
    with running_relay(tmp_path / "relay", trusted_proxies=("127.0.0.1",)) as server:
        org = server.create_org("Cabinet")
        alice = server.member(org, "Alice Martin")
        path = "/v1/me"
        signed = alice.sign("GET", path, headers=[("X-Forwarded-For", "203.0.113.5"),
                                                  ("X-Forwarded-Proto", "https")])
        assert alice.send("GET", path, signed).status_code == 200


@pytest.mark.parametrize(("hops", "expected"), [
    ([], "127.0.0.1"),
    (["203.0.113.9"], "203.0.113.9"),
    (["6.6.6.6, 203.0.113.9"], "203.0.113.9"),
    (["203.0.113.9, 127.0.0.5"], "203.0.113.9"),      # a chain of trusted proxies
    (["6.6.6.6", "203.0.113.9, 127.0.0.2"], "203.0.113.9"),
    (["127.0.0.3"], "127.0.0.3"),                      # only trusted hops: the farthest
    (["203.0.113.9, not-an-address"], "127.0.0.1"),    # garbage stops the walk, fail closed
    (["[2001:db8::1]"], "127.0.0.1"),
    ([" 2001:DB8::1 "], "2001:db8::1"),
])
def test_client_address_is_the_rightmost_untrusted_hop(hops: list[str], expected: str) -> None:
    assert TrustedProxies.parse(["127.0.0.0/8"]).client("127.0.0.1", hops) == expected


def test_an_untrusted_peer_is_the_client_whatever_it_forwards() -> None:
    proxies = TrustedProxies.parse(["10.1.2.3"])
    assert proxies.client("192.0.2.1", ["10.1.2.3, 203.0.113.9"]) == "192.0.2.1"
    assert TrustedProxies().client("127.0.0.1", ["203.0.113.9"]) == "127.0.0.1"


def test_a_bad_trusted_proxy_is_refused_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(ScelleError, match="not an IP address"):
        TrustedProxies.parse(["proxy.example"])
    # A real process: `serve` configures logging to its stderr, which must not be pytest's.
    done = subprocess.run([str(Path(sys.executable).parent / "scelle-relay"), "serve",
                           "--data", str(tmp_path / "d"), "--trusted-proxy", "10.0.0.300"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert done.stderr.count("\n") == 1 and "'10.0.0.300' is not an IP address" in done.stderr


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.8.9.10", True), ("::1", True), ("[::1]", True),
    ("localhost", True), ("LocalHost", True), ("0.0.0.0", False), ("::", False),
    ("192.168.1.10", False), ("relay.example", False), ("localhost.example", False)])
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback
    assert (plain_http_warning(host, 8080, ()) is None) is loopback
    assert plain_http_warning(host, 8080, ("127.0.0.1",)) is None


def _serve_stderr(tmp_path: Path, *options: str) -> str:
    port = _free_port()
    command = [str(Path(sys.executable).parent / "scelle-relay"), "serve", "--data",
               str(tmp_path / "data"), "--port", str(port), *options]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        _wait_until_up(process, f"http://127.0.0.1:{port}")
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    return stderr


def test_serve_on_every_address_without_a_proxy_warns_once(tmp_path: Path) -> None:
    stderr = _serve_stderr(tmp_path, "--host", "0.0.0.0")
    warnings = [line for line in stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1
    assert "TLS reverse proxy" in warnings[0] and "--trusted-proxy" in warnings[0]
    assert "0.0.0.0:" in warnings[0]


def test_serve_with_a_named_proxy_or_on_loopback_does_not_warn(tmp_path: Path) -> None:
    assert "warning" not in _serve_stderr(tmp_path / "a", "--host", "0.0.0.0",
                                          "--trusted-proxy", "127.0.0.1")
    assert "warning" not in _serve_stderr(tmp_path / "b")
