"""What a deposit costs the requester's browser on the intake page (docs/intake.md,
docs/performance.md).

    .venv/bin/python bench/intake_page.py [--size-mb 50] [--runs 3] [--pow-bits 18]

Debian's Chromium, headless, driven by Playwright, against the relay on loopback (in this
process, SQLite) with an intake point for two hybrid readers. Each run attaches a file of
`--size-mb` random bytes and deposits it; the page's own progress line tells the phases apart
(encryption, proof of work, upload). Reported: each phase's wall time, and the CPU seconds of
every Chromium process (user + system, /proc/<pid>/stat) over the encryption, per GiB: the
figure that moves least with the machine's load. The proof of work uses the relay's default
difficulty (18 bits) unless told otherwise.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from relay.config import Limits  # noqa: E402
from tests.intake_page.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.relay.conftest import World  # noqa: E402
from tests.relay.intake_support import NAME, intake_world  # noqa: E402
from tests.support.relay_server import running_relay  # noqa: E402

MiB = 1024 * 1024
TICKS = os.sysconf("SC_CLK_TCK")
# Records when the page's progress line changes, before any of the page's scripts run.
_PHASES = """
window.__phases = [];
new MutationObserver(() => {
  const el = document.getElementById("progress");
  if (el) window.__phases.push([el.dataset.key || "", performance.now()]);
}).observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
"""


def _chromium_cpu() -> float:
    """CPU seconds of every Chromium process descending from this one."""
    total = 0.0
    me = os.getpid()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            exe = os.readlink(entry / "exe")
        except OSError:
            continue
        if "chromium" in exe and _descends(int(entry.name), me):
            total += (int(stat[11]) + int(stat[12])) / TICKS
    return total


def _descends(pid: int, ancestor: int) -> bool:
    while pid > 1:
        if pid == ancestor:
            return True
        try:
            pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except OSError:
            return False
    return False


def _first(phases: list[list], key: str) -> float:
    return next(t for k, t in phases if k == key)


def _run(page, base: str, upload: Path) -> dict[str, float]:  # noqa: ANN001
    page.goto(f"{base}/depot/{NAME}")
    page.wait_for_selector("#form:not([hidden])")
    page.fill("#subject", "Mesure")
    page.set_input_files("#files", str(upload))
    cpu = _chromium_cpu()
    start = page.evaluate("performance.now()")
    page.click("#submit")
    page.wait_for_selector("[data-key='progress.pow']", timeout=600_000)
    cpu = _chromium_cpu() - cpu
    page.wait_for_selector("#done:not([hidden]), #error:not([hidden])", timeout=600_000)
    if page.is_visible("#error"):
        raise SystemExit("deposit refused: " + page.inner_text("#error"))
    phases = page.evaluate("window.__phases")
    done = page.evaluate("performance.now()")
    pow_start, send = _first(phases, "progress.pow"), _first(phases, "progress.sending")
    return {"encrypt": (pow_start - start) / 1000, "pow": (send - pow_start) / 1000,
            "upload": (done - send) / 1000, "cpu": cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pow-bits", type=int, default=Limits().intake_pow_bits)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, running_relay(
            Path(tmp) / "relay", limits=Limits(intake_pow_bits=args.pow_bits)) as relay:
        orgs = [relay.create_org(n) for n in ("Barreau", "Notaires", "Police")]
        world = World(relay, *orgs, alice=relay.member(orgs[0], "Alice Martin"),
                      carol=relay.member(orgs[0], "Carol Petit"),
                      bob=relay.member(orgs[1], "Bob Durand"),
                      mallory=relay.member(orgs[2], "Mallory Roux"))
        made = intake_world(world, readers=2)
        assert made.publish(made.document(2, max_bytes=100_000_000)).status_code == 200
        upload = Path(tmp) / "piece.bin"
        upload.write_bytes(os.urandom(args.size_mb * MiB))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            results = []
            for _ in range(args.runs):
                page = browser.new_page()
                page.add_init_script(_PHASES)
                results.append(_run(page, relay.base_url, upload))
                page.close()
            browser.close()
    gib = args.size_mb * MiB / (1024 * MiB)
    print(f"intake page, {args.size_mb} MiB attached, 2 hybrid recipients, "
          f"proof of work {args.pow_bits} bits, {args.runs} runs (medians):")
    for key, label in (("encrypt", "encryption"), ("pow", "proof of work"),
                       ("upload", "upload + relay")):
        print(f"  {label:16} {statistics.median(r[key] for r in results):7.2f} s")
    cpu = statistics.median(r["cpu"] for r in results)
    print(f"  encryption: {args.size_mb / statistics.median(r['encrypt'] for r in results):.1f}"
          f" MiB/s, {cpu / gib:.2f} Chromium CPU s per GiB")


if __name__ == "__main__":
    main()
