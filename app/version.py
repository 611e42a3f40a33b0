"""Scellé's one version string: the same in `scelle --version`, the About dialog, the bundle and
the Debian package (docs/packaging.md §Version).

Where it comes from:

* a frozen application (PyInstaller) reads the `VERSION` file that `make dist` wrote beside the
  bundle's code (`sys._MEIPASS`), so the version is the one of the sources it was built from;
* from a git checkout, `git describe --tags --dirty`, normalised (below);
* otherwise (an installed wheel, no git), the version in pyproject.toml's package metadata.

Normalisation: a tag `v1.2.0` gives `1.2.0`; three commits after it, `1.2.0+3.g1a2b3c4`; with no
tag at all, pyproject's version and the commit, `0.1.0+g1a2b3c4`; uncommitted changes add
`.dirty`. One form that PEP 440 (local version), Debian (no hyphen, so no revision is implied)
and file names all accept, so nothing has to translate it.

`python -m app.version` prints it (the build scripts use that).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

VERSION_FILE = "VERSION"  # inside the frozen bundle
_SOURCE_ROOT = Path(__file__).resolve().parent.parent
_DESCRIBE = re.compile(r"^v?(?P<tag>.+?)(?:-(?P<ahead>\d+)-g(?P<commit>[0-9a-f]+))?"
                       r"(?P<dirty>-dirty)?$")
_HASH_ONLY = re.compile(r"^(?P<commit>[0-9a-f]{4,40})(?P<dirty>-dirty)?$")


def version() -> str:
    """The running application's version (see the module docstring)."""
    frozen = _frozen_version()
    if frozen:
        return frozen
    return git_version(_SOURCE_ROOT) or _package_version()


def git_version(root: Path) -> str | None:
    """The normalised `git describe` of the checkout at `root`; None without git or checkout."""
    if not (root / ".git").exists():
        return None
    try:
        described = subprocess.run(
            ["git", "-C", str(root), "describe", "--tags", "--dirty", "--always", "--abbrev=7"],
            capture_output=True, text=True, check=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return normalise(described, _pyproject_version(root) or _package_version())


def normalise(described: str, base_version: str) -> str:
    """`git describe --tags --dirty --always` output as one portable version string."""
    bare = _HASH_ONLY.match(described)
    if bare:  # no tag anywhere in the history: pyproject's version + the commit
        return base_version + "+g" + bare["commit"] + (".dirty" if bare["dirty"] else "")
    match = _DESCRIBE.match(described)
    if match is None:
        raise ValueError(f"unexpected git describe output: {described!r}")
    local = []
    if match["ahead"]:
        local += [match["ahead"], "g" + match["commit"]]
    if match["dirty"]:
        local.append("dirty")
    return match["tag"] + ("+" + ".".join(local) if local else "")


def _frozen_version() -> str | None:
    bundle = getattr(sys, "_MEIPASS", None) if getattr(sys, "frozen", False) else None
    if bundle is None:
        return None
    try:
        return (Path(bundle) / VERSION_FILE).read_text(encoding="ascii").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def _pyproject_version(root: Path) -> str | None:
    import tomllib

    try:
        with open(root / "pyproject.toml", "rb") as file:
            return str(tomllib.load(file)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return None


def _package_version() -> str:
    # Imported here: importlib.metadata costs ~25 ms at every start, and only an installed wheel
    # without git reaches this (a checkout has pyproject.toml, a bundle its VERSION file).
    from importlib import metadata

    try:
        return metadata.version("scelle")
    except metadata.PackageNotFoundError:
        return "0+unknown"


if __name__ == "__main__":
    print(version())
