"""`scelle update install`: verify, copy the package into a private file, check the copy, and
install it only when asked (docs/releases.md §Installing).

The verified folder may sit on removable media or a share that someone else can still write:
between `verify` and `dpkg -i` its package could be swapped. So the package is copied into a
fresh private folder (mode 0700) while the exact bytes written are hashed; the copy is used
only if that hash is the manifest's, and hashed again just before the install command runs.
Without `run=True` nothing is run at all: the caller prints the copy's path and the command,
which is what an integrator whose own deployment tool installs packages wants.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.updates.verify import UpdateError, VerifiedRelease, hash_file, open_regular
from crypto.durable import remove_quietly
from crypto.release_manifest import FileEntry

_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class StagedPackage:
    """A private copy of a verified package, and the command that installs it."""

    path: Path
    sha256: str
    command: tuple[str, ...]


def package_entry(release: VerifiedRelease) -> FileEntry:
    """The release's Debian package (exactly one `.deb` must be listed)."""
    debs = [entry for entry in release.manifest.files if entry.name.endswith(".deb")]
    if len(debs) != 1:
        raise UpdateError(f"The release lists {len(debs)} Debian packages; installing needs "
                          "exactly one (install by hand, or with your deployment tool).")
    return debs[0]


def stage_package(release: VerifiedRelease, staging_root: Path | None = None) -> StagedPackage:
    """Copy the release's package into a new private folder, hashing what is written."""
    if not sys.platform.startswith("linux"):
        raise UpdateError("scelle update install installs Debian packages, on Linux only; "
                          "elsewhere install the verified files with your deployment tool.")
    entry = package_entry(release)
    folder = Path(tempfile.mkdtemp(prefix="scelle-update-", dir=staging_root))  # mode 0700
    target = folder / entry.name
    try:
        digest = _copy_hashing(release.folder / entry.name, target)
        if digest != entry.sha256:
            raise UpdateError(f"{entry.name} changed while it was copied (its SHA-256 is no "
                              "longer the manifest's); nothing was installed.")
    except BaseException:
        remove_quietly(target)
        os.rmdir(folder)
        raise
    return StagedPackage(target, digest, install_command(target))


def _copy_hashing(source: Path, target: Path) -> str:
    digest = hashlib.sha256()
    fd = open_regular(source)
    out = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                  0o600)
    with os.fdopen(fd, "rb") as reader, os.fdopen(out, "wb") as writer:
        while chunk := reader.read(_CHUNK):
            # The hash is of the bytes written, not of a second read of the source.
            writer.write(chunk)
            digest.update(chunk)
        writer.flush()
        os.fsync(writer.fileno())
    return digest.hexdigest()


def install_command(package: Path) -> tuple[str, ...]:
    """`dpkg -i PACKAGE`, through pkexec or sudo unless already root."""
    base = ("dpkg", "-i", str(package))
    if os.geteuid() == 0:
        return base
    for helper in ("pkexec", "sudo"):
        if shutil.which(helper):
            return (helper, *base)
    return ("sudo", *base)


def run_install(staged: StagedPackage,
                runner: Sequence[str] | None = None) -> None:
    """Check the private copy once more, then run the install command (`UpdateError` if it fails).

    `runner` replaces the command (tests); it receives the package path as its last argument.
    """
    digest, _size = hash_file(staged.path)
    if digest != staged.sha256:
        raise UpdateError(f"The private copy {staged.path} was altered after it was checked; "
                          "nothing was installed.")
    command = (*runner, str(staged.path)) if runner is not None else staged.command
    try:
        status = subprocess.run(list(command), check=False).returncode
    except OSError as exc:
        raise UpdateError(f"The install command {command[0]} cannot be run "
                          f"({exc.strerror}).") from None
    if status != 0:
        raise UpdateError(f"The install command ({' '.join(command[:-1])} …) failed with status "
                          f"{status}; the verified package is kept at {staged.path}.")
