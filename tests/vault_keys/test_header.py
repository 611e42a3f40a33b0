"""vault.json: strict parsing, MAC, atomic writes, generation and rollback check."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any, Callable

import pytest

from crypto.kdf import WeakKdfError
from storage import header as header_mod
from storage.header import (
    HeaderFormatError,
    HeaderRollbackError,
    HeaderTamperedError,
    UnsupportedVaultVersion,
    VaultExistsError,
    VaultHeader,
    VaultNotFoundError,
    check_generation,
    read_header,
    write_header,
)


def _edit(vault_dir: Path, change: Callable[[dict[str, Any]], None]) -> bytes:
    path = vault_dir / "vault.json"
    obj = json.loads(path.read_bytes())
    change(obj)
    data = json.dumps(obj).encode()
    path.write_bytes(data)
    return data


def test_round_trip_and_mac(pkcs11_vault: Any, vault_dir: Path) -> None:
    written = pkcs11_vault.header
    read = read_header(vault_dir)
    assert read == written and read.generation == 1 and len(read.slots) == 2
    read.verify(pkcs11_vault.vault.vmk)
    with pytest.raises(HeaderTamperedError):
        read.verify(bytearray(32))
    assert VaultHeader.parse(read.to_bytes()) == read


def test_written_privately_and_without_leftovers(pkcs11_vault: Any, vault_dir: Path) -> None:
    assert stat.S_IMODE((vault_dir / "vault.json").stat().st_mode) == 0o600
    assert sorted(p.name for p in vault_dir.iterdir()) == ["vault.json"]


def test_no_secret_or_label_leak_beyond_public_fields(pkcs11_vault: Any, vault_dir: Path) -> None:
    text = (vault_dir / "vault.json").read_text()
    assert pkcs11_vault.recovery_code not in text
    assert pkcs11_vault.recovery_code.replace("-", "") not in text


def test_failed_write_keeps_the_old_header(pkcs11_vault: Any, vault_dir: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    before = (vault_dir / "vault.json").read_bytes()

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(header_mod.os, "replace", boom)
    new = pkcs11_vault.header.with_slots(pkcs11_vault.header.slots)
    with pytest.raises(OSError):
        write_header(vault_dir, new, pkcs11_vault.vault.vmk)
    assert (vault_dir / "vault.json").read_bytes() == before
    assert sorted(p.name for p in vault_dir.iterdir()) == ["vault.json"]


def test_with_slots_bumps_generation(pkcs11_vault: Any, vault_dir: Path) -> None:
    h = pkcs11_vault.header
    nxt = write_header(vault_dir, h.with_slots(h.slots[:1]), pkcs11_vault.vault.vmk)
    assert nxt.generation == 2 and read_header(vault_dir) == nxt
    nxt.verify(pkcs11_vault.vault.vmk)


def test_create_refuses_existing(pkcs11_vault: Any, vault_dir: Path) -> None:
    with pytest.raises(VaultExistsError):
        write_header(vault_dir, pkcs11_vault.header, pkcs11_vault.vault.vmk, create=True)


def test_not_a_vault(tmp_path: Path) -> None:
    with pytest.raises(VaultNotFoundError, match="not a Scellé vault"):
        read_header(tmp_path)


def test_generation_check() -> None:
    check_generation(3, 3)
    check_generation(4, 3)  # header written, database not yet updated: accepted
    with pytest.raises(HeaderRollbackError, match="generation 2.*generation 3"):
        check_generation(2, 3)


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (b"", HeaderFormatError, "not valid JSON"),
        (b"\xff\xfe{}", HeaderFormatError, "not UTF-8"),
        (b"[1]", HeaderFormatError, "JSON object"),
        (b'{"format": "other"}', HeaderFormatError, "not a Scellé vault header"),
        (b'{"format": "scelle-vault", "version": 2}', UnsupportedVaultVersion, "version 2"),
        (b'{"format": "scelle-vault", "version": true}', UnsupportedVaultVersion, "version"),
        (b'{"format": "scelle-vault", "format": "scelle-vault"}', HeaderFormatError, "repeats"),
        (b'{"format": "scelle-vault", "version": 1, "x": NaN}', HeaderFormatError, "NaN"),
        (b" " * (1024 * 1024 + 1), HeaderFormatError, "too large"),
    ],
)
def test_malformed_documents(data: bytes, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        VaultHeader.parse(data)


def _set(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda obj: obj.__setitem__(key, value)


def _slot(index: int, key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda obj: obj["slots"][index].__setitem__(key, value)


def _del_slot_key(index: int, key: str) -> Callable[[dict[str, Any]], None]:
    return lambda obj: obj["slots"][index].pop(key)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_set("extra", 1), "exactly the fields"),
        (lambda o: o.pop("mac"), "exactly the fields"),
        (_set("vault_id", "ABC"), "vault id"),
        (_set("generation", 0), "generation"),
        (_set("generation", "2"), "generation"),
        (_set("generation", True), "generation"),
        (_set("generation", 2**60), "generation"),
        (_set("mac", "AAAA"), "wrong length"),
        (_set("mac", "@@@@"), "base64"),
        (_set("slots", []), "between 1 and"),
        (_set("slots", {}), "between 1 and"),
        (lambda o: o["slots"].append(o["slots"][0]), "same key slot twice"),
        (lambda o: o["slots"].append(dict(o["slots"][1], id="0" * 16)), "more than one recovery"),
        (_slot(0, "kind", "yubikey"), "unknown kind"),
        (_slot(0, "id", "XYZ"), "id"),
        (_slot(0, "label", "a\nb"), "label"),
        (_slot(0, "label", "x" * 65), "label"),
        (_slot(0, "created", "yesterday"), "creation time"),
        (_slot(0, "created", "2024-02-30T00:00:00Z"), "creation time"),
        (_slot(0, "factor", {"params": [], "description": ""}), "factor parameters"),
        (_slot(0, "factor", {"params": {}}), "factor description"),
        (_slot(0, "wrap", {"alg": "aes", "nonce": "", "ct": ""}), "unknown cipher"),
        (_del_slot_key(0, "wrap"), "exactly the fields"),
        (_del_slot_key(1, "kdf"), "exactly the fields"),
        (_slot(1, "factor", {}), "exactly the fields"),  # a recovery slot has no factor
    ],
)
def test_malformed_fields(pkcs11_vault: Any, vault_dir: Path,
                          change: Callable[[dict[str, Any]], None], message: str) -> None:
    data = _edit(vault_dir, change)
    with pytest.raises(HeaderFormatError, match=message):
        VaultHeader.parse(data)


def test_truncated_wrap_refused(pkcs11_vault: Any, vault_dir: Path) -> None:
    def shorten(obj: dict[str, Any]) -> None:
        obj["slots"][0]["wrap"]["ct"] = obj["slots"][0]["wrap"]["ct"][:-8]

    with pytest.raises(HeaderFormatError, match="Key slot 1"):
        VaultHeader.parse(_edit(vault_dir, shorten))


def test_lowered_kdf_is_weak(pkcs11_vault: Any, vault_dir: Path) -> None:
    def lower(obj: dict[str, Any]) -> None:
        obj["slots"][1]["kdf"]["memory_kib"] = 8192

    with pytest.raises(WeakKdfError):
        VaultHeader.parse(_edit(vault_dir, lower))


def test_header_file_is_pretty_and_stable(pkcs11_vault: Any, vault_dir: Path) -> None:
    data = (vault_dir / "vault.json").read_bytes()
    assert data.endswith(b"\n") and b'\n  "format": "scelle-vault"' in data
    assert read_header(vault_dir).to_bytes() == data
    assert os.path.getsize(vault_dir / "vault.json") < 8192
