"""The intake page's files as shipped (relay/static/intake/): every script and style sheet is
loaded from the relay with a Subresource Integrity hash that matches the file, nothing is
inline (so the CSP needs no hash or 'unsafe-inline'), no file refers to another origin, and
the committed bundle vendor.js is byte for byte what `make js` builds from js/package-lock.json
(npm ci from the npm registry, then esbuild)."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "relay" / "static" / "intake"
JS = ROOT / "js"
PAGES = ("index.html", "reponse.html", "introuvable.html")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inline_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        if self.tags and self.tags[-1][0] == "script" and data.strip():
            self.inline_script = True


def _tags(page: str) -> _Tags:
    parser = _Tags()
    parser.feed((STATIC / page).read_text(encoding="utf-8"))
    return parser


def _sri(name: str) -> str:
    digest = hashlib.sha384((STATIC / name).read_bytes()).digest()
    return "sha384-" + base64.b64encode(digest).decode("ascii")


@pytest.mark.parametrize("page", PAGES)
def test_every_script_and_style_sheet_has_its_integrity_hash(page: str) -> None:
    parsed = _tags(page)
    loaded = 0
    for tag, attrs in parsed.tags:
        ref = attrs.get("src") if tag == "script" else \
            attrs.get("href") if tag == "link" and attrs.get("rel") == "stylesheet" else None
        if tag == "script" or ref is not None:
            assert ref is not None and ref.startswith("/depot/static/"), (tag, attrs)
            assert attrs.get("integrity") == _sri(ref.removeprefix("/depot/static/")), ref
            loaded += 1
        assert tag != "style" and "style" not in attrs, (tag, attrs)
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        for name in ("src", "href", "action"):
            value = attrs.get(name) or ""
            assert not re.match(r"^[a-z]+:", value) or value == "data:,", (tag, value)
    assert not parsed.inline_script
    assert loaded >= (1 if page == "introuvable.html" else 6)


def test_no_file_refers_to_another_origin() -> None:
    for path in STATIC.iterdir():
        if path.suffix in (".html", ".css") or path.name != "vendor.js" and path.suffix == ".js":
            text = path.read_text(encoding="utf-8")
            assert re.findall(r"https?://", text) == [], path.name
            assert "localStorage" not in text and "document.cookie" not in text, path.name


def test_the_bundle_is_what_make_js_builds(tmp_path: Path) -> None:
    """A fresh `npm ci` and build in a copy of js/ and of the page's folder: the same bytes."""
    npm = shutil.which("npm")
    assert npm is not None, "npm is missing: `make bootstrap` installs Node.js and npm"
    work = tmp_path / "js"
    work.mkdir()
    for name in ("package.json", "package-lock.json", "entry.mjs", "build.mjs"):
        shutil.copy2(JS / name, work / name)
    pages = tmp_path / "relay" / "static" / "intake"
    shutil.copytree(STATIC, pages)
    (pages / "vendor.js").unlink()
    for page in PAGES:  # the build writes the hashes again
        html = (pages / page).read_text(encoding="utf-8")
        (pages / page).write_text(re.sub(r'integrity="sha384-[^"]*"', 'integrity="sha384-"', html),
                                  encoding="utf-8")
    subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund",
                    "--loglevel=error"], cwd=work, check=True, capture_output=True)
    subprocess.run(["node", "build.mjs"], cwd=work, check=True, capture_output=True)
    for name in ("vendor.js", *PAGES):
        assert (pages / name).read_bytes() == (STATIC / name).read_bytes(), name
    bundle = (STATIC / "vendor.js").read_text(encoding="utf-8")
    assert str(ROOT) not in bundle and "/node_modules/" not in bundle
    assert "MIT License" in bundle  # the libraries' licences are kept
