"""The health probe (`GET /v1/health`) and who may read `/metrics`.

Health: a trivial query on the database and a probe object written, read back and deleted in
the blob store. 200 `{"status": "ok", "database": "ok", "blobs": "ok"}`, or 503 naming the
part that failed (`"failing"`); nothing else, so the unauthenticated answer holds no personal
data and no detail of the failure (that goes to the log, as an exception type only).

Metrics (relay/metrics.py) are served only when `serve --metrics` is given, on the relay's own
port, and only to a direct peer on loopback or in a `--metrics-allow` network, and only when
the request carries no proxy header (`X-Forwarded-For`, `Forwarded`, `X-Real-IP`): a reverse
proxy on the same machine reaches the relay from loopback, so without that last rule every
client of the proxy would be "local". Anyone else is answered as for any path that is no public
route (an unsigned request: `signature_missing`), so a refusal does not even tell that metrics
are enabled.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from ipaddress import ip_address
from typing import Any

from relay.context import Relay
from relay.forwarded import Network, parse_networks
from relay.logs import log_event
from relay.metrics import CONTENT_TYPE

METRICS_ROUTE = ("GET", "/metrics")
_PROXY_HEADERS = {b"x-forwarded-for", b"forwarded", b"x-real-ip"}


@dataclass(frozen=True)
class MetricsAccess:
    enabled: bool = False
    networks: tuple[Network, ...] = ()

    @classmethod
    def parse(cls, enabled: bool, values: Iterable[str]) -> MetricsAccess:
        return cls(enabled, parse_networks(values, "metrics network", "10.0.5.0/24"))

    def allows(self, peer: str | None, headers: list[tuple[bytes, bytes]]) -> bool:
        """`peer` is the TCP peer, before any proxy header is believed."""
        if not self.enabled or peer is None:
            return False
        if any(name.lower() in _PROXY_HEADERS for name, _ in headers):
            return False
        try:
            address = ip_address(peer)
        except ValueError:
            return False
        return address.is_loopback or any(address in net for net in self.networks)


async def send_metrics(relay: Relay, send: Any) -> None:
    body = relay.metrics.render().encode("utf-8")
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", CONTENT_TYPE.encode()),
                            (b"cache-control", b"no-store"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body, "more_body": False})


def _check(part: str, probe: Any) -> str:
    try:
        probe()
    except Exception as exc:  # noqa: BLE001 - any failure of the part is its ill health
        log_event("health.failing", level=logging.WARNING, part=part,
                  exception=type(exc).__name__)
        return "failing"
    return "ok"


def health(relay: Relay) -> tuple[int, dict[str, str]]:
    """Blocking. The status code and body of `GET /v1/health`."""

    def database() -> None:
        with relay.db.transaction() as tx:
            if tx.one("SELECT 1") != (1,):
                raise RuntimeError("unexpected answer")

    parts = {"database": _check("database", database),
             "blobs": _check("blobs", relay.blobs.check_health)}
    healthy = all(value == "ok" for value in parts.values())
    return (200 if healthy else 503), {"status": "ok" if healthy else "failing", **parts}
