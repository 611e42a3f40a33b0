#!/usr/bin/env python3
"""The relay under load, and against plain HTTP on the same machine, in the same run.

    .venv/bin/python bench/relay.py [--clients 32] [--envelopes 40] [--small 64k]
                                     [--large 1G] [--database URL] [--keep]
    make bench-relay

What runs: the real `scelle-relay serve` (this checkout, SQLite and a blob folder under
bench/out/, or PostgreSQL with --database) as its own process on 127.0.0.1, with its default
limits; the clients are the desktop app's own transport (app/relay_client/http.py: every
request signed, every response's signature checked), one thread and one member each.

1. Small envelopes: `--clients` members in 4 load processes (not this one), each depositing
   `--envelopes` envelopes of `--small` bytes in one request (POST /v1/envelopes/deposit, the
   signed deposit proof checked). Envelopes/s, p50/p99 latency, relay CPU per envelope.
2. One large envelope: `--large` random bytes in 8 MiB chunks, then commit, and downloaded by
   its recipient; MB/s each way, CPU seconds per GiB of the client and of the relay each way;
   the upload again to a relay whose fsync does nothing (what-if);
   the same bytes PUT and GET, unsigned, to bench/_static_server.py by the same HTTP client:
   plain (a page-cache copy) and "minimum necessary" (each byte hashed once per side, the
   upload synced), with the CPU seconds per GiB of each side; SHA-256 alone on one and two
   threads, and the ceiling it sets each way (bench/_relay_large.py).
3. The relay process's peak resident memory (VmHWM) after phase 1 and after phase 2.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import (  # noqa: E402 - bench/ is not a package
    MiB,
    BenchError,
    busy_warning,
    format_size,
    machine_info,
    make_workdir,
    parse_size,
    print_table,
    remove_tree,
    save_json,
    warm,
    write_random_file,
)
from _relay_large import (  # noqa: E402
    cpu_seconds,
    free_port,
    large_rows,
    own_cpu,
    process,
    relay_large,
    sha256_rates,
    static_large,
)

from app.relay_client.http import RelayTransport  # noqa: E402
from crypto.content_digest import of_bytes  # noqa: E402
from crypto.identity import PrivateIdentity  # noqa: E402
from relay import admin  # noqa: E402
from relay.app import build_relay  # noqa: E402
from relay.config import RelayConfig  # noqa: E402
from relay.keys import load_org_key  # noqa: E402

RELAY = Path(sys.executable).with_name("scelle-relay")
CHUNK = 8 * MiB
TARGET_RATE, TARGET_P99 = 200.0, 0.250
TARGET_RATIOS = {"up": 0.5, "down": 0.9}  # of plain HTTP on loopback (issue 16)


def peak_rss(pid: int) -> int:
    lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    return next((int(x.split()[1]) * 1024 for x in lines if x.startswith("VmHWM:")), 0)


@dataclass
class Member:
    identity: PrivateIdentity
    transport: RelayTransport

    @property
    def fingerprint(self) -> str:
        return self.identity.card.fingerprint_hex


def enrol_members(config: RelayConfig, url: str, count: int, workdir: Path) -> list[Member]:
    relay = build_relay(config)  # admin side, on the same storage as the running server
    now = relay.now()
    key_path = workdir / "org-key.pem"
    admin.create_org(relay.db, now, "bench", "Bench", key_path)
    org_key = load_org_key(key_path)
    members = []
    for index in range(count):
        identity = PrivateIdentity.generate(f"Member {index}", "avocat", "Bench", hybrid=False)
        code = admin.invite(relay.db, relay.now(), "bench", "Bench").code
        transport = RelayTransport(url, relay_key=relay.public_key, identity=identity)
        transport.call("POST", "/v1/enrol", json_body={
            "invitation": code, "card": json.loads(identity.card.to_bytes())})
        admin.certify_member(relay.db, relay.now(), "bench", identity.card.fingerprint_hex,
                             org_key)
        members.append(Member(identity, transport))
    relay.db.close()
    return members


def deposit(transport: RelayTransport, recipient: str, data: bytes, sha: str) -> None:
    if len(data) <= CHUNK:  # what the desktop client does: one request, the proof in answer
        done = transport.call("POST", "/v1/envelopes/deposit?" + urlencode(
            [("recipients", recipient), ("availability_days", "1")]), body=data,
            headers=[("Content-Type", "application/octet-stream")])
        if done["deposit_proof"]["statement"]["content_digest"] != sha:
            raise BenchError("the deposit proof names other bytes")
        return
    status = transport.call("POST", "/v1/envelopes", json_body={
        "recipients": [recipient], "size": len(data), "availability_days": 1})
    envelope = status["envelope_id"]
    for offset in range(0, len(data), CHUNK):
        transport.call("PUT", f"/v1/envelopes/{envelope}/chunks/{offset}",
                       body=data[offset:offset + CHUNK],
                       headers=[("Content-Type", "application/octet-stream")])
    done = transport.call("POST", f"/v1/envelopes/{envelope}/commit",
                          json_body={"content_digest": sha})
    if done["deposit_proof"]["statement"]["content_digest"] != sha:
        raise BenchError("the deposit proof names other bytes")


LOAD_PROCESSES = 4  # the load runs outside this process: no shared GIL with the measurement


def _load_worker(members: list[Member], url: str, relay_key: bytes, envelopes: int,
                 size: int, gate: Any, out: Any) -> None:
    """One load process: a thread per member, each depositing `envelopes` envelopes."""
    data = os.urandom(size)
    sha = of_bytes(data).hex()  # the content digest the deposit proof signs
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    transports = [RelayTransport(url, relay_key=relay_key, identity=m.identity) for m, _ in
                  members]
    start = threading.Barrier(len(members) + 1)

    def worker(index: int) -> None:
        mine = []
        try:
            start.wait()
            for _ in range(envelopes):
                t0 = time.perf_counter()
                deposit(transports[index], members[index][1], data, sha)
                mine.append(time.perf_counter() - t0)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(members))]
    for thread in threads:
        thread.start()
    gate.wait()
    start.wait()
    cpu0 = own_cpu()
    for thread in threads:
        thread.join()
    out.put((latencies, errors, own_cpu() - cpu0))


def small_phase(members: list[Member], envelopes: int, size: int, url: str, relay_key: bytes,
                server_pid: int) -> dict[str, Any]:
    context = multiprocessing.get_context("fork")
    plain = [Member(m.identity, None) for m in members]  # type: ignore[arg-type]
    pairs = [(plain[i], members[(i + 1) % len(members)].fingerprint)
             for i in range(len(members))]
    groups = [pairs[i::LOAD_PROCESSES] for i in range(LOAD_PROCESSES) if pairs[i::LOAD_PROCESSES]]
    gate, out = context.Barrier(len(groups) + 1), context.Queue()
    procs = [context.Process(target=_load_worker, args=([(m, fp) for m, fp in group], url,
                                                        relay_key, envelopes, size, gate, out))
             for group in groups]
    for proc in procs:
        proc.start()
    gate.wait()
    cpu0, began = cpu_seconds(server_pid), time.perf_counter()
    results = [out.get() for _ in procs]
    elapsed, cpu = time.perf_counter() - began, cpu_seconds(server_pid) - cpu0
    for proc in procs:
        proc.join()
    latencies = sorted(x for lat, _, _ in results for x in lat)
    errors = [e for _, errs, _ in results for e in errs]
    client_cpu = sum(c for _, _, c in results)
    if errors:
        raise BenchError(f"{len(errors)} client(s) failed: {errors[0]}")
    return {"envelopes": len(latencies), "seconds": elapsed, "rate": len(latencies) / elapsed,
            "p50": latencies[len(latencies) // 2],
            "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
            "server_cpu": cpu, "server_cpu_per_envelope": cpu / len(latencies),
            "client_cpu_per_envelope": client_cpu / len(latencies),
            "load_average": os.getloadavg()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--envelopes", type=int, default=40, help="per client")
    parser.add_argument("--small", type=parse_size, default=64 * 1024)
    parser.add_argument("--large", type=parse_size, default=1 << 30)
    parser.add_argument("--database", help="PostgreSQL URL (default: SQLite)")
    parser.add_argument("--keep", action="store_true", help="keep bench/out/relay-*")
    parser.add_argument("--deposit-workers", type=int, metavar="N",
                        help="passed to scelle-relay serve (default: the relay's own)")
    args = parser.parse_args(argv)
    workdir = make_workdir("relay")
    try:
        results = run(args, workdir)
    finally:
        if not args.keep:
            remove_tree(workdir)
    report(args, results)
    return 0


NO_FSYNC = ("import os, sys; os.fsync = lambda fd: None; from relay.cli import main; "
            "sys.exit(main(sys.argv[1:]))")


@contextmanager
def _relay(args: argparse.Namespace, data: Path, *, fsync: bool = True):  # noqa: ANN202
    """A `scelle-relay serve` process on a fresh data folder (`fsync=False`: the what-if)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    config = RelayConfig(data_dir=data, database_url=args.database)
    env = {**os.environ, **({"SCELLE_RELAY_DATABASE": args.database} if args.database else {})}
    relay = build_relay(config)  # create the key and schema before the server starts
    key = relay.public_key
    relay.db.close()
    head = [str(RELAY)] if fsync else [sys.executable, "-c", NO_FSYNC]
    workers = [] if args.deposit_workers is None else ["--deposit-workers",
                                                       str(args.deposit_workers)]
    with process([*head, "serve", "--data", str(data), "--port", str(port),
                   "--log-level", "warning", "--max-envelope-size",
                   str(max(args.large, args.small)), *workers], url + "/v1/health",
                 env) as server:
        yield config, url, key, server


