"""`vault.json`: the public vault header.

    {"format": "scelle-vault", "version": 1, "vault_id": "<32 hex>",
     "generation": <int ≥ 1>, "slots": [KeySlot JSON …], "mac": "<b64 HMAC-SHA256>"}

Readable without any key (to list slots and pick one), so it holds nothing secret and names no
client. `mac` = HMAC-SHA256(key = HKDF(VMK, "scelle/v1 header mac" || vault id), canonical JSON
of every other field); it is verified right after a slot has released the VMK, before the VMK is
used for anything. Parsing is strict (exact fields, types, canonical base64, no duplicate keys,
no NaN), so a damaged or hand-edited header is refused with an error naming the problem.

`generation` grows by one at every rewrite. The store keeps the latest value inside the
encrypted database; `check_generation` refuses a header older than the database (an attacker
restoring an old header, e.g. one still holding a since-removed slot).

Writes are atomic (crypto/durable.py): temp file in the vault folder, fsync, rename over
`vault.json`, fsync the folder. A crash leaves either the old or the new header, never a mix.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from crypto.durable import write_file
from crypto.errors import ScelleError
from crypto.keyslots import (
    KIND_RECOVERY,
    TOTP_SECRET_LEN,
    VMK_LEN,
    KeySlot,
    MalformedSlotError,
    canonical_json,
    header_mac_key,
    wipe,
)
from crypto.keyslots.model import b64, strict_b64
from crypto.strict_json import load_strict

HEADER_NAME = "vault.json"
FORMAT = "scelle-vault"
VERSION = 1
MAX_HEADER_BYTES = 1024 * 1024
MAX_SLOTS = 32
MAC_LEN = 32
MAX_GENERATION = 2**53 - 1  # exact in every JSON reader
_VAULT_ID = re.compile(r"[0-9a-f]{32}")
_FIELDS = {"format", "version", "vault_id", "generation", "slots", "mac"}


class HeaderFormatError(ScelleError):
    """vault.json is not well-formed (damaged, truncated or edited by hand)."""


class HeaderTamperedError(ScelleError):
    """vault.json does not match its MAC: it was modified by someone without the vault key."""


class UnsupportedVaultVersion(ScelleError):
    """vault.json has a format version this Scellé does not know."""


class HeaderRollbackError(ScelleError):
    """vault.json is older than the database: an old copy of the header was put back."""


class VaultNotFoundError(ScelleError):
    """The folder holds no vault.json."""


class VaultExistsError(ScelleError):
    """A vault already exists in the folder."""


@dataclass(frozen=True)
class VaultHeader:
    """The parsed header. `mac` is empty until the header is written (or read back)."""

    vault_id: str
    generation: int
    slots: tuple[KeySlot, ...]
    mac: bytes = b""
    version: int = VERSION

    def body_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": self.version,
            "vault_id": self.vault_id,
            "generation": self.generation,
            "slots": [slot.to_json() for slot in self.slots],
        }

    def compute_mac(self, vmk: bytes | bytearray) -> bytes:
        key = header_mac_key(vmk, self.vault_id)
        try:
            return hmac.new(bytes(key), canonical_json(self.body_json()), hashlib.sha256).digest()
        finally:
            wipe(key)

    def verify(self, vmk: bytes | bytearray) -> None:
        """Raise HeaderTamperedError unless `mac` matches this header under `vmk`."""
        if not hmac.compare_digest(self.compute_mac(vmk), self.mac):
            raise HeaderTamperedError(
                "The vault header (vault.json) has been modified by someone without the vault "
                "key; the vault was not opened. Restore vault.json from a backup."
            )

    def slot(self, slot_id: str) -> KeySlot:
        for slot in self.slots:
            if slot.slot_id == slot_id:
                return slot
        raise KeyError(slot_id)

    def slots_of_kind(self, kind: str) -> list[KeySlot]:
        return [slot for slot in self.slots if slot.kind == kind]

    def with_slots(self, slots: list[KeySlot] | tuple[KeySlot, ...]) -> VaultHeader:
        """The next generation of this header with `slots` (unsealed: write it to get a MAC)."""
        return replace(self, slots=tuple(slots), generation=self.generation + 1, mac=b"")

    def to_bytes(self) -> bytes:
        if len(self.mac) != MAC_LEN:
            raise ValueError("header is not sealed")
        obj = self.body_json() | {"mac": b64(self.mac)}
        return (json.dumps(obj, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode()

    @classmethod
    def parse(cls, data: bytes) -> VaultHeader:
        """Strictly parse vault.json bytes (the MAC is checked later, with the VMK)."""
        obj = _load_json(data)
        if obj.get("format") != FORMAT:
            raise HeaderFormatError("This vault.json is not a Scellé vault header.")
        version = obj.get("version")
        if version != VERSION or isinstance(version, bool):
            raise UnsupportedVaultVersion(
                f"This vault uses format version {version!r}; this Scellé reads version "
                f"{VERSION} only (a newer Scellé may be needed)."
            )
        if set(obj) != _FIELDS:
            raise HeaderFormatError(
                f"vault.json must have exactly the fields {', '.join(sorted(_FIELDS))}."
            )
        vault_id = obj["vault_id"]
        if not isinstance(vault_id, str) or not _VAULT_ID.fullmatch(vault_id):
            raise HeaderFormatError("The vault id in vault.json is malformed.")
        generation = obj["generation"]
        if (not isinstance(generation, int) or isinstance(generation, bool)
                or not 1 <= generation <= MAX_GENERATION):
            raise HeaderFormatError("The generation counter in vault.json is malformed.")
        try:
            mac = strict_b64(obj["mac"], "header MAC")
        except MalformedSlotError as exc:
            raise HeaderFormatError(str(exc)) from exc
        if len(mac) != MAC_LEN:
            raise HeaderFormatError("The header MAC in vault.json has the wrong length.")
        return cls(vault_id, generation, _parse_slots(obj["slots"]), mac, version)


def _load_json(data: bytes) -> dict[str, Any]:
    # The strict reader bounds size and depth before decoding: a deeply nested or huge file
    # is a one-line refusal, never a RecursionError.
    obj = load_strict(data, HeaderFormatError, "vault.json", max_bytes=MAX_HEADER_BYTES)
    if not isinstance(obj, dict):
        raise HeaderFormatError("vault.json does not hold a JSON object.")
    return obj


def _parse_slots(raw: Any) -> tuple[KeySlot, ...]:
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_SLOTS:
        raise HeaderFormatError(f"vault.json must list between 1 and {MAX_SLOTS} key slots.")
    slots = []
    for index, item in enumerate(raw, start=1):
        try:
            slots.append(KeySlot.from_json(item, VMK_LEN, TOTP_SECRET_LEN))
        except MalformedSlotError as exc:
            raise HeaderFormatError(f"Key slot {index} of vault.json: {exc}") from exc
    if len({slot.slot_id for slot in slots}) != len(slots):
        raise HeaderFormatError("vault.json lists the same key slot twice.")
    if sum(slot.kind == KIND_RECOVERY for slot in slots) > 1:
        raise HeaderFormatError("vault.json lists more than one recovery slot.")
    return tuple(slots)


def header_path(vault_dir: str | os.PathLike[str]) -> Path:
    return Path(vault_dir) / HEADER_NAME


def read_header(vault_dir: str | os.PathLike[str]) -> VaultHeader:
    """Read and strictly parse `<vault_dir>/vault.json` (unauthenticated until verify())."""
    try:
        # O_NONBLOCK: a FIFO named vault.json is refused below instead of waiting for a writer.
        fd = os.open(header_path(vault_dir), os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_BINARY", 0))
    except FileNotFoundError as exc:
        raise VaultNotFoundError(
            "This folder is not a Scellé vault (it has no vault.json)."
        ) from exc
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise HeaderFormatError("vault.json is not a regular file.")
    with os.fdopen(fd, "rb") as fh:
        data = fh.read(MAX_HEADER_BYTES + 1)
    return VaultHeader.parse(data)


def write_header(
    vault_dir: str | os.PathLike[str], header: VaultHeader, vmk: bytes | bytearray,
    create: bool = False,
) -> VaultHeader:
    """MAC `header` with the VMK and write it atomically; returns the sealed header.

    With `create`, refuses to replace an existing vault.json (VaultExistsError).
    """
    path = header_path(vault_dir)
    if create and path.exists():
        raise VaultExistsError("This folder already holds a Scellé vault (vault.json exists).")
    sealed = replace(header, mac=header.compute_mac(vmk))
    atomic_write(path, sealed.to_bytes())
    return sealed


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a crash leaves the old or the new content, never a mix."""
    write_file(path, data, replace=True)  # replacing the old header is the point


def check_generation(header_generation: int, db_generation: int) -> None:
    """Refuse a header older than the database (HeaderRollbackError).

    A header *newer* than the database is normal after a crash between the header write (always
    first) and the database update: the store should then record `header_generation`.
    """
    if header_generation < db_generation:
        raise HeaderRollbackError(
            f"The vault header (generation {header_generation}) is older than the vault's "
            f"database (generation {db_generation}): an old copy of vault.json was put back. "
            "The vault was not opened; restore the latest vault.json."
        )
