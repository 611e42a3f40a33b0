"""Relay client tests: real vaults, the real relay on loopback (SQLite and PostgreSQL).

`net`: organisations Barreau and Police, linked; Notaires, linked to no one. Three vaults, each
joined with an invitation code and certified by its organisation's admin:
`lawyer` (Barreau), `officer` (Police), `notary` (Notaires). Each vault's `RelayService` signs
with the relay's ManualClock, so tests move time instead of waiting.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.relay_client import RelayService
from app.unlock import UnlockedVault
from app.vault import VaultSession, create_vault, open_unlocked
from crypto.kdf import MIN_MEMORY_KIB, Argon2Params
from storage.header import read_header
from tests.relay.conftest import backend, limits, relay  # noqa: F401 (fixtures)
from tests.support.postgres import postgres_server, postgres_url  # noqa: F401 (fixtures)
from tests.support.relay_server import Org, RunningRelay
from tests.vault_keys.conftest import FakeFactor

FAST_KDF = Argon2Params(memory_kib=MIN_MEMORY_KIB, iterations=1, lanes=1)
PASSPHRASE = "une phrase de passe assez longue pour le relais"
SUBJECT = "Affaire Clémentine Dubreuil-Secret"
CLIENT_NAME = "Clémentine Dubreuil-Secret"
FILE_NAME = "pv-audition-dubreuil-secret.pdf"
BODY = "Pièces du dossier Dubreuil-Secret, confidentiel."

PEOPLE = {"lawyer": ("Me Louise Avocat", "Avocat", "Barreau"),
          "officer": ("Olivier Officier", "OPJ", "Police"),
          "notary": ("Nadia Notaire", "Notaire", "Notaires")}


@dataclass(frozen=True)
class Template:
    folder: Path
    vmk: bytes
    recovery_code: str


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Template]:
    root = tmp_path_factory.mktemp("relay-client-vaults")
    made = {}
    for key, (name, role, org) in PEOPLE.items():
        new = create_vault(root / key, PASSPHRASE, FakeFactor(serial=key.upper()), name=name,
                           role=role, organisation=org, kdf=FAST_KDF)
        made[key] = Template(root / key, bytes(new.session._require_vault().vmk),
                             new.recovery_code)
        new.session.lock()
    return made


def open_with_vmk(folder: Path, vmk: bytes) -> VaultSession:
    header = read_header(folder)
    header.verify(vmk)
    return open_unlocked(UnlockedVault(folder, header, header.slots[0].slot_id, bytearray(vmk)))


@dataclass
class Member:
    key: str
    template: Template
    folder: Path
    org: Org
    server: RunningRelay
    session: VaultSession
    relay: RelayService

    @property
    def fingerprint(self) -> str:
        return self.session.identity.card.fingerprint_hex

    def reopen(self) -> None:
        """Lock the vault (as at quitting) and open it again (as after a restart)."""
        self.relay.close()
        self.session.lock()
        self.session = open_with_vmk(self.folder, self.template.vmk)
        self.relay = RelayService(self.session, clock=self.server.clock.now)

    def close(self) -> None:
        self.relay.close()
        self.session.lock()


def new_member(server: RunningRelay, template: Template, folder: Path, org: Org,
               key: str, *, certify: bool = True) -> Member:
    shutil.copytree(template.folder, folder)
    session = open_with_vmk(folder, template.vmk)
    member = Member(key, template, folder, org, server, session,
                    RelayService(session, clock=server.clock.now))
    member.relay.join(server.base_url, server.invite(org), relay_key_id=server.relay.key_id)
    if certify:
        server.certify(member.fingerprint, org)
        member.relay.membership()
    return member


@dataclass
class Net:
    server: RunningRelay
    barreau: Org
    police: Org
    notaires: Org
    lawyer: Member
    officer: Member
    notary: Member

    def befriend(self, a: Member, b: Member) -> tuple[int, int]:
        """Each adds the other from the directory and compares the safety number."""
        at_a = a.relay.add_contact(b.fingerprint).contact.id
        at_b = b.relay.add_contact(a.fingerprint).contact.id
        a.session.contacts.verify_safety_number(at_a, a.session.contacts.safety_number(at_a))
        b.session.contacts.verify_safety_number(at_b, b.session.contacts.safety_number(at_b))
        return at_a, at_b


@pytest.fixture
def net(relay: RunningRelay, templates: dict[str, Template],  # noqa: F811
        tmp_path: Path) -> Iterator[Net]:
    barreau, police, notaires = (relay.create_org(n) for n in ("Barreau", "Police", "Notaires"))
    relay.link(barreau, police)
    members = {k: new_member(relay, templates[k], tmp_path / k, org, k)
               for k, org in (("lawyer", barreau), ("officer", police), ("notary", notaires))}
    world = Net(relay, barreau, police, notaires, **members)
    yield world
    for member in members.values():
        member.close()


def add_document(session: VaultSession, name: str, data: bytes) -> int:
    return session.importer.import_stream(name, len(data), None, io.BytesIO(data)).id


def read_document(session: VaultSession, document_id: int) -> bytes:
    with session.documents.open(document_id) as stream:
        return stream.read()