def run(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    with _relay(args, workdir / "relay-data") as (config, url, key, server):
        members = enrol_members(config, url, max(2, args.clients), workdir)
        small = small_phase(members, args.envelopes, args.small, url, key, server.pid)
        rss_small = peak_rss(server.pid)
        if not args.large:
            return {"small": small, "large": None, "rss": {"after_small": rss_small}}
        source, sink = workdir / "large.bin", workdir / "large.down"
        write_random_file(source, args.large)
        warm(source)
        measured = relay_large(members[0], members[1], source, sink, server.pid)
        rss_large = peak_rss(server.pid)
        sink.unlink()
    remove_tree(workdir / "relay-data")
    with _relay(args, workdir / "relay-nofsync", fsync=False) as (config, url, key, server):
        (workdir / "nofsync-org").mkdir()
        pair = enrol_members(config, url, 2, workdir / "nofsync-org")
        nofsync = relay_large(pair[0], pair[1], source, sink, server.pid)
        sink.unlink()
    remove_tree(workdir / "relay-nofsync")
    static = static_large(source, sink, workdir)
    return {"small": small, "large": {"size": args.large, "relay_up": measured["up"],
                                      "relay_down": measured["down"], **{
                                          k: v for k, v in measured.items() if "cpu" in k},
                                      "static": static, "nofsync_up": nofsync["up"],
                                      "sha256": sha256_rates(source)},
            "rss": {"after_small": rss_small, "after_large": rss_large}}


def report(args: argparse.Namespace, r: dict[str, Any]) -> None:
    small, large, rss = r["small"], r["large"], r["rss"]
    ok_rate = small["rate"] >= TARGET_RATE and small["p99"] <= TARGET_P99
    print(f"Relay benchmark, {args.database and 'PostgreSQL' or 'SQLite'}; machine: "
          f"{machine_info()['cpu']}, {os.cpu_count()} cores")
    rows = [
        [f"{format_size(args.small)} envelopes, {args.clients} clients",
         f"{small['rate']:.0f} env/s", f">= {TARGET_RATE:.0f}", "yes" if ok_rate else "NO"],
        ["  latency p50 / p99", f"{small['p50'] * 1000:.0f} / {small['p99'] * 1000:.0f} ms",
         f"p99 <= {TARGET_P99 * 1000:.0f} ms", ""],
        ["  relay CPU per envelope (capacity if alone)",
         f"{small['server_cpu_per_envelope'] * 1000:.1f} ms "
         f"({1 / max(small['server_cpu_per_envelope'], 1e-9):.0f} env/s per core)", "", ""],
        ["  clients' CPU per envelope", f"{small['client_cpu_per_envelope'] * 1000:.1f} ms",
         "", ""],
        ["  load average at the end (1 / 5 min)",
         " / ".join(f"{x:.2f}" for x in small["load_average"][:2]), "", ""]]
    rates: dict[str, float] = {}
    if large is not None:
        rates, more = large_rows(large, rss, TARGET_RATIOS)
        rows += more
    print_table(["measure", "result", "target", "met"], rows)
    warning = busy_warning(os.cpu_count())
    if warning:
        print(warning)
    path = save_json("relay", {"machine": machine_info(), "args": vars(args), **r,
                               "throughput_mb_s": rates})
    print(f"saved {path}")


if __name__ == "__main__":
    sys.exit(main())
