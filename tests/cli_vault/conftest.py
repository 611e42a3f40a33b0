"""Fixtures for the vault command-line tests: the real `scelle` console script, a real SoftHSM2
token (tests/support/softhsm.py) and, for TOTP vaults, the real gnome-keyring that
scripts/run-tests.sh starts.

Vaults are made with `scelle vault init` itself and the cheapest legal KDF (64 MiB, one pass).
Two PKCS#11 vaults (Alice's on the token's RSA decryption key, Bob's on its EC key) are made
once per session; each test works on fresh copies of them. TOTP vaults are made per test: their
replay state lives in the keyring under the vault id, which copies would share.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyotp
import pytest

from tests.support.softhsm import SOFTHSM_LIB, SoftHsm, softhsm  # noqa: F401  (fixture)

SCELLE = str(Path(sys.executable).with_name("scelle"))
PASSPHRASE = "une phrase de passe assez longue pour le coffre, é"
FAST_KDF = ("--kdf-memory", "64", "--kdf-passes", "1")
_HANG_GUARD_SECONDS = 120  # against a hung child, not a performance assertion


@dataclass
class Result:
    returncode: int
    stdout: bytes
    stderr: bytes

    @property
    def out(self) -> str:
        return self.stdout.decode("utf-8", "replace")

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8", "replace")

    def json(self) -> Any:
        assert self.returncode == 0, self.err
        return json.loads(self.out)


def run_scelle(*args: str | os.PathLike[str], stdin: bytes = b"",
               env: dict[str, str] | None = None, cwd: Path | None = None) -> Result:
    """The real console script, without a terminal (a prompt must fail, not hang)."""
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
    proc = subprocess.run([SCELLE, *map(str, args)], input=stdin, capture_output=True,
                          env=environment, cwd=cwd, timeout=_HANG_GUARD_SECONDS,
                          start_new_session=True)
    return Result(proc.returncode, proc.stdout, proc.stderr)


@dataclass(frozen=True)
class Secrets:
    folder: Path

    def file(self, name: str, text: str) -> Path:
        path = self.folder / name
        if not path.exists():
            path.write_text(text + "\n")
        return path

    @property
    def passphrase(self) -> Path:
        return self.file("passphrase.txt", PASSPHRASE)

    @property
    def pin(self) -> Path:
        return self.file("pin.txt", "246810")


@pytest.fixture(scope="session")
def secrets(tmp_path_factory: pytest.TempPathFactory) -> Secrets:
    return Secrets(tmp_path_factory.mktemp("secrets"))


@dataclass
class Vault:
    """A vault folder and the options that open it."""

    dir: Path
    unlock: list[str]
    recovery_code: str = ""
    info: dict[str, object] = field(default_factory=dict)
    env: dict[str, str] | None = None

    def run(self, *args: str | os.PathLike[str], stdin: bytes = b"",
            unlock: Sequence[str] | None = None) -> Result:
        options = self.unlock if unlock is None else list(unlock)
        return run_scelle("--vault", self.dir, *options, *args, stdin=stdin, env=self.env)

    def ok(self, *args: str | os.PathLike[str], stdin: bytes = b"") -> Result:
        result = self.run(*args, stdin=stdin)
        assert result.returncode == 0, result.err
        return result

    def files(self) -> dict[str, bytes]:
        """Every file of the vault and its bytes (the lock file's content is irrelevant)."""
        return {str(p.relative_to(self.dir)): p.read_bytes() for p in sorted(self.dir.rglob("*"))
                if p.is_file() and p.name != ".lock"}


def pkcs11_options(hsm: SoftHsm, secrets: Secrets) -> list[str]:
    return ["--passphrase-file", str(secrets.passphrase), "--pin-file", str(secrets.pin),
            "--pkcs11-module", SOFTHSM_LIB]


def init_pkcs11(folder: Path, hsm: SoftHsm, secrets: Secrets, key_id: bytes, name: str) -> Vault:
    result = run_scelle("vault", "init", folder, "--factor", "pkcs11", "--pkcs11-module",
                        SOFTHSM_LIB, "--token-serial", hsm.token_serial, "--key-id",
                        key_id.hex(), "--pin-file", secrets.pin, "--passphrase-file",
                        secrets.passphrase, "--name", name, "--role", "Avocat", "--org",
                        "Barreau de Lyon", *FAST_KDF, "--json")
    info = result.json()
    assert isinstance(info, dict)
    return Vault(folder, pkcs11_options(hsm, secrets), str(info["recovery_code"]), info)


@pytest.fixture(scope="session")
def templates(softhsm: SoftHsm, secrets: Secrets,  # noqa: F811
              tmp_path_factory: pytest.TempPathFactory) -> dict[str, Vault]:
    root = tmp_path_factory.mktemp("vault-templates")
    return {"alice": init_pkcs11(root / "alice", softhsm, secrets, softhsm.rsa_decrypt.key_id,
                                 "Maître Alice Martin"),
            "bob": init_pkcs11(root / "bob", softhsm, secrets, softhsm.ec_derive.key_id,
                               "Lt Bob Durand")}


def copy_vault(template: Vault, dest: Path) -> Vault:
    shutil.copytree(template.dir, dest)
    return Vault(dest, list(template.unlock), template.recovery_code, dict(template.info))


@pytest.fixture
def alice(templates: dict[str, Vault], tmp_path: Path) -> Vault:
    return copy_vault(templates["alice"], tmp_path / "alice")


@pytest.fixture
def bob(templates: dict[str, Vault], tmp_path: Path) -> Vault:
    return copy_vault(templates["bob"], tmp_path / "bob")


@dataclass
class TotpVault(Vault):
    totp: pyotp.TOTP | None = None

    def code(self, steps_ahead: int = 0) -> str:
        """The code of the current step (+ steps_ahead: the gate accepts the next step too)."""
        assert self.totp is not None
        import time

        return self.totp.at(time.time() + steps_ahead * self.totp.interval)


def init_totp(folder: Path, secrets: Secrets) -> TotpVault:
    result = run_scelle("vault", "init", folder, "--factor", "totp", "--passphrase-file",
                        secrets.passphrase, "--name", "Me Claire Dubois", *FAST_KDF, "--json")
    info = result.json()
    assert isinstance(info, dict)
    totp = pyotp.parse_uri(str(info["otpauth_uri"]))
    assert isinstance(totp, pyotp.TOTP)
    return TotpVault(folder, ["--passphrase-file", str(secrets.passphrase)],
                     str(info["recovery_code"]), info, totp=totp)


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    path.write_bytes(data)
    return path
