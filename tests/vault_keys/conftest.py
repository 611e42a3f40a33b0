"""Fixtures for the vault key tests: a cheap legal KDF, deterministic key factors, a fake clock,
the real OS keyring (gnome-keyring, started by scripts/run-tests.sh)."""

from __future__ import annotations

import hashlib
import hmac
import os
import shutil
import threading
from pathlib import Path
from typing import Any

import pyotp
import pytest

from crypto.factors.base import Enrollment, FactorError, KeyFactor
from crypto.factors.pkcs11_errors import KeyMismatchError
from crypto.kdf import MIN_MEMORY_KIB, Argon2Params
from storage.keyring_store import KeyringStore

# The cheapest parameters the floor allows: keeps the suite quick on shared CPUs.
FAST_KDF = Argon2Params(memory_kib=MIN_MEMORY_KIB, iterations=1, lanes=1)
PASSPHRASE = "correct horse battery staple, é"
T0 = 1_700_000_015.0  # 5 s into a 30 s TOTP step


class FakeFactor(KeyFactor):
    """A deterministic stand-in for a hardware token: share = HMAC(device key, context || nonce).

    `serial` identifies the device: a slot enrolled with another serial raises FactorError, as a
    real driver does when the enrolled token is absent.
    """

    def __init__(self, kind: str = "pkcs11", serial: str = "A1", device_key: bytes = b"k" * 32,
                 present: bool = True) -> None:
        self.kind = kind  # type: ignore[misc]
        self.serial = serial
        self.device_key = device_key
        self.present = present
        self.share_calls = 0

    def enroll(self, context: bytes) -> Enrollment:
        params = {"serial": self.serial, "nonce": os.urandom(16).hex()}
        return Enrollment(params, self.share(params, context), f"Test token {self.serial}")

    def share(self, params: dict[str, Any], context: bytes) -> bytes:
        self.share_calls += 1
        if not self.present:
            raise FactorError("The security key is not connected.")
        if params.get("serial") != self.serial:
            raise KeyMismatchError("This is not the security key enrolled in this slot.")
        msg = context + bytes.fromhex(params["nonce"])
        return hmac.new(self.device_key, msg, hashlib.sha256).digest()


class BlockingFactor(FakeFactor):
    """Blocks in share() until released, to hold the state machine in PROCESSING."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self.entered = threading.Event()
        self.release = threading.Event()

    def share(self, params: dict[str, Any], context: bytes) -> bytes:
        if self.release.is_set():
            return super().share(params, context)
        self.entered.set()
        self.release.wait()
        return super().share(params, context)


class FakeClock:
    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def code_at(uri: str, when: float, steps: int = 0) -> str:
    """The authenticator app's code for `uri` at `when` (+ `steps` periods)."""
    totp = pyotp.parse_uri(uri)
    return totp.at(when, counter_offset=steps)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes (to prove nothing changed)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture(scope="session")
def keyring_store() -> KeyringStore:
    return KeyringStore()


def wrong_code(uri: str, when: float) -> str:
    """A well-formed code that matches no step of the accepted window at `when`."""
    window = {code_at(uri, when, s) for s in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in window)


@pytest.fixture
def factor() -> FakeFactor:
    return FakeFactor("pkcs11")


@pytest.fixture(scope="session")
def _pkcs11_template(tmp_path_factory: pytest.TempPathFactory):  # -> CreatedVault
    from app.unlock import create_vault_keys

    folder = tmp_path_factory.mktemp("template") / "vault"
    return create_vault_keys(folder, PASSPHRASE, FakeFactor("pkcs11"), label="Clé bureau",
                             kdf=FAST_KDF)


@pytest.fixture
def pkcs11_vault(vault_dir: Path, _pkcs11_template):  # -> CreatedVault
    """A fresh copy of one pkcs11 vault (opened by FakeFactor("pkcs11")) and its keys.

    Copying saves two Argon2id runs per test; the handle's VMK is a private copy.
    """
    from app.unlock import CreatedVault, UnlockedVault

    shutil.copytree(_pkcs11_template.vault.vault_dir, vault_dir)
    t = _pkcs11_template
    handle = UnlockedVault(vault_dir, t.header, t.vault.slot_id, bytearray(t.vault.vmk))
    return CreatedVault(handle, t.recovery_code)


@pytest.fixture
def totp_vault(vault_dir: Path, keyring_store: KeyringStore):  # -> CreatedVault
    from app.unlock import TotpSetup, create_vault_keys

    return create_vault_keys(vault_dir, PASSPHRASE, TotpSetup(), label="Téléphone",
                             kdf=FAST_KDF, keyring=keyring_store)
