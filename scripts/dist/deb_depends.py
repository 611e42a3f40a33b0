"""The Debian packages a PyInstaller bundle needs from the system, for the .deb's control file.

    python scripts/dist/deb_depends.py BUNDLE   prints `Depends: …` and `Recommends: …`

PyInstaller copies into the bundle the libraries its files link to, except the ones every system
must provide itself (its exclusion list: the C library, OpenGL/EGL, libxcb, Wayland's client
libraries, libdrm: drivers and display servers that must match the machine). This script finds
those with `ldd` (the bundle's own folder first, as its loader does) and asks dpkg which package
holds each one, on the build machine: the names are those of the distribution it was built on,
like dpkg-shlibdeps would give.

Libraries needed only by optional Qt plugins (Wayland, EGLFS/KMS, VNC, Vulkan display) go to
Recommends: without them that plugin does not load and the application runs on X11 (xcb), which
is a hard dependency like the core.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

OPTIONAL = re.compile(r"wayland|eglfs|egldevice|kms|vkkhr|linuxfb|qvnc|WlShell", re.IGNORECASE)
_LDD_LINE = re.compile(r"^\s*(\S+) => (/\S+) \(0x[0-9a-f]+\)$")
_NOT_FOUND = re.compile(r"^\s*(\S+) => not found$")


def elf_files(bundle: Path) -> list[Path]:
    found = []
    for path in sorted(bundle.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with open(path, "rb") as file:
                if file.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def system_libraries(files: list[Path], bundle: Path) -> dict[Path, set[str]]:
    """For each file, the libraries it loads from outside the bundle (one `ldd` for all)."""
    root = str(bundle.resolve())
    env = {**os.environ, "LD_LIBRARY_PATH": str(bundle.resolve() / "_internal")}
    done = subprocess.run(["ldd", *map(str, files)], capture_output=True, text=True, env=env,
                          check=False)
    found: dict[Path, set[str]] = {path: set() for path in files}
    current: set[str] = set()
    names = {str(path): path for path in files}
    for line in done.stdout.splitlines():
        if line.endswith(":") and line[:-1] in names:  # ldd's header before each file
            current = found[names[line[:-1]]]
            continue
        match = _LDD_LINE.match(line)
        if match and not os.path.realpath(match[2]).startswith(root):
            current.add(os.path.realpath(match[2]))
        missing = _NOT_FOUND.match(line)
        if missing:  # absent here, so absent from the bundle: that plugin will not load
            print(f"deb_depends: warning: {missing[1]} is not installed on the build machine",
                  file=sys.stderr)
    return found


def owning_packages(libraries: set[str]) -> dict[str, str]:
    """The Debian package of each library (one dpkg-query; merged /usr: both spellings)."""
    spellings = {lib: {lib, lib[4:] if lib.startswith("/usr/") else "/usr" + lib}
                 for lib in libraries}
    every = sorted(set().union(*spellings.values())) if spellings else []
    done = subprocess.run(["dpkg-query", "-S", *every], capture_output=True, text=True,
                          check=False)
    owner = {}
    for line in done.stdout.splitlines():
        package, _, path = line.partition(": ")
        owner[path.strip()] = package.split(":")[0].strip()
    result = {}
    for lib, names in spellings.items():
        package = next((owner[name] for name in names if name in owner), None)
        if package is None:
            raise SystemExit(f"deb_depends: no Debian package holds {lib}")
        result[lib] = package
    return result


def dependencies(bundle: Path) -> tuple[list[str], list[str]]:
    needs = system_libraries(elf_files(bundle), bundle)
    packages = owning_packages(set().union(*needs.values()))
    required: set[str] = set()
    optional: set[str] = set()
    for path, libraries in needs.items():
        target = optional if OPTIONAL.search(path.name) else required
        target.update(packages[lib] for lib in libraries)
    return sorted(required), sorted(optional - required)


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    required, optional = dependencies(Path(sys.argv[1]))
    print("Depends: " + ", ".join(required))
    print("Recommends: " + ", ".join(optional))
    return 0


if __name__ == "__main__":
    sys.exit(main())
