#!/usr/bin/env python3
"""Sealed files against `age`: seal and open one large file, in the same run, on the same disk.

    .venv/bin/python bench/seal.py [--size 1G] [--repeat 3] [--keep] [--nice N] [--targets-only]
    make bench            (every bench/*.py)       make bench-seal      (this one)

Every measured operation is a separate process started the way a user would start it: ours is
the real `scelle` command line of this checkout (`.venv/bin/scelle`, interpreter start-up,
imports and key loading included), the reference is `/usr/bin/age` 1.1.1. Each run's wall time,
CPU time and peak resident memory come from `os.wait4`.

Like for like: the same random input file, read once beforehand so that it is in the page cache
for everyone; outputs in the same folder under bench/out/; `sync` before every run so that no run
pays for the write-back of the previous one's output; the runs of ours and of age alternate
(and the order flips every repetition), and the medians are compared. Our modules' bytecode is
compiled once before the runs, as in an installed Scellé. Both tools encrypt to two
X25519 recipients (a sealed file is addressed to the recipient and to the sender). The
identities are stored without passphrase (as age's key files), so no scrypt cost is measured.

`scelle` makes its outputs durable (fsync of the file and its folder before it gets its name)
and `age` does not, so each age run is followed by an fsync of its output and folder, timed
apart: every row compares ours with age "durable" (age then the fsync) and with age "in the page
cache" (age alone), from the same runs. A sealed file is also signed and hashed (SHA-256 of the
content), which `age` does not do. CPU seconds per GiB (user + system of every thread, from
wait4) are reported for both: on a loaded machine they move far less than wall times. Debian's age 1.1.1 has no
post-quantum keys, so hybrid sealing is compared with `age -e` to X25519 keys.
"""

from __future__ import annotations

import argparse
import filecmp
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402 - bench/ is not a package
    AGE,
    AGE_KEYGEN,
    SCELLE,
    RSS_METHOD,
    MiB,
    BenchError,
    Sample,
    adjust_priority,
    busy_warning,
    compile_bytecode_once,
    cpu_per_gib,
    format_size,
    machine_info,
    make_workdir,
    median,
    parse_size,
    print_table,
    remove_tree,
    run_measured,
    run_then_sync,
    save_json,
    settle,
    sha256_alone_argv,
    throughput,
    warm,
    write_random_file,
)

NO_FSYNC = [sys.executable, str(Path(__file__).resolve().with_name("_nofsync.py"))]
RSS_LIMIT = 64 * MiB
# SHA-256 alone (sha256_alone_argv): the signature of a sealed file covers SHA-256(content),
# so neither sealing nor opening can beat it on a given machine.
FLOOR_LABEL = "SHA-256 of the input alone"

Argv = list[str]


@dataclass(frozen=True)
class Target:
    """Minimum ratios ours/age: against age then fsync, and against age alone."""

    durable: float
    cache: float


SEAL_TARGET = Target(durable=0.9, cache=0.6)
OPEN_TARGET = Target(durable=1.0, cache=0.7)


@dataclass
class Operation:
    """One row of the table: our command and age's, what to clean before each, the target."""

    label: str
    ours: Argv
    theirs: str  # key of the reference operation in `Bench.reference`
    target: Target | None  # None: reported only
    clean: list[Path]  # outputs removed (untimed) before every run of ours
    samples: list[Sample] = field(default_factory=list)


@dataclass
class Reference:
    argv: Argv
    output: Path  # fsynced after each run (timed apart: Sample.sync)
    samples: list[Sample] = field(default_factory=list)


@dataclass
class Bench:
    work: Path
    size: int
    reference: dict[str, Reference]
    operations: list[Operation]
    check: Callable[[], None]


def _run(argv: Argv, clean: list[Path]) -> Sample:
    for path in clean:
        remove_tree(path)
    settle()
    return run_measured(argv)


def _run_reference(ref: Reference) -> Sample:
    remove_tree(ref.output)
    settle()
    return run_then_sync(ref.argv, ref.output)


