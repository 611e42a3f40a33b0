"""The intake page's files (`relay/static/intake/`, written by the page's own build).

The folder is listed once, the first time a page is asked for, and only the files found then
are served, from memory: regular files (no link is followed) whose every path segment is plain
(letters, digits, `.`, `_`, `-`, not starting with a dot) and whose extension has a known media
type. A name asked for that is not on that list is `not_found`, whatever is on disk later.
"""

from __future__ import annotations

import re
import stat
import threading
from dataclasses import dataclass
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "static" / "intake"
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json", ".svg": "image/svg+xml", ".woff2": "font/woff2",
    ".png": "image/png", ".txt": "text/plain; charset=utf-8",
}
PAGE, REPLY_PAGE, NOT_FOUND_PAGE = "index.html", "reponse.html", "introuvable.html"
MAX_FILE_BYTES = 8 * 1024 * 1024  # the page's bundles are far smaller
MAX_FILES = 500
MAX_DEPTH = 4
_SEGMENT = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}")


@dataclass(frozen=True)
class StaticFile:
    data: bytes
    media_type: str


def _collect(folder: Path, prefix: str, depth: int, found: dict[str, StaticFile]) -> None:
    if depth > MAX_DEPTH:
        return
    for entry in sorted(folder.iterdir()):
        if not _SEGMENT.fullmatch(entry.name) or len(found) >= MAX_FILES:
            continue
        mode = entry.lstat().st_mode
        name = prefix + entry.name
        if stat.S_ISDIR(mode):
            _collect(entry, name + "/", depth + 1, found)
        elif stat.S_ISREG(mode) and entry.suffix in MEDIA_TYPES and \
                entry.stat().st_size <= MAX_FILE_BYTES:
            found[name] = StaticFile(entry.read_bytes(), MEDIA_TYPES[entry.suffix])


def load(root: Path) -> dict[str, StaticFile]:
    """Every servable file under `root`, by its path relative to it (empty if no folder)."""
    found: dict[str, StaticFile] = {}
    if root.is_dir() and not root.is_symlink():
        _collect(root, "", 0, found)
    return found


_lock = threading.Lock()
_loaded: dict[Path, dict[str, StaticFile]] = {}


def files() -> dict[str, StaticFile]:
    """The allow-list, made on first use for the folder this process serves."""
    root = STATIC_DIR
    with _lock:
        if root not in _loaded:
            _loaded[root] = load(root)
        return _loaded[root]


def asset(path: str) -> StaticFile | None:
    return files().get(path)
