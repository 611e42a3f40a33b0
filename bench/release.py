"""Signed releases: the cost of signing, of `scelle update verify`, and of the frozen
application's start-up check (docs/releases.md).

    .venv/bin/python bench/release.py [--size 220M] [--exe-size 40M] [--repeat 5]

A release folder of `--size` bytes of incompressible data (a tarball, a package of half its size
and a small SBOM) is signed once, then verified `--repeat` times; an application folder whose
executable has `--exe-size` bytes is signed, and its start-up check (signature of the bundle
manifest + SHA-256 of the executable) is run `--repeat` times. Files are in the page cache for
every measured run (read once before), so the figures are hashing and parsing, not the disk.
Other options given through `make bench BENCH_ARGS=…` are ignored.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from app.policy import Policy  # noqa: E402
from app.updates.installed import check_installation  # noqa: E402
from app.updates.publish import sign_folder  # noqa: E402
from app.updates.verify import verify_release  # noqa: E402
from bench._common import (  # noqa: E402
    busy_warning, format_size, machine_info, make_workdir, median, parse_size, print_table,
    remove_tree, save_json, throughput, warm, write_random_file,
)


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=parse_size, default=parse_size("220M"))
    parser.add_argument("--exe-size", type=parse_size, default=parse_size("40M"))
    parser.add_argument("--repeat", type=int, default=5)
    args, _ignored = parser.parse_known_args()
    key = Ed25519PrivateKey.generate()
    raw = key.public_key().public_bytes_raw()
    work = make_workdir("release")
    try:
        release, bundle = work / "release", work / "bundle"
        release.mkdir()
        bundle.mkdir()
        package = args.size // 2
        files = {"scelle-9.0.0-linux-x86_64.tar.gz": args.size - package - 300 * 1024,
                 "scelle_9.0.0_amd64.deb": package, "scelle-9.0.0.cdx.json": 300 * 1024}
        for name, size in files.items():
            write_random_file(release / name, size)
            warm(release / name)
        write_random_file(bundle / "scelle", args.exe_size)
        warm(bundle / "scelle")
        sign = timed(lambda: sign_folder(release, key, version="9.0.0", kind="release"), 1)
        sign_folder(bundle, key, version="9.0.0", kind="bundle")
        verify = timed(lambda: verify_release(release, policy=Policy(), given_keys=[raw],
                                              running_version="1.0.0"), args.repeat)
        pinned = Policy(update_publisher_keys=(raw,))
        start = timed(lambda: check_installation(pinned, frozen=True, executable=bundle / "scelle",
                                                 running_version="9.0.0"), args.repeat)
    finally:
        remove_tree(work)
    rows = [("sign release", format_size(args.size), f"{sign[0]:.2f} s",
             f"{throughput(args.size, sign[0]):.0f} MB/s"),
            ("update verify", format_size(args.size), f"{median(verify):.2f} s",
             f"{throughput(args.size, median(verify)):.0f} MB/s"),
            ("start-up check", format_size(args.exe_size), f"{median(start) * 1000:.0f} ms",
             f"{throughput(args.exe_size, median(start)):.0f} MB/s")]
    print_table(("operation", "bytes", f"median of {args.repeat}", "throughput"), rows)
    info = machine_info()
    print(f"cpu: {info['cpu']} ({info['cores']} cores)")
    warning = busy_warning(info["cores"])  # type: ignore[arg-type]
    if warning:
        print(warning)
    save_json("release", {"machine": info, "sign_s": sign, "verify_s": verify,
                          "startup_check_s": start, "size": args.size,
                          "exe_size": args.exe_size})
    return 0


if __name__ == "__main__":
    sys.exit(main())
