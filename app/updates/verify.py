"""`scelle update verify`: check a release folder offline before anything from it is used.

Order matters (docs/releases.md §What verify checks): the publisher keys are chosen first (the
policy's pinned keys, or the keys given when the policy pins none), then the manifest's exact
bytes are checked against its signature, and only a manifest that verified is parsed and its
files hashed. Nothing in the folder is executed, extracted or even opened as anything but bytes;
no network is used.

The folder must hold exactly the listed files plus the manifest and its signature: an unlisted
file is refused, because the folder is what an integrator carries and deploys, and a stray
`install.sh` beside a genuine package is exactly what must not ride along unnoticed.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.errors import ScelleError
from app.policy import Policy, PolicyRefusal
from app.updates.versions import is_older
from crypto.release_manifest import (
    MANIFEST_NAME, MAX_MANIFEST_BYTES, SIGNATURE_NAME, SIGNATURE_SIZE, FileEntry, Manifest,
    ReleaseError, fingerprint, is_plain_name, parse, parse_public_key, verify_signature,
)

_CHUNK = 1024 * 1024


class UpdateError(ScelleError):
    """A release does not verify or cannot be used; nothing from it was run or installed."""


@dataclass(frozen=True)
class VerifiedRelease:
    """A release whose signature, files and version were checked."""

    folder: Path
    manifest: Manifest
    publisher_key: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.publisher_key)

    def summary(self) -> str:
        return (f"release {self.manifest.version} verified: signed by publisher "
                f"{self.fingerprint}, {len(self.manifest.files)} files checked")


def release_folder(path: Path) -> Path:
    """The release folder named by `path`: the folder itself or its manifest file."""
    if path.name == MANIFEST_NAME and not path.is_dir():
        return path.parent
    return path


def read_publisher_keys(texts: Sequence[str], what: str) -> tuple[bytes, ...]:
    """Keys written `ed25519:<base64>` (typed by a person: `what` names where, e.g. an option)."""
    try:
        return tuple(parse_public_key(text.strip()) for text in texts)
    except ReleaseError as exc:
        raise UpdateError(f"{what}: {exc}") from None


def trusted_keys(policy: Policy, given: Sequence[bytes]) -> tuple[bytes, ...]:
    """The keys a release may be signed with: the policy's pins, else those given.

    When the policy pins keys, a key given on the command line that is not pinned is refused
    outright (rather than ignored), so that nobody believes an unpinned key was honoured.
    """
    pinned = policy.update_publisher_keys
    if pinned:
        foreign = [key for key in given if key not in pinned]
        if foreign:
            raise PolicyRefusal(f"The publisher key {fingerprint(foreign[0])} is not one this "
                                "computer accepts for updates (update_publisher_keys).", policy)
        return pinned
    if not given:
        raise UpdateError("No publisher key to check the release with: give --publisher-key "
                          "ed25519:… (the publisher's public key), or pin it in the workstation "
                          "policy's update_publisher_keys.")
    return tuple(given)


def verify_release(path: Path, *, policy: Policy, given_keys: Sequence[bytes],
                   running_version: str, allow_downgrade: bool = False) -> VerifiedRelease:
    """Check the release at `path` (folder or manifest); `UpdateError`/`PolicyRefusal` if not."""
    keys = trusted_keys(policy, given_keys)
    folder = release_folder(path)
    manifest_bytes = read_capped(folder / MANIFEST_NAME, MAX_MANIFEST_BYTES)
    signature = read_capped(folder / SIGNATURE_NAME, SIGNATURE_SIZE)
    release = check_signed_manifest(folder, manifest_bytes, signature, keys)
    if release.manifest.kind != "release":
        raise UpdateError(f"{folder} holds an application folder's manifest, not a release's.")
    check_listing(folder, release.manifest)
    for entry in release.manifest.files:
        check_file(folder, entry)
    check_version(release.manifest.version, running_version, policy, allow_downgrade)
    return release


def check_signed_manifest(folder: Path, manifest_bytes: bytes, signature: bytes,
                          keys: Sequence[bytes]) -> VerifiedRelease:
    """Verify the signature over the exact bytes, then parse, then match the named publisher."""
    try:
        key = verify_signature(manifest_bytes, signature, keys)
        manifest = parse(manifest_bytes)
    except ReleaseError as exc:
        raise UpdateError(f"{folder}: {exc}") from None
    if manifest.publisher != fingerprint(key):
        raise UpdateError(f"{folder}: the manifest names a publisher other than the key that "
                          "signed it.")
    return VerifiedRelease(folder, manifest, key)


def check_listing(folder: Path, manifest: Manifest) -> None:
    """Refuse a folder holding anything besides the listed files, the manifest and signature."""
    expected = {entry.name for entry in manifest.files} | {MANIFEST_NAME, SIGNATURE_NAME}
    try:
        present = os.listdir(folder)
    except OSError as exc:
        raise UpdateError(f"The release folder {folder} cannot be listed "
                          f"({exc.strerror}).") from None
    extra = sorted(set(present) - expected)
    if extra:
        shown = extra[0] if is_plain_name(extra[0]) else "(a name with unusual characters)"
        raise UpdateError(f"The release folder {folder} holds {len(extra)} file(s) the manifest "
                          f"does not list, e.g. {shown}: remove them or use the folder as "
                          "published.")


def check_file(folder: Path, entry: FileEntry) -> None:
    """The listed file's size and SHA-256, read as bytes through a descriptor (no symlink)."""
    digest, size = hash_file(folder / entry.name)
    if size != entry.size:
        raise UpdateError(f"{entry.name} has {size} bytes, the manifest says {entry.size}: "
                          "the file is truncated or altered.")
    if digest != entry.sha256:
        raise UpdateError(f"{entry.name} does not have the SHA-256 the manifest gives: the file "
                          "is altered.")


def check_version(candidate: str, running: str, policy: Policy, allow_downgrade: bool) -> None:
    if not is_older(candidate, running):
        return
    if not allow_downgrade:
        raise UpdateError(f"Release {candidate} is older than the running version {running}: "
                          "a downgrade is refused (--allow-downgrade to accept it).")
    if not policy.update_allow_downgrade:
        raise PolicyRefusal(f"Release {candidate} is older than the running version {running}, "
                            "and this computer forbids downgrades (update_allow_downgrade is "
                            "false).", policy)


def open_regular(path: Path) -> int:
    """A read descriptor on `path`, refusing symlinks and anything but a regular file."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
                     | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise UpdateError(f"{path.name} is missing from the release folder {path.parent}.") \
            from None
    except OSError as exc:
        raise UpdateError(f"{path.name} in {path.parent} cannot be read ({exc.strerror}; a "
                          "symbolic link is refused).") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise UpdateError(f"{path.name} in {path.parent} is not a regular file.")
    return fd


def read_capped(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of `path`; a longer file is refused before it is used."""
    fd = open_regular(path)
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise UpdateError(f"{path.name} in {path.parent} is larger than {limit} bytes.")
    return data


def hash_file(path: Path) -> tuple[str, int]:
    """SHA-256 (hex) and length of the bytes read from `path`."""
    fd = open_regular(path)
    digest, size = hashlib.sha256(), 0
    with os.fdopen(fd, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size
