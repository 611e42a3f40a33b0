#!/usr/bin/env python3
"""The vault: import a large file (against `age -e`), many small files, search, unlock.

    .venv/bin/python bench/vault.py [--size 1G] [--files 10000] [--documents 100000]
                                    [--queries 300] [--repeat 3] [--keep]
    make bench            (every bench/*.py)       make bench-vault      (this one)

What is measured, and how (figures in docs/performance.md, section "Vault"):

* **Large file** (bench/_vault_large.py): `scelle --vault V import input.bin` (1 GiB of random
  bytes) against `age -e -r KEY -o out.age input.bin`, and `scelle --vault V open` of the same
  content sealed to the vault against `age -d`; same input in the page cache, outputs on the same
  disk, `sync` before each run, runs alternated, medians compared, each against age then an
  fsync of its output ("durable") and age alone ("page cache"), with CPU seconds per GiB. Ours
  is a whole process: start-up, unlock (64 MiB Argon2id, one pass, and the SoftHSM2 token),
  encryption, fsync, database commit. "SHA-256 of the input alone" (a `python -c` hashing the
  input with hashlib, same runs): every document's SHA-256 is recorded, so no import hashes less.
  "Fixed cost" (a 1 KiB import, same runs): what every vault process pays whatever the size.
* **Small files**: `scelle --vault V import FOLDER` of 10,000 files of 10 KiB: files per second
  over the whole process.
* **Search**: a vault holding 100,000 documents (bench/_vault_corpus.py writes their rows and
  index directly: search never reads blobs), then `session.search.search(q)`, the call `scelle
  search` makes, timed in process for a fixed list of typical queries: median and p95. One
  `scelle search` process is also timed (start-up and unlock included), with its peak memory.
* **Unlock**: a vault made with the default key derivation (Argon2id 256 MiB, calibrated passes):
  `scelle --vault V ls` on an empty vault minus `scelle --vault V slots` (start-up and header,
  no unlock).

The vaults are opened with a real PKCS#11 token (a SoftHSM2 token made for the run, as in the
tests) and a passphrase file. Peak memory is the process's maximum resident set, measured
around the child by GNU time; it includes the 64 MiB of the KDF, whose buffer is freed before
any import work starts, so a peak under the target includes the KDF and holds without it too.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(1, str(BENCH.parent))

from _vault_large import LargeSetup, bench_large  # noqa: E402 - bench/ is not a package
from _common import (  # noqa: E402 - bench/ is not a package
    AGE,
    AGE_KEYGEN,
    SCELLE,
    RSS_METHOD,
    MiB,
    Sample,
    busy_warning,
    format_size,
    machine_info,
    make_workdir,
    median,
    parse_size,
    print_table,
    remove_tree,
    run_measured,
    save_json,
    settle,
)

# The what-if without durability: bench/_nofsync.py makes os.fsync a no-op; the vault's batch
# sync pass calls syncfs(2) through ctypes, so that is switched off too (the store then falls
# back to os.fsync, the no-op). SQLite's own fsyncs of its WAL remain in both columns.
_NO_SYNC = ("import runpy, sys; sys.path.insert(0, sys.argv[1]); import storage.staging as s; "
            "s._SYNCFS = None; sys.argv = sys.argv[2:]; runpy.run_path(sys.argv[0], "
            "run_name='__main__')")
NO_FSYNC = [sys.executable, "-c", _NO_SYNC, str(BENCH.parent), str(BENCH / "_nofsync.py")]
PASSPHRASE = "phrase de passe du banc d'essai"
TARGETS = {"large": 0.8, "small": 1000.0, "search_p95_ms": 20.0, "rss": 128 * MiB}


@dataclass
class Setup:
    work: Path
    template: Path  # an empty vault (64 MiB KDF), copied before every import run
    unlock: list[str]  # options that open it
    init: list[str]  # `scelle vault init` options for another vault on the same token
    recovery: str = ""


@dataclass
class Results:
    rows: list[dict[str, object]] = field(default_factory=list)

    def add(self, label: str, value: str, target: str, met: bool | None, rss: int | None,
            **details: object) -> None:
        self.rows.append({"measurement": label, "value": value, "target": target, "met": met,
                          "peak_rss": rss, **details})


def _scelle(setup: Setup, vault: Path, *args: str | Path, fsync: bool = True) -> list[str]:
    program = [str(SCELLE)] if fsync else NO_FSYNC
    return [*program, "--vault", str(vault), *setup.unlock, *map(str, args)]


def prepare(work: Path) -> Setup:
    """A SoftHSM2 token with an RSA decryption key, and an empty vault opened by it."""
    from tests.support.softhsm import SOFTHSM_LIB, get_softhsm

    (work / "softhsm").mkdir()
    hsm = get_softhsm(work / "softhsm")  # sets SOFTHSM2_CONF for this process and children
    (work / "passphrase.txt").write_text(PASSPHRASE + "\n")
    (work / "pin.txt").write_text(hsm.user_pin + "\n")
    secrets = ["--passphrase-file", str(work / "passphrase.txt"), "--pin-file",
               str(work / "pin.txt")]
    init = ["--factor", "pkcs11", "--pkcs11-module", SOFTHSM_LIB, "--token-serial",
            hsm.token_serial, "--key-id", hsm.rsa_decrypt.key_id.hex(), *secrets,
            "--name", "Maître Banc d'Essai"]
    setup = Setup(work, work / "template", [*secrets, "--pkcs11-module", SOFTHSM_LIB], init)
    run_measured([SCELLE, "vault", "init", setup.template, *init, "--kdf-memory", "64",
                  "--kdf-passes", "1"])
    return setup


def fresh_vault(setup: Setup, name: str = "run") -> Path:
    target = setup.work / name
    remove_tree(target)
    shutil.copytree(setup.template, target)
    return target


def _timed(argv: list[str], before: list[Path] | None = None) -> Sample:
    for path in before or []:
        remove_tree(path)
    settle()
    return run_measured(argv)


# ---------------------------------------------------------------------------------------------
# many small files


def bench_small(setup: Setup, files: int, file_size: int, repeat: int,
                results: Results) -> None:
    folder = setup.work / "small"
    folder.mkdir()
    print(f"small files: writing {files} files of {format_size(file_size)} …", flush=True)
    for index in range(files):
        (folder / f"piece-{index:05d}.bin").write_bytes(os.urandom(file_size))
    runs: list[Sample] = []
    nofsync: list[Sample] = []
    for rep in range(repeat):
        runs.append(_timed(_scelle(setup, fresh_vault(setup), "import", folder)))
        nofsync.append(_timed(_scelle(setup, fresh_vault(setup), "import", folder,
                                      fsync=False)))
        print(f"  repetition {rep + 1}/{repeat} done", flush=True)
    rate = files / median([s.wall for s in runs])
    rate_nofsync = files / median([s.wall for s in nofsync])
    results.add(f"import {files} files of {format_size(file_size)}", f"{rate:.0f} files/s",
                f"≥ {TARGETS['small']:.0f} files/s", rate >= TARGETS["small"],
                max(s.peak_rss for s in runs), samples=runs, files_per_s=rate)
    results.add("what-if: same, no fsync", f"{rate_nofsync:.0f} files/s", "(info)", None,
                max(s.peak_rss for s in nofsync), samples=nofsync)
    remove_tree(folder)


# ---------------------------------------------------------------------------------------------
# search among many documents


def bench_search(setup: Setup, documents: int, count: int, results: Results) -> None:
    from _vault_corpus import populate, queries

    vault = fresh_vault(setup, "search")
    print(f"search: writing {documents} documents into a vault …", flush=True)
    session = _open(setup, vault)
    try:
        for done in populate(session, documents):
            if done % 20_000 == 0:
                print(f"  {done} documents", flush=True)
        latencies, hits = _query_times(session, queries(count))
    finally:
        session.lock()
    p50, p95 = median(latencies) * 1000, _percentile(latencies, 95) * 1000
    results.add(f"search among {documents} documents", f"median {p50:.1f} ms, p95 {p95:.1f} ms",
                f"p95 ≤ {TARGETS['search_p95_ms']:.0f} ms", p95 <= TARGETS["search_p95_ms"],
                None, median_ms=p50, p95_ms=p95, max_ms=max(latencies) * 1000,
                queries=count, mean_hits=sum(hits) / len(hits))
    process = _timed(_scelle(setup, vault, "search", "--json", "conclusions", "Martin"))
    results.add("one `scelle search` process, start-up included", f"{process.wall:.2f} s",
                "(info)", None, process.peak_rss, sample=process)


def _open(setup: Setup, vault: Path):  # type: ignore[no-untyped-def]
    import argparse as _argparse

    from cli.main import build_parser
    from cli.vault_unlock import unlock

    args = build_parser().parse_args(["--vault", str(vault), *setup.unlock, "ls"])
    assert isinstance(args, _argparse.Namespace)
    return unlock(args)


def _query_times(session: Any, texts: list[str]) -> tuple[list[float], list[int]]:
    for text in texts[:10]:  # warm the page cache of the database, as a session in use has
        session.search.search(text)
    latencies, hits = [], []
    for text in texts:
        start = time.perf_counter()
        found = session.search.search(text)
        latencies.append(time.perf_counter() - start)
        hits.append(len(found))
    return latencies, hits


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


# ---------------------------------------------------------------------------------------------
# unlock with the default key derivation


def bench_unlock(setup: Setup, repeat: int, results: Results) -> None:
    vault = setup.work / "default-kdf"
    print("unlock: making a vault with the default key derivation …", flush=True)
    run_measured([SCELLE, "vault", "init", vault, *setup.init])
    from app.vault import describe_vault

    kdf = describe_vault(vault).kdf
    opened = [_timed(_scelle(setup, vault, "ls")) for _ in range(repeat)]
    baseline = [_timed(_scelle(setup, vault, "slots")) for _ in range(repeat)]
    total, base = median([s.wall for s in opened]), median([s.wall for s in baseline])
    assert kdf is not None
    results.add(f"unlock, Argon2id {kdf.memory_kib // 1024} MiB t={kdf.iterations} "
                f"p={kdf.lanes}", f"{total - base:.2f} s (whole `ls`: {total:.2f} s)",
                "(info)", None, max(s.peak_rss for s in opened), samples=opened,
                baseline=baseline, unlock_s=total - base)


# ---------------------------------------------------------------------------------------------


def report(results: Results) -> bool:
    rows = [[str(r["measurement"]), str(r["value"]), str(r["target"]),
             "-" if r["met"] is None else ("yes" if r["met"] else "NO"),
             "-" if r["peak_rss"] is None else f"{int(r['peak_rss']) / MiB:.0f}"]  # type: ignore
            for r in results.rows]
    print()
    print_table(["measurement", "result", "target", "met", "peak RSS MiB"], rows)
    measured = [int(r["peak_rss"]) for r in results.rows  # type: ignore[call-overload]
                if r["peak_rss"] is not None and "unlock" not in str(r["measurement"])]
    peak = max(measured, default=0)
    memory_ok = peak <= TARGETS["rss"]
    print(f"\npeak resident memory of import and search processes: {peak / MiB:.0f} MiB, KDF "
          f"(64 MiB) included (target ≤ 128 MiB outside the KDF: {'yes' if memory_ok else 'NO'})")
    print(f"peak memory measured with {RSS_METHOD}")
    warning = busy_warning(machine_info()["cores"])  # type: ignore[arg-type]
    if warning:
        print(warning)
    return memory_ok and all(r["met"] is not False for r in results.rows)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Vault benchmark (see docs/performance.md).")
    p.add_argument("--size", type=parse_size, default=parse_size("1G"),
                   help="large file size (default 1G)")
    p.add_argument("--files", type=int, default=10_000, help="small files (default 10000)")
    p.add_argument("--file-size", type=parse_size, default=parse_size("10k"),
                   help="size of each small file (default 10k)")
    p.add_argument("--documents", type=int, default=100_000,
                   help="documents in the search vault (default 100000)")
    p.add_argument("--queries", type=int, default=300, help="search queries timed (default 300)")
    p.add_argument("--repeat", type=int, default=3, help="runs of each command (default 3)")
    p.add_argument("--only", default="large,small,search,unlock",
                   help="comma-separated parts to run (default: all)")
    p.add_argument("--keep", action="store_true", help="keep the working folder in bench/out/")
    return p.parse_args(argv)


def warm_bytecode(setup: Setup) -> None:
    """One untimed import that leaves the bytecode of every module it loads in a cache which
    the measured processes then read (main() points PYTHONPYCACHEPREFIX into the working
    folder). An installed Scellé has its bytecode compiled; with PYTHONDONTWRITEBYTECODE set,
    as in this project's shells, nothing was ever cached and every measured `scelle` process
    first compiled some 130 modules from source (about 0.5 s of CPU in each figure). Nothing
    is written in the source tree; the code measured is still the code on the import path."""
    sample = setup.work / "warm-up"
    sample.mkdir(exist_ok=True)
    (sample / "note.txt").write_bytes(b"warm-up")
    saved = os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    try:
        for fsync in (True, False):
            run_measured(_scelle(setup, fresh_vault(setup, "warm-up-vault"), "import", sample,
                                 fsync=fsync))
    finally:
        if saved is not None:
            os.environ["PYTHONDONTWRITEBYTECODE"] = saved
        remove_tree(setup.work / "warm-up-vault")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    for tool in (AGE, AGE_KEYGEN, SCELLE):
        if not tool.exists():
            print(f"bench/vault.py: {tool} is missing (make bootstrap installs it)",
                  file=sys.stderr)
            return 2
    parts = set(args.only.split(","))
    work = make_workdir("vault")
    results = Results()
    os.environ["PYTHONPYCACHEPREFIX"] = str(work / "pycache")  # see warm_bytecode()
    try:
        setup = prepare(work)
        warm_bytecode(setup)
        before = machine_info()
        if "large" in parts:
            bench_large(LargeSetup(work, args.size,
                                   lambda v, a, fsync: _scelle(setup, v, *a, fsync=fsync),
                                   lambda: fresh_vault(setup), setup.template),
                        args.repeat, results.add)
        if "small" in parts:
            bench_small(setup, args.files, args.file_size, max(1, args.repeat // 3), results)
        if "search" in parts:
            bench_search(setup, args.documents, args.queries, results)
        if "unlock" in parts:
            bench_unlock(setup, args.repeat, results)
        ok = report(results)
        path = save_json("vault", {"args": vars(args), "machine_before": before,
                                   "machine_after": machine_info(), "rss_method": RSS_METHOD,
                                   "rows": results.rows, "all_targets_met": ok})
        print(f"results saved in {path}")
    finally:
        if args.keep:
            print(f"working folder kept: {work}")
        else:
            remove_tree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
