"""`GET /v1/health` and `GET /metrics` over HTTP, on `scelle-relay serve` processes.

Health names the failing part (503) when the database stops answering or the blob folder
cannot be written, and is 200 again once they are back. Metrics are served only with
`--metrics`, only to a loopback peer that no proxy forwarded; they parse as the Prometheus
text format (a small strict parser below), their counters follow the requests made, and no
organisation name, member name, fingerprint, envelope id or address ever appears in them.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest

from crypto.content_digest import CONTENT_CHUNK, of_bytes
from relay import admin
from relay.app import build_relay, create_app, published_paths
from relay.config import RelayConfig
from relay.keys import load_org_key
from relay.observability import MetricsAccess
from tests.support.relay_process import (
    RelayProcess,
    SpreadClient,
    init_relay,
    relay_process,
)

CANARY_ORG = "Etude Canari Q7ZP"
CANARY_NAME = "Maitre Canari XW3K"
_SAMPLE = re.compile(r"([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+]+|\+Inf|NaN)")
_LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\.)*)"(?:,|$)')

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def parse_metrics(text: str) -> Samples:
    """Prometheus text format 0.0.4, strictly: every sample belongs to a family declared by
    `# TYPE` before it, labels are well formed, a histogram's buckets are cumulative and end
    with `+Inf` equal to its `_count`."""
    assert text.endswith("\n")
    types: dict[str, str] = {}
    samples: Samples = {}
    for line in text.splitlines():
        if line.startswith("# HELP "):
            continue
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ")
            assert kind in ("counter", "gauge", "histogram") and name not in types
            types[name] = kind
            continue
        match = _SAMPLE.fullmatch(line)
        assert match, line
        name, labels_text, value = match.groups()
        family = re.sub(r"_(bucket|sum|count)$", "", name) if name not in types else name
        assert family in types, line
        labels = _LABEL.findall(labels_text or "")
        assert ",".join(f'{k}="{v}"' for k, v in labels) == (labels_text or ""), line
        key = (name, frozenset(labels))
        assert key not in samples, line
        samples[key] = float(value)
    _check_histograms(samples, types)
    return samples


def _check_histograms(samples: Samples, types: dict[str, str]) -> None:
    for family in (f for f, kind in types.items() if kind == "histogram"):
        series: dict[frozenset[tuple[str, str]], list[tuple[float, float]]] = {}
        for (name, labels), value in samples.items():
            if name == family + "_bucket":
                le = dict(labels)["le"]
                rest = frozenset(x for x in labels if x[0] != "le")
                series.setdefault(rest, []).append((float(le), value))
        for rest, buckets in series.items():
            counts = [count for _, count in sorted(buckets)]
            assert counts == sorted(counts) and sorted(buckets)[-1][0] == float("inf")
            assert counts[-1] == samples[(family + "_count", rest)]


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


@pytest.fixture(params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest) -> str | None:
    return None if request.param == "sqlite" else request.getfixturevalue("postgres_url")


@pytest.fixture
def served(tmp_path: Path, database: str | None) -> Iterator[RelayProcess]:
    init_relay(tmp_path / "data", database)
    with relay_process(tmp_path / "data", database, "--metrics",
                       log=tmp_path / "relay.log") as instance:
        yield instance


def test_health_is_ok_and_names_no_one(served: RelayProcess) -> None:
    answer = httpx.get(served.url + "/v1/health")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "database": "ok", "blobs": "ok"}
    assert answer.headers["cache-control"] == "no-store"
    assert "signature" in answer.headers  # signed like every answer


def _blob_folder_broken(data_dir: Path) -> Iterator[None]:
    blobs = data_dir / "blobs"
    aside = data_dir / "blobs-aside"
    blobs.rename(aside)
    blobs.write_bytes(b"")  # a file where the folder was: nothing can be written (even as root)
    try:
        yield
    finally:
        blobs.unlink()
        aside.rename(blobs)


def test_health_fails_while_the_blob_folder_cannot_be_written(served: RelayProcess,
                                                              tmp_path: Path) -> None:
    broken = _blob_folder_broken(tmp_path / "data")
    next(broken)
    try:
        answer = httpx.get(served.url + "/v1/health")
        assert answer.status_code == 503
        assert answer.json() == {"status": "failing", "database": "ok", "blobs": "failing"}
    finally:
        next(broken, None)
    assert httpx.get(served.url + "/v1/health").status_code == 200
    assert not list((tmp_path / "data" / "blobs").glob("health-*"))  # no probe left behind


def test_health_fails_while_the_database_is_unreachable(tmp_path: Path,
                                                       postgres_url: str) -> None:
    init_relay(tmp_path / "data", postgres_url)
    name = postgres_url.rsplit("/", 1)[1]
    admin_url = postgres_url.rsplit("/", 1)[0] + "/postgres"
    with relay_process(tmp_path / "data", postgres_url, log=tmp_path / "relay.log") as relay:
        assert httpx.get(relay.url + "/v1/health").status_code == 200
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         "WHERE datname = %s", (name,))
            try:
                for _ in range(2):  # the broken pooled connection, then a refused new one
                    answer = httpx.get(relay.url + "/v1/health")
                    assert answer.status_code == 503
                    assert answer.json() == {"status": "failing", "database": "failing",
                                             "blobs": "ok"}
            finally:
                conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        assert httpx.get(relay.url + "/v1/health").json()["status"] == "ok"
    assert postgres_url not in (tmp_path / "relay.log").read_text()


def _exchange(tmp_path: Path, database: str | None, relay: RelayProcess) -> list[str]:
    """An organisation and two members with canary names, an envelope, a download, refusals.
    Returns the strings that must not appear in the metrics."""
    owner = build_relay(RelayConfig(data_dir=tmp_path / "data", database_url=database))
    try:
        key = tmp_path / "org.pem"
        now = owner.now()
        admin.create_org(owner.db, now, "test", CANARY_ORG, key)
        clients = []
        for name in (CANARY_NAME, "Bob Durand"):
            from crypto.identity import PrivateIdentity
            from relay.clock import as_datetime

            identity = PrivateIdentity.generate(name, "avocat", CANARY_ORG, hybrid=False,
                                                now=as_datetime(now))
            client = SpreadClient([relay.url], identity, owner.public_key)
            assert client.enrol(admin.invite(owner.db, now, "t", CANARY_ORG).code) \
                .status_code == 201
            admin.certify_member(owner.db, now, "t", client.fingerprint, load_org_key(key))
            clients.append(client)
    finally:
        owner.db.close()
    alice, bob = clients
    data = secrets.token_bytes(2 * CONTENT_CHUNK + 70_000)  # three chunks
    envelope = alice.upload([bob.fingerprint], data)["envelope"]["envelope_id"]
    assert bob.download(envelope).content == data
    assert alice.call("GET", f"/v1/directory?fingerprint={bob.fingerprint}").status_code == 200
    assert bob.call("GET", f"/v1/envelopes/{'0' * 32}").status_code == 404
    canary_path = "/v1/" + CANARY_ORG.replace(" ", "-")
    assert httpx.get(relay.url + canary_path).status_code == 401  # unsigned
    assert alice.call("GET", canary_path).status_code == 404
    for client in clients:
        client.close()
    return [CANARY_ORG, CANARY_NAME, "Canari", alice.fingerprint, bob.fingerprint,
            alice.fingerprint[:16], envelope, of_bytes(data).hex(), "127.0.0.1"]


def test_metrics_parse_follow_requests_and_hold_no_personal_data(
        served: RelayProcess, tmp_path: Path, database: str | None) -> None:
    before = parse_metrics(httpx.get(served.url + "/metrics").text)
    canaries = _exchange(tmp_path, database, served)
    answer = httpx.get(served.url + "/metrics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain; version=0.0.4")
    after = parse_metrics(answer.text)
    for canary in canaries:
        assert canary not in answer.text and canary.lower() not in answer.text.lower()
    requests = "scelle_relay_requests_total"
    chunk = "/v1/envelopes/{envelope_id}/chunks/{offset}"
    assert value(after, requests, method="PUT", route=chunk, status="200") - \
        value(before, requests, method="PUT", route=chunk, status="200") == 3
    assert value(after, requests, method="POST", route="/v1/enrol", status="201") == 2
    assert value(after, "scelle_relay_deposits_total") - \
        value(before, "scelle_relay_deposits_total") == 1
    assert value(after, "scelle_relay_errors_total", code="not_found") >= 2
    assert value(after, requests, method="GET", route="other", status="404") == 1
    assert value(after, requests, method="GET", route="other", status="401") == 1
    size = 2 * CONTENT_CHUNK + 70_000
    assert value(after, "scelle_relay_received_bytes_total", route=chunk) == size
    content = "/v1/envelopes/{envelope_id}/content"
    assert value(after, "scelle_relay_sent_bytes_total", route=content) == size
    assert value(after, "scelle_relay_request_duration_seconds_count", route=chunk) == 3


def test_metrics_refused_to_proxied_requests_and_when_not_enabled(
        served: RelayProcess, tmp_path: Path) -> None:
    # Refused: the answer any unsigned request to a path that is no public route gets.
    unknown = httpx.get(served.url + "/nothing-here")
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (401, "signature_missing")
    for header in ("X-Forwarded-For", "Forwarded", "X-Real-IP"):
        proxied = httpx.get(served.url + "/metrics", headers={header: "203.0.113.7"})
        assert (proxied.status_code, proxied.json()) == (401, unknown.json())
    with relay_process(tmp_path / "data", None, log=tmp_path / "plain.log") as plain:
        off = httpx.get(plain.url + "/metrics")
        assert (off.status_code, off.json()) == (401, unknown.json())


def test_metrics_access_rule() -> None:
    local = MetricsAccess.parse(True, [])
    assert local.allows("127.0.0.1", []) and local.allows("::1", [])
    assert not local.allows("10.0.5.9", [])
    assert not local.allows("127.0.0.1", [(b"X-Forwarded-For", b"198.51.100.1")])
    assert not local.allows(None, [])
    network = MetricsAccess.parse(True, ["10.0.5.0/24"])
    assert network.allows("10.0.5.9", []) and not network.allows("10.0.6.1", [])
    assert not MetricsAccess.parse(False, ["10.0.5.0/24"]).allows("127.0.0.1", [])
    with pytest.raises(Exception, match="not an IP address or network"):
        MetricsAccess.parse(True, ["monitoring.example"])


def test_metrics_allow_needs_metrics_and_a_network(tmp_path: Path) -> None:
    import subprocess

    from tests.support.relay_process import SCELLE_RELAY

    for options, message in ((["--metrics-allow", "10.0.0.0/8"], "--metrics-allow needs"),
                             (["--metrics", "--metrics-allow", "nope"], "'nope' is not an IP")):
        done = subprocess.run([SCELLE_RELAY, "serve", "--data", str(tmp_path / "d"), *options],
                              capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode != 0
        assert message in done.stderr and "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1


def test_metrics_route_templates_are_the_published_paths(tmp_path: Path) -> None:
    # The templates are read from the routes rather than from the generated OpenAPI document
    # (half of a relay's start-up): they must still be exactly the document's paths.
    app = create_app(RelayConfig(data_dir=tmp_path / "relay"), sweep_in_background=False)
    try:
        paths = app.openapi()["paths"]
        assert published_paths() == list(paths)
        assert len(paths) > 30
        assert app.state.relay.metrics.routes.of("/v1/envelopes/" + "a" * 32) \
            == "/v1/envelopes/{envelope_id}"
    finally:
        app.state.relay.db.close()