def _keys(work: Path) -> tuple[list[str], Path]:
    """Two age X25519 key pairs (age is given two recipients, like a sealed file)."""
    recipients = []
    for name in ("key1.txt", "key2.txt"):
        run_measured([AGE_KEYGEN, "-o", work / name])
        line = next(x for x in (work / name).read_text().splitlines()
                    if x.startswith("# public key: "))
        recipients.append(line.removeprefix("# public key: "))
    return recipients, work / "key1.txt"


def _identities(work: Path) -> None:
    for who in ("sender", "recipient"):
        run_measured([SCELLE, "id", "new", "--name", f"Bench {who}", "--unprotected",
                      "-o", work / f"{who}.id"])
        run_measured([SCELLE, "id", "card", work / f"{who}.id", "-o", work / f"{who}.card.json"])


def _seal_argv(w: Path, out: Path, classic: bool, scelle: Argv | None = None) -> Argv:
    return [*(scelle or [str(SCELLE)]), "seal", "--identity", str(w / "sender.id"), "--to",
            str(w / "recipient.card.json"), *(["--classic"] if classic else []),
            "-o", str(out), str(w / "input.bin")]


def _open_argv(w: Path, scelle: Argv | None = None) -> Argv:
    return [*(scelle or [str(SCELLE)]), "open", "--identity", str(w / "recipient.id"), "--from",
            str(w / "sender.card.json"), "-o", str(w / "opened"), str(w / "sealed.scelle")]


def _extra_operations(w: Path, r_args: list[str], key: Path) -> list[Operation]:
    """Rows that explain the figures: what durability costs, the age layer alone, the hash."""
    return [
        Operation("what-if: seal X25519, no fsync", _seal_argv(w, w / "out.scelle", True,
                  NO_FSYNC), "enc", None, [w / "out.scelle"]),
        Operation("what-if: open, no fsync", _open_argv(w, NO_FSYNC), "dec", None,
                  [w / "opened", w / "recipient.id.seen"]),
        Operation("age layer: scelle age encrypt", [str(SCELLE), "age", "encrypt", *r_args,
                  "-o", str(w / "out.age"), str(w / "input.bin")], "enc", None,
                  [w / "out.age"]),
        Operation("age layer: scelle age decrypt", [str(SCELLE), "age", "decrypt", "-i",
                  str(key), "-o", str(w / "out.bin"), str(w / "input.age")], "dec", None,
                  [w / "out.bin"]),
        Operation(FLOOR_LABEL, sha256_alone_argv(w / "input.bin"), "enc", None, []),
    ]


def prepare(work: Path, size: int, extras: bool) -> Bench:
    """Input, keys, and one sealed file and one age file to open (all untimed)."""
    print(f"preparing {format_size(size)} of random input in {work} …", flush=True)
    write_random_file(work / "input.bin", size)
    recipients, key = _keys(work)
    r_args = [a for r in recipients for a in ("-r", r)]
    w = work
    with compile_bytecode_once(work):  # these first runs leave the bytecode for the others
        _identities(work)
        run_measured([*_seal_argv(w, w / "sealed.scelle", classic=True)])
        run_measured(_open_argv(w))
        remove_tree(w / "opened")
        remove_tree(w / "recipient.id.seen")
    run_measured([AGE, "-e", *r_args, "-o", w / "input.age", w / "input.bin"])
    reference = {
        "enc": Reference([str(AGE), "-e", *r_args, "-o", str(w / "age-out.age"),
                          str(w / "input.bin")], w / "age-out.age"),
        "dec": Reference([str(AGE), "-d", "-i", str(key), "-o", str(w / "age-out.bin"),
                          str(w / "input.age")], w / "age-out.bin"),
    }
    operations = [
        Operation("seal, X25519 (--classic)", _seal_argv(w, w / "out.scelle", True), "enc",
                  SEAL_TARGET, [w / "out.scelle"]),
        Operation("seal, hybrid (default)", _seal_argv(w, w / "out.scelle", False), "enc",
                  SEAL_TARGET, [w / "out.scelle"]),
        Operation("open (decrypt + verify)", _open_argv(w), "dec", OPEN_TARGET,
                  [w / "opened", w / "recipient.id.seen"]),
    ]
    if extras:
        operations += _extra_operations(w, r_args, key)
    return Bench(work, size, reference, operations, lambda: _check_outputs(w))


