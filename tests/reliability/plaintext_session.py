"""The machinery of the no-plaintext session: a private home, the real relay and `scelle`.

`PrivateWorld` is one folder holding everything a session may touch: HOME and the XDG folders,
TMPDIR, the logs, the relay's data. Every process of the session gets that environment, so
whatever Scellé writes as configuration, cache, state or temporary file lands where the test
searches afterwards. Standard error of every process is kept in `logs/`; the standard output of
`scelle` is the user's own display (it shows search results and subjects by design) and is
kept in memory only.

`RelayProcess` runs `scelle-relay serve` as its own process (stdout and stderr to log files)
and administers it with `scelle-relay` admin commands, as an operator would.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent
_HANG_GUARD_SECONDS = 120  # against a hung child, not a performance assertion


@dataclass
class Result:
    returncode: int
    out: str
    err: str

    def json(self) -> Any:
        assert self.returncode == 0, self.err
        return json.loads(self.out)


@dataclass
class PrivateWorld:
    root: Path
    _counter: itertools.count = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        for folder in (self.home, self.tmp, self.logs, *self.xdg.values()):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)

    @property
    def home(self) -> Path:
        return self.root / "home"

    @property
    def tmp(self) -> Path:
        return self.root / "tmp"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def xdg(self) -> dict[str, Path]:
        return {"XDG_CONFIG_HOME": self.home / ".config", "XDG_CACHE_HOME": self.home / ".cache",
                "XDG_DATA_HOME": self.home / ".local" / "share",
                "XDG_STATE_HOME": self.home / ".local" / "state"}

    def env(self) -> dict[str, str]:
        values = {"HOME": str(self.home), "TMPDIR": str(self.tmp), "TMP": str(self.tmp),
                  "TEMP": str(self.tmp), "PYTHONDONTWRITEBYTECODE": "1"}
        values.update({k: str(v) for k, v in self.xdg.items()})
        return {**os.environ, **values}

    def run(self, program: str, *args: str | os.PathLike[str]) -> Result:
        """Run a console script of this environment; its stderr is kept as a log file."""
        argv = [str(BIN / program), *map(str, args)]
        proc = subprocess.run(argv, capture_output=True, env=self.env(), cwd=self.home,
                              stdin=subprocess.DEVNULL, timeout=_HANG_GUARD_SECONDS,
                              start_new_session=True, check=False)
        number = next(self._counter)
        (self.logs / f"{number:03d}-{program}.stderr").write_bytes(proc.stderr)
        if program != "scelle":  # the relay's admin output is an operator's log
            (self.logs / f"{number:03d}-{program}.stdout").write_bytes(proc.stdout)
        return Result(proc.returncode, proc.stdout.decode("utf-8", "replace"),
                      proc.stderr.decode("utf-8", "replace"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class RelayProcess:
    world: PrivateWorld
    database_url: str | None = None
    port: int = field(default_factory=_free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def data(self) -> Path:
        return self.world.root / "relay-data"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _storage(self) -> list[str]:
        return ["--data", str(self.data)] + (
            ["--database", self.database_url] if self.database_url else [])

    def start(self) -> None:
        out = (self.world.logs / "relay.stdout").open("wb")
        err = (self.world.logs / "relay.stderr").open("wb")
        with out, err:
            self.process = subprocess.Popen(
                [str(BIN / "scelle-relay"), "serve", *self._storage(), "--host", "127.0.0.1",
                 "--port", str(self.port)], stdout=out, stderr=err, env=self.world.env(),
                cwd=self.world.home, stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + _HANG_GUARD_SECONDS
        while not self._listening():  # start-up wait, not a timing assertion
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("scelle-relay serve did not start: "
                                   + (self.world.logs / "relay.stderr").read_text())
            time.sleep(0.05)

    def _listening(self) -> bool:
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", self.port)) == 0

    def stop(self) -> None:
        """SIGTERM, as a service manager stops it; the logs are complete afterwards."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=_HANG_GUARD_SECONDS)

    def admin(self, *args: str | os.PathLike[str]) -> Any:
        result = self.world.run("scelle-relay", *self._storage(), *args, "--json")
        assert result.returncode == 0, result.err
        return json.loads(result.out) if result.out.strip().startswith(("{", "[")) else None

    def key_id(self) -> str:
        return str(self.admin("key")["relay_key_id"])

    def create_org(self, name: str) -> tuple[str, Path]:
        """The organisation's name and its admin's certification key file."""
        key = self.world.root / "org-keys" / f"{name}.pem"
        key.parent.mkdir(exist_ok=True, mode=0o700)
        self.admin("org", "create", name, "--admin-key", key)
        return name, key

    def invite(self, org: str) -> str:
        return str(self.admin("invite", org)["code"])


@dataclass
class CliVault:
    """A vault driven through the real `scelle` command, opened by its recovery code."""

    world: PrivateWorld
    folder: Path
    recovery: Path

    def run(self, *args: str | os.PathLike[str]) -> Result:
        return self.world.run("scelle", "--vault", self.folder, "--recovery-file",
                              self.recovery, *args)

    def ok(self, *args: str | os.PathLike[str]) -> Result:
        result = self.run(*args)
        assert result.returncode == 0, result.err
        return result

    def json(self, *args: str | os.PathLike[str]) -> Any:
        return self.run(*args, "--json").json()

    def join(self, relay: RelayProcess, org: tuple[str, Path]) -> str:
        joined = self.json("relay", "join", relay.base_url, relay.invite(org[0]),
                           "--relay-key-id", relay.key_id())
        relay.admin("member", "certify", joined["fingerprint"], "--org-key", org[1])
        assert self.json("relay", "status")["status"] == "certified"
        return str(joined["fingerprint"])

    def befriend(self, fingerprint: str) -> int:
        """Add a directory card and mark it verified after comparing the safety number."""
        added = self.ok("relay", "add", fingerprint)
        contact = int(added.out.split()[1].rstrip(":"))
        number = next(c["safety_number"] for c in self.json("contacts") if c["id"] == contact)
        self.ok("contacts", "verify", str(contact), "--safety-number", number)
        return contact
