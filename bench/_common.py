"""Helpers shared by the benchmarks in bench/ (not tests: nothing here asserts a timing).

A benchmark runs every measured operation as its own process, the way a user would, and reads
the child's wall time, CPU time and peak resident memory with `os.wait4`. Inputs and outputs
live in a temporary folder under bench/out/ (git-ignored), so ours and the reference tool use
the same file system. Results are printed as a table and saved as JSON in bench/out/.
"""

from __future__ import annotations

import dataclasses
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"
# The commands every benchmark compares: Debian's age and our own console script.
AGE = Path("/usr/bin/age")
AGE_KEYGEN = Path("/usr/bin/age-keygen")
SCELLE = Path(sys.executable).with_name("scelle")
MiB = 1024 * 1024
MB = 1_000_000  # throughputs are in MB/s (10^6), as `dd` and most tools print them


def sha256_alone_argv(path: Path) -> list[str]:
    """A process that does nothing but SHA-256 of `path` (read in 1 MiB blocks): the ceiling
    for anything that must hash every byte once, measured the way our commands are."""
    program = ("import hashlib, sys\n"
               "h = hashlib.sha256(); b = bytearray(1 << 20); v = memoryview(b)\n"
               "with open(sys.argv[1], 'rb', buffering=0) as f:\n"
               "    while n := f.readinto(b):\n"
               "        h.update(v[:n])\n")
    return [sys.executable, "-I", "-c", program, str(path)]


class BenchError(RuntimeError):
    """A measured command failed: the benchmark stops rather than report a wrong figure."""


@dataclass(frozen=True)
class Sample:
    """One run of one command."""

    wall: float  # seconds, from just before the fork to the child's exit (start-up included)
    user: float  # CPU seconds in user mode, all the child's threads
    system: float  # CPU seconds in the kernel
    peak_rss: int  # bytes: the child's maximum resident set size
    # Seconds spent after the child's exit making its output durable (fsync of the file and
    # of its folder): set for the reference tool, which leaves its output in the page cache.
    sync: float = 0.0

    @property
    def cpu(self) -> float:
        """User + system CPU seconds of every thread of the command."""
        return self.user + self.system

    @property
    def durable_wall(self) -> float:
        """The wall time of the command followed by making its output durable."""
        return self.wall + self.sync


def parse_size(text: str) -> int:
    """'1G', '256M', '64k' or a byte count (binary units: 1G = 2^30)."""
    match = re.fullmatch(r"\s*(\d+)\s*([kKmMgG]?)(i?[bB])?\s*", text)
    if not match:
        raise ValueError(f"not a size: {text!r} (examples: 1G, 256M, 1048576)")
    shift = {"": 0, "k": 10, "m": 20, "g": 30}[match.group(2).lower()]
    return int(match.group(1)) << shift


def format_size(size: int) -> str:
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if size >= 1 << shift and size % (1 << shift) == 0:
            return f"{size >> shift} {unit}"
    return f"{size} B"


def _maxrss_bytes(value: int) -> int:
    # Linux reports ru_maxrss in KiB, macOS in bytes.
    return value if sys.platform == "darwin" else value * 1024


# A child's ru_maxrss is not its own peak alone: the kernel carries the high-water mark of the
# address space it replaced at exec, i.e. of the process that forked it (this benchmark, some
# tens of MiB). A small intermediary that forks the command and reports its peak (GNU time,
# about 1 MiB itself) gives the command's real figure. Without it, the peak reported is an
# upper bound and is flagged as such.
GNU_TIME = Path("/usr/bin/time")


def _gnu_time() -> Path | None:
    try:
        probe = subprocess.run([GNU_TIME, "--version"], capture_output=True, timeout=10)
    except OSError:
        return None
    return GNU_TIME if b"GNU" in probe.stdout + probe.stderr else None


RSS_TOOL = _gnu_time()
RSS_METHOD = ("GNU time (%M) as the intermediary, CPU and wall time from os.wait4" if RSS_TOOL
              else "os.wait4 only: peaks include this benchmark's own memory (upper bounds)")


def run_measured(argv: Sequence[str | os.PathLike[str]], *, cwd: Path | None = None,
                 env: dict[str, str] | None = None) -> Sample:
    """Run `argv` to completion (no terminal: stdin from /dev/null) and measure it.

    Standard output is discarded and standard error kept for the error message, both in files
    so that a chatty child never blocks on a pipe while it is being timed.
    """
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile() as rss:
        command = [os.fspath(a) for a in argv]
        if RSS_TOOL is not None:
            command = [str(RSS_TOOL), "-f", "%M", "-o", rss.name, *command]
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=err)
        # wait4 rather than proc.wait(): it returns the rusage of this child and of the
        # children it waited for (the command, when GNU time is in between).
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            message = err.read().decode(errors="replace").strip()
            raise BenchError(f"{Path(os.fspath(argv[0])).name} exited with status "
                             f"{proc.returncode}: {message}")
        peak = _maxrss_bytes(usage.ru_maxrss)
        if RSS_TOOL is not None:
            peak = int(Path(rss.name).read_text().split()[-1]) * 1024
    return Sample(wall, usage.ru_utime, usage.ru_stime, peak)


