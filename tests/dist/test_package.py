"""The Debian package and the SBOM of the release (docs/packaging.md).

The package is inspected with dpkg-deb, then installed, run and purged in a throwaway root with
the real dpkg (no maintainer scripts to run; its dependencies are checked against this machine,
which the package was built for, since the empty root has none).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.dist.conftest import ROOT, Release
from tests.test_locks import read_lock

# The first test of a run waits for the build (minutes; tests/dist/conftest.py): the suite-wide
# 600 s timeout, which counts fixture set-up, would be too tight on a loaded machine.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]


def dpkg_deb(*args: str | Path) -> str:
    return subprocess.run(["dpkg-deb", *map(str, args)], check=True, capture_output=True,
                          text=True).stdout


def test_package_control_and_layout(release: Release) -> None:
    fields = {name: dpkg_deb("--field", release.deb, name).strip()
              for name in ("Package", "Version", "Architecture", "Depends", "Maintainer")}
    assert fields["Package"] == "scelle" and fields["Architecture"] == "amd64"
    assert fields["Version"] == release.version
    depends = [relation.strip() for relation in fields["Depends"].split(",")]
    assert {"libc6", "libxcb1", "libgl1", "libegl1"} <= set(depends)
    missing = [package for package in depends if subprocess.run(
        ["dpkg-query", "-W", "-f", "${Status}", package], capture_output=True,
        text=True).stdout != "install ok installed"]
    assert not missing, f"Depends not satisfied on the build machine: {missing}"
    assert "conffiles" in dpkg_deb("--info", release.deb)
    listing = {line.split()[5].removeprefix("."): line for line in
               dpkg_deb("--contents", release.deb).splitlines()}
    for path in ("/opt/scelle/scelle", "/usr/share/applications/scelle.desktop",
                 "/usr/share/icons/hicolor/scalable/apps/scelle.svg",
                 "/usr/share/icons/hicolor/256x256/apps/scelle.png",
                 "/etc/scelle/policy.json.sample", "/etc/scelle/README.policy",
                 "/usr/share/doc/scelle/copyright"):
        assert path in listing, path
    assert "/usr/bin/scelle -> /opt/scelle/scelle" in listing["/usr/bin/scelle"]
    assert "/etc/scelle/policy.json" not in listing  # the sample is never active
    owners = {line.split()[1] for line in listing.values()}
    assert owners == {"root/root"}
    assert listing["/opt/scelle/scelle"].startswith("-rwxr-xr-x")
    libraries = [line for path, line in listing.items() if path.endswith(".so")]
    assert libraries and all(line.startswith("-rw-r--r--") for line in libraries)


def test_the_policy_sample_is_valid_once_copied(tmp_path: Path) -> None:
    from app.policy import load_policy

    copy = tmp_path / "policy.json"
    copy.write_bytes((ROOT / "packaging" / "policy.json.sample").read_bytes())
    policy = load_policy(copy)
    readme = (ROOT / "packaging" / "README.policy").read_text()
    for setting in json.loads(copy.read_text()):  # every setting of the sample is explained
        assert f"  {setting} " in readme, setting
    assert policy.export_allowed is False


def _dpkg(root: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["dpkg", f"--root={root}", "--force-not-root",
                           "--force-script-chrootless", "--log=/dev/null", *map(str, args)],
                          capture_output=True, text=True, cwd=root)


def test_package_installs_runs_and_purges_in_a_throwaway_root(release: Release,
                                                              tmp_path: Path) -> None:
    root = tmp_path / "root"
    for folder in ("info", "updates", "triggers"):
        (root / "var" / "lib" / "dpkg" / folder).mkdir(parents=True)
    (root / "var" / "lib" / "dpkg" / "status").touch()
    installed = _dpkg(root, "--force-depends", "-i", release.deb)
    assert installed.returncode == 0, installed.stderr
    assert "install ok installed" in _dpkg(root, "-s", "scelle").stdout
    done = subprocess.run([str(root / "opt" / "scelle" / "scelle"), "--version"],
                          capture_output=True, text=True, timeout=120)
    assert done.stdout == f"scelle {release.version}\n", done.stderr
    assert (root / "usr" / "bin" / "scelle").readlink() == Path("/opt/scelle/scelle")
    (root / "etc" / "scelle" / "policy.json.sample").write_text("{}\n")  # an admin's edit
    removed = _dpkg(root, "--remove", "scelle")
    assert removed.returncode == 0, removed.stderr
    assert not (root / "opt" / "scelle").exists() and not (root / "usr" / "bin" / "scelle").exists()
    assert (root / "etc" / "scelle" / "policy.json.sample").exists()  # conffile kept on remove
    purged = _dpkg(root, "--purge", "scelle")
    assert purged.returncode == 0, purged.stderr
    left = [path for path in root.rglob("*") if "var" not in path.relative_to(root).parts[:1]]
    assert [p for p in left if p.is_file() or p.is_symlink()] == []


def test_sbom_lists_the_locked_runtime_packages(release: Release) -> None:
    sbom = json.loads(release.sbom.read_text())
    assert sbom["bomFormat"] == "CycloneDX" and sbom["specVersion"] == "1.6"
    components = {c["name"].lower().replace("_", "-"): c for c in sbom["components"]}
    locked = read_lock("runtime.txt")
    assert set(components) == set(locked)
    for name, (version, _) in locked.items():
        component = components[name]
        assert component["version"] == version
        hashes = [h for ref in component.get("externalReferences", [])
                  for h in ref.get("hashes", [])]
        assert hashes, f"{name}: no hash in the SBOM"
    bundled = {name: {p["name"]: p["value"] for p in c["properties"]}["scelle:bundled"]
               for name, c in components.items()}
    for shipped in ("pyside6-essentials", "sqlcipher3", "pypdfium2", "python-pkcs11",
                    "cryptography", "httpx"):
        assert bundled[shipped] == "true", shipped
    for relay_only in ("fastapi", "uvicorn", "psycopg"):
        assert bundled[relay_only] == "false", relay_only


def test_the_frozen_application_verifies_its_own_signed_release(release: Release) -> None:
    """`make dist` signs last (scripts/release.py, docs/releases.md); the bundle it made checks
    the release folder against the publisher key, offline."""
    if not release.publisher_key:
        pytest.skip("a reused dist/release/: its publisher key is not known to the tests")
    done = subprocess.run([str(release.executable), "update", "verify", str(release.folder),
                           "--publisher-key", release.publisher_key], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert release.version in done.stdout
    other = subprocess.run([str(release.executable), "update", "verify", str(release.folder),
                            "--publisher-key", "ed25519:" + "A" * 43 + "="],
                           capture_output=True, text=True, timeout=120)
    assert other.returncode != 0 and "Traceback" not in other.stderr
