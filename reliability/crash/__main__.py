"""`python -m reliability.crash`: run the kill loop over the chosen operations and print a table
(also written as JSON and Markdown with --report).

Each operation runs `--kills` times, SIGKILL and SIGTERM alternately, killed at a moment drawn
uniformly over its measured uninterrupted duration; the seed is printed so a run can be repeated.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

from reliability.crash.parallel import operations, run
from reliability.crash.runner import OpReport


def cpu_model() -> str:
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    except OSError:
        return platform.processor()
    line = next((ln for ln in out.splitlines() if ln.startswith("Model name")), "")
    return " ".join(line.split(":", 1)[-1].split()) or platform.processor()


def rows(reports: list[OpReport]) -> list[dict[str, object]]:
    table = []
    for report in reports:
        for sig in ("SIGKILL", "SIGTERM"):
            done = [o for o in report.outcomes if o.signal == sig]
            if not done:
                continue
            table.append({
                "operation": report.name, "signal": sig, "kills": len(done),
                "passed": sum(not o.failures for o in done),
                "failed": sum(bool(o.failures) for o in done),
                "ended_before_signal": sum(o.exited_first for o in done),
                "uninterrupted_s": round(report.duration, 2),
                "per_iteration_s": round(sum(o.seconds for o in done) / len(done), 2),
                "failed_iterations": [o.iteration for o in done if o.failures],
            })
    return table


def markdown(table: list[dict[str, object]], seed: int, kills: int, elapsed: float) -> str:
    head = ("| operation | signal | kills | checks passed | failed | ended before the signal "
            "| uninterrupted run (s) | per iteration (s) |\n|---|---|---|---|---|---|---|---|\n")
    body = "".join(f"| {r['operation']} | {r['signal']} | {r['kills']} | {r['passed']} | "
                   f"{r['failed']} | {r['ended_before_signal']} | {r['uninterrupted_s']} | "
                   f"{r['per_iteration_s']} |\n" for r in table)
    return (f"Seed {seed}, {kills} kills per operation, {elapsed / 60:.1f} min in all, "
            f"CPU: {cpu_model()} ({os.cpu_count()} cores).\n\n" + head + body)


def main(argv: list[str] | None = None) -> int:
    known = operations()
    parser = argparse.ArgumentParser(prog="python -m reliability.crash", description=__doc__)
    parser.add_argument("--kills", type=int, default=100, help="kills per operation")
    parser.add_argument("--seed", type=int, default=None, help="default: a random one, printed")
    parser.add_argument("--ops", default=",".join(known),
                        help=f"comma-separated, among: {', '.join(known)}")
    parser.add_argument("--jobs", type=int, default=2, help="operations run side by side")
    parser.add_argument("--minutes", type=float, default=None,
                        help="stop starting kills after this long (counts are reported)")
    parser.add_argument("--report", type=Path, help="write the results (JSON and .md) here")
    parser.add_argument("--keep", action="store_true", help="keep the work folders")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10**9)
    chosen = [name for name in args.ops.split(",") if name]
    unknown = [name for name in chosen if name not in known]
    if unknown:
        parser.error(f"unknown operation(s): {', '.join(unknown)}")
    print(f"crash harness: seed {seed}, {args.kills} kills per operation, "
          f"operations: {', '.join(chosen)}", flush=True)
    started = time.monotonic()
    reports = run(chosen, args.kills, seed, max(1, args.jobs), args.minutes, args.keep)
    table = rows(reports)
    text = markdown(table, seed, args.kills, time.monotonic() - started)
    print(text)
    print(f"rerun: .venv/bin/python -m reliability.crash --seed {seed} --kills {args.kills} "
          f"--ops {','.join(chosen)}")
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(json.dumps({"seed": seed, "kills": args.kills, "rows": table,
                                           "reports": [asdict(r) for r in reports]}, indent=1))
        args.report.with_suffix(".md").write_text(text)
    return 1 if any(r["failed"] for r in table) else 0


if __name__ == "__main__":
    sys.exit(main())
