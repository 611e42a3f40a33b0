"""Key files: the relay's own signing key (in the data dir) and organisation keys (admin side).

The relay key signs deposit and delivery proofs and every response. It is created on first use,
mode 0600, and a key file readable by others is refused rather than used.

Organisation certification keys are NOT kept by the server: `scelle-relay org create` writes the
private key to a file the organisation's admin keeps (0600, optionally passphrase-encrypted), and
the server stores only the public half. Certifying a card needs that file (`--org-key`), so
someone who steals the relay's data cannot certify an impostor.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crypto.durable import write_file
from crypto.relay_rotation import sign_rotation
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


# --- rotation of the relay key (docs/relay.md, "Rotating the relay key") -------------------------
# The history file keeps every rotation statement forever: the statements still in their overlap
# are published for clients to follow, and every old public key stays listed so that proofs it
# signed remain checkable. Only the current private key is kept.

def load_key_history(path: Path) -> list[dict[str, Any]]:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError):
        raise KeyFileError(f"The relay key history {path} is unreadable.") from None
    if not isinstance(value, dict) or not isinstance(value.get("rotations"), list):
        raise KeyFileError(f"The relay key history {path} is malformed.")
    return value["rotations"]


def rotate_relay_key(key_path: Path, history_path: Path, now: int, overlap_days: int
                     ) -> tuple[bytes, bytes]:
    """Replace the relay key by a new one, cross-signed with it; return (old, new) public keys.

    The statement is on disk (history) before the new key replaces the old one: a crash in
    between leaves the old key active and an unused statement, never a key nobody vouched for.
    """
    if not 1 <= overlap_days <= 3650:
        raise KeyFileError("--overlap-days must be between 1 and 3650.")
    old = _read_private(key_path, None, "relay key")
    new = Ed25519PrivateKey.generate()
    rotations = load_key_history(history_path)
    rotations.append(sign_rotation(old, new, rotated=now,
                                   overlap_until=now + overlap_days * 86400))
    write_file(history_path, json.dumps({"rotations": rotations}, indent=1).encode(),
               replace=True)
    pem = new.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    write_file(key_path, pem, replace=True)
    return (old.public_key().public_bytes_raw(), new.public_key().public_bytes_raw())


def published_history(history_path: Path, now: int) -> tuple[list[dict[str, Any]], list[str]]:
    """(statements still in their overlap, every earlier public key in base64)."""
    rotations = load_key_history(history_path)
    current = [r for r in rotations if r["statement"]["overlap_until"] > now]
    return current, [r["statement"]["old_key"] for r in rotations]
