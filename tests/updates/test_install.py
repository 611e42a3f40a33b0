"""app/updates/install.py and `scelle update install`: nothing from a release runs before it
verifies, the package used is a private copy checked after copying, and it is installed only
when asked."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from app.policy import Policy
from app.updates.install import install_command, run_install, stage_package
from app.updates.verify import UpdateError, verify_release
from tests.updates.conftest import VERSION, MakeRelease, Outcome, Publisher, release_files


def malicious_deb(folder: Path, canary: Path) -> bytes:
    """A real Debian package whose maintainer scripts would write `canary` if anything ran them."""
    root = folder / "pkg"
    (root / "DEBIAN").mkdir(parents=True)
    (root / "DEBIAN" / "control").write_text(
        "Package: scelle\nVersion: 99.1.0\nArchitecture: amd64\nMaintainer: t <t@example.org>\n"
        "Description: test\n")
    for script in ("preinst", "postinst"):
        path = root / "DEBIAN" / script
        path.write_text(f"#!/bin/sh\necho ran > {canary}\n")
        path.chmod(0o755)
    # dpkg-deb wants 0755 folders and a 0644 control file; the tests run under umask 077.
    for path in (root, root / "DEBIAN"):
        path.chmod(0o755)
    (root / "DEBIAN" / "control").chmod(0o644)
    out = folder / "malicious.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", "--build", str(root), str(out)],
                   check=True, capture_output=True)
    return out.read_bytes()


@pytest.fixture
def canary(tmp_path: Path) -> Path:
    return tmp_path / "CANARY-postinst-ran"


@pytest.fixture
def deb_release(make_release: MakeRelease, tmp_path: Path, canary: Path) -> Path:
    files = release_files()
    files[f"scelle_{VERSION}_amd64.deb"] = malicious_deb(tmp_path, canary)
    return make_release(files=files)


def verified(folder: Path, publisher: Publisher):  # noqa: ANN201
    return verify_release(folder, policy=Policy(), given_keys=[publisher.raw],
                          running_version="1.0.0")


def test_verify_and_install_run_nothing_from_the_release(
        deb_release: Path, publisher: Publisher, scelle: Callable[..., Outcome],
        canary: Path, tmp_path: Path) -> None:
    outcome = scelle("update", "verify", deb_release, "--publisher-key", publisher.public)
    assert outcome.code == 0, outcome.err
    staging = tmp_path / "staging"
    staging.mkdir()
    outcome = scelle("update", "install", deb_release, "--publisher-key", publisher.public,
                     "--staging", staging)
    assert outcome.code == 0, outcome.err
    assert not canary.exists()
    (private,) = staging.iterdir()
    copy = private / f"scelle_{VERSION}_amd64.deb"
    assert stat.S_IMODE(private.stat().st_mode) == 0o700
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert copy.read_bytes() == (deb_release / copy.name).read_bytes()
    lines = outcome.out.splitlines()
    assert lines[0].startswith(f"release {VERSION} verified: signed by publisher")
    assert lines[1].startswith(f"verified copy: {copy} (sha256 ")
    assert lines[2].startswith("install it with: ") and lines[2].endswith(f"dpkg -i {copy}")


def test_install_refuses_a_release_that_does_not_verify_and_copies_nothing(
        deb_release: Path, stranger: Publisher, scelle: Callable[..., Outcome],
        tmp_path: Path) -> None:
    staging = tmp_path / "staging"
    staging.mkdir()
    outcome = scelle("update", "install", deb_release, "--publisher-key", stranger.public,
                     "--staging", staging, "--run")
    assert outcome.code == 1
    assert "does not verify with any trusted publisher key" in outcome.err
    assert list(staging.iterdir()) == []


def test_the_copy_is_checked_against_the_manifest(make_release: MakeRelease,
                                                  publisher: Publisher, tmp_path: Path) -> None:
    folder = make_release()
    release = verified(folder, publisher)
    # The package is swapped after verify (removable media, a share): the copy is refused.
    deb = folder / f"scelle_{VERSION}_amd64.deb"
    deb.write_bytes(b"!<arch>\n swapped")
    staging = tmp_path / "staging"
    staging.mkdir()
    with pytest.raises(UpdateError, match="changed while it was copied"):
        stage_package(release, staging)
    assert list(staging.iterdir()) == []  # neither the copy nor its folder is left


def test_the_copy_is_hashed_again_before_it_is_installed(make_release: MakeRelease,
                                                         publisher: Publisher,
                                                         tmp_path: Path) -> None:
    staged = stage_package(verified(make_release(), publisher), tmp_path)
    installed = tmp_path / "installed.deb"
    copier = [sys.executable, "-c",
              f"import shutil, sys; shutil.copy(sys.argv[1], {str(installed)!r})"]
    run_install(staged, runner=copier)
    assert installed.read_bytes() == staged.path.read_bytes()
    installed.unlink()
    with open(staged.path, "ab") as handle:
        handle.write(b"appended")
    with pytest.raises(UpdateError, match="was altered after it was checked; nothing was"):
        run_install(staged, runner=copier)
    assert not installed.exists()


def test_a_failing_install_command_is_reported_and_the_copy_kept(
        make_release: MakeRelease, publisher: Publisher, tmp_path: Path) -> None:
    staged = stage_package(verified(make_release(), publisher), tmp_path)
    with pytest.raises(UpdateError, match=f"failed with status 3; the verified package is kept "
                                          f"at {staged.path}"):
        run_install(staged, runner=[sys.executable, "-c", "raise SystemExit(3)"])
    with pytest.raises(UpdateError, match="cannot be run"):
        run_install(staged, runner=[str(tmp_path / "no-such-tool")])
    assert staged.path.exists()


def test_a_release_without_exactly_one_package_cannot_be_installed(
        make_release: MakeRelease, publisher: Publisher, tmp_path: Path) -> None:
    files = release_files()
    del files[f"scelle_{VERSION}_amd64.deb"]
    release = verified(make_release(files=files), publisher)
    with pytest.raises(UpdateError, match="lists 0 Debian packages"):
        stage_package(release, tmp_path)


def test_the_install_command_is_dpkg_through_an_elevation_helper_unless_root(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "p.deb"
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert install_command(package) == ("dpkg", "-i", str(package))
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    command = install_command(package)
    assert command[0] in ("pkexec", "sudo") and command[1:] == ("dpkg", "-i", str(package))
