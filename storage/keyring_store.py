"""The OS keyring, used only through a real OS backend (DESIGN §3).

Scellé keeps one entry per TOTP slot: service `scelle-vault`, user name `<vault id>:<slot id>`
(no client name, no label), secret = JSON `{"v": 1, "share": b64, "totp": TotpState}`:

- `share` is the slot's 32-byte device share, which binds a TOTP slot to this computer;
- `totp` is the gate's replay and back-off state. It lives in the same entry on purpose: an
  attacker can only reset the failure counter by rewriting the entry, and anyone able to do that
  can read the device share too, which already defeats the gate (see docs/security.md). Deleting
  the entry does not reset anything: it destroys the share and locks the TOTP slot for good.

The keyring has no transactions, so a read → check → write of the gate state is done inside
`KeyringStore.locked`, an OS file lock per entry (storage/keyring_lock.py): concurrent unlocks,
in as many processes as one likes, count every code as if they had come one after the other.

Backends are checked against an allow-list of OS keyrings (Secret Service / libsecret, KWallet,
macOS Keychain, Windows Credential Locker). Anything else (keyrings.alt's plaintext or
"encrypted" files, `fail`, `null`, or a third-party backend) raises `InsecureKeyringError`; a
chainer is reduced to its allowed members, so a secret is never routed to a plaintext backend.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crypto.errors import ScelleError
from crypto.factors.totp import TotpState
from crypto.keyslots import DEVICE_SHARE_LEN, wipe
from storage.keyring_lock import entry_lock

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SERVICE = "scelle-vault"
RECORD_VERSION = 1

TRUSTED_BACKENDS = frozenset({
    "keyring.backends.SecretService.Keyring",
    "keyring.backends.libsecret.Keyring",
    "keyring.backends.kwallet.DBusKeyring",
    "keyring.backends.macOS.Keyring",
    "keyring.backends.Windows.WinVaultKeyring",
})
_CHAINER = "keyring.backends.chainer.ChainerBackend"


class InsecureKeyringError(ScelleError):
    """The configured keyring is not a real OS keyring (plaintext file, null, fail …)."""


class KeyringUnavailableError(ScelleError):
    """The OS keyring exists but could not be used (locked, service not running …)."""


class DeviceShareMissingError(ScelleError):
    """This computer's keyring has no entry for the slot."""


class KeyringRecordError(ScelleError):
    """The keyring entry exists but is not a Scellé record (damaged or replaced)."""


def backend_name(backend: KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def select_backend(backend: KeyringBackend | None = None) -> KeyringBackend:
    """The backend to use: `backend`, or keyring's configured one; refuses anything not allowed."""
    if backend is None:
        # Imported here: loading keyring scans the installed backends (about 0.1 s), which
        # every command would pay while only TOTP vaults ever use the keyring.
        import keyring

        backend = keyring.get_keyring()
    candidate = backend
    name = backend_name(candidate)
    if name in TRUSTED_BACKENDS:
        return candidate
    if name == _CHAINER:
        members = list(getattr(candidate, "backends", []))
        trusted = [b for b in members if backend_name(b) in TRUSTED_BACKENDS]
        if trusted:
            return trusted[0]  # highest priority first, as the chainer orders them
        found = ", ".join(backend_name(b) for b in members) or "none"
        raise InsecureKeyringError(
            "No OS keyring is available (found only: "
            f"{found}); Scellé refuses to keep vault keys anywhere else."
        )
    raise InsecureKeyringError(
        f"The keyring in use ({name}) is not an OS keyring; Scellé refuses to keep vault keys "
        "in it. Use the system keyring (Secret Service, KWallet, macOS Keychain or Windows "
        "Credential Manager)."
    )


@dataclass
class DeviceRecord:
    """The device share of a TOTP slot and its gate state. Call wipe() when done."""

    share: bytearray = field(repr=False)
    totp: TotpState = field(default_factory=TotpState)

    def wipe(self) -> None:
        wipe(self.share)

    def to_secret(self) -> str:
        return json.dumps({
            "v": RECORD_VERSION,
            "share": base64.b64encode(bytes(self.share)).decode("ascii"),
            "totp": self.totp.to_json(),
        }, sort_keys=True)

    @classmethod
    def from_secret(cls, text: str) -> DeviceRecord:
        try:
            obj: Any = json.loads(text)
            if not isinstance(obj, dict) or set(obj) != {"v", "share", "totp"}:
                raise ValueError("fields")
            if obj["v"] != RECORD_VERSION:
                raise ValueError("version")
            share = bytearray(base64.b64decode(obj["share"], validate=True))
            if len(share) != DEVICE_SHARE_LEN:
                raise ValueError("share length")
            return cls(share, TotpState.from_json(obj["totp"]))
        except (ValueError, TypeError, binascii.Error) as exc:
            raise KeyringRecordError(
                "The vault's entry in the OS keyring is damaged; open the vault with its "
                "recovery code."
            ) from exc


class KeyringStore:
    """Device records of TOTP slots, one keyring entry per (vault id, slot id)."""

    def __init__(
        self, backend: KeyringBackend | None = None, lock_dir: Path | None = None
    ) -> None:
        self._backend = select_backend(backend)
        self._lock_dir = lock_dir  # None: this user's default (storage/keyring_lock.py)

    @property
    def backend_name(self) -> str:
        return backend_name(self._backend)

    @staticmethod
    def username(vault_id: str, slot_id: str) -> str:
        return f"{vault_id}:{slot_id}"

    def save(self, vault_id: str, slot_id: str, record: DeviceRecord) -> None:
        self._call("store", self._backend.set_password, SERVICE,
                   self.username(vault_id, slot_id), record.to_secret())

    def load(self, vault_id: str, slot_id: str) -> DeviceRecord:
        text = self._call("read", self._backend.get_password, SERVICE,
                          self.username(vault_id, slot_id))
        if text is None:
            raise DeviceShareMissingError(
                "This computer's keyring holds no key for this vault's TOTP slot (a TOTP vault "
                "opens only on the computer where the slot was made); use the recovery code."
            )
        return DeviceRecord.from_secret(text)

    @contextmanager
    def locked(self, vault_id: str, slot_id: str) -> Iterator[None]:
        """Hold the entry's cross-process lock: a load → decide → save done inside it is atomic
        against every other Scellé process of this user that does the same."""
        with entry_lock(self.username(vault_id, slot_id), self._lock_dir):
            yield

    def exists(self, vault_id: str, slot_id: str) -> bool:
        username = self.username(vault_id, slot_id)
        return self._call("read", self._backend.get_password, SERVICE, username) is not None

    def delete(self, vault_id: str, slot_id: str) -> None:
        """Remove the entry; a missing entry is not an error."""
        if self.exists(vault_id, slot_id):
            self._call("delete", self._backend.delete_password, SERVICE,
                       self.username(vault_id, slot_id))

    @staticmethod
    def _call(action: str, func: Any, *args: str) -> Any:
        try:
            return func(*args)
        # The backends raise whatever their IPC layer raises (D-Bus, Security framework, Win32),
        # not only keyring.errors.KeyringError; all of it means "the keyring could not be used".
        except Exception as exc:  # noqa: BLE001
            raise KeyringUnavailableError(
                f"Could not {action} the vault key in the OS keyring ({type(exc).__name__}); "
                "check that the keyring is unlocked."
            ) from exc
