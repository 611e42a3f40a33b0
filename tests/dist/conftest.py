"""The frozen build for tests/dist/: built once per test session (minutes), or reused.

`make dist` leaves its release in dist/release/. It is reused when it was built from exactly
the sources under test: same version, and that version is a clean commit (no `.dirty`: a dirty
tree's version does not say which edits were in it). Otherwise the session builds the release
into a temporary folder with the same script (scripts/dist/build.sh, signed with a throwaway
key as `make dist` would), and unpacks the tarball to run the executable it holds.
"""

from __future__ import annotations

import os
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


def _build(folder: Path, work: Path, version: str) -> None:
    key = work / "throwaway-release-key"
    env = {**os.environ, "RELEASE_KEY": str(key), "SCELLE_VERSION": version}
    env.pop("QT_QPA_PLATFORM", None)
    steps = (["scripts/dist/build_tools.sh"],
             [".venv/bin/python", "scripts/release.py", "keygen", str(key)],
             ["scripts/dist/build.sh", str(folder), str(work)])
    for step in steps:
        done = subprocess.run(step, cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=_BUILD_GUARD_SECONDS)
        assert done.returncode == 0, f"{' '.join(step)} failed:\n{done.stdout}\n{done.stderr}"


@pytest.fixture(scope="session")
def release(tmp_path_factory: pytest.TempPathFactory) -> Release:
    version = git_version(ROOT)
    assert version, "tests/dist needs a git checkout (the version comes from git describe)"
    folder = ROOT / "dist" / "release"
    built_here = ".dirty" in version or not (
        folder / f"scelle-{version}-{PLATFORM}.tar.gz").is_file()
    if built_here:
        folder = tmp_path_factory.mktemp("release")
        _build(folder, tmp_path_factory.mktemp("build-work"), version)
    unpacked = tmp_path_factory.mktemp("unpacked")
    with tarfile.open(folder / f"scelle-{version}-{PLATFORM}.tar.gz") as archive:
        archive.extractall(unpacked, filter="tar")
    return Release(version, folder, unpacked / "scelle", built_here)
