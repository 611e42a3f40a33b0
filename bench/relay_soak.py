#!/usr/bin/env python3
"""Load and soak: many members sending and receiving through the relay for minutes, on SQLite
and on PostgreSQL; every envelope must arrive exactly once, intact, with its proofs, and the
relay's memory and file descriptors must stay flat.

    .venv/bin/python bench/relay_soak.py [--minutes 3] [--senders 8] [--receivers 8]
                                         [--db sqlite|postgres|both] [--max-size 16M]
                                         [--processes 2] [--seed 1] [--database URL] [--keep]
    make bench-relay_soak BENCH_ARGS="--minutes 3 --db both"

What runs, per database: the real `scelle-relay serve` (this checkout) on 127.0.0.1, its data
folder under bench/out/, SQLite, or a private PostgreSQL cluster started for the run with its
durable defaults (or --database URL). `--senders + --receivers` members join it, alternately
in two linked organisations, through the desktop client's transport, and are certified. Then
`--processes` load processes (threads of this one with 0) run a thread per member
(bench/_soak_load.py): senders send envelopes of seeded random sizes (1 KiB to --max-size) to
1-3 random receivers for --minutes; receivers sync all along and until nothing is left. At the
end every sender fetches and checks every proof. This process samples the relay's VmRSS, VmHWM
and open descriptors every second, and reads the relay's own request log afterwards.

Exit status 1 if any envelope was lost, duplicated, corrupted or lacks a proof, or if any
request failed (5xx, a refusal, a bad answer): those are bugs (bench/_soak_verify.py). Memory
growth beyond the stated tolerance is reported in the table ("GREW"), like any missed target.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import queue
import sys
import threading
import time
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import machine_info, make_workdir, parse_size, remove_tree, save_json  # noqa: E402
from _soak_load import LoadPlan, Shared, run_load  # noqa: E402
from _soak_relay import (  # noqa: E402
    RelayProcess,
    Sampler,
    SoakError,
    enrol_members,
    private_postgres,
    relay_process,
    sample_process,
)
from _soak_report import print_report  # noqa: E402
from _soak_verify import client_errors, judge, memory, percentiles, relay_log  # noqa: E402

MB = 1_000_000


@dataclass(frozen=True)
class SoakOptions:
    seconds: float
    senders: int
    receivers: int
    processes: int  # 0: the members run as threads of this process
    max_size: int
    seed: int = 1
    backlog: int = 0  # pairs waiting for their recipient, at most (0: twice the receivers)
    drain_seconds: float = 300.0
    settle_seconds: float = 3.0  # idle samples before the load, and after it before the last


def _shared(processes: int) -> tuple[Shared, Any]:
    context = multiprocessing.get_context("fork")
    counters = (context.Value("q", 0), context.Value("q", 0))
    if processes == 0:
        return Shared(*(threading.Event() for _ in range(3)), queue.Queue(), *counters), None
    return Shared(*(context.Event() for _ in range(3)), context.Queue(), *counters), context


def _plans(options: SoakOptions, server: RelayProcess, members: list[Any]) -> list[LoadPlan]:
    senders, receivers = members[:options.senders], members[options.senders:]
    targets = tuple(m.fingerprint for m in receivers)
    workers = max(1, options.processes)
    backlog = options.backlog or 2 * options.receivers
    return [LoadPlan(server.url, server.key, server.key_id, senders[i::workers],
                     receivers[i::workers], targets, options.seed * 100 + i, options.seconds,
                     options.drain_seconds, options.max_size, backlog=backlog)
            for i in range(workers)]


def _start_workers(plans: list[LoadPlan], shared: Shared, context: Any) -> list[Any]:
    if context is None:
        workers = [threading.Thread(target=run_load, args=(p, shared, i), daemon=True)
                   for i, p in enumerate(plans)]
    else:
        workers = [context.Process(target=run_load, args=(p, shared, i), daemon=True)
                   for i, p in enumerate(plans)]
    for worker in workers:
        worker.start()
    return workers


def _gather(shared: Shared, workers: int, sampler: Sampler, limit: float
            ) -> tuple[dict[str, list[Any]], dict[str, float]]:
    """Read the workers' records; tell them when every sender, then every receiver, is done."""
    done: dict[str, set[int]] = {"sent": set(), "received": set(), "collected": set()}
    records: dict[str, list[Any]] = {"sent": [], "received": [], "collected": [], "errors": []}
    marks: dict[str, float] = {}
    while len(done["collected"]) < workers:
        try:
            phase, index, found, errors = shared.out.get(timeout=max(1.0, limit - time.time()))
        except queue.Empty:
            raise SoakError("the load did not finish in time") from None
        records["errors"] += errors
        for name in (done if phase == "crashed" else (phase,)):
            done[name].add(index)
        if phase != "crashed":
            records[phase] += found
        if len(done["sent"]) == workers and not shared.senders_done.is_set():
            marks["senders_done"] = sampler.now()
            shared.senders_done.set()
        if len(done["received"]) == workers and not shared.receivers_done.is_set():
            marks["receivers_done"] = sampler.now()
            shared.receivers_done.set()
    marks["collected"] = sampler.now()
    return records, marks


