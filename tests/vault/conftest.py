"""Fixtures for the vault-session tests.

Two vaults (Alice's and Bob's) are created once per session with the cheapest legal KDF; each
test gets fresh copies, opened with the VMK kept from creation (no Argon2id run per test).
Tests about creating and unlocking make their own vaults.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.unlock import UnlockedVault
from app.vault import VaultSession, create_vault, open_unlocked
from crypto.kdf import MIN_MEMORY_KIB, Argon2Params
from storage.header import read_header
from tests.vault_keys.conftest import FakeFactor

FAST_KDF = Argon2Params(memory_kib=MIN_MEMORY_KIB, iterations=1, lanes=1)
PASSPHRASE = "phrase de passe très longue pour le coffre du cabinet, é"
CANARY = b"VAULT-PLAINTEXT-CANARY"


@dataclass(frozen=True)
class Template:
    folder: Path
    vmk: bytes
    recovery_code: str
    serial: str


def _make_template(root: Path, name: str, serial: str) -> Template:
    new = create_vault(root / serial, PASSPHRASE, FakeFactor(serial=serial), name=name,
                       role="Avocat", organisation="Barreau de Lyon", kdf=FAST_KDF)
    vmk = bytes(new.session._require_vault().vmk)
    new.session.lock()
    return Template(root / serial, vmk, new.recovery_code, serial)


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Template]:
    root = tmp_path_factory.mktemp("vault-templates")
    return {"alice": _make_template(root, "Alice Martin", "ALICE"),
            "bob": _make_template(root, "Bob Durand", "BOB")}


def open_copy(template: Template, dest: Path) -> VaultSession:
    """Copy a template vault to `dest` (if not yet there) and open it with its VMK."""
    if not dest.exists():
        shutil.copytree(template.folder, dest)
    return open_with_vmk(dest, template.vmk)


def open_with_vmk(folder: Path, vmk: bytes) -> VaultSession:
    header = read_header(folder)
    header.verify(vmk)
    unlocked = UnlockedVault(folder, header, header.slots[0].slot_id, bytearray(vmk))
    return open_unlocked(unlocked)


@pytest.fixture
def alice(templates: dict[str, Template], tmp_path: Path) -> Iterator[VaultSession]:
    session = open_copy(templates["alice"], tmp_path / "alice")
    yield session
    session.lock()


@pytest.fixture
def bob(templates: dict[str, Template], tmp_path: Path) -> Iterator[VaultSession]:
    session = open_copy(templates["bob"], tmp_path / "bob")
    yield session
    session.lock()


def befriend(a: VaultSession, b: VaultSession, *, verify: bool = True) -> tuple[int, int]:
    """Each imports the other's card (and verifies it); returns (b's id at a, a's id at b)."""
    at_a = a.contacts.import_card(b.identity.card.to_bytes()).contact.id
    at_b = b.contacts.import_card(a.identity.card.to_bytes()).contact.id
    if verify:
        a.contacts.verify_safety_number(at_a, a.contacts.safety_number(at_a))
        b.contacts.verify_safety_number(at_b, b.contacts.safety_number(at_b))
    return at_a, at_b


@pytest.fixture
def pair(alice: VaultSession, bob: VaultSession) -> tuple[VaultSession, VaultSession, int, int]:
    """Alice and Bob, each a verified contact of the other: (alice, bob, bob@alice, alice@bob)."""
    at_a, at_b = befriend(alice, bob)
    return alice, bob, at_a, at_b


def add_document(session: VaultSession, name: str, data: bytes, **kw: object) -> int:
    doc = session.importer.import_stream(name, len(data), None, io.BytesIO(data), **kw)
    return doc.id


def canary_data(size: int, seed: int = 1) -> bytes:
    """Incompressible bytes full of CANARY, to find any plaintext left on disk."""
    from tests.store.helpers import random_bytes

    noise = random_bytes(size, seed=seed)
    return b"".join(noise[i:i + 1000] + CANARY for i in range(0, size, 1000))


def vault_files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".lock"}


def blob_count(session: VaultSession) -> int:
    return sum(1 for _ in session.store.blobs.iter_files())


from tests.support.softhsm import softhsm  # noqa: E402,F401  (re-exported session fixture)
