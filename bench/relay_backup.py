"""Cost of `scelle-relay backup` and `restore` (SQLite): a relay holding N envelopes of SIZE bytes.

    .venv/bin/python bench/relay_backup.py [N [SIZE]]      # default 200 envelopes of 1 MiB

The envelopes are deposited through the real relay on loopback (rate limits raised for the
filling only), then `backup --to` and `restore --from` run as the operator runs them; the times
are wall-clock seconds of each command, start-up included.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from relay.config import Limits  # noqa: E402
from tests.support.relay_server import running_relay  # noqa: E402

CLI = str(Path(sys.executable).parent / "scelle-relay")


def _timed(*argv: str) -> float:
    start = time.monotonic()
    done = subprocess.run([CLI, *argv], capture_output=True, text=True, check=False)
    elapsed = time.monotonic() - start
    if done.returncode != 0:
        sys.exit(done.stderr.strip())
    return elapsed


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 1024 * 1024
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        generous = Limits(rate_per_second=10000, rate_burst=100000)
        with running_relay(base / "data", limits=generous) as server:
            a, b = server.create_org("A"), server.create_org("B")
            server.link(a, b)
            alice, bob = server.member(a, "Alice Martin"), server.member(b, "Bob Durand")
            for _ in range(count):
                alice.upload([bob.fingerprint], os.urandom(size), chunk=8 * 1024 * 1024)
            backup = _timed("--data", str(base / "data"), "backup", "--to", str(base / "bk"))
        restore = _timed("--data", str(base / "new"), "restore", "--from", str(base / "bk"))
    print(f"envelopes={count} size={size} backup_s={backup:.2f} restore_s={restore:.2f}")


if __name__ == "__main__":
    main()
