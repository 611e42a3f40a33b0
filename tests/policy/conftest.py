"""Fixtures for the workstation-policy tests: a policy file of the test's choosing, the command
line in-process, real vaults, real sealed files and identities, loopback servers that count
connections, and the real relay.

The policy's path is fixed by design (app/policy.py: no variable or option can move it), so the
real console script in a subprocess cannot see a test's policy: the command line runs
in-process (`scelle.__main__.main`) after `app.policy.system_policy_path` is pointed at the
test's file and the per-process cache is cleared.
"""

from __future__ import annotations

import shutil
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.identities import create_identity_file, load_identity_file
from app.sealing import seal_paths
from tests.support.inprocess_cli import Outcome, scelle  # noqa: F401 (fixture)
from tests.relay_client.conftest import Template, templates  # noqa: F401 (fixture)
from tests.support.workstation_policy import PolicySetter, set_policy  # noqa: F401 (fixture)


@dataclass
class CliVault:
    """A real vault (tests/relay_client's templates), opened with its recovery code."""

    folder: Path
    recovery: Path

    def args(self, *args: str | Path) -> list[str | Path]:
        return ["--vault", self.folder, "--recovery-file", self.recovery, *args]


@pytest.fixture
def vault(templates: dict[str, Template], tmp_path: Path) -> CliVault:  # noqa: F811
    template = templates["notary"]
    folder = tmp_path / "vault"
    shutil.copytree(template.folder, folder)
    recovery = tmp_path / "recovery.txt"
    recovery.write_text(template.recovery_code + "\n")
    return CliVault(folder, recovery)


def listing(folder: Path) -> list[str]:
    """Every name under `folder`, hidden staging files included."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@dataclass
class Party:
    identity_file: Path
    card_file: Path


@dataclass
class Sealed:
    """A sealed file from `sender` to `reader`, and the files that open it."""

    path: Path
    sender: Party
    reader: Party
    content: bytes


def _party(folder: Path, name: str) -> Party:
    identity_file = folder / f"{name}.id"
    card = create_identity_file(identity_file, name, "Notaire", "Étude", passphrase=None)
    card_file = folder / f"{name}.card.json"
    card_file.write_bytes(card.to_bytes())
    return Party(identity_file, card_file)


@pytest.fixture
def sealed(tmp_path: Path) -> Sealed:
    folder = tmp_path / "people"
    folder.mkdir()
    sender, reader = _party(folder, "Expéditeur"), _party(folder, "Destinataire")
    document = folder / "acte.txt"
    document.write_bytes(b"Acte authentique, confidentiel.")
    sender_identity = load_identity_file(sender.identity_file, lambda: "")
    reader_card = load_identity_file(reader.identity_file, lambda: "").card
    path = tmp_path / "pli.scelle"
    seal_paths(sender_identity, [reader_card], [document], path, subject="Acte")
    return Sealed(path, sender, reader, document.read_bytes())


class CountingServer:
    """A TCP listener on loopback that counts the connections made to it and closes them at
    once: as a relay or a proxy it answers nothing, so what reached it is what is counted."""

    def __init__(self) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self.connections = 0
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}"

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return  # closed
            with self._lock:
                self.connections += 1
            conn.close()

    def close(self) -> None:
        self._sock.close()


@pytest.fixture
def counting() -> Iterator[Callable[[], CountingServer]]:
    made: list[CountingServer] = []

    def make() -> CountingServer:
        made.append(CountingServer())
        return made[-1]

    yield make
    for server in made:
        server.close()
