"""Runs every fuzz target (or those named) for a set time and prints a summary table.

    python fuzz/run.py [--seconds 60] [TARGET ...]

Each target fuzzes its corpus folder fuzz/corpus/<target>/ (made by fuzz/make_corpus.py when
missing; libFuzzer adds what it finds there), one target after the other on one core, under
`nice`. A crash leaves its input in fuzz/crashes/<target>-crash-<hash> and makes the run fail:
add the input to tests/fuzz/regressions/<target>/ once the parser is fixed.

The table gives, per target: the seconds run, the executions (libFuzzer's `#N DONE`), the
executions per second, the coverage (`cov:`, the edges of our code reached; instrumented
modules are crypto, storage, app and relay only) and the corpus size at the end.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGETS_DIR = HERE / "targets"
MAX_LEN = 200_000
_STATS = re.compile(r"#(\d+)\s+(?:DONE|pulse|NEW|REDUCE|INITED)\s+cov: (\d+) ft: (\d+) "
                    r"corp: (\d+)/")


@dataclass
class Result:
    target: str
    seconds: float
    runs: int
    cov: int
    corpus: int
    crashed: bool
    output: str

    @property
    def per_second(self) -> float:
        return self.runs / self.seconds if self.seconds else 0.0


def all_targets() -> list[str]:
    return sorted(p.stem for p in TARGETS_DIR.glob("*.py") if not p.stem.startswith("_"))


def command(target: str, corpus: list[Path], options: list[str]) -> list[str]:
    """The libFuzzer command line of one target (new inputs go to the first corpus folder)."""
    return [sys.executable, str(TARGETS_DIR / f"{target}.py"), f"-max_len={MAX_LEN}",
            "-rss_limit_mb=4096", *options, *[str(c) for c in corpus]]


def parse(target: str, output: str, seconds: float, returncode: int) -> Result:
    stats = _STATS.findall(output)
    runs, cov, _ft, corpus = (int(x) for x in stats[-1]) if stats else (0, 0, 0, 0)
    crashed = returncode != 0 or "Uncaught Python exception" in output
    return Result(target, seconds, runs, cov, corpus, crashed, output)


def run_target(target: str, seconds: int, crashes: Path) -> Result:
    corpus = HERE / "corpus" / target
    if not corpus.is_dir():
        subprocess.run([sys.executable, str(HERE / "make_corpus.py")], check=True)
    crashes.mkdir(parents=True, exist_ok=True)
    options = [f"-max_total_time={seconds}", f"-artifact_prefix={crashes / target}-",
               "-print_final_stats=1"]
    start = time.monotonic()
    # libFuzzer ends the process without Python's exit handlers: what a target makes in its
    # temporary folder (the relay target's data and keys) is removed here.
    with tempfile.TemporaryDirectory(prefix=f"scelle-fuzz-{target}-") as scratch:
        done = subprocess.run(["nice", "-n", "10", *command(target, [corpus], options)],
                              capture_output=True, text=True, errors="replace",
                              env={**os.environ, "TMPDIR": scratch})
    return parse(target, done.stderr + done.stdout, time.monotonic() - start, done.returncode)


def table(results: list[Result]) -> str:
    lines = ["| target | seconds | executions | exec/s | cov | corpus | crash |",
             "|---|---:|---:|---:|---:|---:|---|"]
    for r in results:
        lines.append(f"| {r.target} | {r.seconds:.0f} | {r.runs} | {r.per_second:.0f} | "
                     f"{r.cov} | {r.corpus} | {'CRASH' if r.crashed else 'none'} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("FUZZ_SECONDS", 60)))
    parser.add_argument("targets", nargs="*", default=all_targets())
    args = parser.parse_args()
    crashes = HERE / "crashes"
    results = []
    for target in args.targets:
        print(f"fuzzing {target} for {args.seconds} s…", flush=True)
        result = run_target(target, args.seconds, crashes)
        if result.crashed:
            print(result.output[-4000:], file=sys.stderr)
        results.append(result)
    print(table(results))
    return 1 if any(r.crashed for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
