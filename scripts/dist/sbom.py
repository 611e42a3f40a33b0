"""The CycloneDX SBOM of a release, from the locked runtime environment (docs/packaging.md §SBOM).

    python scripts/dist/sbom.py --version V --bundle DIST/scelle --toc PYZ-00.toc -o OUT.cdx.json

`cyclonedx-py requirements` reads requirements/runtime.txt (every runtime package, pinned, with
the hashes pip checked) and pyproject.toml (the root component); no network. This script then:

* sets the root component's version to the release version (git, app/version.py), not
  pyproject's, and gives it a purl;
* marks each package with the property `scelle:bundled` (`true`/`false`): runtime.txt also
  locks the relay server's packages (fastapi, uvicorn, psycopg…), which the desktop bundle
  leaves out. A package counts as bundled when one of its top-level modules is in the bundle's
  Python archive (PyInstaller's table of contents) or among its files;
* lists the system libraries the bundle embeds that are not Python packages (Python itself, Qt
  from the PySide6 wheel, SQLCipher inside sqlcipher3, PDFium inside pypdfium2) as properties of
  the root component, so an auditor finds them.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def generate(lock: Path, pyproject: Path) -> dict:
    """The raw SBOM from the lock file (cyclonedx-py, reproducible: SOURCE_DATE_EPOCH's time)."""
    cyclonedx = Path(sys.executable).with_name("cyclonedx-py")
    done = subprocess.run(
        [str(cyclonedx), "requirements", "--pyproject", str(pyproject), "--mc-type",
         "application", "--output-reproducible", "--sv", "1.6", "-o", "-", str(lock)],
        capture_output=True, text=True, check=False, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    if done.returncode != 0:
        raise SystemExit(f"sbom: cyclonedx-py failed: {done.stderr.strip()}")
    return json.loads(done.stdout)


def bundled_modules(toc: Path, bundle: Path) -> set[str]:
    """Top-level module names present in the bundle (Python archive and extension files)."""
    names: set[str] = set()
    # PYZ-00.toc is a Python literal: ('…PYZ-00.pyz', [(module, path, kind), …]).
    _, entries = ast.literal_eval(toc.read_text(encoding="utf-8"))
    names.update(str(entry[0]).split(".")[0] for entry in entries)
    internal = bundle / "_internal"
    for path in internal.iterdir():
        names.add(path.name.split(".")[0])
    return names


def mark_bundled(sbom: dict, present: set[str]) -> list[str]:
    """Adds `scelle:bundled` to every component; returns the names left out of the bundle."""
    by_dist: dict[str, set[str]] = {}
    for module, dists in metadata.packages_distributions().items():
        for dist in dists:
            by_dist.setdefault(_canonical(dist), set()).add(module)
    left_out = []
    for component in sbom.get("components", []):
        modules = by_dist.get(_canonical(component["name"]), set())
        bundled = bool(modules & present)
        component.setdefault("properties", []).append(
            {"name": "scelle:bundled", "value": "true" if bundled else "false"})
        if not bundled:
            left_out.append(component["name"])
    return left_out


def describe_root(sbom: dict, version: str) -> None:
    root = sbom["metadata"]["component"]
    root["version"] = version
    root["purl"] = f"pkg:generic/scelle@{version}"
    qt = metadata.version("PySide6-Essentials")
    embedded = {
        "scelle:embedded:python": platform.python_version(),
        "scelle:embedded:qt": f"{qt} (from the PySide6-Essentials wheel)",
        "scelle:embedded:sqlcipher": "statically linked in sqlcipher3 " + _sqlcipher_version(),
        "scelle:embedded:pdfium": "libpdfium from pypdfium2 " + metadata.version("pypdfium2"),
    }
    root.setdefault("properties", []).extend(
        {"name": name, "value": value} for name, value in embedded.items())


def _sqlcipher_version() -> str:
    import sqlcipher3

    connection = sqlcipher3.connect(":memory:")
    try:
        row = connection.execute("PRAGMA cipher_version").fetchone()
    finally:
        connection.close()
    return f"{metadata.version('sqlcipher3')} (SQLCipher {row[0] if row else '?'})"


def _canonical(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", required=True)
    parser.add_argument("--bundle", type=Path, required=True)
    parser.add_argument("--toc", type=Path, required=True)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    sbom = generate(ROOT / "requirements" / "runtime.txt", ROOT / "pyproject.toml")
    describe_root(sbom, args.version)
    left_out = mark_bundled(sbom, bundled_modules(args.toc, args.bundle))
    args.output.write_text(json.dumps(sbom, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    count = len(sbom.get("components", []))
    print(f"sbom: {count} locked runtime packages, {count - len(left_out)} in the bundle; not in "
          f"it (the relay server's, build-time ones): {', '.join(sorted(left_out)) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