def _check_outputs(w: Path) -> None:
    """The figures mean nothing if the round trip is wrong: compare the opened file."""
    if not filecmp.cmp(w / "input.bin", w / "opened" / "input.bin", shallow=False):
        raise BenchError("the opened file differs from the input")


def measure(bench: Bench, repeat: int) -> None:
    """Alternate age and ours; flip the order every repetition to cancel any drift."""
    warm(bench.work / "input.bin")
    warm(bench.work / "input.age")
    warm(bench.work / "sealed.scelle")
    for rep in range(repeat):
        for key in ("enc", "dec"):
            ref = bench.reference[key]
            ours = [op for op in bench.operations if op.theirs == key]
            steps: list[Callable[[], None]] = [lambda r=ref: r.samples.append(
                _run_reference(r))]
            steps += [lambda o=op: o.samples.append(_run(o.ours, o.clean)) for op in ours]
            for step in (steps if rep % 2 == 0 else steps[::-1]):
                step()
        print(f"repetition {rep + 1}/{repeat} done", flush=True)
    bench.check()


def _mbs(size: int, walls: list[float]) -> float:
    return throughput(size, median(walls))


def _rss(samples: list[Sample]) -> int:
    return max(s.peak_rss for s in samples)


def _met(target: Target | None, durable: float, cache: float) -> bool | None:
    return None if target is None else durable >= target.durable and cache >= target.cache


def summarise(bench: Bench) -> list[dict[str, object]]:
    rows = []
    for op in bench.operations:
        ref = bench.reference[op.theirs].samples
        ours_mbs = _mbs(bench.size, [s.wall for s in op.samples])
        cache_mbs = _mbs(bench.size, [s.wall for s in ref])
        durable_mbs = _mbs(bench.size, [s.durable_wall for s in ref])
        ratio_durable, ratio_cache = ours_mbs / durable_mbs, ours_mbs / cache_mbs
        rows.append({
            "operation": op.label, "ours_mb_s": ours_mbs, "age_mb_s": cache_mbs,
            "age_durable_mb_s": durable_mbs, "ratio_durable": ratio_durable,
            "ratio_cache": ratio_cache,
            "target": None if op.target is None else vars(op.target),
            "met": _met(op.target, ratio_durable, ratio_cache),
            "ours_peak_rss": _rss(op.samples), "age_peak_rss": _rss(ref),
            "ours_cpu_s_per_gib": cpu_per_gib(op.samples, bench.size),
            "age_cpu_s_per_gib": cpu_per_gib(ref, bench.size),
            "ours_samples": op.samples, "age_samples": ref, "command": op.ours,
            "reference_command": bench.reference[op.theirs].argv,
        })
    return rows


def _target_text(row: dict[str, object]) -> str:
    target = row["target"]
    if not isinstance(target, dict):
        return "(info)"
    return (f"≥{target['durable']:.1f}× / ≥{target['cache']:.1f}× "
            f"{'yes' if row['met'] else 'NO'}")


def _cells(row: dict[str, object]) -> list[str]:
    def num(key: str, fmt: str) -> str:
        return format(float(row[key]), fmt)  # type: ignore[arg-type]

    rss = f"{int(row['ours_peak_rss']) / MiB:.1f}"  # type: ignore[call-overload]
    if row["operation"] == FLOOR_LABEL:  # compared with both age commands below the table
        return [str(row["operation"]), num("ours_mb_s", ".0f"), "-", "-", "-", "-",
                "(ceiling)", num("ours_cpu_s_per_gib", ".2f"), "-", rss, "-"]
    return [str(row["operation"]), num("ours_mb_s", ".0f"), num("age_durable_mb_s", ".0f"),
            num("age_mb_s", ".0f"), num("ratio_durable", ".2f") + "×",
            num("ratio_cache", ".2f") + "×", _target_text(row),
            num("ours_cpu_s_per_gib", ".2f"), num("age_cpu_s_per_gib", ".2f"), rss,
            f"{int(row['age_peak_rss']) / MiB:.1f}"]  # type: ignore[call-overload]


