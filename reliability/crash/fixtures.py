"""Inputs and template vaults shared by the operations, built once per harness run.

Every input carries the canaries: its content, its file name, and the case it goes into. The
inputs live in `inputs/`, which the plaintext search does not cover (they are the user's files).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from reliability.crash.world import CASE_CANARY, CONTENT_CANARY, NAME_CANARY, World

KiB = 1024
DOC_SIZE = 1024 * KiB  # the single document: big enough for a noticeable write window
FOLDER_FILES = 24
FOLDER_FILE_SIZE = 48 * KiB


def canary_bytes(size: int, salt: str) -> bytes:
    """`size` bytes of text holding the content canary on every line."""
    line = f"{CONTENT_CANARY} pièce {salt} — Clémentine Dubreuil, confidentiel.\n".encode()
    return (line * (size // len(line) + 1))[:size]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_file(world: World, relative: str, size: int, salt: str) -> Path:
    path = world.root / "inputs" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_bytes(canary_bytes(size, salt))
    return path


def single_document(world: World) -> Path:
    return make_file(world, f"{NAME_CANARY}-conclusions.txt", DOC_SIZE, "unique")


def document_folder(world: World) -> Path:
    """A folder named with the case canary, holding files named with the name canary."""
    for i in range(FOLDER_FILES):
        sub = "sous-dossier/" if i % 4 == 3 else ""
        make_file(world, f"{CASE_CANARY}/{sub}{NAME_CANARY}-{i:02}.txt", FOLDER_FILE_SIZE, str(i))
    return world.root / "inputs" / CASE_CANARY


@dataclass(frozen=True)
class Holder:
    """A template vault and what the operations need to know about it."""

    vault: Path
    document_id: int
    info: dict[str, object]


def _json(world: World, vault: Path, *args: str | Path) -> object:
    return json.loads(world.must(world.vault(vault, *args, "--json"), " ".join(map(str, args)))
                      .stdout)


_holders: dict[tuple[Path, str], Holder] = {}


def holder(world: World, key: str) -> Holder:
    """"alice" or "bob": a vault holding one canary document filed in the canary case, each
    knowing the other as a verified contact."""
    if (world.root, key) not in _holders:
        for name, who, token_key in (("alice", "Me Alice Martin", "rsa"),
                                     ("bob", "Lt Bob Durand", "ec")):
            vault = world.root / "templates" / name
            info = world.init_vault(vault, who, token_key)
            imported = _json(world, vault, "import", "--case", CASE_CANARY,
                             single_document(world))
            assert isinstance(imported, dict)
            _holders[world.root, name] = Holder(vault, int(imported["imported"][0]["id"]), info)
        _befriend(world, _holders[world.root, "alice"].vault, _holders[world.root, "bob"].vault)
    return _holders[world.root, key]


def _befriend(world: World, a: Path, b: Path) -> None:
    for me, other in ((a, b), (b, a)):
        card = world.root / "inputs" / f"{other.name}.card.json"
        world.must(world.vault(other, "identity", "-o", card), "identity -o")
        added = _json(world, me, "contacts", "import", card)
        assert isinstance(added, dict)
        world.must(world.vault(me, "contacts", "verify", str(added["id"]), "--safety-number",
                               str(added["safety_number"])), "contacts verify")


def contact_id(world: World, vault: Path) -> int:
    contacts = _json(world, vault, "contacts")
    assert isinstance(contacts, list) and len(contacts) == 1
    return int(contacts[0]["id"])


def sealed_for_bob(world: World) -> Path:
    """A sealed file from Alice to Bob holding the canary document (subject: the case)."""
    out = world.root / "inputs" / "pli-pour-bob.scelle"
    if not out.exists():
        alice = holder(world, "alice")
        world.must(world.vault(alice.vault, "seal", "--to", str(contact_id(world, alice.vault)),
                               "--subject", CASE_CANARY, "-o", out, str(alice.document_id)),
                   "seal for Bob")
    return out


def copy_template(source: Path, dest: Path) -> Path:
    shutil.copytree(source, dest, symlinks=True)
    return dest
