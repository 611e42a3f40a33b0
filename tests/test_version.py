"""The one version string (app/version.py): git describe normalised, the frozen bundle's file,
and `scelle --version` from the sources. The frozen build's own check is tests/dist/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app import version as version_module
from app.version import git_version, normalise

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("described,expected", [
    ("v1.2.0", "1.2.0"),
    ("1.2.0", "1.2.0"),
    ("v1.2.0-dirty", "1.2.0+dirty"),
    ("v1.2.0-3-g1a2b3c4", "1.2.0+3.g1a2b3c4"),
    ("v1.2.0-3-g1a2b3c4-dirty", "1.2.0+3.g1a2b3c4.dirty"),
    ("1a2b3c4", "0.1.0+g1a2b3c4"),  # no tag anywhere: pyproject's version + the commit
    ("1a2b3c4-dirty", "0.1.0+g1a2b3c4.dirty"),
])
def test_describe_is_normalised(described: str, expected: str) -> None:
    assert normalise(described, "0.1.0") == expected


def test_no_checkout_means_no_git_version(tmp_path: Path) -> None:
    assert git_version(tmp_path) is None


def test_frozen_application_reads_its_version_file(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "VERSION").write_text("1.2.0+3.g1a2b3c4\n")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert version_module.version() == "1.2.0+3.g1a2b3c4"
    (tmp_path / "VERSION").unlink()  # a damaged bundle: the sources' answer, not a crash
    assert version_module.version()


def test_scelle_version_from_the_sources_is_the_git_version() -> None:
    scelle = Path(sys.executable).with_name("scelle")
    before = git_version(ROOT)
    done = subprocess.run([str(scelle), "--version"], capture_output=True, text=True,
                          check=True, timeout=120)
    after = git_version(ROOT)  # a commit may land meanwhile in a shared working tree
    assert before and done.stdout in (f"scelle {before}\n", f"scelle {after}\n")
