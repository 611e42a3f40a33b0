"""Canaries and the search for them: every encoding a leak could take, over files and dumps.

A canary is a distinct random string planted in one place the user types or imports (a file's
content, a file name, a case name, a subject…). After a session, `Scanner.scan` looks for each
one, and for its random core alone (a leak of part of a name, a search-index token), in:

- UTF-8 (NFC and NFD), UTF-16-LE, UTF-16-BE, Latin-1 where representable;
- percent-encoding (`quote` and `quote_plus`) and base64 (standard and URL-safe) at the three
  alignments a string can take inside a longer encoded buffer;
- each of these for the string as typed, lower-cased and upper-cased.

File *names* are searched too (relative paths, UTF-8), since a leak can be a name on disk.
"""

from __future__ import annotations

import base64
import os
import secrets
import unicodedata
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Canary:
    where: str  # what it was planted as: "pdf content", "case name"…
    text: str  # the whole string as the user typed it
    core: str  # its random part, searched on its own as well


def make_canary(where: str, template: str) -> Canary:
    """`template` holds `{core}`, replaced by 12 random lower-case letters (no hex digits: a
    decimal or hex dump of unrelated bytes must not match by chance)."""
    core = "".join(secrets.choice("ghjkmnpqrtvwxyz") for _ in range(12))
    return Canary(where, template.format(core=core), core)


def _base64_needles(data: bytes) -> set[bytes]:
    """The part of base64(prefix + data) that depends only on `data`, for the 3 alignments."""
    needles = set()
    for skip in range(3):
        encoded = base64.b64encode(b"\0" * skip + data)
        start = 4 if skip else 0
        end = ((skip + len(data)) // 3) * 4
        chunk = encoded[start:end]
        if len(chunk) >= 8:
            needles.add(chunk)
            needles.add(chunk.translate(bytes.maketrans(b"+/", b"-_")))
    return needles


def _encodings(text: str) -> Iterator[tuple[str, bytes]]:
    for form in ("NFC", "NFD"):
        yield f"utf-8 {form}", unicodedata.normalize(form, text).encode("utf-8")
    yield "utf-16-le", text.encode("utf-16-le")
    yield "utf-16-be", text.encode("utf-16-be")
    try:
        yield "latin-1", text.encode("latin-1")
    except UnicodeEncodeError:
        pass  # not representable: nothing to look for in that encoding
    yield "percent", urllib.parse.quote(text, safe="").encode("ascii")
    yield "percent-plus", urllib.parse.quote_plus(text, safe="").encode("ascii")
    for needle in _base64_needles(text.encode("utf-8")):
        yield "base64", needle


def needles(canary: Canary) -> dict[bytes, str]:
    """Every byte string to look for, with the name of the encoding that produced it."""
    found: dict[bytes, str] = {}
    for label, text in (("whole", canary.text), ("core", canary.core)):
        for variant in {text, text.lower(), text.upper()}:
            for encoding, data in _encodings(variant):
                found.setdefault(data, f"{label} {encoding}")
    return found


@dataclass(frozen=True)
class Hit:
    canary: Canary
    encoding: str
    place: str  # a file path, "name of <path>", or a dump's label

    def __str__(self) -> str:
        return f"{self.canary.where} ({self.encoding}) in {self.place}"


@dataclass
class Scanner:
    canaries: list[Canary]
    places: list[str] = field(default_factory=list)  # what was searched, for the report
    bytes_searched: int = 0
    _needles: list[tuple[bytes, str, Canary]] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        for canary in self.canaries:
            # A needle holding a shorter one of the same canary is found whenever that one is:
            # searching the shorter alone finds the same leaks, in half the time.
            kept: list[bytes] = []
            for data, label in sorted(needles(canary).items(), key=lambda kv: len(kv[0])):
                if not any(k in data for k in kept):
                    kept.append(data)
                    self._needles.append((data, label, canary))

    @property
    def needle_count(self) -> int:
        return len(self._needles)

    def scan_bytes(self, data: bytes, place: str, *, record: bool = True) -> list[Hit]:
        if record:
            self.places.append(place)
            self.bytes_searched += len(data)
        return [Hit(canary, label, place) for needle, label, canary in self._needles
                if needle in data]

    def scan_tree(self, root: Path, *, exclude: Iterable[Path] = ()) -> list[Hit]:
        """Every regular file under `root` (contents and relative name), except `exclude`."""
        skipped = [p.resolve() for p in exclude]
        hits: list[Hit] = []
        for path in sorted(root.rglob("*")):
            resolved = path.resolve()
            if any(resolved == s or s in resolved.parents for s in skipped):
                continue
            name = str(path.relative_to(root)).encode("utf-8", "surrogateescape")
            hits += self.scan_bytes(name, f"name of {path}", record=False)
            if path.is_file() and not path.is_symlink():
                hits += self.scan_bytes(path.read_bytes(), str(path))
        return hits

    def scan_changed(self, root: Path, since: float, *, exclude: Iterable[Path] = (),
                     max_bytes: int = 16 * 1024 * 1024) -> list[Hit]:
        """Files under `root` changed after `since` (a shared folder: /tmp, the real home),
        without following links; unreadable and oversized files are skipped (none of ours is
        either)."""
        skipped = {str(p) for p in exclude}
        hits: list[Hit] = []
        for folder, dirs, files in os.walk(root, onerror=lambda _e: None):
            dirs[:] = [d for d in dirs if os.path.join(folder, d) not in skipped]
            for name in files:
                path = Path(folder, name)
                try:
                    info = path.lstat()
                    if path.is_symlink() or info.st_mtime < since or info.st_size > max_bytes:
                        continue
                    data = path.read_bytes()
                except OSError:
                    continue  # vanished (another process's file) or not ours to read
                hits += self.scan_bytes(str(path).encode("utf-8", "surrogateescape"),
                                        f"name of {path}", record=False)
                hits += self.scan_bytes(data, str(path))
        return hits
