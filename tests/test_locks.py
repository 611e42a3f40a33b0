"""The lock files still match what they lock (docs/packaging.md §Supply chain).

pyproject.toml names the runtime dependencies, requirements/*.in pin the direct dependencies of
each environment, and requirements/*.txt (`make lock`, uv pip compile --generate-hashes) lock
every package with the hashes pip checks. Someone who edits one without the others gets a venv,
a bundle and an SBOM that disagree with the sources; these checks catch it, offline, by reading
the files only.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements"
LOCKS = {"runtime.in": "runtime.txt", "test.in": "test.txt", "build.in": "build.txt"}
_PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[(?P<extras>[^\]]+)\])?"
                  r"==(?P<version>[A-Za-z0-9.+!_-]+)$")
_HASH = re.compile(r"^--hash=sha256:[0-9a-f]{64}$")


@dataclass(frozen=True)
class Pin:
    name: str  # normalised (PEP 503)
    version: str
    extras: tuple[str, ...] = ()


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_pin(text: str, where: str) -> Pin:
    match = _PIN.match(text.strip())
    assert match, f"{where}: {text.strip()!r} is not pinned as name==version"
    extras = tuple(sorted(canonical(e) for e in (match["extras"] or "").split(",") if e))
    return Pin(canonical(match["name"]), match["version"], extras)


def read_in(name: str, folder: Path = REQUIREMENTS) -> dict[str, Pin]:
    """The pins of a .in file, following `-r` includes; any other option is refused."""
    pins: dict[str, Pin] = {}
    for number, raw in enumerate((folder / name).read_text().splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-r "):
            pins.update(read_in(line[3:].strip(), folder))
            continue
        pin = parse_pin(line, f"requirements/{name}:{number}")
        other = pins.get(pin.name)
        assert other in (None, pin), (f"requirements/{name}: {pin.name} is pinned twice "
                                      f"({other.version if other else ''} and {pin.version})")
        pins[pin.name] = pin
    return pins


def read_lock(name: str, folder: Path = REQUIREMENTS) -> dict[str, tuple[str, int]]:
    """The locked packages of a .txt file: name -> (version, number of hashes)."""
    locked: dict[str, tuple[str, int]] = {}
    current: str | None = None
    for number, raw in enumerate((folder / name).read_text().splitlines(), 1):
        line = raw.strip().removesuffix("\\").strip()
        if not line or line.startswith("#"):
            continue
        where = f"requirements/{name}:{number}"
        if line.startswith("--hash="):
            assert current is not None and _HASH.match(line), f"{where}: stray or bad {line!r}"
            version, count = locked[current]
            locked[current] = (version, count + 1)
            continue
        assert not line.startswith("-"), f"{where}: option {line!r} has no place in a lock"
        pin = parse_pin(line, where)
        assert pin.name not in locked, f"{where}: {pin.name} is locked twice"
        locked[pin.name] = (pin.version, 0)
        current = pin.name
    return locked


def pyproject() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]


@pytest.mark.parametrize("source,lock", sorted(LOCKS.items()))
def test_every_locked_package_is_pinned_with_hashes(source: str, lock: str) -> None:
    for name, (version, hashes) in read_lock(lock).items():
        assert hashes >= 1, f"requirements/{lock}: {name}=={version} has no --hash"


@pytest.mark.parametrize("source,lock", sorted(LOCKS.items()))
def test_every_pin_of_the_in_file_is_locked_at_that_version(source: str, lock: str) -> None:
    locked = read_lock(lock)
    for pin in read_in(source).values():
        assert pin.name in locked, (f"requirements/{source} pins {pin.name} but {lock} does not "
                                    "lock it: run `make lock`")
        assert locked[pin.name][0] == pin.version, (
            f"requirements/{source} pins {pin.name}=={pin.version} but {lock} locks "
            f"{locked[pin.name][0]}: run `make lock`")
        for extra in pin.extras:  # psycopg[binary] also locks psycopg-binary
            if extra == "binary":
                assert f"{pin.name}-binary" in locked, f"{lock} lacks {pin.name}-binary"


def test_pyproject_dependencies_are_exactly_runtime_in() -> None:
    """runtime.in = pyproject's dependencies + the build back end (bootstrap installs the project
    with --no-build-isolation, so setuptools comes from the lock too)."""
    declared = {pin.name: pin for pin in (parse_pin(text, "pyproject.toml [project.dependencies]")
                                          for text in pyproject()["dependencies"])}
    with open(ROOT / "pyproject.toml", "rb") as file:
        backend = {canonical(re.split(r"[<>=!~ \[]", text, maxsplit=1)[0])
                   for text in tomllib.load(file)["build-system"]["requires"]}
    pinned = read_in("runtime.in")
    assert backend <= set(pinned), f"runtime.in does not pin the build back end {backend}"
    assert declared == {name: pin for name, pin in pinned.items() if name not in backend}, (
        "pyproject.toml's dependencies and requirements/runtime.in differ: keep them equal, then "
        "`make lock`")


def test_pyproject_test_extras_are_pinned_in_test_in() -> None:
    pinned = read_in("test.in")
    for text in pyproject()["optional-dependencies"]["test"]:
        pin = parse_pin(text, "pyproject.toml [project.optional-dependencies] test")
        assert pinned.get(pin.name) == pin, f"pyproject's test extra {text} is not in test.in"


def test_environments_agree_on_shared_packages() -> None:
    """The test venv is the runtime venv plus tools, and the build tools go into that venv."""
    runtime, test, build = (read_lock(LOCKS[name]) for name in ("runtime.in", "test.in",
                                                                "build.in"))
    for name, (version, _) in runtime.items():
        assert test.get(name, (None,))[0] == version, (
            f"test.txt locks {name} at {test.get(name, ('nothing',))[0]}, runtime.txt at "
            f"{version}: run `make lock`")
    for name, (version, _) in build.items():
        if name in test:
            assert test[name][0] == version, (
                f"build.txt locks {name}=={version}, test.txt {test[name][0]}: run `make lock`")


def test_the_checks_catch_a_drifted_lock(tmp_path: Path) -> None:
    """The readers really refuse an unpinned line, an option, a bad hash; count missing ones."""
    (tmp_path / "a.in").write_text("cryptography>=50\n")
    with pytest.raises(AssertionError, match="not pinned"):
        read_in("a.in", tmp_path)
    (tmp_path / "a.txt").write_text("cryptography==50.0.2\n    # via -r a.in\n")
    assert read_lock("a.txt", tmp_path) == {"cryptography": ("50.0.2", 0)}  # no hash: refused
    (tmp_path / "b.txt").write_text("-e .\n")
    with pytest.raises(AssertionError, match="has no place"):
        read_lock("b.txt", tmp_path)
    (tmp_path / "c.txt").write_text("x==1 \\\n    --hash=sha256:abc\n")
    with pytest.raises(AssertionError, match="stray or bad"):
        read_lock("c.txt", tmp_path)
    (tmp_path / "d.in").write_text("-r e.in\nhttpx==0.28.1\n")
    (tmp_path / "e.in").write_text("HTTPX==0.27.0  # same package, other spelling\n")
    with pytest.raises(AssertionError, match="pinned twice"):
        read_in("d.in", tmp_path)