def run_then_sync(argv: Sequence[str | os.PathLike[str]], output: Path) -> Sample:
    """`run_measured(argv)`, then fsync `output` (a file, or a folder and the files in it) and
    its parent folder, timed apart: the reference tool's figures "in the page cache" (its own
    wall time) and "durable" (`Sample.durable_wall`, what `tool && sync` costs) from one run.

    Only the output is synced, not the whole machine (`sync` would also wait for what other
    processes wrote), the same files our commands fsync before they give their output a name.
    """
    sample = run_measured(argv)
    start = time.perf_counter()
    files = sorted(output.iterdir()) if output.is_dir() else [output]
    for path in [*files, output.parent] + ([output] if output.is_dir() else []):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    return dataclasses.replace(sample, sync=time.perf_counter() - start)


def cpu_per_gib(samples: Sequence[Sample], size: int) -> float:
    """Median CPU seconds (user + system, every thread) per GiB of input: what a loaded
    machine exposes, and nearly insensitive to the load itself."""
    return median([s.cpu for s in samples]) * (1 << 30) / size


@contextmanager
def compile_bytecode_once(work: Path) -> Iterator[None]:
    """For the block's duration, Python writes the bytecode it compiles under `work/pycache`,
    and later processes (started after the block, with PYTHONPYCACHEPREFIX still set) read it.

    An installed Scellé has its bytecode compiled; with PYTHONDONTWRITEBYTECODE set, as in
    this project's shells, nothing was ever cached and every measured `scelle` process would
    first compile its modules from source (0.1 to 0.5 s of CPU in each figure). Run the
    untimed warm-up commands inside the block. Nothing is written in the source tree; the code
    measured is still the code on the import path.
    """
    os.environ["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    saved = os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ["PYTHONDONTWRITEBYTECODE"] = saved


def make_workdir(name: str) -> Path:
    """A fresh folder under bench/out/: the same disk for every tool measured."""
    OUT_DIR.mkdir(exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{name}-", dir=OUT_DIR))


def remove_tree(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def write_random_file(path: Path, size: int) -> None:
    """Incompressible input (a file system or disk that compresses would flatter zeros)."""
    block = 4 * MiB
    with open(path, "wb") as out:
        left = size
        while left:
            out.write(os.urandom(min(block, left)))
            left -= min(block, left)
        out.flush()
        os.fsync(out.fileno())


def warm(path: Path) -> None:
    """Read a file once so that every run finds it in the page cache."""
    with open(path, "rb", buffering=0) as src:
        buffer = bytearray(4 * MiB)
        while src.readinto(buffer):
            pass


def settle() -> None:
    """Flush dirty pages before a measured run, so no run pays for the previous one's writes.

    `age` leaves its output in the page cache for the kernel to write later: without this,
    whichever tool runs next would compete with that write-back.
    """
    if hasattr(os, "sync"):
        os.sync()
    time.sleep(0.5)


def adjust_priority(increment: int) -> None:
    """Change this process's niceness (inherited by every command measured after it).

    On a shared machine, a negative increment (root only) lets the measured commands, ours and
    the reference alike, take the CPU from background jobs, which makes figures less noisy.
    """
    if not increment:
        return
    try:
        os.nice(increment)
    except (PermissionError, AttributeError) as exc:
        raise BenchError(f"cannot change the priority by {increment} here ({exc}); "
                         "a negative --nice needs root") from None


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def throughput(size: int, seconds: float) -> float:
    """MB/s (10^6 bytes per second)."""
    return size / seconds / MB


def machine_info() -> dict[str, object]:
    """What a reader needs to compare figures between machines."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    return {
        "cpu": model or platform.machine(),
        "cores": os.cpu_count(),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg")
        else None,
        "niceness": os.nice(0) if hasattr(os, "nice") else None,
        "cpu_pressure": _pressure("cpu"),
        "io_pressure": _pressure("io"),
    }


def _pressure(resource: str) -> str | None:
    """Linux pressure-stall figures: the share of time something waited for CPU or I/O."""
    try:
        return Path(f"/proc/pressure/{resource}").read_text().splitlines()[0]
    except (OSError, IndexError):
        return None


def busy_warning(cores: int | None) -> str | None:
    """A warning when other processes were using the machine (figures are then noisier)."""
    if not hasattr(os, "getloadavg") or not cores:
        return None
    load = os.getloadavg()[0]
    if load < 0.5:
        return None
    stall = _pressure("cpu")
    stalled = f" (CPU pressure: {stall.removeprefix('some ')})" if stall else ""
    return (f"note: the 1-minute load average was {load:.2f} on {cores} cores at the end of the "
            f"run{stalled}; other processes were competing for the machine, so figures are "
            "noisier than usual.")


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A plain-text table, first column left-aligned, the others right-aligned."""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        parts = [str(c).ljust(w) if i == 0 else str(c).rjust(w)
                 for i, (c, w) in enumerate(zip(cells, widths))]
        return "  ".join(parts).rstrip()

    print(line(headers))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line(row))


def save_json(name: str, payload: dict[str, object]) -> Path:
    """bench/out/<name>-<time>.json, plus <name>-latest.json for scripts that compare runs."""
    OUT_DIR.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = OUT_DIR / f"{name}-{stamp}.json"
    text = json.dumps(payload, indent=2, sort_keys=True, default=_jsonable) + "\n"
    path.write_text(text)
    (OUT_DIR / f"{name}-latest.json").write_text(text)
    return path


def _jsonable(value: object) -> object:
    if isinstance(value, Sample):
        return asdict(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
