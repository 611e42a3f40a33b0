"""`scelle-relay serve` as real processes on loopback, for tests of several relay instances.

    with relay_processes(data_dir, database_url, count=3) as instances:
        instances[0].url, instances[1].url, …      # one shared data folder (key, blobs)

The data folder and the schema are made once (`scelle-relay init`), as an operator does before
starting instances; every process then shares the relay key, the blob folder and the database.
`SpreadClient` is a `RelayClient` that sends each request to the next instance in turn, with
the Host the requests are signed for (one public name behind a proxy).
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from crypto.identity import PrivateIdentity
from relay.clock import SystemClock
from tests.support.relay_server import RelayClient

SCELLE_RELAY = str(Path(sys.executable).parent / "scelle-relay")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class RelayProcess:
    url: str
    process: subprocess.Popen[bytes]
    log: Path


def init_relay(data_dir: Path, database_url: str | None) -> None:
    env = _env(database_url)
    done = subprocess.run([SCELLE_RELAY, "--data", str(data_dir), "init"], env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def _env(database_url: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("SCELLE_RELAY_DATABASE", None)
    if database_url:
        env["SCELLE_RELAY_DATABASE"] = database_url  # out of the process list
    return env


@contextmanager
def relay_process(data_dir: Path, database_url: str | None, *options: str,
                  log: Path) -> Iterator[RelayProcess]:
    port = free_port()
    command = [SCELLE_RELAY, "serve", "--data", str(data_dir), "--port", str(port),
               "--log-level", "warning", *options]
    with open(log, "wb") as sink:
        process = subprocess.Popen(command, env=_env(database_url), stdout=sink, stderr=sink)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, log)
        yield RelayProcess(url, process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60  # a start-up wait, not a timing assertion
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"scelle-relay serve exited: {log.read_text()[-2000:]}")
        try:
            httpx.get(url + "/v1/relay", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("scelle-relay serve did not start within 60 s")


@contextmanager
def relay_processes(data_dir: Path, database_url: str | None, count: int,
                    *options: str) -> Iterator[list[RelayProcess]]:
    init_relay(data_dir, database_url)
    with ExitStack() as stack:
        yield [stack.enter_context(relay_process(
            data_dir, database_url, *options, log=data_dir.parent / f"relay-{n}.log"))
            for n in range(count)]


class SpreadClient(RelayClient):
    """Signs every request for the first instance's address (the public name) and sends each
    one to the next instance in turn, as a proxy in front of several instances would."""

    def __init__(self, urls: Sequence[str], identity: PrivateIdentity, relay_key: bytes) -> None:
        super().__init__(urls[0], identity, SystemClock(), relay_key)  # type: ignore[arg-type]
        self.instances = [httpx.Client(base_url=u, timeout=60) for u in urls]
        self._turn = itertools.count()
        self.used: list[int] = []

    def to(self, index: int) -> httpx.Client:
        return self.instances[index]

    def send(self, method: str, path: str, headers: Sequence[tuple[str, str]],
             body: bytes = b"") -> httpx.Response:
        index = next(self._turn) % len(self.instances)
        self.used.append(index)
        return self.instances[index].request(method, path, headers=list(headers),
                                             content=body)

    def send_to(self, index: int, method: str, path: str,
                headers: Sequence[tuple[str, str]], body: bytes = b"") -> httpx.Response:
        return self.instances[index].request(method, path, headers=list(headers),
                                             content=body)

    def close(self) -> None:
        for client in self.instances:
            client.close()
        super().close()
