"""A real `scelle-relay serve` on loopback, as its own process (so that it can be killed too),
with two linked organisations and Alice's and Bob's vaults joined and certified.
"""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import time
from pathlib import Path

from reliability.crash.world import SCELLE_RELAY, World

START_GUARD = 60  # seconds the relay may take to answer after a start (a hang guard)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RelayProcess:
    """The relay's data folder and its server process, restartable on the same port."""

    def __init__(self, world: World, folder: Path) -> None:
        self.world = world
        self.data = folder
        self.port = _free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.keys = folder.parent / f"{folder.name}-org-keys"
        self.keys.mkdir(parents=True, exist_ok=True)
        self.tmp = folder.parent / f"{folder.name}-tmp"
        self.tmp.mkdir(exist_ok=True)
        self.admin("init")
        for org in ("Barreau", "Police"):
            self.admin("org", "create", org, "--admin-key", str(self.keys / f"{org}.pem"))
        self.admin("org", "link", "Barreau", "Police")
        self.key_id = str(json.loads(self.admin("key", "--json"))["relay_key_id"])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def admin(self, *args: str) -> str:
        proc = subprocess.run([SCELLE_RELAY, *args, "--data", str(self.data)],
                              capture_output=True, env=self.world.env, timeout=120)
        if proc.returncode != 0:
            raise RuntimeError(f"scelle-relay {' '.join(args)}: {proc.stderr.decode()[-400:]}")
        return proc.stdout.decode()

    def start(self) -> None:
        log = (self.data.parent / f"{self.data.name}.log").open("ab")
        # Its own temporary folder: the children's one is emptied between iterations.
        env = {**self.world.env, "TMPDIR": str(self.tmp)}
        self.proc = subprocess.Popen(
            [SCELLE_RELAY, "serve", "--data", str(self.data), "--host", "127.0.0.1", "--port",
             str(self.port), "--log-level", "warning"], stdout=log, stderr=log,
            env=env, start_new_session=True)
        log.close()
        deadline = time.monotonic() + START_GUARD
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the relay exited at start ({self.proc.returncode})")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the relay did not start listening")

    def kill(self, sig: signal.Signals = signal.SIGKILL) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def join(self, vault: Path, org: str) -> str:
        """Join with a fresh invitation, certify with the organisation's key; the fingerprint."""
        code = json.loads(self.admin("invite", org, "--json"))["code"]
        joined = self.world.must(self.world.vault(vault, "relay", "join", self.url, code,
                                                  "--relay-key-id", self.key_id, "--json"),
                                 "relay join")
        fingerprint = str(json.loads(joined.stdout)["fingerprint"])
        self.admin("member", "certify", fingerprint, "--org-key", str(self.keys / f"{org}.pem"))
        self.world.must(self.world.vault(vault, "relay", "status"), "relay status")
        return fingerprint

    def integrity(self) -> str:
        """SQLite's own check of the relay database ('ok' when sound)."""
        import sqlite3

        databases = sorted(self.data.glob("*.sqlite*")) + sorted(self.data.glob("*.db"))
        if not databases:
            return "no database file found"
        try:
            db = sqlite3.connect(f"file:{databases[0]}?mode=ro", uri=True)
            try:
                return str(db.execute("PRAGMA integrity_check").fetchone()[0])
            finally:
                db.close()
        except sqlite3.Error as error:
            return f"{type(error).__name__}: {error}"
