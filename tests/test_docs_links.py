"""The documentation's relative links and images point to files that exist, and the guides come
in pairs: each French guide links to its English version and back, with the same sections.

Checked on README.md and every docs/*.md. Links inside code (fenced blocks, `inline code`) are
examples, not links, and are skipped; so are absolute URLs and in-page anchors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

#: French guide -> its English version (both in docs/).
GUIDE_PAIRS = {
    "guide-utilisateur.md": "user-guide.md",
    "guide-administrateur.md": "admin-guide.md",
}

# [text](target "title") and ![alt](target); the target stops at a space or ")".
_INLINE = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
# [label]: target
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$")
# <img src="target">
_HTML_IMG = re.compile(r"<img\s[^>]*src=\"([^\"]+)\"", re.IGNORECASE)
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+\1")
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.IGNORECASE)


@dataclass(frozen=True)
class Link:
    source: Path
    line: int
    target: str


def markdown_files() -> list[Path]:
    return [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]


def links_in(path: Path) -> list[Link]:
    """Every link and image target written in `path`, outside code."""
    found: list[Link] = []
    fence: str | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        marker = re.match(r"^\s{0,3}(`{3,}|~{3,})", line)
        if marker:
            if fence is None:
                fence = marker.group(1)[0] * 3
            elif marker.group(1).startswith(fence):
                fence = None
            continue
        if fence is not None:
            continue
        text = _INLINE_CODE.sub("", line)
        for pattern in (_INLINE, _REFERENCE, _HTML_IMG):
            found.extend(Link(path, number, m.group(1)) for m in pattern.finditer(text))
    return found


def broken(link: Link) -> str | None:
    """Why `link` is broken, or None if it points to an existing file in the repository."""
    if _EXTERNAL.match(link.target):
        return None
    relative = link.target.split("#", 1)[0].split("?", 1)[0]
    if not relative:
        return None
    target = (link.source.parent / relative).resolve()
    if not target.is_relative_to(ROOT):
        return f"{link.target} leaves the repository"
    if not target.exists():
        return f"{link.target} does not exist"
    return None


def headings(path: Path, level: str = "## ") -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.startswith(level)]


def test_every_relative_link_and_image_exists() -> None:
    problems = [f"{link.source.relative_to(ROOT)}:{link.line}: {why}"
                for path in markdown_files() for link in links_in(path)
                if (why := broken(link)) is not None]
    assert not problems, "broken links in the documentation:\n" + "\n".join(problems)


def test_the_guides_are_checked() -> None:
    # The link check must actually see the guides' screenshots, not skip them.
    images = [link.target for link in links_in(DOCS / "guide-utilisateur.md")
              if link.target.startswith("screenshots/")]
    assert len(images) >= 10


@pytest.mark.parametrize("french, english", sorted(GUIDE_PAIRS.items()))
def test_each_french_guide_links_to_its_english_version_and_back(french: str,
                                                                  english: str) -> None:
    fr_targets = {link.target for link in links_in(DOCS / french)}
    en_targets = {link.target for link in links_in(DOCS / english)}
    assert english in fr_targets, f"docs/{french} does not link to docs/{english}"
    assert french in en_targets, f"docs/{english} does not link to docs/{french}"


@pytest.mark.parametrize("french, english", sorted(GUIDE_PAIRS.items()))
def test_each_pair_of_guides_has_the_same_sections(french: str, english: str) -> None:
    fr_sections = headings(DOCS / french)
    en_sections = headings(DOCS / english)
    assert len(fr_sections) == len(en_sections), (
        f"docs/{french} has {len(fr_sections)} sections, docs/{english} {len(en_sections)}")
    fr_screens = sorted(t.target for t in links_in(DOCS / french) if "screenshots/" in t.target)
    en_screens = sorted(t.target for t in links_in(DOCS / english) if "screenshots/" in t.target)
    assert fr_screens == en_screens, "the two versions do not show the same screenshots"


def test_the_readme_links_to_every_guide() -> None:
    targets = {link.target for link in links_in(ROOT / "README.md")}
    for name in [*GUIDE_PAIRS, *GUIDE_PAIRS.values()]:
        assert f"docs/{name}" in targets, f"README.md does not link to docs/{name}"


def test_the_checker_reports_missing_files_and_escapes(tmp_path: Path) -> None:
    page = DOCS / "guide-utilisateur.md"
    cases = {
        "screenshots/does-not-exist.png": "does not exist",
        "../../outside.md": "leaves the repository",
        "nothing-here.md#section": "does not exist",
    }
    for target, reason in cases.items():
        assert reason in (broken(Link(page, 1, target)) or ""), target
    for target in ("https://example.org/x", "#section", "mailto:a@example.org",
                   "screenshots/01-assistant-bienvenue.png", "gui.md#6-managed-workstations"):
        assert broken(Link(page, 1, target)) is None, target


def test_links_in_code_are_not_links(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "See [the guide](user-guide.md) and ![a screen](shot.png \"title\").\n"
        "`[not a link](inline.md)` stays code.\n"
        "```md\n[in a fence](fenced.md)\n```\n"
        "[ref]: reference.md\n"
        "<img src=\"html.png\" alt=\"\">\n",
        encoding="utf-8")
    assert [link.target for link in links_in(page)] == [
        "user-guide.md", "shot.png", "reference.md", "html.png"]
