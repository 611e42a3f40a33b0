"""The frozen build for tests/dist/: built once per test session (minutes), or reused.

`make dist` leaves its release in dist/release/. It is reused when it was built from exactly
the sources under test: same version, and that version is a clean commit (no `.dirty`: a dirty
tree's version does not say which edits were in it). Otherwise the session builds the release
into a temporary folder with the same script (scripts/dist/build.sh, signed with a throwaway
key as `make dist` would), and unpacks the tarball to run the executable it holds.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.version import git_version
from tests.support.softhsm import softhsm  # noqa: F401  (the shared SoftHSM2 token fixture)

ROOT = Path(__file__).resolve().parents[2]
PLATFORM = "linux-x86_64"
_BUILD_GUARD_SECONDS = 1800  # against a hung build, not a performance assertion


@dataclass(frozen=True)
class Release:
    version: str
    folder: Path  # the release folder (tarball, .deb, SBOM, maybe the signed manifest)
    bundle: Path  # the unpacked one-folder application
    built_here: bool
    publisher_key: str | None = None  # of the throwaway key that signed a release built here

    @property
    def executable(self) -> Path:
        return self.bundle / "scelle"

    @property
    def deb(self) -> Path:
        return self.folder / f"scelle_{self.version}_amd64.deb"

    @property
    def tarball(self) -> Path:
        return self.folder / f"scelle-{self.version}-{PLATFORM}.tar.gz"

    @property
    def sbom(self) -> Path:
        return self.folder / f"scelle-{self.version}.cdx.json"


def _build(folder: Path, work: Path, version: str) -> str:
    """What `make dist` does, into `folder`; returns the throwaway publisher key."""
    work.mkdir(parents=True, exist_ok=True)
    key = work / "throwaway-release-key"
    env = {**os.environ, "RELEASE_KEY": str(key), "SCELLE_VERSION": version}
    env.pop("QT_QPA_PLATFORM", None)
    python = ".venv/bin/python"
    steps = (["scripts/dist/build_tools.sh"],
             [python, "scripts/release.py", "keygen", str(key)],
             ["scripts/dist/build.sh", str(folder), str(work)],
             [python, "scripts/release.py", "sign", str(folder), "--key", str(key),
              "--version", version])
    public = ""
    for step in steps:
        done = subprocess.run(step, cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=_BUILD_GUARD_SECONDS)
        assert done.returncode == 0, f"{' '.join(step)} failed:\n{done.stdout}\n{done.stderr}"
        found = re.search(r"public key (\S+);", done.stdout)
        public = found[1] if found and "keygen" in step else public
    (work / "publisher-key").write_text(public)
    return public


@pytest.fixture(scope="session")
def release(tmp_path_factory: pytest.TempPathFactory) -> Release:
    version = git_version(ROOT)
    assert version, "tests/dist needs a git checkout (the version comes from git describe)"
    reusable = ROOT / "dist" / "release"
    if ".dirty" not in version and (reusable / f"scelle-{version}-{PLATFORM}.tar.gz").is_file():
        return _unpacked(reusable, version, tmp_path_factory.mktemp("unpacked"), False)
    # One build per test run, even when pytest-xdist puts this area's files on several workers:
    # the workers' temporary folders share a parent, and the first one builds under a lock.
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    with open(shared / "dist-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        built = shared / f"dist-{version}"
        if not (built / "done").is_file():
            shutil.rmtree(built, ignore_errors=True)
            _build(built / "release", built / "work", version)
            _unpacked(built / "release", version, built / "unpacked", True)
            (built / "done").touch()
    return Release(version, built / "release", built / "unpacked" / "scelle", True,
                   (built / "work" / "publisher-key").read_text())


def _unpacked(folder: Path, version: str, into: Path, built_here: bool) -> Release:
    into.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / f"scelle-{version}-{PLATFORM}.tar.gz") as archive:
        archive.extractall(into, filter="tar")
    return Release(version, folder, into / "scelle", built_here)
