"""The address a request comes from, and its scheme, believing reverse proxies only when told to.

Uvicorn's own proxy support trusts `X-Forwarded-For` from loopback by default: any client of a
relay reached through a local proxy (or directly on loopback) could then choose the address its
rate limit is counted against by sending that header. The relay therefore starts uvicorn with
proxy headers off (`UVICORN_OPTIONS`) and reads them itself, only from the addresses named in
`RelayConfig.trusted_proxies` (none by default: the peer's address is the client's).

From a trusted peer, `X-Forwarded-For` is read from the right: each trusted hop is skipped and
the first address that is not a trusted proxy is the client (what the nearest proxy saw; what
lies to its left the client may have written itself). A hop that is not an IP address stops the
walk at the last trusted address, so a misconfigured proxy puts its clients in one shared bucket
rather than letting them pick one. `X-Forwarded-Proto` from a trusted peer sets the scheme the
request signature was made for (`https` behind a TLS proxy).
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network
from typing import Any

from crypto.errors import ScelleError

Network = IPv4Network | IPv6Network

#: How `scelle-relay serve` (and the tests' relay) start uvicorn: no proxy header is believed by
#: uvicorn itself; `TrustedProxies` decides instead.
UVICORN_OPTIONS: dict[str, Any] = {
    "proxy_headers": False, "forwarded_allow_ips": "", "log_config": None,
    "access_log": False, "server_header": False, "date_header": True,
}


def _address(text: str) -> str | None:
    """The canonical form of an IP address (brackets and IPv6 zone refused), or None."""
    try:
        return str(ip_address(text.strip()))
    except ValueError:
        return None


def parse_networks(values: Iterable[str], what: str, example: str) -> tuple[Network, ...]:
    """Addresses or networks given on the command line; the first bad one is refused, named."""
    networks = []
    for value in values:
        try:
            networks.append(ip_network(value.strip(), strict=False))
        except ValueError:
            raise ScelleError(f"The {what} {value!r} is not an IP address or network "
                              f"(for example {example}).") from None
    return tuple(networks)


@dataclass(frozen=True)
class TrustedProxies:
    networks: tuple[Network, ...] = ()

    @classmethod
    def parse(cls, values: Iterable[str]) -> TrustedProxies:
        """Addresses or networks (`10.0.0.5`, `10.0.0.0/24`, `::1`); a bad one is refused."""
        return cls(parse_networks(values, "trusted proxy", "127.0.0.1 or 10.0.0.0/24"))

    def trusts(self, address: str) -> bool:
        canonical = _address(address)
        if canonical is None:
            return False
        parsed = ip_address(canonical)
        return any(parsed in network for network in self.networks)

    def client(self, peer: str, forwarded_for: list[str]) -> str:
        """The client's address: the rightmost untrusted hop behind a trusted peer."""
        if not self.trusts(peer):
            return peer
        current = peer
        hops = [hop for value in forwarded_for for hop in value.split(",")]
        for hop in reversed(hops):
            address = _address(hop)
            if address is None:
                return current
            if not self.trusts(address):
                return address
            current = address
        return current

    def apply(self, scope: MutableMapping[str, Any]) -> None:
        """Rewrite the ASGI scope's client and scheme from the proxy headers, if trusted."""
        if not self.networks or not scope.get("client"):
            return
        peer, port = scope["client"]
        if not self.trusts(peer):
            return
        forwarded = [v.decode("latin-1") for k, v in scope["headers"]
                     if k.lower() == b"x-forwarded-for"]
        scope["client"] = (self.client(peer, forwarded), port)
        protos = [v.decode("latin-1") for k, v in scope["headers"]
                  if k.lower() == b"x-forwarded-proto"]
        if protos:
            proto = protos[-1].split(",")[-1].strip().lower()
            if proto in ("http", "https"):
                scope["scheme"] = proto


def is_loopback_host(host: str) -> bool:
    """`localhost`, 127.0.0.0/8 or ::1: a listening address no other machine can reach."""
    if host.strip().lower() == "localhost":
        return True
    address = _address(host.strip("[]"))
    return address is not None and ip_address(address).is_loopback


def plain_http_warning(host: str, port: int, proxies: tuple[str, ...]) -> str | None:
    """The line `scelle-relay serve` prints when it listens beyond loopback with no proxy named:
    the relay speaks plain HTTP and relies on a TLS reverse proxy in front of it."""
    if is_loopback_host(host) or proxies:
        return None
    return (f"scelle-relay: warning: serving plain HTTP on {host}:{port}; run the relay behind "
            "a TLS reverse proxy and name it with --trusted-proxy ADDRESS (docs/relay.md).")
