"""Key files: the relay's own signing key (in the data dir) and organisation keys (admin side).

The relay key signs deposit and delivery proofs and every response. It is created on first use,
mode 0600, and a key file readable by others is refused rather than used.

Organisation certification keys are NOT kept by the server: `scelle-relay org create` writes the
private key to a file the organisation's admin keeps (0600, optionally passphrase-encrypted), and
the server stores only the public half. Certifying a card needs that file (`--org-key`), so
someone who steals the relay's data cannot certify an impostor.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from relay.errors import RelayError


class KeyFileError(RelayError):
    code = "key_file"


def _write_private(path: Path, key: Ed25519PrivateKey, passphrase: bytes | None) -> None:
    encryption = (serialization.BestAvailableEncryption(passphrase) if passphrase
                  else serialization.NoEncryption())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            encryption)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
        handle.flush()
        os.fsync(handle.fileno())


def _read_private(path: Path, passphrase: bytes | None, what: str) -> Ed25519PrivateKey:
    try:
        mode = path.stat().st_mode
        data = path.read_bytes()
    except OSError as exc:
        raise KeyFileError(f"Cannot read the {what} file {path}: {exc.strerror}.") from None
    if stat.S_IMODE(mode) & 0o077:
        raise KeyFileError(f"The {what} file {path} is readable by other users; "
                           "restrict it with chmod 600.")
    try:
        key = serialization.load_pem_private_key(data, passphrase)
    except (ValueError, TypeError):
        raise KeyFileError(f"The {what} file {path} is not a valid key "
                           "(or the passphrase is wrong).") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"The {what} file {path} does not hold an Ed25519 key.")
    return key


def load_or_create_relay_key(path: Path) -> Ed25519PrivateKey:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            _write_private(path, Ed25519PrivateKey.generate(), None)
        except FileExistsError:
            pass  # another process made it first: read theirs
    return _read_private(path, None, "relay key")


def create_org_key(path: Path, passphrase: bytes | None = None) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    try:
        _write_private(path, key, passphrase)
    except FileExistsError:
        raise KeyFileError(f"{path} already exists; choose another file name.") from None
    except OSError as exc:
        raise KeyFileError(f"Cannot write the organisation key to {path}: {exc.strerror}.") \
            from None
    return key


def load_org_key(path: Path, passphrase: bytes | None = None) -> Ed25519PrivateKey:
    return _read_private(path, passphrase, "organisation key")
