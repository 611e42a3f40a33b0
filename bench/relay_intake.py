"""What an intake deposit costs the relay (docs/relay.md "Intake", docs/performance.md).

    .venv/bin/python bench/relay_intake.py [--size-mb 100] [--runs 3]

A real `scelle-relay serve` process on loopback with SQLite, an organisation, a hybrid member
on its intake group and a published intake document; then `--runs` deposits of `--size-mb`
bytes (an age header and random bytes: the relay only streams, hashes and stores them) by a
client with no account. For each, the wall time and the relay process's CPU seconds (user +
system, every thread, /proc/<pid>/stat), reported per GiB: the second figure barely moves with
the machine's load. The proof of work is set to 8 bits so that the client's search (which the
browser does, not the relay) stays out of the way.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crypto.identity import PrivateIdentity  # noqa: E402
from relay import admin  # noqa: E402
from relay.clock import SystemClock  # noqa: E402
from relay.config import RelayConfig  # noqa: E402
from relay.db import open_database  # noqa: E402
from relay.keys import load_org_key, load_or_create_relay_key  # noqa: E402
from tests.relay.intake_support import NAME, Browser, IntakeWorld  # noqa: E402
from tests.support.relay_process import init_relay, relay_process  # noqa: E402
from tests.support.relay_server import Org, RelayClient  # noqa: E402

MiB = 1024 * 1024
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


class _Server:
    """What tests.relay.intake_support.IntakeWorld needs of a running relay."""

    def __init__(self, url: str, data: Path) -> None:
        self.base_url, self.data = url, data
        self.clock = SystemClock()
        self.db = open_database(RelayConfig(data_dir=data))
        self.relay_key = load_or_create_relay_key(data / "relay-key.pem").public_key() \
            .public_bytes_raw()

    def now(self) -> int:
        return int(time.time())

    def member(self, org: Org, name: str) -> RelayClient:
        identity = PrivateIdentity.generate(name, "avocat", org.name)
        client = RelayClient(self.base_url, identity, self.clock, self.relay_key)  # type: ignore[arg-type]
        code = admin.invite(self.db, self.now(), "bench", org.name, "member", 1).code
        assert client.enrol(code).status_code == 201
        admin.certify_member(self.db, self.now(), "bench", client.fingerprint, org.key)
        return client


def _setup(server: _Server, data: Path) -> IntakeWorld:
    key_path = data.parent / "org-key.pem"
    admin.create_org(server.db, server.now(), "bench", "Barreau", key_path)
    org = Org("Barreau", key_path)
    reader = server.member(org, "Lecteur")
    org_client = RelayClient(server.base_url, reader.identity, server.clock,  # type: ignore[arg-type]
                             server.relay_key)
    from crypto.httpsig import RequestSigner
    from crypto.org_signer import SoftwareOrgSigner
    org_client.signer = RequestSigner(SoftwareOrgSigner(load_org_key(key_path)),  # type: ignore[arg-type]
                                      load_org_key(key_path).public_key().public_bytes_raw().hex())
    world = type("BenchWorld", (), {"barreau": org, "server": server})()
    made = IntakeWorld(world, org_client, [reader])  # type: ignore[arg-type]
    made.roster([reader], 1)
    answer = made.publish(made.document(max_bytes=100_000_000))
    assert answer.status_code == 200, answer.text
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    size = args.size_mb * 1_000_000
    with tempfile.TemporaryDirectory(prefix="bench-intake-") as work:
        data = Path(work) / "data"
        init_relay(data, None)
        with relay_process(data, None, "--intake-pow-bits", "8",
                           log=Path(work) / "relay.log") as running:
            server = _Server(running.url, data)
            _setup(server, data)
            browser = Browser(server)  # type: ignore[arg-type]
            body = b"age-encryption.org/v1\n" + os.urandom(size - 22)
            walls, cpus = [], []
            for _ in range(args.runs):
                solved = browser.solved()
                before, start = cpu_seconds(running.process.pid), time.perf_counter()
                answer = browser.deposit(body, solved=solved)
                walls.append(time.perf_counter() - start)
                cpus.append(cpu_seconds(running.process.pid) - before)
                assert answer.status_code == 201, answer.text
            browser.close()
    gib = size / (1 << 30)
    print(f"intake deposit of {size} bytes, {args.runs} runs (median): "
          f"{size / statistics.median(walls) / MiB:.0f} MiB/s wall, "
          f"relay CPU {statistics.median(cpus) / gib:.2f} s/GiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
