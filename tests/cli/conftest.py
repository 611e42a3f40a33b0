"""Fixtures for the command-line tests: the real `scelle` console script and the real `age`.

Every test runs programs as a user would: `scelle` from the virtual environment's `bin`, and
Debian's `age`/`age-keygen` 1.1.1. Programs that read a passphrase from the terminal are driven
through a pseudo-terminal (see `run_on_tty`).
"""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

SCELLE = str(Path(sys.executable).with_name("scelle"))
AGE = "/usr/bin/age"
AGE_KEYGEN = "/usr/bin/age-keygen"
# A guard against a hung child, not a performance assertion.
_HANG_GUARD_SECONDS = 120


@dataclass
class Result:
    returncode: int
    stdout: bytes
    stderr: bytes

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8", "replace")

    @property
    def out(self) -> str:
        return self.stdout.decode("utf-8", "replace")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("SCELLE_DEBUG", None)
    return env


def run(argv: Sequence[str], *, stdin: bytes | None = b"", cwd: Path | None = None) -> Result:
    """Runs a program without a terminal (stdin a pipe, or closed when `stdin` is None)."""
    proc = subprocess.run(
        list(argv),
        input=stdin,
        stdin=subprocess.DEVNULL if stdin is None else None,
        capture_output=True,
        cwd=cwd,
        env=_env(),
        timeout=_HANG_GUARD_SECONDS,
        # No controlling terminal: a program that would prompt must fail instead of hanging.
        start_new_session=True,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def scelle(*args: str | os.PathLike[str], stdin: bytes | None = b"", cwd: Path | None = None) -> Result:
    return run([SCELLE, *map(str, args)], stdin=stdin, cwd=cwd)


def age_cmd(*args: str | os.PathLike[str], stdin: bytes | None = b"") -> Result:
    return run([AGE, *map(str, args)], stdin=stdin)


def run_on_tty(argv: Sequence[str], answers: Sequence[str], *, cwd: Path | None = None) -> tuple[int, str]:
    """Runs `argv` with a pseudo-terminal as controlling terminal and all standard streams.

    Each answer is typed after the next prompt mentioning "passphrase" appears; returns the
    exit status and everything the program wrote to the terminal.
    """
    pid, fd = pty.fork()
    if pid == 0:  # child: the pty is its controlling terminal, /dev/tty included
        try:
            if cwd is not None:
                os.chdir(cwd)
            os.execve(argv[0], list(argv), _env())
        finally:
            os._exit(127)
    transcript = b""
    pending = list(answers)
    typed = 0
    try:
        while True:
            ready, _, _ = select.select([fd], [], [], _HANG_GUARD_SECONDS)
            if not ready:
                os.kill(pid, 9)
                raise AssertionError(f"no progress on the terminal: {transcript!r}")
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            transcript += chunk
            prompts = transcript.lower().count(b"passphrase")
            while pending and prompts > typed:
                os.write(fd, pending.pop(0).encode() + b"\n")
                typed += 1
    finally:
        os.close(fd)
        _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), transcript.decode("utf-8", "replace")


def age_keygen(path: Path) -> str:
    """Creates an age key with the real age-keygen and returns its public key."""
    proc = run([AGE_KEYGEN, "-o", str(path)])
    assert proc.returncode == 0, proc.err
    return run([AGE_KEYGEN, "-y", str(path)]).out.strip()


def scelle_keygen(path: Path, *extra: str) -> str:
    proc = scelle("age", "keygen", *extra, "-o", path)
    assert proc.returncode == 0, proc.err
    public = proc.err.strip().removeprefix("Public key: ")
    return public


def listing(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


@pytest.fixture(scope="session", autouse=True)
def _real_tools() -> None:
    for tool in (AGE, AGE_KEYGEN):
        assert shutil.which(tool), f"{tool} is required by the CLI interoperability tests"
    assert Path(SCELLE).exists(), "the scelle console script is not installed in the venv"


PASSPHRASE = "lawyer's long passphrase"


@dataclass(frozen=True)
class Person:
    """An identity made with `scelle id new`, with its card exported by `scelle id card`."""

    identity: Path
    card: Path
    protected: bool

    def creds(self) -> list[str]:
        """`--identity` (and the passphrase file of a protected identity) for scelle commands."""
        args = ["--identity", str(self.identity)]
        if self.protected:
            args += ["--passphrase-file", str(self.identity.with_name("passphrase.txt"))]
        return args


def make_person(folder: Path, slug: str, name: str, role: str, org: str, *,
                protected: bool = False) -> Person:
    folder.mkdir(parents=True, exist_ok=True)
    identity, card = folder / f"{slug}.id", folder / f"{slug}.card.json"
    extra: list[str] = ["--unprotected"]
    if protected:
        (folder / "passphrase.txt").write_text(PASSPHRASE + "\n")
        extra = ["--passphrase-file", str(folder / "passphrase.txt")]
    proc = scelle("id", "new", "--name", name, "--role", role, "--org", org, "-o", identity, *extra)
    assert proc.returncode == 0, proc.err
    person = Person(identity, card, protected)
    proc = scelle("id", "card", *person.creds()[1:], "-o", card)  # ID_FILE [--passphrase-file F]
    assert proc.returncode == 0, proc.err
    return person


@dataclass(frozen=True)
class People:
    lawyer: Person  # protected by a passphrase
    officer: Person
    outsider: Person


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> People:
    """Three identities per test module; each module seals its own messages, so the replay
    lists beside the identity files never interfere between tests."""
    base = tmp_path_factory.mktemp("people")
    return People(
        lawyer=make_person(base / "lawyer", "lawyer", "Maître Claire Dupont", "avocate",
                           "Barreau de Lyon", protected=True),
        officer=make_person(base / "officer", "officer", "Lt Marc Petit", "OPJ",
                            "Commissariat de Lyon 3e"),
        outsider=make_person(base / "outsider", "outsider", "Eve Martin", "consultante", "Sans"),
    )
