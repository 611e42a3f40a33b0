"""The OS keyring: the real Secret Service is used; plaintext, null and fail backends refused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import keyring
import keyring.backend
import keyring.core
import pytest
from keyring.backends import SecretService, fail, null

from app.unlock import TotpSetup, create_vault_keys
from crypto.factors.totp import TotpState
from storage.keyring_store import (
    SERVICE,
    DeviceRecord,
    DeviceShareMissingError,
    InsecureKeyringError,
    KeyringRecordError,
    KeyringStore,
)

from tests.vault_keys.conftest import FAST_KDF, PASSPHRASE
from tests.vault_keys.plaintext_backend import PlaintextKeyring

VAULT = "aa" * 16
ROOT = Path(__file__).resolve().parents[2]


def test_default_backend_is_the_secret_service(keyring_store: KeyringStore) -> None:
    assert keyring_store.backend_name == "keyring.backends.SecretService.Keyring"


def test_record_round_trip_and_entry_naming(keyring_store: KeyringStore) -> None:
    record = DeviceRecord(bytearray(os.urandom(32)), TotpState(5, 1, 12.5))
    keyring_store.save(VAULT, "0011223344556677", record)
    loaded = keyring_store.load(VAULT, "0011223344556677")
    assert loaded.share == record.share and loaded.totp == record.totp
    # The entry is named by ids only, and read back through the OS keyring itself.
    raw = SecretService.Keyring().get_password(SERVICE, f"{VAULT}:0011223344556677")
    assert raw is not None and '"share"' in raw
    keyring_store.delete(VAULT, "0011223344556677")
    assert not keyring_store.exists(VAULT, "0011223344556677")
    keyring_store.delete(VAULT, "0011223344556677")  # deleting twice is fine


def test_missing_entry(keyring_store: KeyringStore) -> None:
    with pytest.raises(DeviceShareMissingError, match="recovery code"):
        keyring_store.load(VAULT, "ffffffffffffffff")


@pytest.mark.parametrize(
    "secret",
    ["not json", "[]", '{"v": 1}', '{"v": 2, "share": "", "totp": {}}',
     '{"v": 1, "share": "AAAA", "totp": {"last_step": -1, "failures": 0, "not_before": 0}}',
     '{"v": 1, "share": "%%%", "totp": {"last_step": -1, "failures": 0, "not_before": 0}}'],
)
def test_damaged_entry(keyring_store: KeyringStore, secret: str) -> None:
    SecretService.Keyring().set_password(SERVICE, f"{VAULT}:1111111111111111", secret)
    with pytest.raises(KeyringRecordError):
        keyring_store.load(VAULT, "1111111111111111")


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring(), PlaintextKeyring()],
                         ids=["fail", "null", "plaintext"])
def test_insecure_backends_refused(backend: keyring.backend.KeyringBackend) -> None:
    with pytest.raises(InsecureKeyringError, match="not an OS keyring"):
        KeyringStore(backend)


def test_configured_plaintext_backend_refused(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    plain_file = tmp_path / "plain.json"
    monkeypatch.setenv("SCELLE_TEST_PLAINTEXT_FILE", str(plain_file))
    monkeypatch.setattr(keyring.core, "_keyring_backend", PlaintextKeyring())
    with pytest.raises(InsecureKeyringError):
        KeyringStore()
    # Creating a TOTP vault fails before anything is written, in the folder or the keyring.
    with pytest.raises(InsecureKeyringError):
        create_vault_keys(tmp_path / "v", PASSPHRASE, TotpSetup(), kdf=FAST_KDF)
    assert not plain_file.exists()
    assert not (tmp_path / "v" / "vault.json").exists()


def test_plaintext_backend_chosen_by_environment_is_refused(tmp_path: Path) -> None:
    env = os.environ | {
        "PYTHON_KEYRING_BACKEND": "tests.vault_keys.plaintext_backend.PlaintextKeyring",
        "SCELLE_TEST_PLAINTEXT_FILE": str(tmp_path / "plain.json"),
        "PYTHONPATH": str(ROOT),
    }
    script = (
        "from storage.keyring_store import KeyringStore, InsecureKeyringError\n"
        "try:\n    KeyringStore()\nexcept InsecureKeyringError as e:\n    print('refused:', e)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT,
                         capture_output=True, text=True, check=True)
    assert out.stdout.startswith("refused:") and "PlaintextKeyring" in out.stdout


def test_chainer_uses_only_os_backends(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from keyring.backends.chainer import ChainerBackend

    plain_file = tmp_path / "plain.json"
    monkeypatch.setenv("SCELLE_TEST_PLAINTEXT_FILE", str(plain_file))
    plain = PlaintextKeyring()
    plain.priority = 100  # even ranked first, it must not receive the secret
    monkeypatch.setattr(keyring.backend, "get_all_keyring",
                        lambda: [plain, SecretService.Keyring()])
    store = KeyringStore(ChainerBackend())
    assert store.backend_name == "keyring.backends.SecretService.Keyring"
    store.save(VAULT, "2222222222222222", DeviceRecord(bytearray(32)))
    assert not plain_file.exists()
    store.delete(VAULT, "2222222222222222")


def test_chainer_without_os_backend_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from keyring.backends.chainer import ChainerBackend

    monkeypatch.setattr(keyring.backend, "get_all_keyring", lambda: [PlaintextKeyring()])
    with pytest.raises(InsecureKeyringError, match="No OS keyring is available"):
        KeyringStore(ChainerBackend())


def test_subclass_of_an_os_backend_is_not_trusted() -> None:
    class Sneaky(SecretService.Keyring):
        pass

    with pytest.raises(InsecureKeyringError):
        KeyringStore(Sneaky())
