"""Shared fixtures of the exchange and contacts GUI tests: two real vaults, a job queue, and
`FakePrompts`, which answers the dialogs' modal questions at once and records them.

Import the fixtures by name into a test module (`from tests.ui.exchange_fixtures import …`).
The vaults are created once per test session (cheapest legal KDF) and copied per test, then
opened with the key kept from creation: no key derivation per test.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.unlock import UnlockedVault
from app.vault import VaultSession, create_vault, open_unlocked
from crypto.kdf import MIN_MEMORY_KIB, Argon2Params
from storage.header import read_header  # tests may reach below ui/ to build their vaults
from tests.vault_keys.conftest import FakeFactor
from ui.workers import JobQueue

FAST_KDF = Argon2Params(memory_kib=MIN_MEMORY_KIB, iterations=1, lanes=1)
PASSPHRASE = "une phrase de passe assez longue pour le coffre, é"
WAIT_MS = 20_000


@dataclass(frozen=True)
class Template:
    folder: Path
    vmk: bytes


_TEMPLATES: dict[str, Template] = {}


def _template(root: Path, key: str, name: str, role: str, organisation: str) -> Template:
    # Module-level cache: test modules importing these fixtures share one pair of vaults.
    if key not in _TEMPLATES or not _TEMPLATES[key].folder.exists():
        new = create_vault(root / key, PASSPHRASE, FakeFactor(serial=key), name=name, role=role,
                           organisation=organisation, kdf=FAST_KDF)
        vmk = bytes(new.session._require_vault().vmk)
        new.session.lock()
        _TEMPLATES[key] = Template(root / key, vmk)
    return _TEMPLATES[key]


def open_copy(template: Template, dest: Path) -> VaultSession:
    shutil.copytree(template.folder, dest)
    header = read_header(dest)
    header.verify(template.vmk)
    unlocked = UnlockedVault(dest, header, header.slots[0].slot_id, bytearray(template.vmk))
    return open_unlocked(unlocked)


@pytest.fixture(scope="session")
def vault_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("exchange-vaults")


@pytest.fixture
def sender(vault_root: Path, tmp_path: Path) -> Iterator[VaultSession]:
    """Me Claire Dubois, notary: the one who seals."""
    template = _template(vault_root, "sender", "Me Claire Dubois", "Notaire", "Étude Dubois")
    session = open_copy(template, tmp_path / "sender")
    yield session
    session.lock()


@pytest.fixture
def recipient(vault_root: Path, tmp_path: Path) -> Iterator[VaultSession]:
    """Me Karim Benali, lawyer: the one who receives."""
    template = _template(vault_root, "recipient", "Me Karim Benali", "Avocat",
                         "Barreau de Lyon")
    session = open_copy(template, tmp_path / "recipient")
    yield session
    session.lock()


@pytest.fixture
def jobs(qapp: object) -> Iterator[JobQueue]:
    queue = JobQueue()
    yield queue
    queue.cancel_all()
    queue.wait(WAIT_MS)


@dataclass
class FakePrompts:
    """Answers for the dialogs' questions, given in advance; records every question asked."""

    save_answers: list[Path | None] = field(default_factory=list)
    open_answers: list[list[Path]] = field(default_factory=list)
    confirm_answers: list[bool] = field(default_factory=list)
    choose_answers: list[int | None] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    infos: list[tuple[str, str]] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)

    def save_path(self, parent: object, title: str, default: Path, name_filter: str):
        self.asked.append(f"save:{default.name}")
        return self.save_answers.pop(0)

    def open_paths(self, parent: object, title: str, name_filter: str) -> list[Path]:
        self.asked.append("open")
        return self.open_answers.pop(0)

    def confirm(self, parent: object, title: str, text: str, accept: str, *,
                danger: bool = False) -> bool:
        self.asked.append(f"confirm:{title}")
        return self.confirm_answers.pop(0)

    def choose(self, parent: object, title: str, text: str, options: list[str]):
        self.asked.append(f"choose:{title}")
        return self.choose_answers.pop(0)

    def error(self, parent: object, title: str, text: str) -> None:
        self.errors.append((title, text))

    def info(self, parent: object, title: str, text: str) -> None:
        self.infos.append((title, text))


@pytest.fixture
def prompts() -> FakePrompts:
    return FakePrompts()


def add_document(session: VaultSession, name: str, data: bytes, **kw: object) -> int:
    return session.importer.import_stream(name, len(data), None, io.BytesIO(data), **kw).id


def exchange_cards(a: VaultSession, b: VaultSession) -> tuple[int, int]:
    """Each imports the other's card (unverified): (b's id at a, a's id at b)."""
    at_a = a.contacts.import_card(b.identity.card.to_bytes()).contact.id
    at_b = b.contacts.import_card(a.identity.card.to_bytes()).contact.id
    return at_a, at_b