def run_soak(options: SoakOptions, workdir: Path, database_url: str | None) -> dict[str, Any]:
    """One complete run against one database; returns every figure and the verdict."""
    with relay_process(workdir / "relay-data", database_url, options.max_size) as server:
        members = enrol_members(server, options.senders + options.receivers, workdir)
        shared, context = _shared(options.processes)
        plans = _plans(options, server, members)
        workers = _start_workers(plans, shared, context)
        sampler = Sampler(server.pid)
        sampler.start()
        time.sleep(options.settle_seconds)
        before = sample_process(server.pid, sampler.now())
        load_avg = os.getloadavg()
        start = sampler.now()
        shared.start.set()
        limit = time.time() + options.seconds + options.drain_seconds + 600
        records, marks = _gather(shared, len(workers), sampler, limit)
        for worker in workers:
            worker.join(timeout=60)
        time.sleep(options.settle_seconds)  # the clients' connections closed; the relay settles
        after = sample_process(server.pid, sampler.now())
        samples = sampler.stop()
        log = relay_log(server.log_path)
    return _results(options, records, marks, start, samples, before, after, log, load_avg,
                    "postgresql" if database_url else "sqlite")


def _results(options: SoakOptions, records: dict[str, list[Any]], marks: dict[str, float],
             start: float, samples: list[Any], before: Any, after: Any, log: dict[str, Any],
             load_avg: tuple[float, float, float], database: str) -> dict[str, Any]:
    sent, received = records["sent"], records["received"]
    verdict = judge(sent, received, records["collected"])
    sending = marks["senders_done"] - start
    receiving = marks["receivers_done"] - start
    sent_bytes, received_bytes = sum(s.size for s in sent), sum(r.size for r in received)
    committed = {s.envelope_id: s.committed_at for s in sent}
    delays = [r.finished_at - committed[r.envelope_id] for r in received
              if r.envelope_id in committed]
    return {
        "database": database, "options": options.__dict__, "load_average_at_start": load_avg,
        "verdict": verdict.summary(), "ok": verdict.ok,
        "examples": {k: getattr(verdict, k)[:5] for k in ("lost", "duplicated", "unexpected",
                                                          "corrupted", "proofs_missing")},
        "envelopes_sent": len(sent), "envelopes_received": len(received),
        "chunked_sent": sum(1 for s in sent if s.path == "chunked"),
        "bytes_sent": sent_bytes, "bytes_received": received_bytes,
        "largest": max((s.size for s in sent), default=0),
        "sending_seconds": sending, "receiving_seconds": receiving,
        "collecting_seconds": marks["collected"] - marks["receivers_done"],
        "send_rate": len(sent) / sending, "send_mb_s": sent_bytes / sending / MB,
        "receive_rate": len(received) / receiving, "receive_mb_s": received_bytes / receiving / MB,
        "latency_send": percentiles([s.seconds for s in sent]),
        "latency_send_single": percentiles([s.seconds for s in sent if s.path == "single"]),
        "latency_send_chunked": percentiles([s.seconds for s in sent if s.path == "chunked"]),
        "latency_download": percentiles([r.download_seconds for r in received]),
        "latency_receive": percentiles([r.receive_seconds for r in received]),
        "delivery_delay": percentiles(delays),
        "client_errors": client_errors(records["errors"]), "relay_log": log,
        "memory": memory(samples, start, marks["senders_done"]),
        "memory_drain": memory(samples, start, marks["receivers_done"]),
        "fds": {"before": before.fds, "after": after.fds, "max": max(s.fds for s in samples)},
        "rss_idle": {"before_mib": before.rss / 2**20, "after_mib": after.rss / 2**20,
                     "vmhwm_mib": after.hwm / 2**20},
        "samples": [(round(s.t, 1), s.rss, s.hwm, s.fds, s.anon, s.threads) for s in samples],
    }


def passed(result: dict[str, Any]) -> bool:
    log = result["relay_log"]
    return (result["ok"] and not result["client_errors"] and not log["server_errors"]
            and not log["client_errors"] and not log["exceptions"])


def _databases(args: argparse.Namespace) -> list[str]:
    return ["sqlite", "postgres"] if args.db == "both" else [args.db]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=3.0, help="of sending, per database")
    parser.add_argument("--senders", type=int, default=8)
    parser.add_argument("--receivers", type=int, default=8)
    parser.add_argument("--processes", type=int, default=2,
                        help="load processes (0: threads of this process)")
    parser.add_argument("--max-size", type=parse_size, default=16 << 20)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--database", help="a PostgreSQL URL to use instead of a private one")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--backlog", type=int, default=0,
                        help="envelope-recipient pairs in transit at most (default: 2 per "
                             "receiver); senders wait beyond it")
    parser.add_argument("--keep", action="store_true", help="keep bench/out/relay_soak-*")
    args = parser.parse_args(argv)
    if args.senders < 1 or args.receivers < 2 or args.processes < 0 or args.minutes <= 0:
        parser.error("at least 1 sender, 2 receivers, a positive duration")
    options = SoakOptions(args.minutes * 60, args.senders, args.receivers, args.processes,
                          args.max_size, args.seed, args.backlog)
    workdir = make_workdir("relay_soak")
    results = []
    try:
        for database in _databases(args):
            (workdir / database).mkdir()
            with (private_postgres() if database == "postgres" and not args.database
                  else nullcontext(args.database if database == "postgres" else None)) as url:
                results.append(run_soak(options, workdir / database, url))
            print_report(results[-1], passed(results[-1]))
    except SoakError as exc:
        print(f"relay_soak: {exc}", file=sys.stderr)
        return 2
    finally:
        if not args.keep:
            remove_tree(workdir)
    path = save_json("relay_soak", {"machine": machine_info(), "args": vars(args),
                                    "results": results})
    print(f"saved {path}")
    return 0 if all(passed(r) for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