def _print_ceiling(rows: list[dict[str, object]]) -> None:
    floor = next((r for r in rows if r["operation"] == FLOOR_LABEL), None)
    if floor is None:
        return
    enc = next(float(r["age_mb_s"]) for r in rows if "seal" in str(r["operation"]))  # type: ignore
    dec = next(float(r["age_mb_s"]) for r in rows if "open" in str(r["operation"]))  # type: ignore
    mbs = float(floor["ours_mb_s"])  # type: ignore[arg-type]
    print(f"SHA-256 alone runs at {mbs:.0f} MB/s = {mbs / enc:.2f}× age -e and "
          f"{mbs / dec:.2f}× age -d (in the page cache): the most sealing and opening (whose "
          "signature covers SHA-256 of the content) could reach with the hash on one core "
          "and nothing else to do.")


def report(bench: Bench, rows: list[dict[str, object]], repeat: int) -> bool:
    """Print the table; True if every target (throughput and memory) is met."""
    print(f"\n{format_size(bench.size)}, median of {repeat} runs each, wall time including "
          "process start-up; MB/s = 10^6 bytes/s of plaintext\n")
    print_table(["operation", "MB/s ours", "age+fsync", "age", "× durable", "× cache",
                 "target durable / cache", "CPU s/GiB ours", "CPU s/GiB age", "RSS MiB ours",
                 "RSS MiB age"], [_cells(r) for r in rows])
    print()
    _print_ceiling(rows)
    peak = max(int(r["ours_peak_rss"]) for r in rows  # type: ignore[call-overload]
               if r["operation"] != FLOOR_LABEL)
    memory_ok = peak <= RSS_LIMIT
    print(f"peak resident memory of ours: {peak / MiB:.1f} MiB (target ≤ 64 MiB: "
          f"{'yes' if memory_ok else 'NO'})")
    print("ours = .venv/bin/scelle (durable: fsync before the output gets its name, as "
          "shipped); age = /usr/bin/age alone (output left in the page cache); age+fsync = "
          "the same runs followed by an fsync of the output and its folder (× durable)")
    print("CPU s/GiB = user + system seconds of every thread per GiB of input (median): "
          "what a loaded machine exposes")
    print(f"peak memory measured with {RSS_METHOD}")
    warning = busy_warning(machine_info()["cores"])  # type: ignore[arg-type]
    if warning:
        print(warning)
    return memory_ok and all(r["met"] is not False for r in rows)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Seal and open a large file with scelle and with "
                                "age, and compare (see docs/performance.md).")
    p.add_argument("--size", type=parse_size, default=parse_size("1G"),
                   help="input size, e.g. 1G (default), 256M")
    p.add_argument("--repeat", type=int, default=3, help="runs of each command (default 3)")
    p.add_argument("--keep", action="store_true",
                   help="keep the working folder under bench/out/ (inputs, keys, outputs)")
    p.add_argument("--nice", type=int, default=0, metavar="N",
                   help="adjust the priority of every measured command (ours and age alike), "
                   "e.g. -10 on a busy shared machine (negative values need root)")
    p.add_argument("--targets-only", dest="extras", action="store_false",
                   help="only the rows with a target: skip the what-if without fsync, the "
                   "age layer alone and SHA-256 alone")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    for tool in (AGE, AGE_KEYGEN, SCELLE):
        if not tool.exists():
            print(f"bench/seal.py: {tool} is missing (make bootstrap installs it)",
                  file=sys.stderr)
            return 2
    adjust_priority(args.nice)
    work = make_workdir("seal")
    try:
        bench = prepare(work, args.size, args.extras)
        before = machine_info()
        measure(bench, args.repeat)
        rows = summarise(bench)
        ok = report(bench, rows, args.repeat)
        path = save_json("seal", {"size": args.size, "repeat": args.repeat, "nice": args.nice,
                                  "machine_before": before, "machine_after": machine_info(),
                                  "rss_method": RSS_METHOD, "rows": rows,
                                  "all_targets_met": ok})
        print(f"results saved in {path}")
    finally:
        if args.keep:
            print(f"working folder kept: {work}")
        else:
            remove_tree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
