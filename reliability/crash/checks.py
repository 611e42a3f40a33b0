"""What must hold after every kill: the vault opens, `check` passes, the audit chain verifies, no
document is half present, and no plaintext is left anywhere.

The vault checks run as one `scelle batch` (one unlock): `check` (database pages, every
document's encrypted content present, authentic and matching its SHA-256, stray files, audit
chain), `audit --verify` and `ls --json`. That batch is also the "next command" after the kill,
the one that sweeps what a killed process may have left behind.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reliability.crash.world import CANARIES, World

_ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be")


@dataclass
class Verdict:
    """The outcome of the checks after one kill: an empty `failures` means consistent."""

    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def fail(self, text: str) -> None:
        self.failures.append(text)

    @property
    def ok(self) -> bool:
        return not self.failures


def _needles(text: str) -> Iterator[tuple[str, bytes]]:
    """The canary in several encodings; base64 at each of the three byte alignments (the
    characters that do not depend on the neighbouring bytes)."""
    for encoding in _ENCODINGS:
        yield encoding, text.encode(encoding)
    raw = text.encode("utf-8")
    for pad in range(3):
        encoded = base64.b64encode(b"\0" * pad + raw)
        yield f"base64/{pad}", encoded[4 if pad else 0:-4]


NEEDLES = [(canary, name, needle) for canary in CANARIES for name, needle in _needles(canary)]


def scan_plaintext(folders: Iterable[Path], allowed: Iterable[Path] = (),
                   since: float | None = None) -> list[str]:
    """Every file (and file name) under `folders` that holds a canary, except `allowed` files
    (a finished output, which is plaintext by design). With `since` (a time), only the contents
    of files changed since then are read: the persistent vaults of the relay operations grow at
    every iteration, and an unchanged file was searched by an earlier one."""
    exempt = {p.resolve() for p in allowed}
    hits: list[str] = []
    for folder in folders:
        if not folder.exists():
            continue
        for path in sorted(folder.rglob("*")):
            if any(c in path.name for c in CANARIES) and path.resolve() not in exempt:
                hits.append(f"canary in a file name: {path}")
            if not path.is_file() or path.is_symlink() or path.resolve() in exempt:
                continue
            if since is not None and path.stat().st_mtime < since:
                continue
            data = path.read_bytes()
            found = sorted({f"{c} ({n})" for c, n, needle in NEEDLES if needle in data})
            if found:
                hits.append(f"plaintext in {path}: {', '.join(found)}")
    return hits


def json_values(text: str) -> list[object]:
    """Every JSON value printed by a batch (each starts a line with `{` or `[`)."""
    decoder = json.JSONDecoder()
    values: list[object] = []
    position = 0
    while position < len(text):
        if text[position] in "{[" and (position == 0 or text[position - 1] == "\n"):
            try:
                value, position = decoder.raw_decode(text, position)
                values.append(value)
                continue
            except json.JSONDecodeError:
                pass
        position += 1
    return values


def check_vault(world: World, vault: Path, verdict: Verdict,
                passphrases: Iterable[Path] = (), *, before: str = "",
                check: str = "check") -> list[object] | None:
    """Open the vault and run `before` (batch lines), the check batch and `ls --json`; returns
    the JSON values printed (the document list last), or None on failure. With
    `passphrases`, each is tried in turn (a passphrase change may have landed or not)."""
    lines = f"{before}{check}\naudit --verify\nls --json\n".encode()
    result = None
    for phrase in list(passphrases) or [world.passphrase]:
        result = world.vault(vault, "batch", "-", stdin=lines, passphrase=phrase)
        if result.returncode == 0 or "passphrase" not in result.stderr.lower():
            break
    assert result is not None
    if "Traceback" in result.stderr:
        verdict.fail(f"Python traceback during the check batch: {result.stderr[-1200:]}")
    if result.returncode != 0:
        verdict.fail(f"check batch on {vault.name} failed ({result.returncode}): "
                     f"{(result.stderr.strip() or result.stdout.strip())[-300:]}")
        return None
    values = json_values(result.stdout)
    if not values or not isinstance(values[-1], list):
        verdict.fail("`ls --json` printed no document list")
        return None
    return values


def check_documents(documents: list[dict[str, object]], expected: dict[str, str],
                    verdict: Verdict, *, baseline: frozenset[int] = frozenset()) -> set[str]:
    """The vault still holds its `baseline` documents (ids), and every other document is one
    of `expected` (name -> SHA-256) with that hash, at most once; returns the names present."""
    ids = {int(str(doc.get("id"))) for doc in documents}
    if baseline - ids:
        verdict.fail(f"document(s) {sorted(baseline - ids)} of the vault disappeared")
    seen: dict[str, int] = {}
    for doc in documents:
        if int(str(doc.get("id"))) in baseline:
            continue
        name = str(doc.get("name"))
        if name not in expected:
            verdict.fail(f"unexpected document {name!r}")
        elif doc.get("sha256") != expected[name]:
            verdict.fail(f"document {name!r} has SHA-256 {doc.get('sha256')}, "
                         f"not its source's {expected[name]}")
        seen[name] = seen.get(name, 0) + 1
    for name, count in seen.items():
        if count > 1:
            verdict.fail(f"document {name!r} present {count} times")
    return set(seen)
