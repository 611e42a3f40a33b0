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
import re
import secrets
import unicodedata
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

#: The shortest needle: a canary's random core of 12 letters (`make_canary`).
MIN_RUN = 12


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


#: A run that could hold a needle: base64, percent-encoded or plain letters and digits.
_RUN = re.compile(rb"[A-Za-z0-9+/_%=-]{" + str(MIN_RUN).encode() + rb",}")
#: The same run in one byte of two: UTF-16 letters seen through `data[parity::2]`.
_HALF_RUN = re.compile(rb"[A-Za-z0-9]{" + str(MIN_RUN).encode() + rb",}")


def candidate_regions(data: bytes, margin: int) -> list[bytes]:
    """The parts of `data` that may hold a needle of at most `margin` bytes made of the bytes
    of `_RUN` (or UTF-16 of letters and digits), at least MIN_RUN of them: each run found,
    widened by `margin` on both sides, overlapping ones merged. An occurrence starts either
    inside a run found before it or where a run is found, so its run overlaps it and the
    widened region holds it whole."""
    spans = [m.span() for m in _RUN.finditer(data)]
    for parity in (0, 1):
        spans += [(parity + 2 * start, parity + 2 * end)
                  for start, end in (m.span() for m in _HALF_RUN.finditer(data[parity::2]))]
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        start, end = max(start - margin, 0), min(end + margin, len(data))
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    if merged == [[0, len(data)]]:
        return [data]
    return [data[start:end] for start, end in merged]


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

        # Every needle kept is a random core of letters in some encoding: letters and digits
        # (plain, base64, percent…) or UTF-16. Then a leak can only lie in a run of such bytes,
        # and a long file is searched in those runs alone (`candidate_regions`): one pass of
        # the regular expression instead of one pass per needle (180 of them).
        self._longest = max((len(n) for n, _, _ in self._needles), default=0)
        self._prefilter = all(candidate_regions(n, self._longest) == [n]
                              for n, _, _ in self._needles)

    @property
    def needle_count(self) -> int:
        return len(self._needles)

    def scan_bytes(self, data: bytes, place: str, *, record: bool = True) -> list[Hit]:
        if record:
            self.places.append(place)
            self.bytes_searched += len(data)
        regions = candidate_regions(data, self._longest) if self._prefilter else [data]
        return [Hit(canary, label, place) for needle, label, canary in self._needles
                if any(needle in region for region in regions)]

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
