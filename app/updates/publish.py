"""The publisher's side: a signing key, and signing a release folder or an application folder.

Used by `scripts/release.py` (`make dist`). The real key lives outside the repository (a file
given with `--key`, mode 0600); tests and CI make a throwaway one with `generate_key`.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.updates.verify import UpdateError
from crypto.durable import write_file
from crypto.release_manifest import (
    MANIFEST_NAME, SIGNATURE_NAME, FileEntry, ReleaseError, build, fingerprint,
    format_public_key, is_plain_name, is_version, read_secret_key, secret_key_text, sign,
)
from crypto.sealed.codec import utc_now

_MAX_KEY_FILE = 4096
_CHUNK = 1024 * 1024
SBOM_SUFFIX = ".cdx.json"
_PUBLIC_MODE = 0o644


@dataclass(frozen=True)
class PublisherKey:
    """A publisher's public key as shown to people."""

    public: str  # ed25519:<base64>
    fingerprint: str


def public_of(key: Ed25519PrivateKey) -> PublisherKey:
    raw = key.public_key().public_bytes_raw()
    return PublisherKey(format_public_key(raw), fingerprint(raw))


def generate_key(out: Path) -> PublisherKey:
    """Write a new signing key to `out` (mode 0600, never replacing a file)."""
    key = Ed25519PrivateKey.generate()
    try:
        write_file(out, secret_key_text(key))
    except FileExistsError:
        raise UpdateError(f"{out} exists: a key file is never overwritten.") from None
    return public_of(key)


def load_signing_key(path: Path) -> Ed25519PrivateKey:
    """The signing key in `path`; refused if others may read the file (POSIX)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise UpdateError(f"The publisher key file {path} cannot be read "
                          f"({exc.strerror}).") from None
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        data = handle.read(_MAX_KEY_FILE + 1)
    if not stat.S_ISREG(mode) or len(data) > _MAX_KEY_FILE:
        raise UpdateError(f"The publisher key file {path} is not a key file.")
    if not sys.platform.startswith("win") and mode & 0o077:
        raise UpdateError(f"The publisher key file {path} may be read by other users "
                          f"(mode {stat.S_IMODE(mode):04o}): chmod 600 it.")
    try:
        return read_secret_key(data)
    except ReleaseError as exc:
        raise UpdateError(f"{path}: {exc}") from None


def sign_folder(folder: Path, key: Ed25519PrivateKey, *, version: str, kind: str,
                created: datetime | None = None) -> tuple[int, str]:
    """Write `release-manifest.json` and `.sig` into `folder`; (files listed, SBOM name or "").

    `kind="release"`: every entry of the folder must be a plainly named regular file, and
    exactly one SBOM (`*.cdx.json`) is among them. `kind="bundle"`: the top-level regular files
    of an application folder are listed (its executable), its sub-folders are not.
    """
    if not is_version(version):
        raise UpdateError(f"{version!r} is not a version string for a manifest.")
    entries = _entries(folder, kind)
    sbom = None
    if kind == "release":
        sboms = [entry.name for entry in entries if entry.name.endswith(SBOM_SUFFIX)]
        if len(sboms) != 1:
            raise UpdateError(f"The release folder {folder} must hold exactly one SBOM "
                              f"(*{SBOM_SUFFIX}); it holds {len(sboms)}.")
        sbom = sboms[0]
    raw = key.public_key().public_bytes_raw()
    data = build(kind=kind, version=version, created=created or utc_now(), publisher_key=raw,
                 files=entries, sbom=sbom)
    for name, content in ((MANIFEST_NAME, data), (SIGNATURE_NAME, sign(data, key))):
        write_file(folder / name, content, replace=True, mode=_PUBLIC_MODE)
        # Public documents: in an installed application folder (/opt/scelle) every user's
        # start-up check reads them, whatever the umask of the build was.
        os.chmod(folder / name, _PUBLIC_MODE)
    return len(entries), sbom or ""


def _entries(folder: Path, kind: str) -> list[FileEntry]:
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        raise UpdateError(f"The folder {folder} cannot be listed ({exc.strerror}).") from None
    entries = []
    for name in names:
        path = folder / name
        if name in (MANIFEST_NAME, SIGNATURE_NAME):
            continue
        if kind == "bundle" and path.is_dir() and not path.is_symlink():
            continue
        if not is_plain_name(name) or path.is_symlink() or not path.is_file():
            raise UpdateError(f"{folder} holds {name!r}, which a manifest cannot list (only "
                              "plainly named regular files).")
        entries.append(_entry(path))
    if not entries:
        raise UpdateError(f"The folder {folder} holds no file to sign.")
    return entries


def _entry(path: Path) -> FileEntry:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return FileEntry(path.name, size, digest.hexdigest())
