"""A private PostgreSQL server for the test session, from Debian's `postgresql` package.

    # tests/<area>/conftest.py
    from tests.support.postgres import postgres_server, postgres_url  # noqa: F401

    def test_x(postgres_url): ...   # a fresh, empty database for this test

The cluster lives in a temporary folder, listens on 127.0.0.1 (free port) and on a unix socket
inside that folder, trusts local connections (it is reachable only from this machine, for the
length of the session) and runs without fsync (speed; nothing is kept). `initdb` refuses to run as
root, so as root the server runs as the `postgres` user via `runuser`. It is stopped, and its
folder removed, when the session ends. A missing PostgreSQL is an error, not a skip.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

PG_BIN = Path(os.environ.get("SCELLE_PG_BIN", "/usr/lib/postgresql/15/bin"))
_counter = itertools.count(1)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_server_user(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


@dataclass
class PostgresServer:
    base: Path
    port: int

    @property
    def data(self) -> Path:
        return self.base / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        name = f"scelle_test_{os.getpid()}_{next(_counter)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _run(self, argv: list[str]) -> None:
        result = subprocess.run(_as_server_user(argv), capture_output=True, text=True,
                                cwd=self.base, check=False)
        if result.returncode != 0:
            log = self.base / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{argv[0]} failed ({result.returncode}): {result.stderr}\n{tail}")

    def start(self) -> None:
        if not (PG_BIN / "initdb").exists():
            raise RuntimeError(f"PostgreSQL is not installed in {PG_BIN} "
                               "(apt-get install postgresql).")
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.base, user.pw_uid, user.pw_gid)
        self._run([str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres",
                   "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"])
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.base} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options,
                   "-l", str(self.base / "server.log"), "-w", "-t", "60", "start"])

    def stop(self) -> None:
        try:
            self._run([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w",
                       "stop"])
        finally:
            shutil.rmtree(self.base, ignore_errors=True)


@contextmanager
def private_postgres_server() -> Iterator[PostgresServer]:
    """A cluster started for the block, stopped and removed after it."""
    server = PostgresServer(Path(tempfile.mkdtemp(prefix="scelle-pg-")), _free_port())
    try:
        server.start()
    except BaseException:
        shutil.rmtree(server.base, ignore_errors=True)
        raise
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    with private_postgres_server() as server:
        yield server


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A new empty database on the session's server, dropped after the test."""
    name = postgres_server.create_database()
    yield postgres_server.url(name)
    postgres_server.drop_database(name)
